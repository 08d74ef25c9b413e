import GRDB
import OmniRouteHeuristics
import OmniRouteModel

/// The changes one lifecycle request makes (a node event, a cancellation, a stock
/// count, a release), inside one write transaction, mirrored on a copy of the stock
/// book. The store swaps the copy in once the transaction has committed, so memory
/// and database change together or not at all.
struct LifecycleTransaction {
    let db: Database
    let network: Network
    var router: any OrderRouter
    var book: StockBook
    let now: Timestamp
    /// Who caused the change, for the event log.
    var actor: String
    /// Change in the number of open orders.
    var openDelta = 0

    // MARK: reading

    struct LegRow {
        var id: Int64
        var orderSeq: Int64
        var orderId: String
        var type: LegType
        var from: String
        var status: LegStatus
    }

    func leg(_ id: Int64) throws -> LegRow? {
        guard let r = try Row.fetchOne(try db.cachedStatement(sql: """
            SELECT l.id, l.order_seq, l.type, l.from_node, l.status, o.id AS order_id FROM legs l JOIN orders o ON o.seq = l.order_seq
            WHERE l.id = ?
            """), arguments: [id]) else { return nil }
        return LegRow(id: r["id"], orderSeq: r["order_seq"], orderId: r["order_id"], type: LegType(rawValue: r["type"]) ?? .directToHome,
                      from: r["from_node"], status: LegStatus(rawValue: r["status"]) ?? .planned)
    }

    func order(seq: Int64) throws -> StoredOrder {
        guard let row = try Row.fetchOne(try db.cachedStatement(sql: "SELECT * FROM orders WHERE seq = ?"), arguments: [seq]) else {
            throw StoreError.notFound("no order #\(seq)")
        }
        return try OrderTables.read(row: row, db)
    }

    /// The units a leg carries per sku.
    func legLines(_ leg: Int64) throws -> [OrderLine] {
        try Row.fetchAll(try db.cachedStatement(sql: "SELECT sku_id, qty FROM leg_lines WHERE leg_id = ? ORDER BY sku_id"), arguments: [leg])
            .map { OrderLine(sku: $0["sku_id"], qty: $0["qty"]) }
    }

    func indices(_ node: String, _ sku: String) -> (Int, Int) { (network.nodeIndex[node]!, network.skuIndex[sku]!) }

    // MARK: stock

    /// Lets go of `qty` units of `sku` that leg `leg` holds at `node`.
    mutating func unhold(leg: Int64, node: String, sku: String, qty: Int) throws {
        var left = qty
        for r in try Row.fetchAll(try db.cachedStatement(sql: """
            SELECT id, qty FROM reservations WHERE leg_id = ? AND sku_id = ? AND status = 'held' ORDER BY id DESC
            """), arguments: [leg, sku]) where left > 0 {
            let id: Int64 = r["id"], held: Int = r["qty"]
            if held <= left {
                try OrderTables.run(db, "UPDATE reservations SET status = 'released', closed_at = ? WHERE id = ?", [now.text, id])
            } else {
                try OrderTables.run(db, "UPDATE reservations SET qty = ? WHERE id = ?", [held - left, id])
                try OrderTables.run(db, """
                    INSERT INTO reservations (order_seq, leg_id, node_id, sku_id, qty, status, created_at, closed_at)
                    SELECT order_seq, leg_id, node_id, sku_id, ?, 'released', created_at, ? FROM reservations WHERE id = ?
                    """, [left, now.text, id])
            }
            left -= min(held, left)
        }
        let freed = qty - left
        guard freed > 0 else { return }
        try OrderTables.run(db, "UPDATE inventory SET reserved = reserved - ?, updated_at = ? WHERE node_id = ? AND sku_id = ?",
                            [freed, now.text, node, sku])
        let (n, k) = indices(node, sku)
        book.release(node: n, sku: k, qty: freed)
    }

    /// Lets go of everything leg `leg` holds.
    mutating func unholdAll(leg: Int64, node: String) throws {
        for line in try legLines(leg) { try unhold(leg: leg, node: node, sku: line.sku, qty: line.qty) }
    }

