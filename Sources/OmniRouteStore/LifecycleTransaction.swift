import OmniRouteHeuristics
import OmniRouteModel

/// The changes one lifecycle request makes (a node event, a cancellation, a stock
/// count, a release), inside one write transaction, mirrored on a copy of the stock
/// book. The store swaps the copy in once the transaction has committed, so memory
/// and database change together or not at all.
struct LifecycleTransaction {
    /// The write transaction the change is made in.
    let db: StoreTransaction
    private(set) var network: Network
    /// The strategy the router is built with (for a new network).
    let strategy: OnlineStrategy
    var router: any OrderRouter
    var book: StockBook
    let now: Timestamp
    /// Who caused the change, for the event log.
    var actor: String
    /// Change in the number of open orders.
    var openDelta = 0

    // MARK: reading

    /// Leg `id` and its order, or nil.
    func leg(_ id: Int64) throws -> LegRow? { try db.legs.find(id) }

    /// Order number `seq`.
    func order(seq: Int64) throws -> StoredOrder {
        guard let order = try db.orders.find(seq: seq) else { throw StoreError.notFound("no order #\(seq)") }
        return order
    }

    /// The units a leg carries per sku.
    func legLines(_ leg: Int64) throws -> [OrderLine] { try db.legs.lines(leg) }

    func indices(_ node: String, _ sku: String) -> (Int, Int) { (network.nodeIndex[node]!, network.skuIndex[sku]!) }

    /// Routes from here on over the network of `scenario` (the same nodes and skus, new stock on its
    /// way or capacities), the book moved onto it; the store takes it once the transaction commits.
    mutating func replaceNetwork(with scenario: Scenario) { replaceNetwork(with: Network(scenario)) }

    /// Routes from here on over `network` (built on this one's nodes and skus).
    mutating func replaceNetwork(with network: Network) {
        self.network = network
        book = book.moved(to: network)
        router = strategy.router(network)
    }

    // MARK: stock

    /// Lets go of `qty` units of `sku` that leg `leg` holds at `node`.
    mutating func unhold(leg: Int64, node: String, sku: String, qty: Int) throws {
        var left = qty
        for hold in try db.reservations.held(leg: leg, sku: sku) where left > 0 {
            if hold.qty <= left {
                try db.reservations.release(hold.id, at: now)
            } else {
                try db.reservations.release(left, of: hold.id, keeping: hold.qty - left, at: now)
            }
            left -= min(hold.qty, left)
        }
        let freed = qty - left
        guard freed > 0 else { return }
        try db.inventory.release(freed, node: node, sku: sku, at: now)
        let (n, k) = indices(node, sku)
        book.release(node: n, sku: k, qty: freed, on: try db.legs.shipsOn(leg))
    }

    /// Lets go of everything leg `leg` holds.
    mutating func unholdAll(leg: Int64, node: String) throws {
        for line in try legLines(leg) { try unhold(leg: leg, node: node, sku: line.sku, qty: line.qty) }
    }

    /// Turns the holds of leg `leg` into on-hand decrements: its units left the node. Refused as a
    /// conflict when the node does not have them on hand yet (they are on their way): receive the
    /// inbound line first. Units a leg takes before its day may leave earlier legs short at a position
    /// with stock on its way: those move to the lines' days (`settleByDay`).
    mutating func consume(leg: Int64) throws {
        let day = try db.legs.shipsOn(leg)
        let held = try db.reservations.held(leg: leg)
        var leaving: [String: (node: String, qty: Int)] = [:]
        for h in held { leaving[h.sku, default: (h.node, 0)].qty += h.qty }
        for (sku, l) in leaving.sorted(by: { $0.key < $1.key }) {
            let (n, k) = indices(l.node, sku)
            let onHand = book.position(node: n, sku: k)?.onHand ?? 0
            guard onHand >= l.qty else {
                throw StoreError.conflict(
                    "leg \(leg) cannot leave \(l.node) with \(l.qty) × \(sku): the node has \(onHand) on hand "
                        + "and the rest is on its way; receive its inbound line first")
            }
        }
        for holding in held {
            try db.inventory.consume(holding.qty, node: holding.node, sku: holding.sku, at: now)
            let (n, k) = indices(holding.node, holding.sku)
            book.consume(node: n, sku: k, qty: holding.qty, on: day)
        }
        try db.reservations.consumeAll(leg: leg, at: now)
        for (sku, l) in leaving.sorted(by: { $0.key < $1.key }) {
            let (n, k) = indices(l.node, sku)
            guard network.timetable.inbound[book.key(n, k)] != nil else { continue }
            _ = try settleByDay(node: l.node, sku: sku, reason: "\(sku) left \(l.node) early on leg \(leg)")
        }
    }

