import OmniRouteHeuristics
import OmniRouteModel
import OmniRouteStore

// The JSON documents the API answers with (see docs/openapi.yaml). Field names
// follow the scenario and plan documents of FORMAT.md.

extension Delivery {
    var document: Document {
        switch self {
        case .ship(let p): .object([("mode", .string("ship")), ("location", p.document)])
        case .pickup(let s): .object([("mode", .string("pickup")), ("pickup_node", .string(s))])
        }
    }
}

extension GeoPoint {
    var document: Document { .object([("lat", .double(lat)), ("lon", .double(lon))]) }
}

private func day(_ d: CalendarDay?) -> Document { d.map { .string($0.description) } ?? .null }

extension StoredOrder {
    var document: Document {
        let planned = plan.document
        guard case .object(let planPairs) = planned else { return planned }
        let legs: [Document] = self.legs.map { stored in
            guard case .object(let pairs) = stored.leg.document else { return stored.leg.document }
            var head: [(key: String, value: Document)] = [
                ("id", .int(Int(stored.id))), ("status", .string(stored.status.rawValue)),
            ]
            if let tracking = stored.trackingId { head.append(("tracking_id", .string(tracking))) }
            return .object(head + pairs)
        }
        var pairs: [(key: String, value: Document)] = [
            ("id", .string(order.id)), ("status", .string(status.rawValue)),
            ("channel", .string(order.channel.rawValue)),
            ("customer_id", .string(order.customerId)), ("placed_at", .string(order.placedAt.text)),
            (
                "due_by",
                day(order.dueBy - order.placedAt.utcDay >= CheckoutRequest.noDueDateHorizon ? nil : order.dueBy)
            ),
            ("delivery", order.delivery.document), ("allow_split", .bool(order.allowSplit)),
            ("tags", .array(order.tags.map(Document.string))), ("lines", .array(order.lines.map(\.document))),
            ("legs", .array(legs)),
        ]
        if !cancelled.isEmpty { pairs.append(("cancelled", .array(cancelled.map(\.document)))) }
        for pair in planPairs where ["unfulfilled", "eta", "late_days", "cost"].contains(pair.key) {
            pairs.append(pair)
        }
        pairs += [("promise_date", day(promiseDate)), ("version", .int(version)), ("updated_at", .string(updatedAt))]
        return .object(pairs)
    }
}

extension StoreEvent {
    var document: Document {
        func text(_ s: String?) -> Document { s.map { .string($0) } ?? .null }
        return .object([
            ("seq", .int(Int(seq))), ("at", .string(at)), ("type", .string(type)), ("order", text(orderId)),
            ("node", text(node)),
            ("sku", text(sku)), ("leg", leg.map { .int(Int($0)) } ?? .null), ("actor", text(actor)), ("data", payload),
        ])
    }
}

extension StockChange {
    var document: Document {
        .object([
            ("positions", .array(positions.map(\.document))), ("resourced", .array(resourced.map { .string($0) })),
            ("filled", .array(filled.map { .string($0) })),
        ])
    }
}

extension RouteQuote {
    var document: Document {
        guard case .object(var pairs) = plan.document else { return plan.document }
        pairs.removeAll { $0.key == "order" }
        pairs.append(("promise_date", day(promiseDate)))
        if let explanation { pairs.append(("explanation", explanation.document)) }
        return .object(pairs)
    }
}

extension PromiseOptions {
    var document: Document {
        .object([
            ("ship", .array(ship.map { .object([("service", .string($0.service))] + Self.pairs($0.quote)) })),
            (
                "pickup",
                .array(
                    pickup.map {
                        .object(
                            [
                                ("store", .string($0.store)), ("name", $0.name.map { .string($0) } ?? .null),
                                ("distance_km", .double($0.distanceKm)),
                            ] + Self.pairs($0.quote))
                    })
            ),
        ])
    }

    private static func pairs(_ q: RouteQuote) -> [(key: String, value: Document)] {
        guard case .object(let pairs) = q.document else { return [] }
        return pairs
    }
}

extension StockLevel {
    var document: Document {
        .object([
            ("node", .string(node)), ("sku", .string(sku)), ("on_hand", .int(onHand)), ("reserved", .int(reserved)),
            ("reserved_external", .int(reservedExternal)), ("safety_stock", .int(safetyStock)),
            ("available_to_promise", .int(availableToPromise)),
        ])
    }
}

