import Foundation
import OmniRouteExact
import OmniRouteHeuristics
import OmniRouteModel

extension RouteStore {
    /// Re-plans every order in state `planned` jointly with the exact engine, their
    /// current legs as the starting incumbent, their reservations freed in the model
    /// only. Checkouts go on while the solver runs: no lock is held. The new legs and
    /// reservations are then written in one transaction if the total cost falls by more
    /// than `minSaving`; an order that changed or closed while the solver ran, or whose
    /// new route no longer fits the stock left, keeps its plan. One re-plan runs on a
    /// database at a time, whichever instance starts it: `.conflict` while another runs.
    public func replan(
        _ options: ReplanOptions = ReplanOptions(),
        progress: @escaping @Sendable (String) -> Void = { _ in }
    ) throws(StoreError) -> ReplanReport {
        guard let claim = try claimReplan() else { throw .conflict(Self.replanRunning) }
        defer { claim.letGo() }
        return try replan(options, holding: claim, progress: progress)
    }

    /// Why a re-plan cannot start.
    static let replanRunning = "a re-plan is already running on this database"

    /// Claims the one re-plan of this database, or nil while another instance (or this one)
    /// runs one. Hold it through `replan(_:holding:progress:)`, then let go of it.
    public func claimReplan() throws(StoreError) -> ReplanClaim? {
        do {
            return try database.claimReplan()
        } catch {
            throw .wrapping(error)
        }
    }

