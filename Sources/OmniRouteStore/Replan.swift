import Foundation
import GRDB
import OmniRouteExact
import OmniRouteHeuristics
import OmniRouteModel

/// How a re-plan of the pending orders runs.
public struct ReplanOptions: Sendable {
    /// Seconds the exact engine may take.
    public var timeLimit: Double
    /// Relative gap at which the exact engine stops.
    public var gap: Double
    /// Write only if the total cost falls by more than this fraction of it.
    public var minSaving: Double
    /// Report what would change and write nothing.
    public var dryRun: Bool

    public init(timeLimit: Double = 60, gap: Double = 1e-3, minSaving: Double = 1e-3, dryRun: Bool = false) {
        self.timeLimit = timeLimit
        self.gap = gap
        self.minSaving = minSaving
        self.dryRun = dryRun
    }
}

/// Total cost of a set of planned orders, by component.
public struct CostBreakdown: Sendable, Hashable {
    /// Picking and handling at the nodes.
    public var picking = 0.0
    public var shipping = 0.0
    public var transfer = 0.0
    public var splits = 0.0
    public var lateness = 0.0
    public var lostSales = 0.0
    public var total = 0.0
    public var legs = 0
    public var splitOrders = 0
    /// Legs beyond one per order that has any.
    public var extraLegs = 0

    public init(_ orders: some Sequence<PlannedOrder>) {
        for o in orders {
            for leg in o.legs {
                picking += leg.cost.pick + leg.cost.handling
                shipping += leg.cost.shipping
                transfer += leg.cost.transfer
            }
            splits += o.cost.splitPenalty
            lateness += o.cost.latePenalty
            lostSales += o.cost.unfulfilled
            total += o.cost.total
            legs += o.legs.count
            if o.legs.count > 1 { splitOrders += 1 }
            extraLegs += max(0, o.legs.count - 1)
        }
    }
}

/// What a re-plan found and did.
public struct ReplanReport: Sendable {
    /// One order whose legs change.
    public struct Change: Sendable {
        public var order: String
        public var before: PlannedOrder
        public var after: PlannedOrder
    }

    public var ordersConsidered = 0
    /// Orders given new legs (that would be, on a dry run).
    public var changes: [Change] = []
    /// Orders the solver re-routed but that kept their plan, with the reason
    /// (changed or no longer open while the solver ran; their new route no longer fits).
    public var skipped: [(order: String, reason: String)] = []
    /// The pending orders as they were, priced today.
    public var before = CostBreakdown([])
    /// As they are after the re-plan (as they would be, on a dry run).
    public var after = CostBreakdown([])
    /// The solver's proven lower bound on the pending orders' total cost.
    public var bound = 0.0
    public var seconds = 0.0
    public var written = false
    /// Why nothing was written, when nothing was.
    public var note: String?

    /// `(after − bound) / after`, the most a better plan could save.
    public var gap: Double { after.total > 0 ? max(0, after.total - bound) / after.total : 0 }
}

