import OmniRouteModel

extension RouteStore {
    /// Replaces node `node`'s capacities with `request`'s; checkout plans in them at once. Refused
    /// as a conflict, changing nothing, when the node's live legs already send more on some day from
    /// today on than the new capacity per day, or its open orders hold more than the new capacity
    /// for the window: those legs must be cancelled, rejected or re-planned first. An event
    /// `node.capacity_changed` records the capacities before and after.
    public func setCapacity(_ request: NodeCapacityRequest, node: String, actor: String?) throws(StoreError) -> Node {
        let now = clock.now
        return try withState { (s: inout State) throws(StoreError) -> Node in
            guard let index = s.network.nodeIndex[node] else { throw .notFound("no node \"\(node)\"") }
            var scenario = s.network.scenario
            let before = scenario.nodes[index]
            scenario.nodes[index].capacityUnits = request.capacityUnits
            scenario.nodes[index].capacityPerDay = request.capacityPerDay
            scenario.now = now
            let after = scenario.nodes[index]
            if let cap = request.capacityUnits, s.book.held[index] > cap {
                throw .conflict(
                    "\(node)'s open orders hold \(s.book.held[index]) units, more than a capacity of \(cap); "
                        + "cancel, reject or re-plan them first")
            }
            if let cap = request.capacityPerDay {
                let from = s.network.today + s.network.timetable.firstDay
                let over = (s.book.sent(from: from)[index] ?? [:]).filter { $0.value > cap }.sorted { $0.key < $1.key }
                if !over.isEmpty {
                    let named =
                        over.prefix(5).map { "\($0.value) on \($0.key)" }.joined(separator: ", ")
                        + (over.count > 5 ? ", …" : "")
                    throw .conflict(
                        "\(node)'s legs already send more than \(cap) units a day (\(named)); "
                            + "cancel, reject or re-plan them first")
                }
            }
            try write { tx in
                try tx.networkTables.setCapacity(of: after)
                try tx.events.append(
                    "node.capacity_changed", node: node, actor: actor, at: now,
                    payload: .object([
                        ("before", .object(before.capacityPairs)), ("after", .object(after.capacityPairs)),
                    ]))
            }
            s.replaceNetwork(with: Network(scenario), strategy: checkoutStrategy)
            return after
        }
    }
}