    /// Sets a position's on-hand (a count) and settles what it can no longer hold.
    /// Returns the orders whose units moved.
    mutating func setOnHand(node: String, sku: String, to onHand: Int, safetyStock: Int? = nil, reason: String) throws
        -> [String]
    {
        let (n, k) = indices(node, sku)
        let safety = safetyStock ?? book.position(node: n, sku: k)?.safetyStock ?? 0
        try db.inventory.count(node: node, sku: sku, onHand: onHand, safetyStock: safety, at: now)
        book.set(node: n, sku: k, onHand: onHand, safetyStock: safety)
        return try settleShortfall(node: node, sku: sku, reason: reason)
    }

    /// When a position holds more than it has on hand and on its way (a count came in low), moves
    /// the holds it cannot keep: first planned orders' (newest first), then those of
    /// released legs not yet picked, each re-sourced elsewhere; then the holds of
    /// systems outside the store. Units picked but not yet gone cannot move: a count
    /// below them is refused. A position with stock on its way then keeps each ship day's legs within
    /// what it has by that day (`settleByDay`). Returns the orders whose units moved.
    mutating func settleShortfall(node: String, sku: String, reason: String) throws -> [String] {
        var moved = try settleTotal(node: node, sku: sku, reason: reason)
        let (n, k) = indices(node, sku)
        if network.timetable.inbound[book.key(n, k)] != nil {
            for r in try settleByDay(node: node, sku: sku, reason: reason) where !moved.contains(r.order) {
                moved.append(r.order)
            }
        }
        return moved
    }