    /// Turns the holds of leg `leg` into on-hand decrements: its units left the node.
    mutating func consume(leg: Int64) throws {
        for r in try Row.fetchAll(try db.cachedStatement(sql: "SELECT node_id, sku_id, SUM(qty) AS qty FROM reservations WHERE leg_id = ? AND status = 'held' GROUP BY node_id, sku_id"),
                                  arguments: [leg]) {
            let node: String = r["node_id"], sku: String = r["sku_id"], qty: Int = r["qty"]
            try OrderTables.run(db, """
                UPDATE inventory SET on_hand = on_hand - ?, reserved = reserved - ?, updated_at = ? WHERE node_id = ? AND sku_id = ?
                """, [qty, qty, now.text, node, sku])
            let (n, k) = indices(node, sku)
            book.consume(node: n, sku: k, qty: qty)
        }
        try OrderTables.run(db, "UPDATE reservations SET status = 'consumed', closed_at = ? WHERE leg_id = ? AND status = 'held'",
                            [now.text, leg])
    }

    /// Sets a position's on-hand (a count) and settles what it can no longer hold.
    /// Returns the orders whose units moved.
    mutating func setOnHand(node: String, sku: String, to onHand: Int, safetyStock: Int? = nil, reason: String) throws -> [String] {
        let (n, k) = indices(node, sku)
        let safety = safetyStock ?? book.position(node: n, sku: k)?.safetyStock ?? 0
        try db.execute(sql: """
            INSERT INTO inventory (node_id, sku_id, on_hand, safety_stock, updated_at) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (node_id, sku_id) DO UPDATE SET on_hand = excluded.on_hand,
                safety_stock = excluded.safety_stock, updated_at = excluded.updated_at
            """, arguments: [node, sku, onHand, safety, now.text])
        book.set(node: n, sku: k, onHand: onHand, safetyStock: safety)
        return try settleShortfall(node: node, sku: sku, reason: reason)
    }

    /// When a position holds more than it has on hand (a count came in low), moves
    /// the holds it cannot keep: first planned orders' (newest first), then those of
    /// released legs not yet picked, each re-sourced elsewhere; then the holds of
    /// systems outside the store. Units picked but not yet gone cannot move: a count
    /// below them is refused. Returns the orders whose units moved.
    mutating func settleShortfall(node: String, sku: String, reason: String) throws -> [String] {
        let (n, k) = indices(node, sku)
        guard let p = book.position(node: n, sku: k) else { return [] }
        var excess = p.reserved + p.reservedExternal - p.onHand
        guard excess > 0 else { return [] }
        var moved: [String] = []
        let holders = try Row.fetchAll(try db.cachedStatement(sql: """
            SELECT l.id, l.order_seq, o.id AS order_id, SUM(r.qty) AS qty FROM reservations r
            JOIN legs l ON l.id = r.leg_id JOIN orders o ON o.seq = l.order_seq
            WHERE r.node_id = ? AND r.sku_id = ? AND r.status = 'held' AND l.status IN ('planned', 'released', 'accepted')
            GROUP BY l.id ORDER BY (o.status = 'planned') DESC, o.seq DESC, l.id DESC
            """), arguments: [node, sku])
        for h in holders where excess > 0 {
            let take = min(excess, h["qty"] as Int)
            let legId: Int64 = h["id"]
            try takeUnits(leg: legId, node: node, lines: [OrderLine(sku: sku, qty: take)], reason: reason, rejected: false)
            let id: String = h["order_id"]
            if !moved.contains(id) { moved.append(id) }
            excess -= take
        }
        if excess > 0, let p = book.position(node: n, sku: k), p.reservedExternal > 0 {
            let external = max(0, p.reservedExternal - excess)
            excess -= p.reservedExternal - external
            try OrderTables.run(db, "UPDATE inventory SET reserved_external = ? WHERE node_id = ? AND sku_id = ?", [external, node, sku])
            book.setExternal(node: n, sku: k, units: external)
        }
        if excess > 0 {
            throw StoreError.conflict("\(sku) at \(node): the count leaves \(excess) units fewer than legs already picked there hold; "
                + "ship or cancel them first")
        }
        return moved
    }

    // MARK: legs

