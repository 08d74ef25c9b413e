import OmniRouteModel

/// An order's number, id, status and due date: what a release chooses by.
struct OrderHead {
    var seq: Int64
    var id: String
    /// Nil for a status this version does not know.
    var status: StoredOrder.Status?
    var dueBy: CalendarDay?
}

/// Orders and their lines, and reading an order whole (with its legs).
struct OrderTable {
    let connection: any SQLConnection

    /// Inserts order `order` as number `seq`, `planned` and priced by `plan`, with its lines.
    func insert(_ order: Order, seq: Int64, plan: PlannedOrder, dueBy: CalendarDay?, at now: Timestamp) throws {
        var ship: GeoPoint?
        var pickup: String?
        switch order.delivery {
        case .ship(let p): ship = p
        case .pickup(let s): pickup = s
        }
        let c = plan.cost
        try connection.run(
            """
            INSERT INTO orders (seq, id, channel, customer_id, placed_at, due_by, delivery_mode, ship_lat, ship_lon,
                                pickup_node, allow_split, status, eta, late_days, cost_legs, cost_split, cost_late,
                                cost_unfulfilled, cost_total, version, updated_at, tags)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'planned', ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)
            """,
            [
                seq, order.id, order.channel.rawValue, order.customerId, order.placedAt.text, dueBy?.description,
                ship == nil ? "pickup" : "ship", ship?.lat, ship?.lon, pickup, order.allowSplit,
                plan.eta?.description, plan.lateDays, c.legs, c.splitPenalty, c.latePenalty, c.unfulfilled, c.total,
                now.text, NetworkTables.tagsText(order.tags),
            ])
        for (i, line) in order.lines.enumerated() {
            try connection.run(
                "INSERT INTO order_lines (order_seq, line, sku_id, qty) VALUES (?, ?, ?, ?)",
                [seq, i, line.sku, line.qty])
        }
    }

    /// Whether an order `id` exists.
    func exists(id: String) throws -> Bool {
        try connection.row("SELECT 1 FROM orders WHERE id = ?", [id]) != nil
    }

    /// Those of `ids` that are orders.
    func existing(ids: [String]) throws -> Set<String> {
        Set(try connection.values("SELECT id FROM orders WHERE TRUE\(SQLList.among(ids, "id"))", ids))
    }

    /// The number of order `id`, or nil.
    func seq(id: String) throws -> Int64? {
        try connection.value("SELECT seq FROM orders WHERE id = ?", [id])
    }

    /// The stored order `id`, or nil.
    func find(id: String) throws -> StoredOrder? {
        try connection.row("SELECT * FROM orders WHERE id = ?", [id]).map(read)
    }

    /// The stored order number `seq`, or nil.
    func find(seq: Int64) throws -> StoredOrder? {
        try connection.row("SELECT * FROM orders WHERE seq = ?", [seq]).map(read)
    }

    /// The status of order `seq` (nil: no such order, or a status this version does not know).
    func status(seq: Int64) throws -> StoredOrder.Status? {
        (try connection.value("SELECT status FROM orders WHERE seq = ?", [seq]) as String?)
            .flatMap(StoredOrder.Status.init)
    }

    /// The version and status of order `seq`, or nil.
    func version(seq: Int64) throws -> (version: Int, status: StoredOrder.Status?)? {
        try connection.row("SELECT version, status FROM orders WHERE seq = ?", [seq]).map {
            ($0["version"], StoredOrder.Status(rawValue: $0["status"]))
        }
    }

    /// The head of order `id`, or nil.
    func head(id: String) throws -> OrderHead? {
        try connection.row("SELECT seq, id, status, due_by FROM orders WHERE id = ?", [id])
            .map(head)
    }

    /// The heads of the planned orders, oldest first.
    func plannedHeads() throws -> [OrderHead] {
        try connection.rows(
            "SELECT seq, id, status, due_by FROM orders WHERE status = 'planned' ORDER BY seq"
        ).map(head)
    }

    /// The planned orders and their numbers, oldest first.
    func planned() throws -> [(seq: Int64, order: StoredOrder)] {
        try connection.rows("SELECT * FROM orders WHERE status = 'planned' ORDER BY seq").map {
            ($0["seq"], try read($0))
        }
    }

    /// The last `limit` placed orders that were not cancelled, and their numbers, oldest first.
    func latest(_ limit: Int) throws -> [(seq: Int64, order: StoredOrder)] {
        try connection.rows(
            """
            SELECT * FROM (SELECT * FROM orders WHERE status != 'cancelled' ORDER BY seq DESC LIMIT ?) AS recent
            ORDER BY seq
            """, [limit]
        ).map { ($0["seq"], try read($0)) }
    }

    /// Up to `limit` orders of `customer` numbered below `before`, newest first, and the
    /// number of the last one if more follow.
    func page(customer: String, before: Int64, limit: Int) throws -> (orders: [StoredOrder], last: Int64?) {
        let rows = try connection.rows(
            """
            SELECT * FROM orders WHERE customer_id = ? AND seq < ? ORDER BY seq DESC LIMIT ?
            """, [customer, before, limit + 1])
        let page = try rows.prefix(limit).map(read)
        return (page, rows.count > limit ? rows[limit - 1]["seq"] as Int64 : nil)
    }

    /// How many orders are open (planned or released).
    func openCount() throws -> Int {
        try connection.value("SELECT COUNT(*) FROM orders WHERE status IN ('planned', 'released')") ?? 0
    }

    /// Moves the database's order numbers past every stored order, after orders were written
    /// with numbers of their own (seeding). Only a shared database draws numbers (`PostgresSchema`).
    func numberPastStored() throws {
        if connection.dialect == .postgres { try PostgresSchema.syncOrderNumbers(connection) }
    }