    /// Moves the holds beyond what the position has on hand and on its way, whatever the day.
    private mutating func settleTotal(node: String, sku: String, reason: String) throws -> [String] {
        let (n, k) = indices(node, sku)
        guard let p = book.position(node: n, sku: k) else { return [] }
        var excess = p.reserved + p.reservedExternal - p.onHand - (network.timetable.inboundUnits[book.key(n, k)] ?? 0)
        guard excess > 0 else { return [] }
        var moved: [String] = []
        for h in try db.reservations.movableHolders(node: node, sku: sku) where excess > 0 {
            let take = min(excess, h.qty)
            try takeUnits(
                leg: h.leg, node: node, lines: [OrderLine(sku: sku, qty: take)], reason: reason, rejected: false)
            if !moved.contains(h.orderId) { moved.append(h.orderId) }
            excess -= take
        }
        if excess > 0, let p = book.position(node: n, sku: k), p.reservedExternal > 0 {
            let external = max(0, p.reservedExternal - excess)
            excess -= p.reservedExternal - external
            try db.inventory.setExternal(external, node: node, sku: sku)
            book.setExternal(node: n, sku: k, units: external)
        }
        if excess > 0 {
            throw StoreError.conflict(
                "\(sku) at \(node): the count leaves \(excess) units fewer than legs already picked there hold; "
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
    /// With `away` false the lines may come from the same node again (on another day).
    @discardableResult
    mutating func takeUnits(
        leg legId: Int64, node: String, lines: [OrderLine], reason: String, rejected: Bool, away: Bool = true
    ) throws -> Int64 {
        guard let leg = try leg(legId) else { throw StoreError.notFound("no leg \(legId)") }
        for line in lines {
            try unhold(leg: legId, node: node, sku: line.sku, qty: line.qty)
            try reduceLine(leg: legId, sku: line.sku, by: line.qty)
        }
        let left = try legLines(legId)
        if left.isEmpty {
            let status: LegStatus = leg.status == .planned ? .replaced : .rejected
            try db.legs.setStatus(legId, status, at: now)
        } else {
            try reprice(leg: legId, orderSeq: leg.orderSeq, lines: left)
        }
        let type = !rejected ? "leg.moved" : left.isEmpty ? "leg.rejected" : "leg.short"
        let eventSeq = try db.events.append(
            type, orderId: leg.orderId, node: node, leg: legId, actor: actor, at: now,
            payload: .object([
                ("lines", .array(lines.map(\.document))), ("reason", .string(reason)),
                ("remaining", .array(left.map(\.document))),
            ]))
        try resource(orderSeq: leg.orderSeq, lines: lines, reason: reason, away: away ? node : nil)
        try refresh(seq: leg.orderSeq)
        return eventSeq
    }

    /// Takes `qty` units of `sku` off a leg's lines (the line goes when nothing is left).
    func reduceLine(leg: Int64, sku: String, by qty: Int) throws { try db.legs.reduceLine(leg: leg, sku: sku, by: qty) }

    /// Prices a leg again for the units it now carries (a short pick, a partial cancel).
    func reprice(leg legId: Int64, orderSeq: Int64, lines: [OrderLine]) throws {
        let stored = try order(seq: orderSeq)
        guard let current = stored.legs.first(where: { $0.id == legId }),
            let source = network.nodeIndex[current.leg.from]
        else { return }
        let units = lines.reduce(0) { $0 + $1.qty }
        let weight = lines.reduce(0.0) {
            $0 + Double($1.qty) * (network.skuIndex[$1.sku].map { network.skus[$0].weightKg } ?? 0)
        }
        var cost = current.leg.cost
        if case .success(let tariffs) = network.tariffs(order: stored.order, source: source),
            let tariff = tariffs.first(where: { t in
                current.leg.service.map { network.serviceIndex[$0] == t.service } ?? true
            })
        {
            cost = tariff.cost(units: units, weightKg: weight)
        } else if current.leg.units > 0 {
            cost.pick = cost.pick * Double(units) / Double(current.leg.units)
        }
        try db.legs.reprice(legId, cost: cost, at: now)
    }

    /// Routes `lines` of order `orderSeq` again on the stock left, away from every
    /// node that rejected units of this order (and from `node`, if given), and adds
    /// the legs found (released at once when the order already is), never more than
    /// the order's legs allow besides its live ones (`max_legs_per_order`, one for an
    /// order that may not split). What gets no leg stays unfulfilled. With `quiet`, an
    /// attempt that finds nothing changes nothing and logs nothing. Returns the units
    /// that got legs.
    @discardableResult
    mutating func resource(orderSeq: Int64, lines: [OrderLine], reason: String, away node: String?, quiet: Bool = false)
        throws -> Int
    {
        let stored = try order(seq: orderSeq)
        let o = stored.order
        var excluded = try db.events.rejectingNodes(orderId: o.id).compactMap { network.nodeIndex[$0] }
        if let n = node.flatMap({ network.nodeIndex[$0] }), !excluded.contains(n) { excluded.append(n) }
        let part = Order(
            id: o.id, channel: o.channel, customerId: o.customerId, placedAt: o.placedAt, dueBy: o.dueBy,
            delivery: o.delivery, allowSplit: o.allowSplit, lines: lines)
        var plan = PlannedOrder(
            order: o.id, legs: [], unfulfilled: lines, eta: nil, lateDays: 0,
            cost: OrderCost(legs: 0, splitPenalty: 0, latePenalty: 0, unfulfilled: 0, total: 0))
        let budget = CostModel.maxLegs(for: o, policy: network.policy) - stored.legs.filter(\.status.isLive).count
        if budget > 0, let resolved = try? network.resolve(part) {
            var route = router.route(resolved, limits: RouteLimits(excludedNodes: excluded), ledger: book.ledger)
            if route.legs.count > budget {
                // The legs carrying most units, as many as the order may still have.
                route.legs = Array(
                    route.legs.enumerated().sorted { ($0.element.units, -$0.offset) > ($1.element.units, -$1.offset) }
                        .prefix(budget).sorted { $0.offset < $1.offset }.map(\.element))
            }
            plan = network.plannedOrder(route, for: resolved)
        }
        let sent = plan.legs.reduce(0) { $0 + $1.units }
        if quiet && sent == 0 { return 0 }
        let ids = try db.legs.insert(
            plan, orderSeq: orderSeq, status: stored.status == .planned ? .planned : .released, at: now)
        if stored.status != .planned { try announceReleased(plan, ids: ids, orderId: o.id) }
        RouteStore.take(plan, &book, network, sign: 1)
        try db.events.append(
            "order.resourced", orderId: o.id, actor: actor, at: now,
            payload: .object([
                ("lines", .array(lines.map(\.document))), ("reason", .string(reason)),
                ("excluded_nodes", .array(excluded.map { .string(network.nodes[$0].id) })),
                ("new_legs", plan.legsDocument(ids: ids)), ("unfulfilled", .array(plan.unfulfilled.map(\.document))),
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
        let waiting = try db.orders.backordered(skus: skus)
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
            try db.events.append(
                "leg.released", orderId: orderId, node: leg.from, leg: id, actor: actor, at: now,
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
            if let k = network.skuIndex[line.sku] {
                lost += CostModel.lostSaleCost(network.skus[k], units: line.qty, policy: network.policy)
            }
        }
        let cost = CostModel.orderCost(
            legs: legsCost, legCount: live.count, lateDays: late, unfulfilled: lost, policy: network.policy)
        let before = stored.status
        var status = before
        if o.lines.isEmpty {
            status = .cancelled
        } else if before == .released || before == .completed || before == .unfulfilled {
            status = live.isEmpty ? .unfulfilled : (live.allSatisfy(\.status.isFinished) ? .completed : .released)
        }
        if before.isOpen && !status.isOpen { openDelta -= 1 }
        try db.orders.reprice(seq: seq, status: status, eta: eta, lateDays: late, cost: cost, at: now)
        if status != before && announce {
            try db.events.append(
                "order.\(status.rawValue)", orderId: o.id, actor: actor, at: now,
                payload: .object([
                    ("previous_status", .string(before.rawValue)),
                    ("unfulfilled", .array(stored.plan.unfulfilled.map(\.document))),
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
