extension Plan {
    /// The plan as a document in the key order of FORMAT.md.
    public var document: Document {
        var summaryPairs: [(key: String, value: Document)] = [
            ("total_cost", .double(summary.totalCost)), ("orders", .int(summary.orders)), ("legs", .int(summary.legs)),
            ("units", .int(summary.units)), ("split_orders", .int(summary.splitOrders)),
            ("late_orders", .int(summary.lateOrders)), ("unfulfilled_units", .int(summary.unfulfilledUnits)),
            ("solve_seconds", .double(summary.solveSeconds)),
        ]
        if let bound = summary.bound { summaryPairs.append(("bound", .double(bound))) }
        if let gap = summary.gap { summaryPairs.append(("gap", .double(gap))) }
        return .object([
            ("format", .string(Plan.format)), ("scenario", .string(scenario)), ("strategy", .string(strategy)),
            ("orders", .array(orders.map(\.document))), ("summary", .object(summaryPairs)),
        ])
    }
}

extension PlannedOrder {
    /// The planned order as it appears in a plan document.
    public var document: Document {
        .object([
            ("order", .string(order)), ("legs", .array(legs.map(\.document))),
            ("unfulfilled", .array(unfulfilled.map(\.document))),
            ("eta", eta.map { .string($0.description) } ?? .null), ("late_days", .int(lateDays)),
            (
                "cost",
                .object([
                    ("legs", .double(cost.legs)), ("split_penalty", .double(cost.splitPenalty)),
                    ("late_penalty", .double(cost.latePenalty)), ("unfulfilled", .double(cost.unfulfilled)),
                    ("total", .double(cost.total)),
                ])
            ),
        ])
    }
}

extension PlannedLeg {
    /// The leg as it appears in a plan document.
    public var document: Document {
        var pairs: [(key: String, value: Document)] = [("type", .string(type.rawValue)), ("from", .string(from))]
        if let service { pairs.append(("service", .string(service))) }
        var costPairs: [(key: String, value: Document)] = [
            ("pick", .double(cost.pick)), ("handling", .double(cost.handling)), ("shipping", .double(cost.shipping)),
            ("transfer", .double(cost.transfer)),
        ]
        // Absent means 0 (FORMAT.md), so that a plan without rules reads as it always did.
        if cost.rules != 0 { costPairs.append(("rules", .double(cost.rules))) }
        costPairs.append(("total", .double(cost.total)))
        pairs.append(("lines", .array(lines.map(\.document))))
        if let shipsOn { pairs.append(("ships_on", .string(shipsOn.description))) }
        pairs += [("eta", .string(eta.description)), ("cost", .object(costPairs))]
        return .object(pairs)
    }
}

extension OrderLine {
    public var document: Document { .object([("sku", .string(sku)), ("qty", .int(qty))]) }
}