    /// Takes `lines` off leg `leg` (its node could not pick them, or counted fewer),
    /// lets go of their holds, and routes them again with the node excluded for this
    /// order. A leg left with nothing is `rejected` (`replaced` if it was never released).
    /// `rejected` says the node itself could not pick them (it is then excluded for
    /// this order); otherwise a count moved them. Returns the seq of the leg's event.
    @discardableResult
    mutating func takeUnits(leg legId: Int64, node: String, lines: [OrderLine], reason: String, rejected: Bool) throws -> Int64 {
        guard let leg = try leg(legId) else { throw StoreError.notFound("no leg \(legId)") }
        for line in lines {
            try unhold(leg: legId, node: node, sku: line.sku, qty: line.qty)
            try reduceLine(leg: legId, sku: line.sku, by: line.qty)
        }
        let left = try legLines(legId)
        if left.isEmpty {
            let status: LegStatus = leg.status == .planned ? .replaced : .rejected
            try OrderTables.run(db, "UPDATE legs SET status = ?, updated_at = ? WHERE id = ?", [status.rawValue, now.text, legId])
        } else {
            try reprice(leg: legId, orderSeq: leg.orderSeq, lines: left)
        }
        let type = !rejected ? "leg.moved" : left.isEmpty ? "leg.rejected" : "leg.short"
        try OrderTables.appendEvent(db, type: type, orderId: leg.orderId, node: node,
                                    leg: legId, actor: actor, at: now, payload: .object([
                                        ("lines", .array(lines.map(\.document))), ("reason", .string(reason)),
                                        ("remaining", .array(left.map(\.document))),
                                    ]))
        let eventSeq = db.lastInsertedRowID
        try resource(orderSeq: leg.orderSeq, lines: lines, reason: reason, away: node)
        try refresh(seq: leg.orderSeq)
        return eventSeq
    }

    /// Takes `qty` units of `sku` off a leg's lines (the line goes when nothing is left).
    func reduceLine(leg: Int64, sku: String, by qty: Int) throws {
        try OrderTables.run(db, "DELETE FROM leg_lines WHERE leg_id = ? AND sku_id = ? AND qty <= ?", [leg, sku, qty])
        if db.changesCount == 0 {
            try OrderTables.run(db, "UPDATE leg_lines SET qty = qty - ? WHERE leg_id = ? AND sku_id = ?", [qty, leg, sku])
        }
    }

    /// Prices a leg again for the units it now carries (a short pick, a partial cancel).
    func reprice(leg legId: Int64, orderSeq: Int64, lines: [OrderLine]) throws {
        let stored = try order(seq: orderSeq)
        guard let current = stored.legs.first(where: { $0.id == legId }), let source = network.nodeIndex[current.leg.from] else { return }
        let units = lines.reduce(0) { $0 + $1.qty }
        let weight = lines.reduce(0.0) { $0 + Double($1.qty) * (network.skuIndex[$1.sku].map { network.skus[$0].weightKg } ?? 0) }
        var cost = current.leg.cost
        if case .success(let tariffs) = network.tariffs(order: stored.order, source: source),
           let tariff = tariffs.first(where: { t in current.leg.service.map { network.serviceIndex[$0] == t.service } ?? true }) {
            cost = tariff.cost(units: units, weightKg: weight)
        } else if current.leg.units > 0 {
            cost.pick = cost.pick * Double(units) / Double(current.leg.units)
        }
        try OrderTables.run(db, "UPDATE legs SET cost_pick = ?, cost_handling = ?, cost_shipping = ?, cost_transfer = ?, updated_at = ? WHERE id = ?",
                            [cost.pick, cost.handling, cost.shipping, cost.transfer, now.text, legId])
    }

