import OmniRouteModel

extension RouteStore {
    /// Replaces node `node`'s time zone, cutoff and closed days with `request`'s; checkout plans
    /// in them at once. Refused as a conflict, changing nothing, when a leg from the node that still
    /// holds its stock would ship on a day the new calendar does not allow (before the node's new
    /// earliest ship day, or on a day it closes): such legs must be cancelled, rejected or re-planned
    /// first. An event `node.calendar_changed` records the calendar before and after.
    public func setCalendar(_ request: NodeCalendarRequest, node: String, actor: String?) throws(StoreError) -> Node {
        let now = clock.now
        return try withState { (s: inout State) throws(StoreError) -> Node in
            guard let index = s.network.nodeIndex[node] else { throw .notFound("no node \"\(node)\"") }
            var scenario = s.network.scenario
            let before = scenario.nodes[index]
            scenario.nodes[index].timeZone = request.timeZone
            scenario.nodes[index].cutoffMinutes = request.cutoffMinutes
            scenario.nodes[index].calendar = request.calendar
            scenario.now = now
            let after = scenario.nodes[index]
            let network = Network(scenario)
            let stranded = try read { tx in try tx.legs.holding(node: node) }.filter {
                network.timetable.shipDayProblem(node: index, day: $0.shipsOn - network.today) != nil
            }
            if !stranded.isEmpty {
                let one = stranded.count == 1
                let named =
                    stranded.prefix(5).map { "leg \($0.id) of \($0.order) on \($0.shipsOn)" }.joined(separator: ", ")
                    + (stranded.count > 5 ? ", …" : "")
                throw .conflict(
                    "\(stranded.count) leg\(one ? "" : "s") from \(node) would no longer ship on "
                        + "\(one ? "its" : "their") day under this calendar (\(named)); "
                        + "cancel, reject or re-plan them first")
            }
            try write { tx in
                try tx.networkTables.setCalendar(of: after)
                try tx.events.append(
                    "node.calendar_changed", node: node, actor: actor, at: now,
                    payload: .object([
                        ("before", .object(before.calendarPairs)), ("after", .object(after.calendarPairs)),
                    ]))
            }
            s.replaceNetwork(with: network, strategy: checkoutStrategy)
            return after
        }
    }
}
