import Dispatch
import OmniRouteHeuristics
import OmniRouteModel

/// The exact engine: plans orders with the MILP of `RoutingMILP` on GLPK.
///
/// - `batch`: all orders jointly. Orders interact only through stock and capacity
///   that could run short, so the problem splits exactly into independent groups:
///   a stock or capacity row whose potential demand fits can never bind, and orders
///   linked only through such rows are independent. A single order is solved alone;
///   a group by column generation (`ColumnGeneration`: a Lagrangian bound, and a plan
///   from the routes it finds, improved by large-neighbourhood search), then, while it
///   is unproven and its share of the time lasts, by its own MILP warm-started from the
///   best plan so far. A group's bound is
///   the best of these, at least the sum of its orders' bounds when each is solved
///   alone on full stock (a relaxation). The plan's bound is the sum over groups, and
///   the plan is never worse than the greedy plan it starts from. `options.workLimit`
///   (tests) adds a stop by work: rounds and neighbourhoods per group, the MILPs skipped.
/// - `myopic`: orders one at a time in arrival order, each optimal on what the ones
///   before it left: the best a checkout could do.
///
/// Both honour the sourcing rules: reserve classes couple orders like stock rows (grouping,
/// column generation, covers, the search), and `ReserveLedger` keeps what each has left.
/// A warm start that breaks a rule is repaired order by order (`rulesHonoured`).
public struct ExactPlanner: Sendable {
    public let network: Network
    public var options: SolverOptions
    /// Promises routes must keep, by scenario order index (`replan --keep-promises`):
    /// `batch` and `solveOrder` then plan and bound over routes that keep them
    /// (`myopic` ignores them). `batch`'s warm start must keep them.
    public var promises: [Int: Promise]

    public init(network: Network, options: SolverOptions = SolverOptions(), promises: [Int: Promise] = [:]) {
        self.network = network
        self.options = options
        self.promises = promises
    }

    /// What a run produced.
    public struct Outcome: Sendable {
        public var routes: [OrderRoute]
        /// Proven lower bound on the cost of any feasible plan.
        public var bound: Double
        public var seconds: Double
        public var stats: Stats
    }

    /// How the work split.
    public struct Stats: Sendable, CustomStringConvertible {
        public var orders = 0
        /// Independent groups solved jointly (two or more orders) and their sizes.
        public var jointGroups: [Int] = []
        /// Orders whose group is themselves alone.
        public var ordersAlone = 0
        /// Groups whose MILP stopped before proving optimality (time limit) or failed.
        public var unprovenGroups = 0
        /// Groups where GLPK did not beat the greedy warm start.
        public var greedyKept = 0
        public var relaxationBound = 0.0

        public var description: String {
            "\(orders) orders: \(ordersAlone) alone, \(jointGroups.count) "
                + "joint groups (largest \(jointGroups.max() ?? 0) orders), "
                + "\(unprovenGroups) unproven, \(greedyKept) kept greedy; each order alone on full stock: "
                + "\(relaxationBound)"
        }
    }

    /// Groups above this many orders are not given to GLPK as one compact MILP.
    static let largestCompactGroup = 2_000
    /// Nor a compact MILP of more columns than this: GLPK's first LP of one does not keep to the
    /// time limit (east-thanksgiving's 1,984 orders on every ship day: 2 million columns, 46 s
    /// past a limit of 6 s, 5 GB).
    static let largestCompactModel = 400_000
    /// Groups above this many orders skip GLPK's integer master over all their routes
    /// (it finds no incumbent of its own there; the neighbourhood search does better).
    static let largestIntegerMaster = 300

    // MARK: one order

    /// The optimal route of order `o` on what `ledger` has left (warm-started from
    /// `warmStart` when it fits), with its proven bound. With a promise, the warm start
    /// must keep it.
    public func solveOrder(_ o: Int, ledger: InventoryLedger, warmStart: OrderRoute?) -> (
        route: OrderRoute, cost: Double, bound: Double, proven: Bool
    ) {
        solveOrder(o, ledger: ledger, reserves: nil, warmStart: warmStart)
    }

