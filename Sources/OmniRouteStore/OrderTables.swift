import GRDB
import OmniRouteFormat
import OmniRouteModel

/// Reads and writes orders, their legs and their reservations.
enum OrderTables {
    /// Runs a statement through GRDB's statement cache (the checkout path).
    static func run(_ db: Database, _ sql: String, _ arguments: StatementArguments) throws {
        try db.cachedStatement(sql: sql).execute(arguments: arguments)
    }

    /// Inserts a planned order, its legs, their lines and a held reservation per leg
    /// line, and adds the held units to the inventory rows. Returns the order's row
    /// number and its leg ids.
    static func insertPlanned(_ order: Order, seq: Int64, plan: PlannedOrder, dueBy: CalendarDay?, now: Timestamp,
                              actor: String = "checkout", _ db: Database) throws -> [Int64] {
        var ship: GeoPoint?
        var pickup: String?
        switch order.delivery {
        case .ship(let p): ship = p
        case .pickup(let s): pickup = s
        }
        let c = plan.cost
        try run(db, """
            INSERT INTO orders (seq, id, channel, customer_id, placed_at, due_by, delivery_mode, ship_lat, ship_lon, pickup_node,
                                allow_split, status, eta, late_days, cost_legs, cost_split, cost_late, cost_unfulfilled,
                                cost_total, version, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'planned', ?, ?, ?, ?, ?, ?, ?, 1, ?)
            """, [seq, order.id, order.channel.rawValue, order.customerId, order.placedAt.text, dueBy?.description,
                  ship == nil ? "pickup" : "ship", ship?.lat, ship?.lon, pickup, order.allowSplit,
                  plan.eta?.description, plan.lateDays, c.legs, c.splitPenalty, c.latePenalty, c.unfulfilled, c.total,
                  now.text])
        for (i, line) in order.lines.enumerated() {
            try run(db, "INSERT INTO order_lines (order_seq, line, sku_id, qty) VALUES (?, ?, ?, ?)", [seq, i, line.sku, line.qty])
        }
        let legIds = try insertLegs(seq: seq, plan: plan, now: now, db)
        try appendEvent(db, type: "order.placed", orderId: order.id, actor: actor, at: now, payload: .object([
            ("channel", .string(order.channel.rawValue)), ("customer_id", .string(order.customerId)),
            ("legs", legsPayload(plan)), ("unfulfilled_units", .int(plan.unfulfilledUnits)), ("cost", .double(plan.cost.total)),
        ]))
        return legIds
    }

    /// A short account of a plan's legs for the event log.
    static func legsPayload(_ plan: PlannedOrder, ids: [Int64]? = nil) -> Document {
        .array(plan.legs.enumerated().map { i, leg in
            var pairs: [(key: String, value: Document)] = [
                ("from", .string(leg.from)), ("type", .string(leg.type.rawValue)),
                ("lines", .array(leg.lines.map(\.document))), ("eta", .string(leg.eta.description)),
            ]
            if let ids { pairs.insert(("id", .int(Int(ids[i]))), at: 0) }
            return .object(pairs)
        })
    }

