import Dispatch
import OmniRouteHeuristics
import OmniRouteModel

/// Stock or capacity that orders compete for.
public enum Resource: Hashable, Sendable {
    case stock(node: Int, sku: Int)
    case capacity(node: Int)
}

/// Dantzig–Wolfe column generation for a group of orders that compete for scarce
/// stock and capacity.
///
/// The master problem chooses one route ("pattern") per order, subject to the scarce
/// rows; its LP is solved over the patterns found so far, and each order's pricing
/// problem — its own exact MILP with every unit surcharged by the scarce rows' dual
/// prices — yields new patterns and, at every round, a Lagrangian lower bound
/// `Σ_o min_route(cost + surcharge) + Σ_r dual_r × supply_r` that is valid for the
/// whole problem. The integer master over the patterns found (warm-started from the
/// greedy plan) gives the plan.
struct ColumnGeneration {
    let network: Network
    let orders: [Int]
    let scarce: [Resource]
    let supply: [Double]
    let full: InventoryLedger
    /// Promises routes must keep, by scenario order index.
    let promises: [Int: Promise]

    struct Pattern {
        var route: OrderRoute
        var cost: Double
        /// (scarce row, units).
        var usage: [(Int, Double)]
    }

    private(set) var patterns: [[Pattern]]
    /// The scarce rows each order could use (through any candidate).
    private var rowsOf: [[Int]] = []
    /// Each order's last pricing: the duals of its rows then, and the answer.
    private var lastPricing: [(duals: [Double], answer: (route: OrderRoute, value: Double, bound: Double))?] = []
    /// The last master LP's solution: each order's patterns with their values.
    private(set) var lastLP: [[(p: Int, z: Double)]] = []
    /// The last master LP's duals: of each order's convexity row, and of the scarce rows (≤ 0).
    private(set) var lastDuals: (sigma: [Double], pi: [Double])?
    private var rowOf: [Resource: Int] = [:]

    /// `start` holds each order's first routes; `alone` its optimum alone on full stock
    /// (the answer of its pricing problem while its rows' duals are zero).
    init(network: Network, orders: [Int], scarce: Set<Resource>, full: InventoryLedger, promises: [Int: Promise] = [:],
         start: [[OrderRoute]], alone: [(route: OrderRoute, cost: Double, bound: Double)]) {
        self.network = network
        self.orders = orders
        self.full = full
        self.promises = promises
        // Only the scarce rows these orders can touch.
        var touched = Set<Resource>()
        for o in orders {
            for cand in full.candidates(order: o) {
                if scarce.contains(.capacity(node: cand.node)) { touched.insert(.capacity(node: cand.node)) }
                for (l, sku) in network.orderSKUs[o].enumerated() where cand.available[l] > 0 {
                    if scarce.contains(.stock(node: cand.node, sku: sku)) { touched.insert(.stock(node: cand.node, sku: sku)) }
                }
            }
        }
        let rows = touched.sorted { a, b in
            switch (a, b) {
            case let (.stock(n1, s1), .stock(n2, s2)): (n1, s1) < (n2, s2)
            case let (.capacity(n1), .capacity(n2)): n1 < n2
            case (.stock, .capacity): true
            case (.capacity, .stock): false
            }
        }
        self.scarce = rows
        supply = rows.map {
            switch $0 {
            case let .stock(node, sku): Double(full.available(node: node, sku: sku))
            case let .capacity(node): Double(full.capacityLeft[node])
            }
        }
        for (i, r) in rows.enumerated() { rowOf[r] = i }
        var rowsOf: [[Int]] = []
        for o in orders {
            var mine = Set<Int>()
            for cand in full.candidates(order: o) {
                if let row = rowOf[.capacity(node: cand.node)] { mine.insert(row) }
                for (l, sku) in network.orderSKUs[o].enumerated() where cand.available[l] > 0 {
                    if let row = rowOf[.stock(node: cand.node, sku: sku)] { mine.insert(row) }
                }
            }
            rowsOf.append(mine.sorted())
        }
        self.rowsOf = rowsOf
        lastPricing = orders.indices.map { k in
            (rowsOf[k].map { _ in 0.0 }, (alone[k].route, alone[k].cost, alone[k].bound))
        }
        patterns = orders.map { _ in [] }
        for (k, routes) in start.enumerated() {
            for r in routes { add(r, at: k) }
            // Nothing sent keeps the master feasible whatever the first routes, unless a promise rules it out.
            let nothing = OrderRoute(order: orders[k])
            if promises[orders[k]]?.isKept(by: nothing) ?? true { add(nothing, at: k) }
        }
    }