    /// Routes `lines` of order `orderSeq` again on the stock left, away from every
    /// node that rejected units of this order (and from `node`, if given), and adds
    /// the legs found (released at once when the order already is), never more than
    /// the order's legs allow besides its live ones (`max_legs_per_order`, one for an
    /// order that may not split). What gets no leg stays unfulfilled. With `quiet`, an
    /// attempt that finds nothing changes nothing and logs nothing. Returns the units
    /// that got legs.
    @discardableResult
    mutating func resource(orderSeq: Int64, lines: [OrderLine], reason: String, away node: String?, quiet: Bool = false) throws -> Int {
        let stored = try order(seq: orderSeq)
        let o = stored.order
        var excluded = try String.fetchAll(db, sql: """
            SELECT DISTINCT node_id FROM events WHERE order_id = ? AND type IN ('leg.rejected', 'leg.short') AND node_id IS NOT NULL
            """, arguments: [o.id]).compactMap { network.nodeIndex[$0] }
        if let n = node.flatMap({ network.nodeIndex[$0] }), !excluded.contains(n) { excluded.append(n) }
        let part = Order(id: o.id, channel: o.channel, customerId: o.customerId, placedAt: o.placedAt, dueBy: o.dueBy,
                         delivery: o.delivery, allowSplit: o.allowSplit, lines: lines)
        var plan = PlannedOrder(order: o.id, legs: [], unfulfilled: lines, eta: nil, lateDays: 0,
                                cost: OrderCost(legs: 0, splitPenalty: 0, latePenalty: 0, unfulfilled: 0, total: 0))
        let budget = CostModel.maxLegs(for: o, policy: network.policy) - stored.legs.filter(\.status.isLive).count
        if budget > 0, let resolved = try? network.resolve(part) {
            var route = router.route(resolved, limits: RouteLimits(excludedNodes: excluded), ledger: book.ledger)
            if route.legs.count > budget {
                // The legs carrying most units, as many as the order may still have.
                route.legs = Array(route.legs.enumerated().sorted { ($0.element.units, -$0.offset) > ($1.element.units, -$1.offset) }
                    .prefix(budget).sorted { $0.offset < $1.offset }.map(\.element))
            }
            plan = network.plannedOrder(route, for: resolved)
        }
        let sent = plan.legs.reduce(0) { $0 + $1.units }
        if quiet && sent == 0 { return 0 }
        let ids = try OrderTables.insertLegs(seq: orderSeq, plan: plan, status: stored.status == .planned ? .planned : .released,
                                             now: now, db)
        if stored.status != .planned { try announceReleased(plan, ids: ids, orderId: o.id) }
        for leg in plan.legs {
            for line in leg.lines {
                let (n, k) = indices(leg.from, line.sku)
                book.hold(node: n, sku: k, qty: line.qty)
            }
        }
        try OrderTables.appendEvent(db, type: "order.resourced", orderId: o.id, actor: actor, at: now, payload: .object([
            ("lines", .array(lines.map(\.document))), ("reason", .string(reason)),
            ("excluded_nodes", .array(excluded.map { .string(network.nodes[$0].id) })),
            ("new_legs", OrderTables.legsPayload(plan, ids: ids)), ("unfulfilled", .array(plan.unfulfilled.map(\.document))),
        ]))
        return sent
    }

    /// Routes the unfulfilled units of `skus` of open orders, oldest order first, on
    /// the stock there is now: a feed raised on-hand of those skus (a delivery, a count
    /// above the record). Each order gets new legs within what its legs allow; one
    /// whose units find no source is left as it was. Returns the orders that got units.
    ///
    /// One pass over the open orders per feed (not per sku): a snapshot may raise
    /// thousands of positions.
    mutating func fillBackorders(skus: [String], reason: String) throws -> [String] {
        var waiting: [(seq: Int64, sku: String)] = []
        for start in stride(from: 0, to: skus.count, by: 500) {
            let chunk = Array(skus[start..<min(start + 500, skus.count)])
            let marks = chunk.map { _ in "?" }.joined(separator: ", ")
            waiting += try Row.fetchAll(db, sql: """
                SELECT o.seq, ol.sku_id FROM orders o JOIN order_lines ol ON ol.order_seq = o.seq
                WHERE o.status IN ('planned', 'released') AND ol.sku_id IN (\(marks)) AND ol.qty - ol.cancelled > COALESCE((
                    SELECT SUM(ll.qty) FROM legs l JOIN leg_lines ll ON ll.leg_id = l.id
                    WHERE l.order_seq = o.seq AND ll.sku_id = ol.sku_id AND l.status NOT IN ('rejected', 'cancelled', 'replaced')), 0)
                """, arguments: StatementArguments(chunk)).map { (seq: $0["seq"], sku: $0["sku_id"]) }
        }
        // Each order once, with every sku it waits for: one route, so one leg can carry them all.
        var skusOf: [Int64: Set<String>] = [:]
        for w in waiting { skusOf[w.seq, default: []].insert(w.sku) }
        var filled: [String] = []
        for seq in skusOf.keys.sorted() {
            // A sku with nothing left to promise anywhere waits for the next delivery.
            let open = skusOf[seq]!.filter { sku in
                network.skuIndex[sku].map { book.ledger.holdings(sku: $0).units.contains { $0 > 0 } } ?? false
            }
            guard !open.isEmpty else { continue }
            let stored = try order(seq: seq)
            let short = stored.plan.unfulfilled.filter { open.contains($0.sku) }
            if !short.isEmpty, try resource(orderSeq: seq, lines: short, reason: reason, away: nil, quiet: true) > 0 {
                try refresh(seq: seq)
                filled.append(stored.order.id)
            }
        }
        return filled
    }