    /// `solveOrder(_:ledger:warmStart:)` with what the reserve classes have left (`reserves`;
    /// nil: their full limits). A warm start that breaks the order's rules is not used.
    func solveOrder(_ o: Int, ledger: InventoryLedger, reserves: ReserveLedger?, warmStart: OrderRoute?) -> (
        route: OrderRoute, cost: Double, bound: Double, proven: Bool
    ) {
        if let best = Self.enumeratedOptimum(
            network: network, order: o, ledger: ledger, reserves: reserves, promise: promises[o])
        {
            return (best.route, best.value, best.value, true)
        }
        var warmStart = warmStart
        if network.ruleBook != nil, let w = warmStart {
            let priced = network.pricedRoute(w)
            let fits = reserves?.canApply(priced) ?? ReserveLedger(network: network).canApply(priced)
            warmStart = network.honoursOrderRules(priced) && fits ? priced : nil
        }
        let milp = RoutingMILP(
            network: network, orders: [o], ledger: ledger, promises: promises[o].map { [o: $0] } ?? [:],
            reserves: reserves)
        let fallback = warmStart ?? OrderRoute(order: o)
        let fallbackCost = network.cost(of: fallback).total
        let result = GLPK.solve(
            milp.model, options: SolverOptions(timeLimit: options.timeLimit, gap: 0, presolve: true, cuts: false),
            incumbent: warmStart.flatMap { milp.vector(for: [$0]) })
        switch result.status {
        case .optimal, .feasible:
            let route = milp.routes(from: result.x)[0]
            let cost = network.cost(of: route).total
            let proven = result.status == .optimal
            if cost <= fallbackCost + 1e-9 {
                return (route, cost, proven ? min(cost, result.bound ?? cost) : (result.bound ?? 0), proven)
            }
            return (fallback, fallbackCost, min(fallbackCost, result.bound ?? 0), false)
        default:
            return (fallback, fallbackCost, min(fallbackCost, result.bound ?? 0), false)
        }
    }

    /// The optimum of order `o` on what `ledger` has left by `RouteEnumeration`, with
    /// `surcharge(node, sku, day)` added per unit taken and `legCharge(node)` per leg, keeping
    /// `promise`; nil where capacity could bind within the order, a charged leg would cost
    /// less than nothing, the search is too large (the order's MILP then decides) or no
    /// route keeps the promise.
    static func enumeratedOptimum(
        network: Network, order o: Int, ledger: InventoryLedger, reserves: ReserveLedger? = nil,
        surcharge: ((Int, Int, Int) -> Double)? = nil, legCharge: ((Int) -> Double)? = nil,
        promise: Promise? = nil
    ) -> (route: OrderRoute, value: Double)? {
        guard
            var search = RouteEnumeration(
                network: network, order: o,
                candidates: network.exactCandidates(order: o, ledger: ledger, reserves: reserves), surcharge: surcharge,
                legCharge: legCharge, promise: promise)
        else { return nil }
        return search.solve()
    }

    // MARK: myopic

    /// Orders one at a time in arrival order, each solved exactly on what is left
    /// (warm-started from the greedy route). The bound is the relaxation bound: every
    /// order alone on full stock.
    public func myopic() -> Outcome {
        let start = OnlinePlanner.now()
        var ledger = InventoryLedger(network: network)
        var reserves = ReserveLedger(network: network)
        var greedy = GreedyRouter(network: network)
        var routes: [OrderRoute] = []
        var stats = Stats()
        for o in network.scenario.ordersInArrivalOrder {
            let warm = greedy.route(order: o, ledger: ledger)
            let solved = solveOrder(o, ledger: ledger, reserves: reserves, warmStart: warm)
            ledger.apply(solved.route)
            reserves.apply(solved.route)
            routes.append(solved.route)
            if !solved.proven { stats.unprovenGroups += 1 }
        }
        stats.orders = routes.count
        stats.ordersAlone = routes.count
        let relaxation = independentOptima(warmStarts: routes)
        stats.relaxationBound = relaxation.bound
        let bound = relaxation.bound
        return Outcome(routes: routes, bound: bound, seconds: OnlinePlanner.now() - start, stats: stats)
    }