    /// A re-plan under a claim its caller holds (and lets go of after).
    public func replan(
        _ options: ReplanOptions, holding claim: ReplanClaim, progress: @escaping @Sendable (String) -> Void
    ) throws(StoreError) -> ReplanReport {
        let start = OnlinePlanner.now()
        let now = clock.now
        var report = ReplanReport()
        let base = network.scenario
        let snapshot = try read { tx in try Snapshot.read(tx) }
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
        progress(
            String(
                format: "current plan: cost %.2f, %d legs, %d split orders", report.before.total, report.before.legs,
                report.before.splitOrders))

        // Keeping promises is a constraint of the model, so the solver looks for the best moves that keep them.
        let promises =
            options.keepPromises
            ? Dictionary(
                uniqueKeysWithValues: warm.map {
                    ($0.order, Promise(keeping: $0, lines: model.orders[$0.order].lines.count))
                })
            : [:]
        let solverOptions = SolverOptions(timeLimit: options.timeLimit, gap: options.gap, workLimit: options.workLimit)
        let solved = ExactPlanner(network: model, options: solverOptions, promises: promises)
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
        progress(
            String(
                format: "solved in %.1f s: cost %.2f, bound %.2f", OnlinePlanner.now() - start,
                report.before.total - saving, report.bound))
        guard saving > options.minSaving * max(1, report.before.total) else {
            report.after = report.before
            report.seconds = OnlinePlanner.now() - start
            report.note =
                "the best plan found saves \(saving), not more than \(options.minSaving * 100)% of "
                + "\(report.before.total); nothing written"
            return report
        }
        // The promises made at checkout hold: an order keeps every unit routed and is not later.
        var movable: [Int] = []
        for i in changed {
            if options.keepPromises && !Self.keepsPromise(beforePlans[i], afterPlans[i]) {
                report.skipped.append(
                    (snapshot.orders[i].order.id, "its new route would break the promise made at checkout"))
            } else {
                movable.append(i)
            }
        }
        guard !options.dryRun else {
            let live = network
            let chosen = Self.feasibleMoves(
                movable, snapshot: snapshot, before: beforePlans, after: afterPlans,
                free: (snapshot.book(live), live))
            var final = beforePlans
            for i in chosen { final[i] = afterPlans[i] }
            report.changes = chosen.map {
                .init(order: snapshot.orders[$0].order.id, before: beforePlans[$0], after: afterPlans[$0])
            }
            report.after = CostBreakdown(final)
            report.seconds = OnlinePlanner.now() - start
            report.note = "dry run: nothing written"
            return report
        }

        // Commit, under the lock. The book counts placements still being written, so
        // it never offers more than is really free.
        var final = beforePlans
        var note: String?
        try withState { (s: inout State) throws(StoreError) in
            var trial = s.book
            var moved: [Int] = []
            var noGain = false
            do {
                try write { tx in
                    var valid: [Int] = []
                    for i in movable {
                        let o = snapshot.orders[i]
                        guard let stored = try tx.orders.version(seq: o.seq), stored.version == o.version,
                            stored.status == .planned
                        else {
                            report.skipped.append((o.order.id, "changed while the solver ran"))
                            continue
                        }
                        valid.append(i)
                    }
                    // The orders moved together must fit what is free now plus what they hold.
                    let chosen = Self.feasibleMoves(
                        valid, snapshot: snapshot, before: beforePlans, after: afterPlans,
                        free: (trial, s.network))
                    for i in Set(valid).subtracting(chosen) {
                        report.skipped.append(
                            (snapshot.orders[i].order.id, "its new route no longer fits the stock left"))
                    }
                    for i in chosen { final[i] = afterPlans[i] }
                    if CostBreakdown(final).total > report.before.total - options.minSaving
                        * max(1, report.before.total)
                    {
                        noGain = true
                        throw NoGain()
                    }
                    // Every moved order lets go of its legs before any takes new ones: one may take
                    // what another gives up, and a hold is only taken where the units are free.
                    for i in chosen {
                        let seq = snapshot.orders[i].seq
                        Self.take(beforePlans[i], &trial, s.network, sign: -1)
                        try tx.reservations.releaseAll(orderSeq: seq, at: now)
                        for leg in beforePlans[i].legs {
                            for line in leg.lines {
                                try tx.inventory.release(line.qty, node: leg.from, sku: line.sku, at: now)
                            }
                        }
                        try tx.legs.replacePlanned(orderSeq: seq)
                    }
                    for i in chosen {
                        let o = snapshot.orders[i]
                        let plan = afterPlans[i]
                        Self.take(plan, &trial, s.network, sign: 1)
                        _ = try tx.legs.insert(plan, orderSeq: o.seq, status: .planned, at: now)
                        try tx.orders.reprice(
                            seq: o.seq, eta: plan.eta, lateDays: plan.lateDays, cost: plan.cost, at: now)
                        try tx.events.append(
                            "order.replanned", orderId: o.order.id, actor: options.actor ?? "replan", at: now,
                            payload: .object([
                                ("cost_before", .double(beforePlans[i].cost.total)),
                                ("cost_after", .double(plan.cost.total)),
                                ("legs", plan.legsDocument()),
                            ]))
                    }
                    moved = chosen
                } onCommit: { _ in
                    s.book = trial
                }
            } catch {
                guard noGain else { throw .wrapping(error) }
                final = beforePlans
                moved = []
                note =
                    "the orders that can move (unchanged since the snapshot, keeping their promises if asked, "
                    + "fitting the stock "
                    + "left) save no more than \(options.minSaving * 100)%; nothing written"
            }
            report.changes = moved.map {
                .init(order: snapshot.orders[$0].order.id, before: beforePlans[$0], after: afterPlans[$0])
            }
        }
        report.after = CostBreakdown(final)
        report.written = !report.changes.isEmpty
        report.note = note
        report.seconds = OnlinePlanner.now() - start
        progress("wrote \(report.changes.count) orders; \(report.skipped.count) kept their plan")
        return report
    }

    /// Whether `after` keeps what `before` promised: every routed unit of every line, and
    /// no later arrival.
    static func keepsPromise(_ before: PlannedOrder, _ after: PlannedOrder) -> Bool {
        var routed: [String: Int] = [:]
        for leg in after.legs { for line in leg.lines { routed[line.sku, default: 0] += line.qty } }
        for leg in before.legs { for line in leg.lines { routed[line.sku, default: 0] -= line.qty } }
        guard routed.values.allSatisfy({ $0 >= 0 }) else { return false }
        if let was = before.eta, let now = after.eta, now > was { return false }
        return true
    }

