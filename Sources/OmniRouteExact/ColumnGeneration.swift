import Dispatch
import OmniRouteHeuristics
import OmniRouteModel

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
///
/// Once pricing has converged, flow cover cuts (`FlowCover`) on the scarce rows raise
/// the LP and the bound; they are rows of the master after the scarce rows, with the
/// same supply-and-usage form, so the search treats them as rows too (every plan
/// satisfies them).
struct ColumnGeneration {
    let network: Network
    let orders: [Int]
    let scarce: [Resource]
    /// The supply of each row: the scarce rows, then the cuts.
    private(set) var supply: [Double]
    /// The cuts, row `scarce.count + c` for cut `c`.
    private(set) var cuts: [FlowCover] = []
    /// The cuts each order is a member of.
    private var cutsOf: [[Int]] = []
    private var indexOf: [Int: Int] = [:]
    /// The most units each order could take from each scarce row it could use.
    private var mostUnits: [[Int: Double]] = []
    let full: InventoryLedger
    /// About how many columns the group's compact MILP (`RoutingMILP`) would have: a leg and its
    /// units per tariff of every candidate (dominated tariffs are left out there).
    private(set) var compactColumns = 0
    /// Promises routes must keep, by scenario order index.
    let promises: [Int: Promise]

    struct Pattern {
        var route: OrderRoute
        var cost: Double
        /// (scarce row, units).
        var usage: [(Int, Double)]
    }

    private(set) var patterns: [[Pattern]]
    /// The rows each order could use (through any candidate, and the cuts it is in).
    private var rowsOf: [[Int]] = []
    /// Each order's last pricing: the duals of its rows then, and the answer.
    private var lastPricing: [(duals: [Double], answer: (route: OrderRoute, value: Double, bound: Double))?] = []
    /// The last master LP's solution: each order's patterns with their values.
    private(set) var lastLP: [[(p: Int, z: Double)]] = []
    /// The last master LP's duals: of each order's convexity row, and of the scarce rows (≤ 0).
    private(set) var lastDuals: (sigma: [Double], pi: [Double])?
    private var rowOf: [Resource: Int] = [:]
    /// Per order: the scarce rows a unit of a sku from a node on a ship day uses, for each of its candidates.
    private var unitRows: [[UnitKey: [Int]]] = []

    /// A unit of `sku` sent from `node` on a leg shipping on `day`.
    struct UnitKey: Hashable {
        var node: Int
        var sku: Int
        var day: Int
    }

    /// `start` holds each order's first routes; `alone` its optimum alone on full stock
    /// (the answer of its pricing problem while its rows' duals are zero).
    init(
        network: Network, orders: [Int], scarce: Set<Resource>, full: InventoryLedger, promises: [Int: Promise] = [:],
        start: [[OrderRoute]], alone: [(route: OrderRoute, cost: Double, bound: Double)]
    ) {
        self.network = network
        self.orders = orders
        self.full = full
        self.promises = promises
        // Only the scarce rows these orders can touch.
        var touched = Set<Resource>()
        let candidates = orders.map { network.exactCandidates(order: $0, ledger: full) }
        let rules = orders.map { network.rules(for: network.resolved($0)) }
        for (k, o) in orders.enumerated() {
            let skus = network.orderSKUs[o]
            for cand in candidates[k] {
                let day = cand.shipsOn
                for (l, sku) in skus.enumerated() where cand.available[l] > 0 {
                    for r in network.resources(
                        sku: sku, line: l, node: cand.node, day: day, rules: rules[k], skus: skus)
                    where scarce.contains(r) {
                        touched.insert(r)
                    }
                }
            }
        }
        let rows = touched.sorted(by: Resource.precedes)
        self.scarce = rows
        supply = rows.map { Double(network.supply(of: $0, ledger: full, reserves: nil)) }
        var rowOf: [Resource: Int] = [:]
        for (i, r) in rows.enumerated() { rowOf[r] = i }
        self.rowOf = rowOf
        var rowsOf: [[Int]] = []
        var mostUnits: [[Int: Double]] = []
        var unitRows: [[UnitKey: [Int]]] = []
        for (k, o) in orders.enumerated() {
            // The most units the order could take from each row it could use, and the rows of each unit.
            let skus = network.orderSKUs[o]
            var mine: [Int: Double] = [:]
            for (r, units) in network.potentials(order: o, candidates: candidates[k], rules: rules[k], capped: true) {
                if let row = rowOf[r] { mine[row] = Double(units) }
            }
            var rowsHere: [UnitKey: [Int]] = [:]
            for cand in candidates[k] {
                for (l, sku) in skus.enumerated() where cand.available[l] > 0 {
                    rowsHere[UnitKey(node: cand.node, sku: sku, day: cand.shipsOn)] = network.resources(
                        sku: sku, line: l, node: cand.node, day: cand.shipsOn, rules: rules[k], skus: skus
                    ).compactMap { rowOf[$0] }
                }
            }
            rowsOf.append(mine.keys.sorted())
            mostUnits.append(mine)
            unitRows.append(rowsHere)
        }
        self.rowsOf = rowsOf
        self.mostUnits = mostUnits
        compactColumns = candidates.reduce(0) { sum, list in
            sum + list.reduce(0) { $0 + $1.tariffs.count * (1 + $1.available.count { $0 > 0 }) }
        }
        self.unitRows = unitRows
        cutsOf = orders.map { _ in [] }
        for (k, o) in orders.enumerated() { indexOf[o] = k }
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
        var rows = supply.map { _ in [(column: Int, coefficient: Double)]() }
        for (k, list) in patterns.enumerated() {
            for (p, pattern) in list.enumerated() {
                let z = m.addColumn("z", lower: 0, upper: 1, cost: pattern.cost, kind: integer ? .binary : .continuous)
                columns.append((k, p))
                convexity[k].append((z, 1))
                for (row, units) in pattern.usage { rows[row].append((z, units)) }
            }
        }
        for terms in convexity { m.addRow("one", lower: 1, upper: 1, terms: terms) }
        for (i, terms) in rows.enumerated() {
            m.addRow(i < scarce.count ? "scarce" : "cut", upper: supply[i], terms: terms)
        }
        return (m, columns)
    }