    /// A proven lower bound on any plan's cost, cheaper than a joint solve: every order
    /// solved alone and exactly on full stock (the relaxation without competition for
    /// stock and capacity). One small MILP per order.
    public func relaxationBound() -> Double {
        let greedy = OnlinePlanner(network: network).run(GreedyRouter(network: network)).routes
        return independentOptima(warmStarts: greedy).bound
    }

    // MARK: batch

    /// Every order alone on full stock: a route, its cost and its bound per order
    /// (on two threads, each with its own GLPK environment).
    func independentOptima(warmStarts: [OrderRoute]) -> (routes: [OrderRoute], bounds: [Double], bound: Double) {
        let full = InventoryLedger(network: network)
        let count = network.orders.count
        var warm = [OrderRoute?](repeating: nil, count: count)
        for r in warmStarts { warm[r.order] = r }
        let solved = UnsafeMutableBufferPointer<(route: OrderRoute, bound: Double)>.allocate(capacity: count)
        solved.initialize(repeating: (OrderRoute(order: 0), 0))
        defer {
            solved.deinitialize()
            solved.deallocate()
        }
        nonisolated(unsafe) let out = solved
        let workers = 2
        let me = self
        let starts = warm
        DispatchQueue.concurrentPerform(iterations: workers) { w in
            for o in stride(from: w, to: count, by: workers) {
                // A warm start made on less stock still fits full stock.
                let answer = me.solveOrder(o, ledger: full, warmStart: starts[o])
                out[o] = (answer.route, answer.bound)
            }
        }
        let bounds = solved.map(\.bound)
        return (solved.map(\.route), bounds, bounds.reduce(0, +))
    }

