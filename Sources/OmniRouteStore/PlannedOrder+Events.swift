import OmniRouteModel

extension PlannedOrder {
    /// A short account of the plan's legs for the event log (with their ids when given).
    func legsDocument(ids: [Int64]? = nil) -> Document {
        .array(
            legs.enumerated().map { i, leg in
                var pairs: [(key: String, value: Document)] = [
                    ("from", .string(leg.from)), ("type", .string(leg.type.rawValue)),
                    ("lines", .array(leg.lines.map(\.document))), ("eta", .string(leg.eta.description)),
                ]
                if let ids { pairs.insert(("id", .int(Int(ids[i]))), at: 0) }
                return .object(pairs)
            })
    }
}
