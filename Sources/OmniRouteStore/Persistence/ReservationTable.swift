import OmniRouteModel

/// Unit holds, one row each: `held` until the order lets go of them (`released`) or
/// its leg leaves the node with them (`consumed`).
struct ReservationTable {
    let connection: any SQLConnection

    /// A held reservation: its row and units.
    struct Hold {
        var id: Int64
        var qty: Int
    }

    /// The units one leg holds at one position.
    struct LegHolding {
        var node: String
        var sku: String
        var qty: Int
    }

    /// The units a leg of an open order holds at one position, and the order's id.
    struct Holder {
        var leg: Int64
        var orderSeq: Int64
        var orderId: String
        var qty: Int
    }

    /// The units held per position (at `nodes`, or all) and ship day by legs that say when they ship (a
    /// network in time).
    func heldByShipDay(nodes: [String]? = nil) throws -> [(node: String, sku: String, day: CalendarDay, qty: Int)] {
        try connection.rows(
            """
            SELECT r.node_id, r.sku_id, l.ships_on, SUM(r.qty) AS qty FROM reservations r JOIN legs l ON l.id = r.leg_id
            WHERE r.status = 'held' AND l.ships_on IS NOT NULL\(SQLList.among(nodes, "r.node_id"))
            GROUP BY r.node_id, r.sku_id, l.ships_on
            """, nodes ?? []
        ).compactMap { r in
            CalendarDay(iso: r["ships_on"] as String).map { (r["node_id"], r["sku_id"], $0, r["qty"]) }
        }
    }

    /// Holds `qty` of `sku` at `node` for leg `leg` of order `orderSeq`.
    func hold(orderSeq: Int64, leg: Int64, node: String, sku: String, qty: Int, at now: Timestamp) throws {
        try connection.run(
            """
            INSERT INTO reservations (order_seq, leg_id, node_id, sku_id, qty, status, created_at)
            VALUES (?, ?, ?, ?, ?, 'held', ?)
            """, [orderSeq, leg, node, sku, qty, now.text])
    }

    /// The units the orders numbered `orderSeqs` hold, by position.
    func held(orderSeqs: [Int64]) throws -> [LegHolding] {
        let selected = Set(orderSeqs)
        var units: [LegHolding] = []
        for row in try connection.rows(
            """
            SELECT order_seq, node_id, sku_id, SUM(qty) AS qty FROM reservations WHERE status = 'held'
            GROUP BY order_seq, node_id, sku_id
            """) where selected.contains(row["order_seq"])
        {
            units.append(LegHolding(node: row["node_id"], sku: row["sku_id"], qty: row["qty"]))
        }
        return units
    }

    /// The held reservations of `sku` on leg `leg`, newest first.
    func held(leg: Int64, sku: String) throws -> [Hold] {
        try connection.rows(
            """
            SELECT id, qty FROM reservations WHERE leg_id = ? AND sku_id = ? AND status = 'held' ORDER BY id DESC
            """, [leg, sku]
        ).map { Hold(id: $0["id"], qty: $0["qty"]) }
    }

    /// Lets go of reservation `id` whole.
    func release(_ id: Int64, at now: Timestamp) throws {
        try connection.run("UPDATE reservations SET status = 'released', closed_at = ? WHERE id = ?", [now.text, id])
    }

    /// Lets go of `units` of reservation `id` (fewer than it holds): it keeps the rest,
    /// and a released row beside it records what went.
    func release(_ units: Int, of id: Int64, keeping kept: Int, at now: Timestamp) throws {
        try connection.run("UPDATE reservations SET qty = ? WHERE id = ?", [kept, id])
        try connection.run(
            """
            INSERT INTO reservations (order_seq, leg_id, node_id, sku_id, qty, status, created_at, closed_at)
            SELECT order_seq, leg_id, node_id, sku_id, ?, 'released', created_at, ? FROM reservations WHERE id = ?
            """, [units, now.text, id])
    }

    /// Lets go of every unit order `orderSeq` holds.
    func releaseAll(orderSeq: Int64, at now: Timestamp) throws {
        try connection.run(
            "UPDATE reservations SET status = 'released', closed_at = ? WHERE order_seq = ? AND status = 'held'",
            [now.text, orderSeq])
    }

    /// What leg `leg` holds, per position.
    func held(leg: Int64) throws -> [LegHolding] {
        try connection.rows(
            """
            SELECT node_id, sku_id, SUM(qty) AS qty FROM reservations WHERE leg_id = ? AND status = 'held'
            GROUP BY node_id, sku_id
            """, [leg]
        ).map { LegHolding(node: $0["node_id"], sku: $0["sku_id"], qty: $0["qty"]) }
    }

    /// Marks every hold of leg `leg` consumed: its units left the node.
    func consumeAll(leg: Int64, at now: Timestamp) throws {
        try connection.run(
            "UPDATE reservations SET status = 'consumed', closed_at = ? WHERE leg_id = ? AND status = 'held'",
            [now.text, leg])
    }

    /// A leg holding units at one position, and the day it ships.
    struct DatedHolder {
        var leg: Int64
        var orderSeq: Int64
        var qty: Int
        var shipsOn: CalendarDay?
        /// Whether its units can still move (it has not been picked).
        var movable: Bool
    }

    /// Every leg holding `sku` at `node`, by ship day (legs without one first), within a day those
    /// that cannot move (picked) first, then the oldest orders.
    func datedHolders(node: String, sku: String) throws -> [DatedHolder] {
        try connection.rows(
            """
            SELECT l.id, l.order_seq, l.ships_on, \(StoreSchema.legMovable) AS movable,
                SUM(r.qty) AS qty
            FROM reservations r JOIN legs l ON l.id = r.leg_id
            WHERE r.node_id = ? AND r.sku_id = ? AND r.status = 'held'
            GROUP BY l.id ORDER BY l.ships_on IS NOT NULL, l.ships_on, movable, l.order_seq, l.id
            """, [node, sku]
        ).map {
            DatedHolder(
                leg: $0["id"], orderSeq: $0["order_seq"], qty: $0["qty"],
                shipsOn: ($0["ships_on"] as String?).flatMap { CalendarDay(iso: $0) }, movable: $0["movable"])
        }
    }

    /// The legs holding `sku` at `node` that have not been picked, per leg: planned
    /// orders' first (newest first), then released ones (newest first).
    func movableHolders(node: String, sku: String) throws -> [Holder] {
        try connection.rows(
            """
            SELECT l.id, l.order_seq, o.id AS order_id, SUM(r.qty) AS qty FROM reservations r
            JOIN legs l ON l.id = r.leg_id JOIN orders o ON o.seq = l.order_seq
            WHERE r.node_id = ? AND r.sku_id = ? AND r.status = 'held'
                AND \(StoreSchema.legMovable)
            GROUP BY l.id, o.seq ORDER BY (o.status = 'planned') DESC, o.seq DESC, l.id DESC
            """, [node, sku]
        ).map { Holder(leg: $0["id"], orderSeq: $0["order_seq"], orderId: $0["order_id"], qty: $0["qty"]) }
    }
}