extension RouteStore {
    /// Re-plans every order in state `planned` jointly with the exact engine, their
    /// current legs as the starting incumbent, their reservations freed in the model
    /// only. Checkouts go on while the solver runs: no lock is held. The new legs and
    /// reservations are then written in one transaction if the total cost falls by more
    /// than `minSaving`; an order that changed or closed while the solver ran, or whose
    /// new route no longer fits the stock left, keeps its plan.
    public func replan(_ options: ReplanOptions = ReplanOptions(),
                       progress: @escaping @Sendable (String) -> Void = { _ in }) throws(StoreError) -> ReplanReport {
        let start = OnlinePlanner.now()
        let now = clock.now
        var report = ReplanReport()
        let base = network.scenario
        let snapshot = try read { db in try Snapshot.read(db) }
        report.ordersConsidered = snapshot.orders.count
        guard !snapshot.orders.isEmpty else {
            report.note = "no pending orders"
            return report
        }
        progress("\(snapshot.orders.count) pending orders")

        let model = Network(Self.pendingScenario(snapshot, base: base, now: now))
        var warm: [OrderRoute] = []
        for (i, o) in snapshot.orders.enumerated() {
            guard let route = Self.route(of: o.plan, order: i, model) else {
                throw .conflict("the legs of order \(o.order.id) no longer match the network; re-plan refused")
            }
            warm.append(route)
        }
        let beforePlans = warm.map { model.plannedOrder($0) }
        report.before = CostBreakdown(beforePlans)
        progress("current plan: cost \(report.before.total), \(report.before.legs) legs, \(report.before.splitOrders) split orders")

        let solved = ExactPlanner(network: model, options: SolverOptions(timeLimit: options.timeLimit, gap: options.gap))
            .batch(warmStart: warm, progress: progress)
        var afterPlans = beforePlans
        var changed: [Int] = []
        // Orders change together (one may give up stock another needs), so every changed order is taken.
        for r in solved.routes where r.legs != warm[r.order].legs {
            afterPlans[r.order] = model.plannedOrder(r)
            changed.append(r.order)
        }
        report.bound = min(solved.bound, CostBreakdown(afterPlans).total)
        let saving = report.before.total - CostBreakdown(afterPlans).total
        progress("solved in \(String(format: "%.1f", OnlinePlanner.now() - start)) s: cost \(report.before.total - saving), bound \(report.bound)")
        guard saving > options.minSaving * max(1, report.before.total) else {
            report.after = report.before
            report.seconds = OnlinePlanner.now() - start
            report.note = "the best plan found saves \(saving), not more than \(options.minSaving * 100)% of \(report.before.total); nothing written"
            return report
        }
        guard !options.dryRun else {
            report.changes = changed.map { .init(order: snapshot.orders[$0].order.id, before: beforePlans[$0], after: afterPlans[$0]) }
            report.after = CostBreakdown(afterPlans)
            report.seconds = OnlinePlanner.now() - start
            report.note = "dry run: nothing written"
            return report
        }

        // Commit: under the lock, with no placement in flight, so the book equals the database.
        while state.withLock({ $0.writing }) > 0 { usleep(1000) }
        var final = beforePlans
        var rolledBack = false
        var noGain = false
        try withState { (s: inout State) throws(StoreError) in
            var trial = s.book
            var accepted: [Int] = []
            do {
                try write { db in
                // Orders unchanged since the snapshot give back their holds first (the new routes
                // were found jointly: one may take what another gives up), then take their new legs.
                var valid: [(index: Int, held: [(node: String, sku: String, qty: Int)])] = []
                for i in changed {
                    let o = snapshot.orders[i]
                    guard let row = try Row.fetchOne(db, sql: "SELECT version, status FROM orders WHERE seq = ?", arguments: [o.seq]),
                          (row["version"] as Int) == o.version, (row["status"] as String) == StoredOrder.Status.planned.rawValue
                    else {
                        report.skipped.append((o.order.id, "changed while the solver ran"))
                        continue
                    }
                    let held = try Row.fetchAll(db, sql: "SELECT node_id, sku_id, qty FROM reservations WHERE order_seq = ? AND status = 'held'",
                                                arguments: [o.seq]).map { (node: $0["node_id"] as String, sku: $0["sku_id"] as String, qty: $0["qty"] as Int) }
                    valid.append((i, held))
                }
                for v in valid {
                    for h in v.held { trial.release(node: s.network.nodeIndex[h.node]!, sku: s.network.skuIndex[h.sku]!, qty: h.qty) }
                }
                var keep: [(index: Int, held: [(node: String, sku: String, qty: Int)])] = []
                var moving: [(index: Int, held: [(node: String, sku: String, qty: Int)])] = []
                for v in valid {
                    if Self.fits(afterPlans[v.index], trial, s.network) {
                        Self.take(afterPlans[v.index], &trial, s.network)
                        moving.append(v)
                    } else {
                        report.skipped.append((snapshot.orders[v.index].order.id, "its new route no longer fits the stock left"))
                        keep.append(v)
                    }
                }
                for k in keep {
                    // What an order kept must still be there; if stock moved under it, write nothing.
                    for h in k.held {
                        let node = s.network.nodeIndex[h.node]!, sku = s.network.skuIndex[h.sku]!
                        guard (trial.position(node: node, sku: sku)?.availableToPromise ?? 0) >= h.qty,
                              (trial.capacityLeft(node: node) ?? Int.max) >= h.qty else {
                            noGain = true
                            throw NoGain()
                        }
                        trial.hold(node: node, sku: sku, qty: h.qty)
                    }
                }
                for (i, held) in moving {
                    let o = snapshot.orders[i]
                    let id = o.order.id
                    try db.execute(sql: "UPDATE reservations SET status = 'released', closed_at = ? WHERE order_seq = ? AND status = 'held'",
                                   arguments: [now.text, o.seq])
                    for h in held {
                        try OrderTables.run(db, "UPDATE inventory SET reserved = reserved - ?, updated_at = ? WHERE node_id = ? AND sku_id = ?",
                                            [h.qty, now.text, h.node, h.sku])
                    }
                    try db.execute(sql: "UPDATE legs SET status = 'replaced' WHERE order_seq = ? AND status != 'replaced'", arguments: [o.seq])
                    let plan = afterPlans[i]
                    _ = try OrderTables.insertLegs(seq: o.seq, plan: plan, now: now, db)
                    try db.execute(sql: """
                        UPDATE orders SET eta = ?, late_days = ?, cost_legs = ?, cost_split = ?, cost_late = ?, cost_unfulfilled = ?,
                            cost_total = ?, version = version + 1, updated_at = ? WHERE seq = ?
                        """, arguments: [plan.eta?.description, plan.lateDays, plan.cost.legs, plan.cost.splitPenalty, plan.cost.latePenalty,
                                         plan.cost.unfulfilled, plan.cost.total, now.text, o.seq])
                    try OrderTables.appendEvent(db, type: "order.replanned", orderId: id, at: now, payload: .object([
                        ("cost_before", .double(beforePlans[i].cost.total)), ("cost_after", .double(plan.cost.total)),
                        ("legs", OrderTables.legsPayload(plan)),
                    ]))
                    accepted.append(i)
                    final[i] = plan
                }
                // Some orders kept their plan: what is left must still save, or nothing is written.
                if CostBreakdown(final).total > report.before.total - options.minSaving * max(1, report.before.total) {
                    noGain = true
                    throw NoGain()
                }
            } onCommit: { _ in
                s.book = trial
            }
            } catch {
                guard noGain else { throw error as? StoreError ?? .database("\(error)") }
                rolledBack = true
                final = beforePlans
                accepted = []
            }
            for i in accepted {
                report.changes.append(.init(order: snapshot.orders[i].order.id, before: beforePlans[i], after: afterPlans[i]))
            }
        }
        report.after = CostBreakdown(final)
        report.written = !report.changes.isEmpty
        if rolledBack { report.note = "stock or orders that changed while the solver ran took away the saving; nothing written" }
        report.seconds = OnlinePlanner.now() - start
        progress("wrote \(report.changes.count) orders; \(report.skipped.count) kept their plan")
        return report
    }