    /// One order's pricing problem: its best route with every unit surcharged by the
    /// duals, the route's surcharged cost, and a proven lower bound on that optimum.
    ///
    /// A cut `c` the order is in, with dual `μ ≤ 0` and slack coefficient `β`, adds `−μ` to
    /// each unit taken from its row, `μβ` to a leg at its node and `−μβ` to every route.
    func price(_ k: Int, duals: [Double]) -> (route: OrderRoute, value: Double, bound: Double)? {
        var cutUnits: [(row: Int, charge: Double)] = []
        var legCharges: [Int: Double] = [:]
        var constant = 0.0
        for c in cutsOf[k] where duals[scarce.count + c] < 0 {
            let mu = duals[scarce.count + c]
            let cut = cuts[c]
            let beta = cut.members[k] ?? 0
            cutUnits.append((cut.row, -mu))
            legCharges[cut.node, default: 0] += mu * beta
            constant -= mu * beta
        }
        let unitRows = self.unitRows[k]
        let surcharge = { (node: Int, sku: Int, day: Int) -> Double in
            var extra = 0.0
            let rows = unitRows[UnitKey(node: node, sku: sku, day: day)] ?? []
            for row in rows { extra -= duals[row] }
            for (row, charge) in cutUnits where rows.contains(row) { extra += charge }
            return extra
        }
        let legCharge: ((Int) -> Double)? = legCharges.isEmpty ? nil : { legCharges[$0] ?? 0 }
        let promise = promises[orders[k]]
        if let best = ExactPlanner.enumeratedOptimum(
            network: network, order: orders[k], ledger: full, surcharge: surcharge,
            legCharge: legCharge, promise: promise)
        {
            return (best.route, best.value + constant, best.value + constant)
        }
        let milp = RoutingMILP(
            network: network, orders: [orders[k]], ledger: full, surcharge: surcharge, legCharge: legCharge,
            promises: promise.map { [orders[k]: $0] } ?? [:])
        let result = GLPK.solve(milp.model, options: SolverOptions(gap: 0, presolve: true))
        guard result.status == .optimal, let objective = result.objective else { return nil }
        return (
            milp.routes(from: result.x)[0], objective + constant, min(objective, result.bound ?? objective) + constant
        )
    }