    /// The largest set of `candidates` found by repair that can take their new routes
    /// together while every other pending order keeps its own: positions and nodes
    /// where the demand exceeds what is free in `free`'s book plus what the candidates
    /// hold send back the candidates that want more there.
    static func feasibleMoves(
        _ candidates: [Int], snapshot: Snapshot, before: [PlannedOrder], after: [PlannedOrder],
        free: (book: StockBook, network: Network)
    ) -> [Int] {
        func units(_ plan: PlannedOrder) -> [String: Int] {
            var u: [String: Int] = [:]
            for leg in plan.legs {
                u["@" + leg.from, default: 0] += leg.units
                if let day = leg.shipsOn { u["#" + leg.from + "\u{0}" + day.description, default: 0] += leg.units }
                for line in leg.lines { u[leg.from + "\u{0}" + line.sku, default: 0] += line.qty }
            }
            return u
        }
        let old = Dictionary(uniqueKeysWithValues: candidates.map { ($0, units(before[$0])) })
        let new = Dictionary(uniqueKeysWithValues: candidates.map { ($0, units(after[$0])) })
        // What is free beyond the candidates' own holds (nil: no limit).
        func spare(_ key: String) -> Int? {
            let (book, network) = free
            if key.hasPrefix("@") {
                guard let node = network.nodeIndex[String(key.dropFirst())] else { return 0 }
                return book.capacityLeft(node: node)
            }
            if key.hasPrefix("#") {
                let parts = key.dropFirst().split(separator: "\u{0}", maxSplits: 1).map(String.init)
                guard let node = network.nodeIndex[parts[0]], let day = CalendarDay(iso: parts[1]) else { return 0 }
                return book.dailyCapacityLeft(node: node, on: day)
            }
            let parts = key.split(separator: "\u{0}", maxSplits: 1).map(String.init)
            guard let node = network.nodeIndex[parts[0]], let sku = network.skuIndex[parts[1]] else { return 0 }
            return book.position(node: node, sku: sku)?.availableToPromise ?? 0
        }
        var moving = Set(candidates)
        while true {
            var delta: [String: Int] = [:]
            for i in moving {
                for (k, q) in new[i]! { delta[k, default: 0] += q }
                for (k, q) in old[i]! { delta[k, default: 0] -= q }
            }
            let short = Set(delta.filter { key, d in d > 0 && d > (spare(key) ?? Int.max) }.keys)
            if short.isEmpty { break }
            let back = moving.filter { i in short.contains { (new[i]![$0] ?? 0) > (old[i]![$0] ?? 0) } }
            if back.isEmpty { return [] }
            moving.subtract(back)
        }
        return candidates.filter { moving.contains($0) }
    }

    /// The pending orders as a scenario: the network on the stock as it is, with the
    /// pending orders' own holds freed (what a joint re-plan may use), clocked at `now`. A node's
    /// capacity per day is what is left on the day other legs (released ones) send most: a plan
    /// within it fits every day (the scenario has one number per node, not one per day).
    static func pendingScenario(_ snapshot: Snapshot, base: Scenario, now: Timestamp) -> Scenario {
        var freedAtNode: [String: Int] = [:]
        for (key, qty) in snapshot.freed { freedAtNode[key.node, default: 0] += qty }
        var otherSent: [String: [CalendarDay: Int]] = [:]
        for s in snapshot.sentByDay where s.day >= now.utcDay + -1 { otherSent[s.node, default: [:]][s.day] = s.units }
        for o in snapshot.orders {
            for leg in o.plan.legs {
                if let day = leg.shipsOn, otherSent[leg.from]?[day] != nil { otherSent[leg.from]![day]! -= leg.units }
            }
        }
        var scenario = base
        scenario.now = now
        scenario.inventory = snapshot.positions.map { (p: InventoryRow) -> StockPosition in
            let ownHolds: Int = snapshot.freed[Snapshot.Position(node: p.node, sku: p.sku)] ?? 0
            return StockPosition(
                node: p.node, sku: p.sku, onHand: p.onHand,
                reserved: p.reserved + p.reservedExternal - ownHolds, safetyStock: p.safetyStock)
        }
        scenario.nodes = base.nodes.map { node in
            var n = node
            if let cap = n.capacityUnits {
                n.capacityUnits = max(0, cap - ((snapshot.heldAtNode[node.id] ?? 0) - (freedAtNode[node.id] ?? 0)))
            }
            if let cap = n.capacityPerDay { n.capacityPerDay = max(0, cap - (otherSent[node.id]?.values.max() ?? 0)) }
            return n
        }
        scenario.orders = snapshot.orders.map { (p: Snapshot.Pending) -> Order in p.order }
        return scenario
    }

