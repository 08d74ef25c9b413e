import OmniRouteModel

extension LifecycleTransaction {
    /// Takes `lines` off each leg and re-sources them, the same node allowed on another day; each
    /// order moved gets one event `order.repromised` with its eta before and after.
    mutating func move(
        _ moves: [(leg: Int64, orderSeq: Int64, lines: [OrderLine])], node: String, reason: String
    ) throws -> [Repromise] {
        var before: [(seq: Int64, order: StoredOrder)] = []
        for m in moves where !before.contains(where: { $0.seq == m.orderSeq }) {
            before.append((m.orderSeq, try order(seq: m.orderSeq)))
        }
        for m in moves {
            try takeUnits(leg: m.leg, node: node, lines: m.lines, reason: reason, rejected: false, away: false)
        }
        var repromised: [Repromise] = []
        for (seq, was) in before {
            let now = try order(seq: seq)
            repromised.append(Repromise(order: now.order.id, before: was.plan.eta, after: now.plan.eta))
            try db.events.append(
                "order.repromised", orderId: now.order.id, actor: actor, at: self.now,
                payload: .object([
                    ("previous_eta", was.plan.eta.map { .string($0.description) } ?? .null),
                    ("eta", now.plan.eta.map { .string($0.description) } ?? .null),
                    ("unfulfilled", .array(now.plan.unfulfilled.map(\.document))), ("reason", .string(reason)),
                ]))
        }
        return repromised
    }
}