    /// Runs column generation until no pattern prices out and no flow cover is broken
    /// (at most `cutRounds` rounds of cuts), `deadline` passes or `maxRounds` rounds are done. Returns the best
    /// Lagrangian bound (at least `startBound`, the bound with all duals zero) and leaves
    /// the last LP solution in `lastLP`. Pricing stops early once the LP and the bound
    /// meet within `gap`; cuts are then sought.
    mutating func run(
        deadline: Double, gap: Double, startBound: Double, cutRounds: Int = 20, maxRounds: Int = .max,
        log: ((String) -> Void)? = nil
    ) -> (bound: Double, rounds: Int) {
        var best = startBound
        var rounds = 0
        var cutRoundsLeft = cutRounds
        var lpBeforeCuts = -Double.infinity
        // Rows: one convexity row per order (= 1), then the scarce rows (≤ supply), then the cuts.
        let rows = orders.map { _ in (lower: 1.0, upper: 1.0) } + supply.map { (lower: -Double.infinity, upper: $0) }
        var inLP: [(k: Int, p: Int)] = []
        var columnOf = orders.map { _ in [Int]() }  // LP column of each pattern
        _ = GLPK.withIncrementalLP(rows: rows) { lp in
            func addToLP(_ list: [(k: Int, p: Int)]) -> Bool {
                let columns = list.map { k, p in
                    let pattern = patterns[k][p]
                    return (
                        cost: pattern.cost, lower: 0.0, upper: Double.infinity,
                        entries: [(row: k, value: 1.0)] + pattern.usage.map { (row: orders.count + $0.0, value: $0.1) }
                    )
                }
                guard lp.addColumns(columns) else { return false }
                for (k, p) in list {
                    while columnOf[k].count <= p { columnOf[k].append(-1) }
                    columnOf[k][p] = inLP.count
                    inLP.append((k, p))
                }
                return true
            }
            let first = patterns.indices.flatMap { k in patterns[k].indices.map { (k: k, p: $0) } }
            guard addToLP(first) else { return }
            // Start from the first route of every order (the greedy plan, feasible together):
            // without it the simplex needs a pivot per order just to become feasible.
            _ = lp.startBasis(first.enumerated().compactMap { j, c in c.p == 0 ? (row: c.k, column: j) : nil })
            while OnlinePlanner.now() < deadline, rounds < maxRounds {
                rounds += 1
                let t0 = OnlinePlanner.now()
                guard let solution = lp.solve(timeLimit: max(1, deadline - OnlinePlanner.now())) else { return }
                let t1 = OnlinePlanner.now()
                lastLP = orders.map { _ in [] }
                for (j, c) in inLP.enumerated() where solution.x[j] > 1e-9 { lastLP[c.k].append((c.p, solution.x[j])) }
                let sigma = Array(solution.duals[0..<orders.count])
                let pi = Array(solution.duals[orders.count...]).map { min(0, $0) }
                lastDuals = (sigma, pi)
                if solution.objective - best > gap * max(1, abs(solution.objective)) {
                    let priced = priceAll(pi, deadline: deadline)
                    var lagrangian = zip(pi, supply).reduce(0.0) { $0 + $1.0 * $1.1 }
                    var complete = true
                    var added: [(k: Int, p: Int)] = []
                    for k in orders.indices {
                        guard let p = priced[k] else {
                            complete = false
                            continue
                        }
                        lastPricing[k] = (rowsOf[k].map { pi[$0] }, p)
                        lagrangian += p.bound
                        if p.value - sigma[k] < -1e-7, add(p.route, at: k) { added.append((k, patterns[k].count - 1)) }
                    }
                    if complete { best = max(best, lagrangian) }
                    log?(
                        "round \(rounds): master LP \(solution.objective) in \(t1 - t0) s over \(inLP.count) routes; "
                            + "pricing \(OnlinePlanner.now() - t1) s, "
                            + "\(complete ? "bound \(lagrangian)" : "no bound"), \(added.count) new routes"
                    )
                    if !added.isEmpty {
                        guard addToLP(added) else { return }
                        continue
                    }
                }
                // Pricing has converged (or meets the LP): cut the LP, or stop.
                // Stop once a round of cuts raised the LP by less than a millionth.
                guard cutRoundsLeft > 0, OnlinePlanner.now() < deadline,
                    solution.objective - lpBeforeCuts > 1e-6 * max(1, abs(solution.objective))
                else { return }
                lpBeforeCuts = solution.objective
                let found = separateCuts()
                guard !found.isEmpty else { return }
                cutRoundsLeft -= 1
                let entries = addCuts(found)
                let newRows = zip(found, entries).map { cut, list in
                    (
                        lower: -Double.infinity, upper: cut.supply,
                        entries: list.compactMap { e in
                            columnOf[e.k].count > e.p && columnOf[e.k][e.p] >= 0
                                ? (column: columnOf[e.k][e.p], value: e.value) : nil
                        }
                    )
                }
                guard lp.addRows(newRows) else { return }
                log?(
                    "round \(rounds): LP \(solution.objective), bound \(best); \(found.count) "
                        + "flow covers cut it (\(cuts.count) in all)"
                )
            }
        }
        return (best, rounds)
    }

