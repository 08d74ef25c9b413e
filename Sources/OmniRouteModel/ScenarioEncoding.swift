extension Scenario {
    /// The scenario as a document of FORMAT.md (it reads back to an equal scenario).
    public var document: Document {
        var root: [(key: String, value: Document)] = [("format", .string(Scenario.format)), ("name", .string(name))]
        if let description { root.append(("description", .string(description))) }
        root.append(("now", .string(now.text)))
        if let currency { root.append(("currency", .string(currency))) }
        root.append(("nodes", .array(nodes.map(\.document))))
        root.append(("skus", .array(skus.map { .object([("id", .string($0.id)), ("weight_kg", .double($0.weightKg)), ("price", .double($0.price))]) })))
        root.append(("inventory", .array(inventory.map {
            .object([("node", .string($0.node)), ("sku", .string($0.sku)), ("on_hand", .int($0.onHand)),
                     ("reserved", .int($0.reserved)), ("safety_stock", .int($0.safetyStock))])
        })))
        root.append(("services", .array(services.map { s in
            .object([("id", .string(s.id)), ("bands", .array(s.bands.map { b in
                .object([("max_km", b.maxKm.map(Document.double) ?? .null), ("transit_days", .int(b.transitDays)),
                         ("base_cost", .double(b.baseCost)), ("cost_per_kg", .double(b.costPerKg))])
            }))])
        })))
        root.append(("lanes", .array(lanes.map {
            .object([("from", .string($0.from)), ("to", .string($0.to)), ("lead_days", .int($0.leadDays)),
                     ("cost_per_unit", .double($0.costPerUnit)), ("cost_per_leg", .double($0.costPerLeg))])
        })))
        root.append(("policy", .object([
            ("split_penalty", .double(policy.splitPenalty)), ("late_penalty_per_day", .double(policy.latePenaltyPerDay)),
            ("lost_sale_factor", .double(policy.lostSaleFactor)),
            ("max_legs_per_order", policy.maxLegsPerOrder.map(Document.int) ?? .null),
        ])))
        root.append(("orders", .array(orders.map(\.document))))
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
        return .object(pairs)
    }
}

extension GeoPoint {
    var document: Document { .object([("lat", .double(lat)), ("lon", .double(lon))]) }
}

extension Order {
    var document: Document {
        let delivery: Document = switch self.delivery {
        case .ship(let p): .object([("mode", .string("ship")), ("location", p.document)])
        case .pickup(let s): .object([("mode", .string("pickup")), ("pickup_node", .string(s))])
        }
        return .object([
            ("id", .string(id)), ("channel", .string(channel.rawValue)), ("customer_id", .string(customerId)),
            ("placed_at", .string(placedAt.text)), ("due_by", .string(dueBy.description)), ("delivery", delivery),
            ("allow_split", .bool(allowSplit)), ("lines", .array(lines.map(\.document))),
        ])
    }
}