    /// All orders jointly. `warmStart` (one feasible route per order; by default the
    /// online greedy plan) is the incumbent each group starts from and the plan kept
    /// where nothing better is found. `progress` hears a line of news as each group is solved.
    public func batch(warmStart: [OrderRoute]? = nil, progress: ((String) -> Void)? = nil) -> Outcome {
        let start = OnlinePlanner.now()
        // Every line of news says when it happened.
        let progress = progress.map { say in
            { (line: String) in say("[\(((OnlinePlanner.now() - start) * 10).rounded() / 10) s] \(line)") }
        }
        let deadline = start + (options.timeLimit ?? .infinity)
        // A work limit (tests): rounds and neighbourhoods counted; the uncounted MILP phases skipped.
        let work = options.workLimit
        let full = InventoryLedger(network: network)
        let greedy = rulesHonoured(
            warmStart ?? OnlinePlanner(network: network).run(GreedyRouter(network: network)).routes)
        var greedyByOrder = [OrderRoute](repeating: OrderRoute(order: 0), count: network.orders.count)
        for r in greedy { greedyByOrder[r.order] = r }

        let alone = independentOptima(warmStarts: greedy)
        var stats = Stats()
        stats.orders = network.orders.count
        stats.relaxationBound = alone.bound
        progress?("every order alone on full stock: bound \(Self.cents(alone.bound))")

        // If the orders' separate optima fit the stock and capacity together, they are jointly optimal.
        if fits(alone.routes) {
            stats.ordersAlone = network.orders.count
            return Outcome(routes: alone.routes, bound: alone.bound, seconds: OnlinePlanner.now() - start, stats: stats)
        }

        let (groups, scarce) = independentGroups(ledger: full)
        var routes = alone.routes
        var bound = 0.0
        let joint = groups.filter { $0.count > 1 }.sorted { $0.count < $1.count }
        for group in groups where group.count == 1 { bound += alone.bounds[group[0]] }
        stats.ordersAlone = groups.count - joint.count
        var ordersLeft = joint.reduce(0) { $0 + $1.count }
        for group in joint {
            stats.jointGroups.append(group.count)
            let share = max(1, (deadline - OnlinePlanner.now()) * Double(group.count) / Double(ordersLeft))
            ordersLeft -= group.count
            let warm = group.map { greedyByOrder[$0] }
            let warmCost = warm.reduce(0.0) { $0 + network.cost(of: $1).total }
            let relaxation = group.reduce(0.0) { $0 + alone.bounds[$1] }
            var cg = ColumnGeneration(
                network: network, orders: group, scarce: scarce, full: full, promises: promises,
                start: group.map { [greedyByOrder[$0], alone.routes[$0]] },
                alone: group.map { (alone.routes[$0], network.cost(of: alone.routes[$0]).total, alone.bounds[$0]) })
            let groupDeadline = OnlinePlanner.now() + share
            let generation = cg.run(
                deadline: OnlinePlanner.now() + share * 0.4, gap: options.gap / 100, startBound: relaxation,
                maxRounds: work?.generationRounds ?? .max,
                log: progress.map { say in { say("  group of \(group.count): \($0)") } })
            var chosen = warm
            var chosenCost = warmCost
            func consider(_ solved: [OrderRoute]?, _ what: String) {
                guard let solved else { return }
                let cost = solved.reduce(0.0) { $0 + network.cost(of: $1).total }
                progress?("  group of \(group.count): \(what) \(Self.cents(cost))")
                if cost < chosenCost - 1e-9 {
                    chosen = solved
                    chosenCost = cost
                }
            }
            consider(cg.roundedPlan(), "rounded LP")
            if group.count <= Self.largestIntegerMaster, work == nil {
                consider(
                    cg.integerPlan(timeLimit: (groupDeadline - OnlinePlanner.now()) * 0.2, gap: options.gap / 2),
                    "integer master")
            }
            // Large-neighbourhood search over the routes found, leaving time for the compact MILP where it runs.
            let compactShare =
                group.count <= Self.largestCompactGroup && cg.compactColumns <= Self.largestCompactModel && work == nil
                ? 0.3 : 0
            let searchUntil = groupDeadline - (groupDeadline - OnlinePlanner.now()) * compactShare
            let t0 = OnlinePlanner.now()
            if chosenCost - generation.bound > options.gap * max(1, abs(chosenCost)),
                let searched = cg.search(
                    from: chosen, deadline: searchUntil, bound: generation.bound, gap: options.gap,
                    maxNeighbourhoods: work?.neighbourhoods ?? .max,
                    log: progress.map { say in { say("  group of \(group.count): \($0)") } })
            {
                let r = searched.report
                func parts(_ g: (reducedCosts: Double, idleSupply: Double)?) -> String {
                    g.map {
                        "reduced costs \(Self.cents($0.reducedCosts)) + idle priced supply \(Self.cents($0.idleSupply))"
                    } ?? "no duals"
                }
                progress?(
                    "  group of \(group.count): search: \(r.neighbourhoods) neighbourhoods (\(r.proven) proven), "
                        + "\(r.improvements) improvements "
                        + "(saving \(Self.cents(r.patternGain)) by pattern, \(Self.cents(r.compactGain)) "
                        + "by compact neighbourhoods), \(r.dropped) "
                        + "dropped in \(Self.cents(OnlinePlanner.now() - t0)) s; above the LP: "
                        + "\(parts(r.gapBefore)) before, \(parts(r.gapAfter)) after"
                )
                consider(searched.routes, "search")
            }
            var groupBound = generation.bound
            if cg.compactColumns > Self.largestCompactModel {
                progress?("  group of \(group.count): no compact MILP (about \(cg.compactColumns) columns)")
            }
            // Not proven yet and time left: the group's own MILP, warm-started from the best plan.
            // It settles small groups exactly; past a few thousand orders GLPK cannot use it
            // in the time, and the model alone would take gigabytes.
            if work == nil, group.count <= Self.largestCompactGroup, cg.compactColumns <= Self.largestCompactModel,
                chosenCost - groupBound > options.gap * max(1, abs(chosenCost)),
                groupDeadline - OnlinePlanner.now() > 0.05
            {
                let milp = RoutingMILP(network: network, orders: group, ledger: full, promises: promises)
                var milpOptions = options
                milpOptions.timeLimit = groupDeadline - OnlinePlanner.now()
                let result = GLPK.solve(milp.model, options: milpOptions, incumbent: milp.vector(for: chosen))
                if result.status == .optimal || result.status == .feasible {
                    let solved = milp.routes(from: result.x)
                    let cost = solved.reduce(0.0) { $0 + network.cost(of: $1).total }
                    if cost < chosenCost - 1e-9 {
                        chosen = solved
                        chosenCost = cost
                    }
                }
                if let b = result.bound { groupBound = max(groupBound, b) }
            }
            if chosen == warm { stats.greedyKept += 1 }
            groupBound = min(groupBound, chosenCost)
            if (chosenCost - groupBound) > options.gap * max(1, abs(chosenCost)) { stats.unprovenGroups += 1 }
            bound += groupBound
            for r in chosen { routes[r.order] = r }
            progress?(
                "group of \(group.count) orders: cost \(Self.cents(chosenCost)), bound \(Self.cents(groupBound)) "
                    + "after \(generation.rounds) rounds, \(cg.patterns.reduce(0) { $0 + $1.count }) routes"
            )
        }
        return Outcome(routes: routes, bound: bound, seconds: OnlinePlanner.now() - start, stats: stats)
    }