    /// Inserts the legs of order `seq`, their lines, a held reservation per leg line,
    /// and adds the held units to the inventory rows. Returns the leg ids.
    static func insertLegs(seq: Int64, plan: PlannedOrder, status: LegStatus = .planned, now: Timestamp,
                           _ db: Database) throws -> [Int64] {
        var legIds: [Int64] = []
        for leg in plan.legs {
            try run(db, """
                INSERT INTO legs (order_seq, type, from_node, service_id, eta, cost_pick, cost_handling, cost_shipping, cost_transfer,
                                  status, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, [seq, leg.type.rawValue, leg.from, leg.service, leg.eta.description, leg.cost.pick, leg.cost.handling,
                      leg.cost.shipping, leg.cost.transfer, status.rawValue, now.text])
            let legId = db.lastInsertedRowID
            legIds.append(legId)
            for line in leg.lines {
                try run(db, "INSERT INTO leg_lines (leg_id, sku_id, qty) VALUES (?, ?, ?)", [legId, line.sku, line.qty])
                try run(db, """
                    INSERT INTO reservations (order_seq, leg_id, node_id, sku_id, qty, status, created_at)
                    VALUES (?, ?, ?, ?, ?, 'held', ?)
                    """, [seq, legId, leg.from, line.sku, line.qty, now.text])
                try run(db, "UPDATE inventory SET reserved = reserved + ?, updated_at = ? WHERE node_id = ? AND sku_id = ?",
                        [line.qty, now.text, leg.from, line.sku])
                guard db.changesCount == 1 else { throw DatabaseError(message: "no inventory row for \(leg.from)/\(line.sku)") }
            }
        }
        return legIds
    }

    /// Appends to the event log.
    static func appendEvent(_ db: Database, type: String, orderId: String? = nil, node: String? = nil, sku: String? = nil,
                            leg: Int64? = nil, actor: String? = nil, at: Timestamp, payload: Document) throws {
        try run(db, "INSERT INTO events (at, type, order_id, node_id, sku_id, leg_id, actor, payload) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [at.text, type, orderId, node, sku, leg, actor, JSONWriter.write(payload)])
    }

    /// The stored order `id`, or nil.
    static func read(id: String, _ db: Database) throws -> StoredOrder? {
        guard let row = try Row.fetchOne(try db.cachedStatement(sql: "SELECT * FROM orders WHERE id = ?"), arguments: [id]) else { return nil }
        return try read(row: row, db)
    }

    static func read(row o: Row, _ db: Database) throws -> StoredOrder {
        let seq: Int64 = o["seq"]
        var lines: [OrderLine] = []
        var cancelled: [OrderLine] = []
        var lineOrder: [String: Int] = [:]
        for row in try Row.fetchAll(try db.cachedStatement(sql: "SELECT sku_id, qty, cancelled FROM order_lines WHERE order_seq = ? ORDER BY line"),
                                    arguments: [seq]) {
            let qty: Int = row["qty"], gone: Int = row["cancelled"]
            lineOrder[row["sku_id"]] = lineOrder.count
            if qty > gone { lines.append(OrderLine(sku: row["sku_id"], qty: qty - gone)) }
            if gone > 0 { cancelled.append(OrderLine(sku: row["sku_id"], qty: gone)) }
        }
        let delivery: Delivery = (o["delivery_mode"] as String) == "ship"
            ? .ship(to: GeoPoint(lat: o["ship_lat"], lon: o["ship_lon"])) : .pickup(at: o["pickup_node"])
        let placedAt = Timestamp(iso: o["placed_at"]) ?? Timestamp(secondsSinceEpoch: 0)
        let dueBy = (o["due_by"] as String?).flatMap { CalendarDay(iso: $0) }
        let order = Order(id: o["id"], channel: Order.Channel(rawValue: o["channel"]) ?? .web, customerId: o["customer_id"],
                          placedAt: placedAt, dueBy: dueBy ?? placedAt.utcDay + CheckoutRequest.noDueDateHorizon,
                          delivery: delivery, allowSplit: o["allow_split"], lines: lines)
        var sent: [String: Int] = [:]
        var legs: [StoredLeg] = []
        for l in try Row.fetchAll(try db.cachedStatement(sql: "SELECT * FROM legs WHERE order_seq = ? AND status != 'replaced' ORDER BY id"), arguments: [seq]) {
            let legId: Int64 = l["id"]
            let status = LegStatus(rawValue: l["status"]) ?? .planned
            let legLines = try Row.fetchAll(try db.cachedStatement(sql: "SELECT sku_id, qty FROM leg_lines WHERE leg_id = ?"), arguments: [legId])
                .map { OrderLine(sku: $0["sku_id"], qty: $0["qty"]) }
                .sorted { (lineOrder[$0.sku] ?? 0) < (lineOrder[$1.sku] ?? 0) }
            if status.isLive { for line in legLines { sent[line.sku, default: 0] += line.qty } }
            let leg = PlannedLeg(type: LegType(rawValue: l["type"]) ?? .directToHome, from: l["from_node"], service: l["service_id"],
                                 lines: legLines, eta: CalendarDay(iso: l["eta"] as String) ?? CalendarDay(ordinal: 0),
                                 cost: LegCost(pick: l["cost_pick"], handling: l["cost_handling"], shipping: l["cost_shipping"],
                                               transfer: l["cost_transfer"]))
            legs.append(StoredLeg(id: legId, leg: leg, status: status, trackingId: l["tracking_id"], updatedAt: l["updated_at"]))
        }
        let unfulfilled = lines.compactMap { line -> OrderLine? in
            let short = line.qty - (sent[line.sku] ?? 0)
            return short > 0 ? OrderLine(sku: line.sku, qty: short) : nil
        }
        let cost = OrderCost(legs: o["cost_legs"], splitPenalty: o["cost_split"], latePenalty: o["cost_late"],
                             unfulfilled: o["cost_unfulfilled"], total: o["cost_total"])
        let plan = PlannedOrder(order: order.id, legs: legs.filter(\.status.isLive).map(\.leg), unfulfilled: unfulfilled,
                                eta: (o["eta"] as String?).flatMap { CalendarDay(iso: $0) }, lateDays: o["late_days"], cost: cost)
        return StoredOrder(order: order, status: StoredOrder.Status(rawValue: o["status"]) ?? .planned, plan: plan, legs: legs,
                           cancelled: cancelled, version: o["version"], updatedAt: o["updated_at"])
    }
}