    /// The pending orders as a scenario: the network on the stock as it is, with the
    /// pending orders' own holds freed (what a joint re-plan may use), clocked at `now`.
    static func pendingScenario(_ snapshot: Snapshot, base: Scenario, now: Timestamp) -> Scenario {
        var freed: [String: Int] = [:]
        var freedAtNode: [String: Int] = [:]
        for o in snapshot.orders {
            for leg in o.plan.legs {
                for line in leg.lines { freed[leg.from + "\u{0}" + line.sku, default: 0] += line.qty }
                freedAtNode[leg.from, default: 0] += leg.units
            }
        }
        var scenario = base
        scenario.now = now
        scenario.inventory = snapshot.positions.map { (p: Snapshot.Position) -> StockPosition in
            let ownHolds: Int = freed[p.node + "\u{0}" + p.sku] ?? 0
            return StockPosition(node: p.node, sku: p.sku, onHand: p.onHand,
                                 reserved: p.reserved + p.reservedExternal - ownHolds, safetyStock: p.safetyStock)
        }
        scenario.nodes = base.nodes.map { node in
            var n = node
            if let cap = n.capacityUnits {
                n.capacityUnits = max(0, cap - ((snapshot.heldAtNode[node.id] ?? 0) - (freedAtNode[node.id] ?? 0)))
            }
            return n
        }
        scenario.orders = snapshot.orders.map { (p: Snapshot.Pending) -> Order in p.order }
        return scenario
    }