    /// Adds a route as a pattern of the k-th order unless it is there; returns whether it was new.
    @discardableResult
    mutating func add(_ route: OrderRoute, at k: Int) -> Bool {
        let before = patterns[k].count
        return pattern(route, at: k) == before
    }

    /// The index of a route among the k-th order's patterns, added if it is new.
    mutating func pattern(_ route: OrderRoute, at k: Int) -> Int {
        var route = route
        route.legs.sort { $0.tariff.source < $1.tariff.source }  // one form per route
        if let p = patterns[k].firstIndex(where: { $0.route == route }) { return p }
        patterns[k].append(Pattern(route: route, cost: network.cost(of: route).total, usage: usage(of: route)))
        return patterns[k].count - 1
    }

    /// The master over the current patterns: continuous for the LP, binary for the plan.
    func master(integer: Bool) -> (model: LinearModel, columns: [(k: Int, p: Int)]) {
        var m = LinearModel(name: "master")
        var columns: [(k: Int, p: Int)] = []
        var convexity = orders.map { _ in [(column: Int, coefficient: Double)]() }
        var rows = scarce.map { _ in [(column: Int, coefficient: Double)]() }
        for (k, list) in patterns.enumerated() {
            for (p, pattern) in list.enumerated() {
                let z = m.addColumn("z", lower: 0, upper: 1, cost: pattern.cost, kind: integer ? .binary : .continuous)
                columns.append((k, p))
                convexity[k].append((z, 1))
                for (row, units) in pattern.usage { rows[row].append((z, units)) }
            }
        }
        for terms in convexity { m.addRow("one", lower: 1, upper: 1, terms: terms) }
        for (i, terms) in rows.enumerated() { m.addRow("scarce", upper: supply[i], terms: terms) }
        return (m, columns)
    }

    /// One order's pricing problem: its best route with every unit surcharged by the
    /// duals, the route's surcharged cost, and a proven lower bound on that optimum.
    func price(_ k: Int, duals: [Double]) -> (route: OrderRoute, value: Double, bound: Double)? {
        let surcharge = { (node: Int, sku: Int) -> Double in
            var extra = 0.0
            if let row = rowOf[.stock(node: node, sku: sku)] { extra -= duals[row] }
            if let row = rowOf[.capacity(node: node)] { extra -= duals[row] }
            return extra
        }
        let promise = promises[orders[k]]
        if let best = ExactPlanner.enumeratedOptimum(network: network, order: orders[k], ledger: full, surcharge: surcharge, promise: promise) {
            return (best.route, best.value, best.value)
        }
        let milp = RoutingMILP(network: network, orders: [orders[k]], ledger: full, surcharge: surcharge,
                               promises: promise.map { [orders[k]: $0] } ?? [:])
        let result = GLPK.solve(milp.model, options: SolverOptions(gap: 0, presolve: true))
        guard result.status == .optimal, let objective = result.objective else { return nil }
        return (milp.routes(from: result.x)[0], objective, min(objective, result.bound ?? objective))
    }

