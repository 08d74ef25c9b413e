extension Scenario {
    /// The scenario as a document of FORMAT.md (it reads back to an equal scenario).
    public var document: Document {
        var root: [(key: String, value: Document)] = [("format", .string(Scenario.format)), ("name", .string(name))]
        if let description { root.append(("description", .string(description))) }
        root.append(("now", .string(now.text)))
        if let currency { root.append(("currency", .string(currency))) }
        root.append(("nodes", .array(nodes.map(\.document))))
        root.append(("skus", .array(skus.map(\.document))))
        root.append(
            (
                "inventory",
                .array(
                    inventory.map {
                        .object([
                            ("node", .string($0.node)), ("sku", .string($0.sku)), ("on_hand", .int($0.onHand)),
                            ("reserved", .int($0.reserved)), ("safety_stock", .int($0.safetyStock)),
                        ])
                    })
            ))
        root.append(
            (
                "services",
                .array(
                    services.map { s in
                        .object(
                            [
                                ("id", .string(s.id)),
                                (
                                    "bands",
                                    .array(
                                        s.bands.map { b in
                                            .object([
                                                ("max_km", b.maxKm.map(Document.double) ?? .null),
                                                ("transit_days", .int(b.transitDays)),
                                                ("base_cost", .double(b.baseCost)),
                                                ("cost_per_kg", .double(b.costPerKg)),
                                            ])
                                        })
                                ),
                            ] + s.calendar.documentPairs)
                    })
            ))
        root.append(
            (
                "lanes",
                .array(
                    lanes.map {
                        var pairs: [(key: String, value: Document)] = [
                            ("from", .string($0.from)), ("to", .string($0.to)), ("lead_days", .int($0.leadDays)),
                            ("cost_per_unit", .double($0.costPerUnit)), ("cost_per_leg", .double($0.costPerLeg)),
                        ]
                        if let departs = $0.departsWeekdays { pairs.append(("departs_weekdays", departs.document)) }
                        return .object(pairs)
                    })
            ))
        root.append(
            (
                "policy",
                .object(
                    [
                        ("split_penalty", .double(policy.splitPenalty)),
                        ("late_penalty_per_day", .double(policy.latePenaltyPerDay)),
                        ("lost_sale_factor", .double(policy.lostSaleFactor)),
                        ("max_legs_per_order", policy.maxLegsPerOrder.map(Document.int) ?? .null),
                    ] + (policy.horizonDays.map { [("horizon_days", Document.int($0))] } ?? []))
            ))
        root.append(("orders", .array(orders.map(\.document))))
        if !rules.isEmpty { root.append(("rules", .array(rules.map(\.document)))) }
        if !inbound.isEmpty {
            root.append(
                (
                    "inbound",
                    .array(
                        inbound.map {
                            .object([
                                ("node", .string($0.node)), ("sku", .string($0.sku)), ("qty", .int($0.qty)),
                                ("arrives", .string($0.arrives.description)),
                            ])
                        })
                ))
        }
        return .object(root)
    }
}

extension Node {
    var document: Document {
        var pairs: [(key: String, value: Document)] = [("id", .string(id)), ("kind", .string(kind.rawValue))]
        if let name { pairs.append(("name", .string(name))) }
        pairs += [
            ("location", location.document), ("ship_to_home", .bool(shipToHome)), ("pickup", .bool(pickup)),
            ("pick_cost_per_unit", .double(pickCostPerUnit)), ("handling_cost_per_leg", .double(handlingCostPerLeg)),
            ("handling_days", .int(handlingDays)), ("capacity_units", capacityUnits.map(Document.int) ?? .null),
        ]
        if !tags.isEmpty { pairs.append(("tags", .tags(tags))) }
        pairs += calendarPairs
        if let capacityPerDay { pairs.append(("capacity_per_day", .int(capacityPerDay))) }
        return .object(pairs)
    }
}

extension GeoPoint {
    var document: Document { .object([("lat", .double(lat)), ("lon", .double(lon))]) }
}