    /// The pending orders as a scenario (see `replan`) and their current legs as a plan
    /// of it, with the figures stored at placement: what `omniroute validate` checks.
    public func pendingPlan() throws(StoreError) -> (scenario: Scenario, plan: Plan) {
        let snapshot = try read { db in try Snapshot.read(db) }
        let scenario = Self.pendingScenario(snapshot, base: network.scenario, now: clock.now)
        let orders = snapshot.orders.map(\.plan)
        return (scenario, Plan(scenario: scenario.name, strategy: "store", orders: orders,
                               summary: PlanSummary(orders: orders, solveSeconds: 0)))
    }

    /// Thrown to roll the re-plan's transaction back.
    private struct NoGain: Error {}

    /// Holds a plan's units in `book`.
    private static func take(_ plan: PlannedOrder, _ book: inout StockBook, _ network: Network) {
        for leg in plan.legs {
            for line in leg.lines { book.hold(node: network.nodeIndex[leg.from]!, sku: network.skuIndex[line.sku]!, qty: line.qty) }
        }
    }

    /// Whether a plan's legs fit what `book` has left (stock to promise and capacity).
    private static func fits(_ plan: PlannedOrder, _ book: StockBook, _ network: Network) -> Bool {
        for leg in plan.legs {
            let node = network.nodeIndex[leg.from]!
            if let cap = book.capacityLeft(node: node), cap < leg.units { return false }
            for line in leg.lines {
                guard (book.position(node: node, sku: network.skuIndex[line.sku]!)?.availableToPromise ?? 0) >= line.qty else { return false }
            }
        }
        return true
    }

    /// The route of scenario order `order` of `network` that has the legs of `plan`.
    static func route(of plan: PlannedOrder, order: Int, _ network: Network) -> OrderRoute? {
        let resolved = network.resolved(order)
        let lineOf = Dictionary(uniqueKeysWithValues: resolved.order.lines.enumerated().map { ($1.sku, $0) })
        var legs: [OrderRoute.Leg] = []
        for leg in plan.legs {
            guard let source = network.nodeIndex[leg.from], case .success(let tariffs) = network.tariffs(order: resolved.order, source: source),
                  let tariff = tariffs.first(where: { t in leg.service.map { network.serviceIndex[$0] == t.service } ?? true })
            else { return nil }
            var quantities = [Int](repeating: 0, count: resolved.order.lines.count)
            for line in leg.lines {
                guard let i = lineOf[line.sku] else { return nil }
                quantities[i] += line.qty
            }
            legs.append(OrderRoute.Leg(tariff: tariff, quantities: quantities))
        }
        return OrderRoute(order: order, legs: legs)
    }

    /// The pending orders and the stock, read in one transaction.
    struct Snapshot {
        struct Position {
            var node: String, sku: String
            var onHand: Int, reserved: Int, reservedExternal: Int, safetyStock: Int
        }

        struct Pending {
            var seq: Int64
            var version: Int
            var order: Order
            var plan: PlannedOrder
        }

        var positions: [Position] = []
        var heldAtNode: [String: Int] = [:]
        var orders: [Pending] = []

        static func read(_ db: Database) throws -> Snapshot {
            var s = Snapshot()
            for r in try Row.fetchAll(db, sql: "SELECT * FROM inventory ORDER BY node_id, sku_id") {
                let p = Position(node: r["node_id"], sku: r["sku_id"], onHand: r["on_hand"], reserved: r["reserved"],
                                 reservedExternal: r["reserved_external"], safetyStock: r["safety_stock"])
                s.positions.append(p)
                s.heldAtNode[p.node, default: 0] += p.reserved
            }
            for row in try Row.fetchAll(db, sql: "SELECT * FROM orders WHERE status = 'planned' ORDER BY seq") {
                let stored = try OrderTables.read(row: row, db)
                s.orders.append(Pending(seq: row["seq"], version: stored.version, order: stored.order, plan: stored.plan))
            }
            return s
        }
    }
}