    /// The number the next order gets.
    func nextSeq() throws -> Int64 {
        try connection.value("SELECT COALESCE(MAX(seq), 0) + 1 FROM orders") ?? 1
    }

    /// The open orders waiting for units of `skus` that no live leg carries, as (order, sku) pairs.
    func backordered(skus: [String]) throws -> [(seq: Int64, sku: String)] {
        var waiting: [(seq: Int64, sku: String)] = []
        // SQLite takes a bounded number of arguments in one statement.
        for start in stride(from: 0, to: skus.count, by: 500) {
            let chunk = Array(skus[start..<min(start + 500, skus.count)])
            let marks = chunk.map { _ in "?" }.joined(separator: ", ")
            waiting += try connection.rows(
                """
                SELECT o.seq, ol.sku_id FROM orders o JOIN order_lines ol ON ol.order_seq = o.seq
                WHERE o.status IN ('planned', 'released') AND ol.sku_id IN (\(marks))
                    AND ol.qty - ol.cancelled > COALESCE((
                    SELECT SUM(ll.qty) FROM legs l JOIN leg_lines ll ON ll.leg_id = l.id
                    WHERE l.order_seq = o.seq AND ll.sku_id = ol.sku_id AND \(StoreSchema.legIsLive)), 0)
                """, SQLArguments(chunk)
            ).map { (seq: $0["seq"], sku: $0["sku_id"]) }
        }
        return waiting
    }

    /// Sets order `seq` released.
    func markReleased(seq: Int64) throws {
        try connection.run("UPDATE orders SET status = 'released' WHERE seq = ?", [seq])
    }

    /// Stores order `seq`'s new price (and status, when given), bumps its version and stamps it.
    func reprice(
        seq: Int64, status: StoredOrder.Status? = nil, eta: CalendarDay?, lateDays: Int, cost: OrderCost,
        at now: Timestamp
    ) throws {
        try connection.run(
            """
            UPDATE orders SET status = COALESCE(?, status), eta = ?, late_days = ?, cost_legs = ?, cost_split = ?,
                cost_late = ?, cost_unfulfilled = ?, cost_total = ?, version = version + 1, updated_at = ? WHERE seq = ?
            """,
            [
                status?.rawValue, eta?.description, lateDays, cost.legs, cost.splitPenalty, cost.latePenalty,
                cost.unfulfilled,
                cost.total, now.text, seq,
            ])
    }

    /// Cancels every unit of order `seq`'s lines.
    func cancelLines(seq: Int64) throws {
        try connection.run("UPDATE order_lines SET cancelled = qty WHERE order_seq = ?", [seq])
    }

    /// Cancels `qty` more units of order `seq`'s line of `sku`.
    func cancel(_ qty: Int, of sku: String, seq: Int64) throws {
        try connection.run(
            "UPDATE order_lines SET cancelled = cancelled + ? WHERE order_seq = ? AND sku_id = ?", [qty, seq, sku])
    }

    private func head(_ row: SQLRow) -> OrderHead {
        OrderHead(
            seq: row["seq"], id: row["id"], status: StoredOrder.Status(rawValue: row["status"]),
            dueBy: (row["due_by"] as String?).flatMap { CalendarDay(iso: $0) })
    }

    /// The order of an `orders` row, with its lines and legs.
    private func read(_ o: SQLRow) throws -> StoredOrder {
        let seq: Int64 = o["seq"]
        var lines: [OrderLine] = []
        var cancelled: [OrderLine] = []
        var lineOrder: [String: Int] = [:]
        for row in try connection.rows(
            "SELECT sku_id, qty, cancelled FROM order_lines WHERE order_seq = ? ORDER BY line", [seq])
        {
            let qty: Int = row["qty"]
            let gone: Int = row["cancelled"]
            lineOrder[row["sku_id"]] = lineOrder.count
            if qty > gone { lines.append(OrderLine(sku: row["sku_id"], qty: qty - gone)) }
            if gone > 0 { cancelled.append(OrderLine(sku: row["sku_id"], qty: gone)) }
        }
        let delivery: Delivery =
            (o["delivery_mode"] as String) == "ship"
            ? .ship(to: GeoPoint(lat: o["ship_lat"], lon: o["ship_lon"])) : .pickup(at: o["pickup_node"])
        let placedAt = Timestamp(iso: o["placed_at"]) ?? Timestamp(secondsSinceEpoch: 0)
        let dueBy = (o["due_by"] as String?).flatMap { CalendarDay(iso: $0) }
        let order = Order(
            id: o["id"], channel: Order.Channel(rawValue: o["channel"]) ?? .web, customerId: o["customer_id"],
            placedAt: placedAt, dueBy: dueBy ?? placedAt.utcDay + CheckoutRequest.noDueDateHorizon,
            delivery: delivery, allowSplit: o["allow_split"], lines: lines, tags: NetworkTables.tags(o["tags"]))
        let legs = try LegTable(connection: connection).all(orderSeq: seq, lineOrder: lineOrder)
        let cost = OrderCost(
            legs: o["cost_legs"], splitPenalty: o["cost_split"], latePenalty: o["cost_late"],
            unfulfilled: o["cost_unfulfilled"], total: o["cost_total"])
        return StoredOrder(
            row: order, status: StoredOrder.Status(rawValue: o["status"]) ?? .planned, legs: legs,
            cancelled: cancelled, eta: (o["eta"] as String?).flatMap { CalendarDay(iso: $0) },
            lateDays: o["late_days"], cost: cost, version: o["version"], updatedAt: o["updated_at"])
    }
}