    /// The pending orders as a scenario (see `replan`) and their current legs as a plan
    /// of it, with the figures stored at placement: what `omniroute validate` checks.
    public func pendingPlan() throws(StoreError) -> (scenario: Scenario, plan: Plan) {
        let snapshot = try read { tx in try Snapshot.read(tx) }
        let scenario = Self.pendingScenario(snapshot, base: network.scenario, now: clock.now)
        let orders = snapshot.orders.map(\.plan)
        return (
            scenario,
            Plan(
                scenario: scenario.name, strategy: "store", orders: orders,
                summary: PlanSummary(orders: orders, solveSeconds: 0))
        )
    }

    /// Thrown to roll the re-plan's transaction back.
    private struct NoGain: Error {}

    /// Holds (`sign` 1) or lets go of (-1) a plan's units in `book` (those sent from `nodes`, or all).
    static func take(
        _ plan: PlannedOrder, _ book: inout StockBook, _ network: Network, sign: Int, at nodes: Set<String>? = nil
    ) {
        for leg in plan.legs where nodes?.contains(leg.from) ?? true {
            for line in leg.lines {
                let node = network.nodeIndex[leg.from]!
                let sku = network.skuIndex[line.sku]!
                if sign > 0 {
                    book.hold(node: node, sku: sku, qty: line.qty, on: leg.shipsOn)
                } else {
                    book.release(node: node, sku: sku, qty: line.qty, on: leg.shipsOn)
                }
            }
        }
    }

    /// The route of scenario order `order` of `network` that has the legs of `plan`.
    static func route(of plan: PlannedOrder, order: Int, _ network: Network) -> OrderRoute? {
        let resolved = network.resolved(order)
        let lineOf = Dictionary(uniqueKeysWithValues: resolved.order.lines.enumerated().map { ($1.sku, $0) })
        var legs: [OrderRoute.Leg] = []
        for leg in plan.legs {
            guard let source = network.nodeIndex[leg.from],
                case .success(let tariffs) = network.tariffs(order: resolved.order, source: source),
                let tariff = tariffs.first(where: { t in
                    leg.service.map { network.serviceIndex[$0] == t.service } ?? true
                })
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
        struct Pending {
            var seq: Int64
            var version: Int
            var order: Order
            var plan: PlannedOrder
        }

        struct Position: Hashable {
            var node: String
            var sku: String
        }

        var positions: [InventoryRow] = []
        var heldByDay: [(node: String, sku: String, day: CalendarDay, qty: Int)] = []
        var sentByDay: [(node: String, day: CalendarDay, units: Int)] = []
        var heldAtNode: [String: Int] = [:]
        var orders: [Pending] = []
        /// The units the orders hold, by position: free again in a model that routes them anew.
        var freed: [Position: Int] = [:]

        /// The stock as it was read, as a book over `network`.
        func book(_ network: Network) -> StockBook {
            StockBook(network: network, stored: .init(inventory: positions, heldByDay: heldByDay, sentByDay: sentByDay))
        }

        /// The stock and the selected orders (by default the planned ones), with what they hold.
        static func read(_ tx: StoreTransaction, _ selection: RulePreviewSelection = .pending) throws -> Snapshot {
            var s = Snapshot()
            s.positions = try tx.inventory.all()
            s.heldByDay = try tx.reservations.heldByShipDay()
            s.sentByDay = try tx.legs.sentByShipDay(from: CalendarDay(ordinal: 0))
            for p in s.positions { s.heldAtNode[p.node, default: 0] += p.reserved }
            let orders: [(seq: Int64, order: StoredOrder)]
            switch selection {
            case .pending: orders = try tx.orders.planned()
            case .last(let n): orders = try tx.orders.latest(n)
            }
            s.orders = orders.map { seq, stored in
                Pending(seq: seq, version: stored.version, order: stored.order, plan: stored.plan)
            }
            for held in try tx.reservations.held(orderSeqs: s.orders.map(\.seq)) {
                s.freed[Position(node: held.node, sku: held.sku), default: 0] += held.qty
            }
            return s
        }
    }
}