    /// Prices every order at scarce-row duals `pi`, in parallel (each thread has its own GLPK environment).
    /// An order whose rows' duals are what they were at its last pricing gets the same answer.
    /// Pricing stops at `deadline` (the round then gives no bound).
    func priceAll(_ pi: [Double], deadline: Double) -> [(route: OrderRoute, value: Double, bound: Double)?] {
        let priced = UnsafeMutableBufferPointer<(route: OrderRoute, value: Double, bound: Double)?>.allocate(
            capacity: orders.count)
        priced.initialize(repeating: nil)
        var stale: [Int] = []
        for k in orders.indices {
            if let last = lastPricing[k], last.duals == rowsOf[k].map({ pi[$0] }) {
                priced[k] = last.answer
            } else {
                stale.append(k)
            }
        }
        defer {
            priced.deinitialize()
            priced.deallocate()
        }
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

    /// The rows a route uses: (row, units) of the scarce rows, then its coefficients in the cuts.
    func usage(of route: OrderRoute) -> [(Int, Double)] {
        var usage: [Int: Double] = [:]
        let skus = network.orderSKUs[route.order]
        let k = indexOf[route.order]
        for leg in route.legs {
            let node = leg.tariff.source
            for (l, q) in leg.quantities.enumerated() where q > 0 {
                let key = UnitKey(node: node, sku: skus[l], day: leg.tariff.shipsOn)
                let rows =
                    k.flatMap { unitRows[$0][key] }
                    ?? network.resources(
                        sku: skus[l], line: l, node: node, day: key.day,
                        rules: network.rules(for: network.resolved(route.order)), skus: skus
                    ).compactMap { rowOf[$0] }
                for row in rows { usage[row, default: 0] += Double(q) }
            }
        }
        var entries = usage.sorted { $0.key < $1.key }
        if let k = indexOf[route.order] {
            for c in cutsOf[k] {
                let coefficient = cuts[c].coefficient(member: k, route: route, units: usage[cuts[c].row] ?? 0)
                if coefficient != 0 { entries.append((scarce.count + c, coefficient)) }
            }
        }
        return entries
    }

    /// Flow covers the last master LP breaks, at most one per scarce row, not yet cuts.
    func separateCuts() -> [FlowCover] {
        guard lastLP.count == orders.count else { return [] }
        // By row: each order taking units from it, with those units and the share of its
        // routes with a leg at the row's node.
        var uses: [Int: [FlowCover.Use]] = [:]
        for (k, chosen) in lastLP.enumerated() {
            var units: [Int: Double] = [:]
            for (p, z) in chosen {
                for (row, u) in patterns[k][p].usage where row < scarce.count { units[row, default: 0] += z * u }
            }
            for (row, x) in units where x > 1e-9 {
                let node = nodeOf(row)
                let y = chosen.reduce(0.0) { sum, c in
                    patterns[k][c.p].route.legs.contains { $0.tariff.source == node } ? sum + c.z : sum
                }
                uses[row, default: []].append(
                    FlowCover.Use(order: k, x: x, y: min(1, y), upper: mostUnits[k][row] ?? 0))
            }
        }
        let existing = Set(cuts)
        var found: [FlowCover] = []
        for row in uses.keys.sorted() {
            let list = uses[row]!
            guard list.contains(where: { $0.y < 1 - 1e-6 }),
                let cut = FlowCover.separate(row: row, node: nodeOf(row), supply: supply[row], uses: list),
                !existing.contains(cut)
            else { continue }
            found.append(cut)
        }
        return found
    }

    /// The node of a scarce row.
    private func nodeOf(_ row: Int) -> Int { scarce[row].node }

    /// Makes `found` rows of the master: each member's patterns get their coefficient.
    /// Returns each new row's entries as (order index, pattern index, coefficient).
    mutating func addCuts(_ found: [FlowCover]) -> [[(k: Int, p: Int, value: Double)]] {
        var rows: [[(k: Int, p: Int, value: Double)]] = []
        for cut in found {
            let c = cuts.count
            let row = scarce.count + c
            cuts.append(cut)
            supply.append(cut.supply)
            var entries: [(k: Int, p: Int, value: Double)] = []
            for k in cut.members.keys.sorted() {
                cutsOf[k].append(c)
                rowsOf[k].append(row)
                for p in patterns[k].indices {
                    let pattern = patterns[k][p]
                    let units = pattern.usage.first { $0.0 == cut.row }?.1 ?? 0
                    let value = cut.coefficient(member: k, route: pattern.route, units: units)
                    if value != 0 {
                        patterns[k][p].usage.append((row, value))
                        entries.append((k, p, value))
                    }
                }
            }
            rows.append(entries)
        }
        // Until the LP is solved again, the new rows' duals are 0.
        lastDuals?.pi += found.map { _ in 0 }
        return rows
    }

    /// A plan rounded from the last master LP: orders whose LP choice is most certain
    /// first, each taking its heaviest pattern that still fits, else its best route on
    /// what is left (`RouteEnumeration`, or the greedy heuristic where that declines).
    /// Always feasible; nil where an order's promise can no longer be kept.
    func roundedPlan() -> [OrderRoute]? {
        guard lastLP.count == orders.count else { return nil }
        var ledger = full
        var reserves = ReserveLedger(network: network)
        var router = GreedyRouter(network: network)
        let planner = ExactPlanner(network: network, options: SolverOptions(timeLimit: 1), promises: promises)
        func bestLeft(_ o: Int) -> OrderRoute {
            if let best = ExactPlanner.enumeratedOptimum(
                network: network, order: o, ledger: ledger, reserves: reserves, promise: promises[o])
            {
                return best.route
            }
            // The greedy heuristic does not see the rules: with rules, the order's own MILP.
            guard network.ruleBook == nil else {
                return planner.solveOrder(o, ledger: ledger, reserves: reserves, warmStart: nil).route
            }
            return router.route(order: o, ledger: ledger)
        }
        let sequence = orders.indices.sorted { a, b in
            (lastLP[a].map(\.z).max() ?? 0) > (lastLP[b].map(\.z).max() ?? 0)
        }
        var routes: [OrderRoute] = []
        for k in sequence {
            let preferred = lastLP[k].sorted { $0.z > $1.z }.map { patterns[k][$0.p].route }
            let route = preferred.first { ledger.canApply($0) && reserves.canApply($0) } ?? bestLeft(orders[k])
            // No route on what is left keeps the order's promise: no rounded plan.
            guard promises[orders[k]]?.isKept(by: route) ?? true else { return nil }
            ledger.apply(route)
            reserves.apply(route)
            routes.append(route)
        }
        return routes
    }

    /// The integer master improved by large-neighbourhood search (`NeighbourhoodSearch`)
    /// from `start`, a feasible plan of the group, until `deadline`, until the plan is
    /// within `gap` of `bound`, or until one neighbourhood held every order; never worse
    /// than `start`. Routes the search finds become patterns.
    mutating func search(
        from start: [OrderRoute], deadline: Double, bound: Double, gap: Double,
        maxNeighbourhoods: Int = .max,
        log: ((String) -> Void)? = nil
    ) -> (routes: [OrderRoute], report: PatternSearch.Report)? {
        let indexOf = Dictionary(uniqueKeysWithValues: orders.enumerated().map { ($1, $0) })
        var choice = [Int](repeating: -1, count: orders.count)
        for r in start {
            guard let k = indexOf[r.order] else { return nil }
            choice[k] = pattern(r, at: k)
        }
        guard !choice.contains(-1) else { return nil }
        let state = PatternSearch(
            costs: patterns.map { $0.map(\.cost) },
            usage: patterns.map { $0.map { $0.usage.map { (row: $0.0, units: $0.1) } } },
            rows: rowsOf, supply: supply, start: choice, duals: lastDuals)
        let search = NeighbourhoodSearch(generation: self, state: state, start: start)
        search.run(deadline: deadline, bound: bound, gap: gap, maxNeighbourhoods: maxNeighbourhoods, log: log)
        self = search.generation
        return (orders.indices.map { patterns[$0][search.state.choice[$0]].route }, search.report)
    }

    /// The best integer choice of one pattern per order (warm-started from pattern 0
    /// of each order, the greedy route), or nil.
    func integerPlan(timeLimit: Double, gap: Double) -> [OrderRoute]? {
        let (model, columns) = master(integer: true)
        var warm = [Double](repeating: 0, count: columns.count)
        for (j, c) in columns.enumerated() where c.p == 0 { warm[j] = 1 }
        let result = GLPK.solve(
            model, options: SolverOptions(timeLimit: max(1, timeLimit), gap: gap, presolve: true, cuts: true),
            incumbent: warm)
        guard result.status == .optimal || result.status == .feasible else { return nil }
        var routes: [OrderRoute] = []
        for (j, c) in columns.enumerated() where result.x[j] > 0.5 { routes.append(patterns[c.k][c.p].route) }
        return routes.count == orders.count ? routes : nil
    }
}