    /// Runs column generation until no pattern prices out, the LP and the bound meet
    /// within `gap`, or `deadline` passes. Returns the best Lagrangian bound (at least
    /// `startBound`, the bound with all duals zero) and leaves the last LP solution in
    /// `lastLP`.
    mutating func run(deadline: Double, gap: Double, startBound: Double,
                      log: ((String) -> Void)? = nil) -> (bound: Double, rounds: Int) {
        var best = startBound
        var rounds = 0
        // Rows: one convexity row per order (= 1), then the scarce rows (≤ supply).
        let rows = orders.map { _ in (lower: 1.0, upper: 1.0) } + supply.map { (lower: -Double.infinity, upper: $0) }
        var inLP: [(k: Int, p: Int)] = []
        _ = GLPK.withIncrementalLP(rows: rows) { lp in
            func addToLP(_ list: [(k: Int, p: Int)]) -> Bool {
                let columns = list.map { k, p in
                    let pattern = patterns[k][p]
                    return (cost: pattern.cost, lower: 0.0, upper: Double.infinity,
                            entries: [(row: k, value: 1.0)] + pattern.usage.map { (row: orders.count + $0.0, value: $0.1) })
                }
                guard lp.addColumns(columns) else { return false }
                inLP += list
                return true
            }
            let first = patterns.indices.flatMap { k in patterns[k].indices.map { (k: k, p: $0) } }
            guard addToLP(first) else { return }
            // Start from the first route of every order (the greedy plan, feasible together):
            // without it the simplex needs a pivot per order just to become feasible.
            _ = lp.startBasis(first.enumerated().compactMap { j, c in c.p == 0 ? (row: c.k, column: j) : nil })
            while OnlinePlanner.now() < deadline {
                rounds += 1
                let t0 = OnlinePlanner.now()
                guard let solution = lp.solve(timeLimit: max(1, deadline - OnlinePlanner.now())) else { return }
                let t1 = OnlinePlanner.now()
                lastLP = orders.map { _ in [] }
                for (j, c) in inLP.enumerated() where solution.x[j] > 1e-9 { lastLP[c.k].append((c.p, solution.x[j])) }
                let sigma = Array(solution.duals[0..<orders.count])
                let pi = Array(solution.duals[orders.count...]).map { min(0, $0) }
                lastDuals = (sigma, pi)
                if solution.objective - best <= gap * max(1, abs(solution.objective)) { return }
                let priced = priceAll(pi, deadline: deadline)
                var lagrangian = zip(pi, supply).reduce(0.0) { $0 + $1.0 * $1.1 }
                var complete = true
                var added: [(k: Int, p: Int)] = []
                for k in orders.indices {
                    guard let p = priced[k] else { complete = false; continue }
                    lastPricing[k] = (rowsOf[k].map { pi[$0] }, p)
                    lagrangian += p.bound
                    if p.value - sigma[k] < -1e-7, add(p.route, at: k) { added.append((k, patterns[k].count - 1)) }
                }
                if complete { best = max(best, lagrangian) }
                log?("round \(rounds): master LP \(solution.objective) in \(t1 - t0) s over \(inLP.count) routes; "
                     + "pricing \(OnlinePlanner.now() - t1) s, \(complete ? "bound \(lagrangian)" : "no bound"), \(added.count) new routes")
                if added.isEmpty { return }
                guard addToLP(added) else { return }
            }
        }
        return (best, rounds)
    }

    /// Prices every order at scarce-row duals `pi`, in parallel (each thread has its own GLPK environment).
    /// An order whose rows' duals are what they were at its last pricing gets the same answer.
    /// Pricing stops at `deadline` (the round then gives no bound).
    func priceAll(_ pi: [Double], deadline: Double) -> [(route: OrderRoute, value: Double, bound: Double)?] {
        let priced = UnsafeMutableBufferPointer<(route: OrderRoute, value: Double, bound: Double)?>.allocate(capacity: orders.count)
        priced.initialize(repeating: nil)
        var stale: [Int] = []
        for k in orders.indices {
            if let last = lastPricing[k], last.duals == rowsOf[k].map({ pi[$0] }) { priced[k] = last.answer } else { stale.append(k) }
        }
        defer { priced.deinitialize(); priced.deallocate() }
        nonisolated(unsafe) let out = priced
        let me = self
        let workers = 2
        let todo = stale
        DispatchQueue.concurrentPerform(iterations: workers) { w in
            var i = w
            while i < todo.count, OnlinePlanner.now() < deadline {
                out[todo[i]] = me.price(todo[i], duals: pi)
                i += workers
            }
        }
        return Array(priced)
    }