    /// A cost rounded to cents, for progress news.
    static func cents(_ x: Double) -> Double { (x * 100).rounded() / 100 }

    /// Whether the routes together fit the scenario's stock and capacity (and the reserves).
    func fits(_ routes: [OrderRoute]) -> Bool {
        var ledger = InventoryLedger(network: network)
        var reserves = ReserveLedger(network: network)
        for r in routes {
            guard ledger.canApply(r), reserves.canApply(r) else { return false }
            ledger.apply(r)
            reserves.apply(r)
        }
        return true
    }

    /// A warm start that honours the rules: each route (in arrival order) priced with its
    /// order's surcharges and kept where it keeps the order's filters, cap on legs and promise
    /// and fits the stock, capacity and reserves left; any other is replaced by the order's best
    /// route on what is left. Without rules, `routes` unchanged.
    func rulesHonoured(_ routes: [OrderRoute]) -> [OrderRoute] {
        guard network.ruleBook != nil else { return routes }
        var byOrder = [OrderRoute?](repeating: nil, count: network.orders.count)
        for r in routes { byOrder[r.order] = network.pricedRoute(r) }
        var ledger = InventoryLedger(network: network)
        var reserves = ReserveLedger(network: network)
        var out: [OrderRoute] = []
        for o in network.scenario.ordersInArrivalOrder {
            var route = byOrder[o] ?? OrderRoute(order: o)
            if !(network.honoursOrderRules(route) && ledger.canApply(route) && reserves.canApply(route)
                && (promises[o]?.isKept(by: route) ?? true))
            {
                route = solveOrder(o, ledger: ledger, reserves: reserves, warmStart: nil).route
            }
            ledger.apply(route)
            reserves.apply(route)
            out.append(route)
        }
        return out
    }

    /// Orders grouped so that no stock or capacity that could run short is shared
    /// between groups (union-find over the rows whose potential demand exceeds supply,
    /// `Network.potentials`), and those rows (`Resource`).
    func independentGroups(ledger: InventoryLedger) -> (groups: [[Int]], scarce: Set<Resource>) {
        let n = network.orders.count
        var parent = Array(0..<n)
        func find(_ a: Int) -> Int {
            var a = a
            while parent[a] != a {
                parent[a] = parent[parent[a]]
                a = parent[a]
            }
            return a
        }
        var potential: [Resource: Int] = [:]
        var users: [Resource: [Int]] = [:]
        for o in 0..<n {
            let candidates = network.exactCandidates(order: o, ledger: ledger)
            let rules = network.rules(for: network.resolved(o))
            for (r, units) in network.potentials(order: o, candidates: candidates, rules: rules) {
                potential[r, default: 0] += units
                users[r, default: []].append(o)
            }
        }
        func join(_ users: [Int]) {
            guard let first = users.first else { return }
            let root = find(first)
            for u in users.dropFirst() {
                let r = find(u)
                if r != root { parent[r] = root }
            }
        }
        // A row couples its orders where their potential exceeds what it has (a reserve class like a stock row).
        var scarce = Set<Resource>()
        for (r, orders) in users where potential[r]! > network.supply(of: r, ledger: ledger, reserves: nil) {
            join(orders)
            scarce.insert(r)
        }
        var groups: [Int: [Int]] = [:]
        for o in 0..<n { groups[find(o), default: []].append(o) }
        return (groups.values.map { $0.sorted() }.sorted { $0[0] < $1[0] }, scarce)
    }
}