extension Availability {
    private static func arrival(_ line: InboundLine) -> [(key: String, value: Document)] {
        [("qty", .int(line.qty)), ("arrives", .string(line.arrives.description))]
    }

    var document: Document {
        .object([
            ("sku", .string(sku)), ("available_to_promise", .int(total)),
            (
                "nodes",
                .array(
                    nodes.map { at in
                        guard case .object(var pairs) = at.level.document else { return .null }
                        pairs.removeAll { $0.key == "sku" }
                        pairs.insert(("kind", .string(at.kind.rawValue)), at: 1)
                        if let km = at.distanceKm { pairs.append(("distance_km", .double(km))) }
                        if !at.inbound.isEmpty {
                            pairs.append(
                                ("inbound", .array(at.inbound.map { .object(Self.arrival($0)) })))
                            pairs.append(
                                (
                                    "by_date",
                                    .array(
                                        at.byDate.map {
                                            .object([("date", .string($0.date.description)), ("units", .int($0.units))])
                                        })
                                ))
                        }
                        return .object(pairs)
                    })
            ),
        ])
    }
}

extension OrderExplanation {
    var document: Document {
        .object([
            ("strategy", .string(strategy)), ("open_orders_before", .int(ordersBefore)),
            (
                "sources",
                .array(
                    sources.map { s in
                        var pairs: [(key: String, value: Document)] = [
                            ("node", .string(s.node)), ("kind", .string(s.kind.rawValue)),
                            ("distance_km", .double(s.distanceKm)),
                            ("chosen", .bool(s.chosen)),
                        ]
                        if let e = s.exclusion { pairs.append(("excluded", .string(e))) }
                        if !s.available.isEmpty { pairs.append(("available", .array(s.available.map(\.document)))) }
                        if let leg = s.bestLeg { pairs.append(("best_leg", leg.document)) }
                        if let c = s.orderCostAlone { pairs.append(("order_cost_alone", .double(c))) }
                        return .object(pairs)
                    })
            ),
            ("nodes_without_stock", .int(nodesWithoutStock)),
            (
                "runner_up",
                alternative.map { alt in
                    .object([
                        ("avoids", .string(alternativeAvoids ?? "")),
                        ("extra_cost", .double(alternativeExtraCost ?? 0)),
                        ("route", alt.document),
                    ])
                } ?? .null
            ),
        ])
    }
}

extension ReleaseReport {
    var document: Document {
        .object([
            ("released", .array(released.map { .string($0) })), ("legs", .int(legs)),
            (
                "skipped",
                .array(skipped.map { .object([("order", .string($0.id)), ("status", .string($0.status.rawValue))]) })
            ),
        ])
    }
}

extension LegEventOutcome {
    var document: Document {
        .object([
            ("leg", .int(Int(leg))), ("event", .int(Int(eventSeq))), ("replayed", .bool(replayed)),
            ("order", order.document),
        ])
    }
}

extension CustomerOrders {
    var document: Document {
        .object([
            ("customer_id", .string(customerId)), ("orders", .array(orders.map(\.document))),
            ("next", next.map { .string($0) } ?? .null),
        ])
    }
}

/// An order's events, oldest first (`GET /v1/orders/{id}/history`).
struct OrderHistoryPage {
    var order: String
    var events: [StoreEvent]

    var document: Document { .object([("order", .string(order)), ("events", .array(events.map(\.document)))]) }
}

/// A page of the event feed; `next` is the cursor to ask after (`GET /v1/events`).
struct EventPage {
    var events: [StoreEvent]
    /// The cursor the page was asked after: `next` when the page is empty.
    var after: Int64

    var document: Document {
        .object([
            ("events", .array(events.map(\.document))), ("next", .string(String(events.last?.seq ?? after))),
        ])
    }
}

extension StockChange {
    /// One position's answer to a count: its level, and the orders the count re-sourced or filled.
    var singlePositionDocument: Document {
        guard case .object(let pairs) = positions[0].document else { return document }
        return .object(
            pairs + [
                ("resourced", .array(resourced.map { .string($0) })), ("filled", .array(filled.map { .string($0) })),
            ])
    }
}