    /// The scarce rows a route uses: (row, units).
    func usage(of route: OrderRoute) -> [(Int, Double)] {
        var usage: [Int: Double] = [:]
        let skus = network.orderSKUs[route.order]
        for leg in route.legs {
            let node = leg.tariff.source
            for (l, q) in leg.quantities.enumerated() where q > 0 {
                if let row = rowOf[.stock(node: node, sku: skus[l])] { usage[row, default: 0] += Double(q) }
                if let row = rowOf[.capacity(node: node)] { usage[row, default: 0] += Double(q) }
            }
        }
        return usage.sorted { $0.key < $1.key }
    }

    /// A plan rounded from the last master LP: orders whose LP choice is most certain
    /// first, each taking its heaviest pattern that still fits, else its best route on
    /// what is left (`RouteEnumeration`, or the greedy heuristic where that declines).
    /// Always feasible; nil where an order's promise can no longer be kept.
    func roundedPlan() -> [OrderRoute]? {
        guard lastLP.count == orders.count else { return nil }
        var ledger = full
        var router = GreedyRouter(network: network)
        func bestLeft(_ o: Int) -> OrderRoute {
            ExactPlanner.enumeratedOptimum(network: network, order: o, ledger: ledger, promise: promises[o])?.route
                ?? router.route(order: o, ledger: ledger)
        }
        let sequence = orders.indices.sorted { a, b in
            (lastLP[a].map(\.z).max() ?? 0) > (lastLP[b].map(\.z).max() ?? 0)
        }
        var routes: [OrderRoute] = []
        for k in sequence {
            let preferred = lastLP[k].sorted { $0.z > $1.z }.map { patterns[k][$0.p].route }
            let route = preferred.first { ledger.canApply($0) } ?? bestLeft(orders[k])
            // No route on what is left keeps the order's promise: no rounded plan.
            guard promises[orders[k]]?.isKept(by: route) ?? true else { return nil }
            ledger.apply(route)
            routes.append(route)
        }
        return routes
    }

    /// The integer master improved by large-neighbourhood search (`NeighbourhoodSearch`)
    /// from `start`, a feasible plan of the group, until `deadline`, until the plan is
    /// within `gap` of `bound`, or until one neighbourhood held every order; never worse
    /// than `start`. Routes the search finds become patterns.
    mutating func search(from start: [OrderRoute], deadline: Double, bound: Double, gap: Double,
                         log: ((String) -> Void)? = nil) -> (routes: [OrderRoute], report: PatternSearch.Report)? {
        let indexOf = Dictionary(uniqueKeysWithValues: orders.enumerated().map { ($1, $0) })
        var choice = [Int](repeating: -1, count: orders.count)
        for r in start {
            guard let k = indexOf[r.order] else { return nil }
            choice[k] = pattern(r, at: k)
        }
        guard !choice.contains(-1) else { return nil }
        let state = PatternSearch(costs: patterns.map { $0.map(\.cost) },
                                  usage: patterns.map { $0.map { $0.usage.map { (row: $0.0, units: $0.1) } } },
                                  rows: rowsOf, supply: supply, start: choice, duals: lastDuals)
        let search = NeighbourhoodSearch(generation: self, state: state, start: start)
        search.run(deadline: deadline, bound: bound, gap: gap, log: log)
        self = search.generation
        return (orders.indices.map { patterns[$0][search.state.choice[$0]].route }, search.report)
    }

    /// The best integer choice of one pattern per order (warm-started from pattern 0
    /// of each order, the greedy route), or nil.
    func integerPlan(timeLimit: Double, gap: Double) -> [OrderRoute]? {
        let (model, columns) = master(integer: true)
        var warm = [Double](repeating: 0, count: columns.count)
        for (j, c) in columns.enumerated() where c.p == 0 { warm[j] = 1 }
        let result = GLPK.solve(model, options: SolverOptions(timeLimit: max(1, timeLimit), gap: gap, presolve: true, cuts: true),
                                incumbent: warm)
        guard result.status == .optimal || result.status == .feasible else { return nil }
        var routes: [OrderRoute] = []
        for (j, c) in columns.enumerated() where result.x[j] > 0.5 { routes.append(patterns[c.k][c.p].route) }
        return routes.count == orders.count ? routes : nil
    }
}