    // MARK: orders

    /// Logs one `leg.released` per leg of `plan` (ids `ids`), addressed to its node: the
    /// node's pick list in the event feed (`GET /v1/events?node=`).
    func announceReleased(_ plan: PlannedOrder, ids: [Int64], orderId: String) throws {
        for (leg, id) in zip(plan.legs, ids) {
            try OrderTables.appendEvent(db, type: "leg.released", orderId: orderId, node: leg.from, leg: id, actor: actor, at: now,
                                        payload: .object([
                                            ("type", .string(leg.type.rawValue)), ("service", leg.service.map { .string($0) } ?? .null),
                                            ("lines", .array(leg.lines.map(\.document))), ("eta", .string(leg.eta.description)),
                                        ]))
        }
    }

    /// Prices order `seq` again from its live legs (their stored costs and etas),
    /// derives its status, bumps its version and returns it.
    @discardableResult
    mutating func refresh(seq: Int64, announce: Bool = true, current: StoredOrder? = nil) throws -> StoredOrder {
        var stored = try current ?? order(seq: seq)
        let o = stored.order
        let live = stored.legs.filter(\.status.isLive)
        let legsCost = live.reduce(0.0) { $0 + $1.leg.cost.total }
        let eta = live.map(\.leg.eta).max()
        let late = eta.map { max(0, $0 - o.dueBy) } ?? 0
        var lost = 0.0
        for line in stored.plan.unfulfilled {
            if let k = network.skuIndex[line.sku] { lost += CostModel.lostSaleCost(network.skus[k], units: line.qty, policy: network.policy) }
        }
        let cost = CostModel.orderCost(legs: legsCost, legCount: live.count, lateDays: late, unfulfilled: lost, policy: network.policy)
        let before = stored.status
        var status = before
        if o.lines.isEmpty {
            status = .cancelled
        } else if before == .released || before == .completed || before == .unfulfilled {
            status = live.isEmpty ? .unfulfilled : (live.allSatisfy(\.status.isFinished) ? .completed : .released)
        }
        if before.isOpen && !status.isOpen { openDelta -= 1 }
        try OrderTables.run(db, """
            UPDATE orders SET status = ?, eta = ?, late_days = ?, cost_legs = ?, cost_split = ?, cost_late = ?, cost_unfulfilled = ?,
                cost_total = ?, version = version + 1, updated_at = ? WHERE seq = ?
            """, [status.rawValue, eta?.description, late, cost.legs, cost.splitPenalty, cost.latePenalty, cost.unfulfilled,
                  cost.total, now.text, seq])
        if status != before && announce {
            try OrderTables.appendEvent(db, type: "order.\(status.rawValue)", orderId: o.id, actor: actor, at: now, payload: .object([
                ("previous_status", .string(before.rawValue)), ("unfulfilled", .array(stored.plan.unfulfilled.map(\.document))),
            ]))
        }
        stored.status = status
        stored.plan.eta = eta
        stored.plan.lateDays = late
        stored.plan.cost = cost
        stored.version += 1
        stored.updatedAt = now.text
        return stored
    }
}
