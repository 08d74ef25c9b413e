import OmniRouteModel

/// One leg, with the order it belongs to.
struct LegRow {
    var id: Int64
    var orderSeq: Int64
    var orderId: String
    var type: LegType
    var from: String
    var status: LegStatus
}

/// An order's legs (every one it has had, `replaced` ones included) and the units they carry.
struct LegTable {
    let connection: any SQLConnection

    /// Inserts the legs of order `seq`, their lines and a held reservation per leg line,
    /// adding the held units to the inventory rows. Returns the leg ids. Throws if a
    /// position has no row or not the units free (the transaction must not commit).
    func insert(_ plan: PlannedOrder, orderSeq seq: Int64, status: LegStatus, at now: Timestamp) throws -> [Int64] {
        var legIds: [Int64] = []
        for leg in plan.legs {
            let legId = try connection.insert(
                """
                INSERT INTO legs (order_seq, type, from_node, service_id, eta, cost_pick, cost_handling, cost_shipping,
                                  cost_transfer, status, updated_at, ships_on)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                [
                    seq, leg.type.rawValue, leg.from, leg.service, leg.eta.description, leg.cost.pick,
                    leg.cost.handling,
                    leg.cost.shipping, leg.cost.transfer, status.rawValue, now.text, leg.shipsOn?.description,
                ], returning: "id")
            legIds.append(legId)
            for line in leg.lines {
                try connection.run(
                    "INSERT INTO leg_lines (leg_id, sku_id, qty) VALUES (?, ?, ?)", [legId, line.sku, line.qty])
                try ReservationTable(connection: connection)
                    .hold(orderSeq: seq, leg: legId, node: leg.from, sku: line.sku, qty: line.qty, at: now)
                guard
                    try InventoryTable(connection: connection).reserve(line.qty, node: leg.from, sku: line.sku, at: now)
                else {
                    throw StockChanged(
                        "no inventory row for \(leg.from)/\(line.sku) with \(line.qty) units free")
                }
            }
        }
        return legIds
    }

    /// Leg `id`, or nil.
    func find(_ id: Int64) throws -> LegRow? {
        guard
            let r = try connection.row(
                """
                SELECT l.id, l.order_seq, l.type, l.from_node, l.status, o.id AS order_id
                FROM legs l JOIN orders o ON o.seq = l.order_seq
                WHERE l.id = ?
                """, [id])
        else { return nil }
        return LegRow(
            id: r["id"], orderSeq: r["order_seq"], orderId: r["order_id"],
            type: LegType(rawValue: r["type"]) ?? .directToHome,
            from: r["from_node"], status: LegStatus(rawValue: r["status"]) ?? .planned)
    }

    /// The units leg `leg` carries, per sku (by sku).
    func lines(_ leg: Int64) throws -> [OrderLine] {
        try connection.rows("SELECT sku_id, qty FROM leg_lines WHERE leg_id = ? ORDER BY sku_id", [leg])
            .map { OrderLine(sku: $0["sku_id"], qty: $0["qty"]) }
    }

    /// Every leg of order `seq` but replaced ones, oldest first, with the units it carries
    /// in the order of the order's lines (`lineOrder`: the place of each sku).
    func all(orderSeq seq: Int64, lineOrder: [String: Int]) throws -> [StoredLeg] {
        try connection.rows("SELECT * FROM legs WHERE order_seq = ? AND status != 'replaced' ORDER BY id", [seq]).map {
            l in
            let legId: Int64 = l["id"]
            let legLines = try lines(legId).sorted { (lineOrder[$0.sku] ?? 0) < (lineOrder[$1.sku] ?? 0) }
            let leg = PlannedLeg(
                type: LegType(rawValue: l["type"]) ?? .directToHome, from: l["from_node"], service: l["service_id"],
                lines: legLines, shipsOn: (l["ships_on"] as String?).flatMap { CalendarDay(iso: $0) },
                eta: CalendarDay(iso: l["eta"] as String) ?? CalendarDay(ordinal: 0),
                cost: LegCost(
                    pick: l["cost_pick"], handling: l["cost_handling"], shipping: l["cost_shipping"],
                    transfer: l["cost_transfer"]))
            return StoredLeg(
                id: legId, leg: leg, status: LegStatus(rawValue: l["status"]) ?? .planned, trackingId: l["tracking_id"],
                updatedAt: l["updated_at"])
        }
    }

    /// The day leg `id` ships (nil for a leg without time).
    func shipsOn(_ id: Int64) throws -> CalendarDay? {
        try connection.row("SELECT ships_on FROM legs WHERE id = ?", [id]).flatMap { r in
            (r["ships_on"] as String?).flatMap { CalendarDay(iso: $0) }
        }
    }

    /// A leg that still holds its node's stock and says when it ships.
    struct Holding {
        var id: Int64
        var orderSeq: Int64
        var order: String
        var shipsOn: CalendarDay
        /// Whether its units can still move (it has not been picked).
        var movable: Bool
    }

    /// The legs from `node` that still hold its stock and say when they ship, oldest first.
    func holding(node: String) throws -> [Holding] {
        try connection.rows(
            """
            SELECT l.id, l.order_seq, o.id AS order_id, l.ships_on,
                \(StoreSchema.legMovable) AS movable
            FROM legs l JOIN orders o ON o.seq = l.order_seq
            WHERE l.from_node = ? AND l.ships_on IS NOT NULL AND \(StoreSchema.legHolds) ORDER BY l.id
            """, [node]
        ).compactMap { r in
            CalendarDay(iso: r["ships_on"] as String).map {
                Holding(id: r["id"], orderSeq: r["order_seq"], order: r["order_id"], shipsOn: $0, movable: r["movable"])
            }
        }
    }

    /// The units live legs send per node (of `nodes`, or all) and ship day from `day` on (shipped
    /// ones included): what counts against a node's capacity per day (constraint 3′).
    func sentByShipDay(from day: CalendarDay, nodes: [String]? = nil) throws -> [(
        node: String, day: CalendarDay, units: Int
    )] {
        try connection.rows(
            """
            SELECT l.from_node, l.ships_on, SUM(ll.qty) AS units FROM legs l JOIN leg_lines ll ON ll.leg_id = l.id
            WHERE l.ships_on IS NOT NULL AND l.ships_on >= ? AND \(StoreSchema.legIsLive)\
            \(SQLList.among(nodes, "l.from_node"))
            GROUP BY l.from_node, l.ships_on
            """, [day.description] + (nodes ?? [])
        ).compactMap { r in CalendarDay(iso: r["ships_on"] as String).map { (r["from_node"], $0, r["units"]) } }
    }

    /// The ids of order `seq`'s planned legs, oldest first.
    func planned(orderSeq seq: Int64) throws -> [Int64] {
        try connection.values("SELECT id FROM legs WHERE order_seq = ? AND status = 'planned' ORDER BY id", [seq])
    }

    /// Sends order `seq`'s planned legs to their nodes (`released`).
    func releasePlanned(orderSeq seq: Int64, at now: Timestamp) throws {
        try connection.run(
            "UPDATE legs SET status = 'released', updated_at = ? WHERE order_seq = ? AND status = 'planned'",
            [now.text, seq])
    }

    /// Marks order `seq`'s planned legs `replaced` (a re-plan gave it others).
    func replacePlanned(orderSeq seq: Int64) throws {
        try connection.run("UPDATE legs SET status = 'replaced' WHERE order_seq = ? AND status = 'planned'", [seq])
    }

    /// Sets leg `id`'s status, and its tracking id when given.
    func setStatus(_ id: Int64, _ status: LegStatus, trackingId: String? = nil, at now: Timestamp) throws {
        try connection.run(
            "UPDATE legs SET status = ?, tracking_id = COALESCE(?, tracking_id), updated_at = ? WHERE id = ?",
            [status.rawValue, trackingId, now.text, id])
    }

    /// Takes `qty` units of `sku` off leg `leg`'s lines (the line goes when nothing is left).
    func reduceLine(leg: Int64, sku: String, by qty: Int) throws {
        if try connection.run("DELETE FROM leg_lines WHERE leg_id = ? AND sku_id = ? AND qty <= ?", [leg, sku, qty])
            == 0
        {
            try connection.run("UPDATE leg_lines SET qty = qty - ? WHERE leg_id = ? AND sku_id = ?", [qty, leg, sku])
        }
    }

    /// Sets leg `id`'s cost (priced again for the units it now carries).
    func reprice(_ id: Int64, cost: LegCost, at now: Timestamp) throws {
        try connection.run(
            """
            UPDATE legs SET cost_pick = ?, cost_handling = ?, cost_shipping = ?, cost_transfer = ?, updated_at = ?
            WHERE id = ?
            """, [cost.pick, cost.handling, cost.shipping, cost.transfer, now.text, id])
    }
}
