import OmniRouteModel

/// What the nodes' capacities are used by: the units held at each node (against its
/// `capacity_units`) and the units live legs send from it each day (against its
/// `capacity_per_day`). `db check` reads every overrun; a placement on a shared database
/// reads those of the nodes it sends from before it commits.
struct CapacityUse {
    let connection: any SQLConnection

    /// A node holding more units than its capacity.
    struct Held {
        var node: String
        var held: Int
        var capacity: Int
    }

    /// A node whose live legs send more units on one day than its capacity per day.
    struct Sent {
        var node: String
        var day: String
        var units: Int
        var capacity: Int
    }

    /// The nodes (of `nodes`, or all) holding units beyond their capacity.
    func heldBeyond(nodes: [String]? = nil) throws -> [Held] {
        try connection.rows(
            """
            SELECT n.id, n.capacity_units, SUM(r.qty) AS held FROM reservations r JOIN nodes n ON n.id = r.node_id
            WHERE r.status = 'held' AND n.capacity_units IS NOT NULL\(SQLList.among(nodes, "n.id"))
            GROUP BY n.id, n.capacity_units HAVING SUM(r.qty) > n.capacity_units
            """, nodes ?? []
        ).map { Held(node: $0["id"], held: $0["held"], capacity: $0["capacity_units"]) }
    }

    /// The nodes (of `nodes`, or all) and days from `from` on whose live legs send units beyond
    /// the node's capacity per day (constraint 3′).
    func sentBeyond(from: CalendarDay, nodes: [String]? = nil) throws -> [Sent] {
        try connection.rows(
            """
            SELECT l.from_node, l.ships_on, SUM(ll.qty) AS units, n.capacity_per_day FROM legs l
            JOIN leg_lines ll ON ll.leg_id = l.id JOIN nodes n ON n.id = l.from_node
            WHERE n.capacity_per_day IS NOT NULL AND l.ships_on >= ? AND \(StoreSchema.legIsLive)\
            \(SQLList.among(nodes, "l.from_node"))
            GROUP BY l.from_node, l.ships_on, n.capacity_per_day HAVING SUM(ll.qty) > n.capacity_per_day
            """, [from.description] + (nodes ?? [])
        ).map { Sent(node: $0["from_node"], day: $0["ships_on"], units: $0["units"], capacity: $0["capacity_per_day"]) }
    }
}