extension Order {
    var document: Document {
        let delivery: Document =
            switch self.delivery {
            case .ship(let p): .object([("mode", .string("ship")), ("location", p.document)])
            case .pickup(let s): .object([("mode", .string("pickup")), ("pickup_node", .string(s))])
            }
        var pairs: [(key: String, value: Document)] = [
            ("id", .string(id)), ("channel", .string(channel.rawValue)), ("customer_id", .string(customerId)),
            ("placed_at", .string(placedAt.text)), ("due_by", .string(dueBy.description)), ("delivery", delivery),
            ("allow_split", .bool(allowSplit)), ("lines", .array(lines.map(\.document))),
        ]
        if !tags.isEmpty { pairs.append(("tags", .tags(tags))) }
        return .object(pairs)
    }
}

extension SKU {
    var document: Document {
        var pairs: [(key: String, value: Document)] = [
            ("id", .string(id)), ("weight_kg", .double(weightKg)), ("price", .double(price)),
        ]
        if !tags.isEmpty { pairs.append(("tags", .tags(tags))) }
        return .object(pairs)
    }
}

extension Rule {
    /// The rule as FORMAT.md writes it (the form `Scenario.rules(_:nodes:)` reads).
    public var document: Document {
        var pairs: [(key: String, value: Document)] = [("id", .string(id))]
        if !when.isEmpty {
            var w: [(key: String, value: Document)] = []
            if let c = when.channels { w.append(("channels", .array(c.map { .string($0.rawValue) }))) }
            if let m = when.modes { w.append(("modes", .array(m.map { .string($0.rawValue) }))) }
            if let t = when.orderTagsAny { w.append(("order_tags_any", .tags(t))) }
            if let u = when.minUnits { w.append(("min_units", .int(u))) }
            if let v = when.minValue { w.append(("min_value", .double(v))) }
            pairs.append(("when", .object(w)))
        }
        if let t = skuTagsAny { pairs.append(("sku_tags_any", .tags(t))) }
        if let s = exclude { pairs.append(("exclude", s.document)) }
        if let s = onlyFrom { pairs.append(("only_from", s.document)) }
        if let s = surchargePerUnit {
            pairs.append(("surcharge_per_unit", .object([("nodes", s.nodes.document), ("amount", .double(s.amount))])))
        }
        if let s = surchargePerLeg {
            pairs.append(("surcharge_per_leg", .object([("nodes", s.nodes.document), ("amount", .double(s.amount))])))
        }
        if let m = maxLegs { pairs.append(("max_legs", .int(m))) }
        if let r = reserve {
            pairs.append(("reserve", .object([("nodes", r.nodes.document), ("units", .int(r.units))])))
        }
        return .object(pairs)
    }
}

extension NodeSelector {
    var document: Document {
        var pairs: [(key: String, value: Document)] = []
        if let kind { pairs.append(("kind", .string(kind.rawValue))) }
        if let ids { pairs.append(("ids", .tags(ids))) }
        if let tagsAny { pairs.append(("tags_any", .tags(tagsAny))) }
        return .object(pairs)
    }
}

extension Document {
    fileprivate static func tags(_ list: [String]) -> Document { .array(list.map(Document.string)) }
}

extension Node {
    /// `timezone`, `cutoff`, `closed_weekdays` and `closed_dates`, each only when set.
    public var calendarPairs: [(key: String, value: Document)] {
        var pairs: [(key: String, value: Document)] = []
        if let timeZone { pairs.append(("timezone", .string(timeZone))) }
        if let cutoffMinutes {
            let h = cutoffMinutes / 60
            let m = cutoffMinutes % 60
            pairs.append(("cutoff", .string("\(h < 10 ? "0" : "")\(h):\(m < 10 ? "0" : "")\(m)")))
        }
        return pairs + calendar.documentPairs
    }

    /// The node's capacities as `PUT /v1/nodes/{id}/capacity` takes them (null: unlimited).
    public var capacityPairs: [(key: String, value: Document)] {
        [
            ("capacity_units", capacityUnits.map(Document.int) ?? .null),
            ("capacity_per_day", capacityPerDay.map(Document.int) ?? .null),
        ]
    }
}

extension WorkCalendar {
    /// `closed_weekdays` and `closed_dates`, each only when not empty.
    var documentPairs: [(key: String, value: Document)] {
        var pairs: [(key: String, value: Document)] = []
        if !closedWeekdays.isEmpty { pairs.append(("closed_weekdays", closedWeekdays.document)) }
        if !closedDates.isEmpty {
            pairs.append(("closed_dates", .array(closedDates.sorted().map { .string($0.description) })))
        }
        return pairs
    }
}

extension Weekdays {
    var document: Document { .array(nameList.map(Document.string)) }
}
