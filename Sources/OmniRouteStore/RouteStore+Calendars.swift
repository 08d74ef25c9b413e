import OmniRouteModel

/// What a change to a node's calendar did.
public struct NodeCalendarOutcome: Sendable {
    /// The node as it now stands.
    public var node: Node
    /// Orders whose legs from the node could no longer ship on their day and moved.
    public var repromised: [Repromise]
}

extension RouteStore {
    /// Replaces node `node`'s time zone, cutoff and closed days with `request`'s; checkout plans
    /// in them at once. A leg from the node that still holds its stock and would ship on a day the
    /// new calendar does not allow (before the node's new earliest ship day, or on a day it closes)
    /// is re-sourced, the same node allowed on a later day: each such order gets an event
    /// `order.repromised`. Refused as a conflict, changing nothing, when such a leg has been
    /// picked (its units cannot move): ship or reject it first. An event `node.calendar_changed`
    /// records the calendar before and after.
    public func setCalendar(_ request: NodeCalendarRequest, node: String, actor: String?) throws(StoreError)
        -> NodeCalendarOutcome
    {
        try lifecycle(actor: actor ?? "calendar") { tx in
            guard let index = tx.network.nodeIndex[node] else { throw StoreError.notFound("no node \"\(node)\"") }
            var scenario = tx.network.scenario
            let before = scenario.nodes[index]
            scenario.nodes[index].timeZone = request.timeZone
            scenario.nodes[index].cutoffMinutes = request.cutoffMinutes
            scenario.nodes[index].calendar = request.calendar
            scenario.now = tx.now
            let after = scenario.nodes[index]
            let network = Network(scenario)
            let stranded = try tx.db.legs.holding(node: node).filter {
                network.timetable.shipDayProblem(node: index, day: $0.shipsOn - network.today) != nil
            }
            let picked = stranded.filter { !$0.movable }
            if !picked.isEmpty {
                let one = picked.count == 1
                let named =
                    picked.prefix(5).map { "leg \($0.id) of \($0.order) on \($0.shipsOn)" }.joined(separator: ", ")
                    + (picked.count > 5 ? ", …" : "")
                throw StoreError.conflict(
                    "\(picked.count) picked leg\(one ? "" : "s") from \(node) would no longer ship on "
                        + "\(one ? "its" : "their") day under this calendar (\(named)); ship or reject "
                        + "\(one ? "it" : "them") first")
            }
            try tx.db.networkTables.setCalendar(of: after)
            try tx.db.events.append(
                "node.calendar_changed", node: node, actor: tx.actor, at: tx.now,
                payload: .object([
                    ("before", .object(before.calendarPairs)), ("after", .object(after.calendarPairs)),
                ]))
            tx.replaceNetwork(with: network)
            var moves: [(leg: Int64, orderSeq: Int64, lines: [OrderLine])] = []
            for leg in stranded { moves.append((leg.id, leg.orderSeq, try tx.legLines(leg.id))) }
            let repromised = try tx.move(moves, node: node, reason: "\(node)'s calendar changed")
            return NodeCalendarOutcome(node: after, repromised: repromised)
        }
    }
}
