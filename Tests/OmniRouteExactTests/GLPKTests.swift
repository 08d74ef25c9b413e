import Foundation
import OmniRouteExact
import OmniRouteFormat
import OmniRouteHeuristics
import OmniRouteModel
import OmniRouteTestSupport
import Testing

@Suite("GLPK: model checks, statuses and warm starts")
struct GLPKTests {
    /// A valid two-column model: minimize x + 2y, x + y ≥ 1.5, x, y integer in [0, 3].
    static func tiny() -> LinearModel {
        var m = LinearModel(name: "tiny")
        let x = m.addColumn("x", upper: 3, cost: 1, kind: .integer)
        let y = m.addColumn("y", upper: 3, cost: 2, kind: .integer)
        m.addRow("cover", lower: 1.5, terms: [(x, 1), (y, 1)])
        return m
    }

    /// Expects `model` to be rejected before GLPK: `.failed("invalid model: …")`, no
    /// time spent, no solution; and `GLPK.write` to refuse it.
    func expectRejected(_ model: LinearModel, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(model.defect() != nil, "\(what): no defect found", sourceLocation: sourceLocation)
        for incumbent in [nil, [Double](repeating: 0, count: model.columnCount)] as [[Double]?] {
            let r = GLPK.solve(model, incumbent: incumbent)
            guard case .failed(let message) = r.status else {
                Issue.record("\(what): status \(r.status), expected .failed", sourceLocation: sourceLocation)
                continue
            }
            #expect(message.hasPrefix("invalid model"), "\(what): \(message)", sourceLocation: sourceLocation)
            #expect(
                r.seconds == 0 && r.x.isEmpty && r.objective == nil && r.bound == nil, "\(what): \(r)",
                sourceLocation: sourceLocation)
        }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent(
            "omniroute-rejected-\(UUID().uuidString).lp"
        ).path
        #expect(throws: GLPK.ExportError.self, "\(what)", sourceLocation: sourceLocation) {
            try GLPK.write(model, format: .lp, to: path)
        }
        #expect(!FileManager.default.fileExists(atPath: path), sourceLocation: sourceLocation)
    }

    @Test("The tiny model solves to its optimum")
    func tinySolves() {
        let r = GLPK.solve(Self.tiny())
        #expect(r.status == .optimal)
        #expect(r.objective == 2 && r.x == [2, 0])
        #expect(r.bound == 2)
    }

    @Test("A bad index, a NaN or infinite coefficient, lower > upper, a duplicate entry: rejected with .failed")
    func badModelsRejected() {
        var m = Self.tiny()
        m.addRow("bad column", upper: 4, terms: [(5, 1)])
        expectRejected(m, "column index 5 of 2")

        m = Self.tiny()
        m.addRow("negative column", upper: 4, terms: [(-1, 1)])
        expectRejected(m, "column index -1")

        m = Self.tiny()
        m.addRow("nan", upper: 4, terms: [(0, .nan)])
        expectRejected(m, "NaN coefficient")

        m = Self.tiny()
        m.addRow("inf", upper: 4, terms: [(1, .infinity)])
        expectRejected(m, "infinite coefficient")

        m = Self.tiny()
        m.addColumn("z", lower: 2, upper: 1, cost: 1)
        expectRejected(m, "column lower > upper")

        m = Self.tiny()
        m.addColumn("z", lower: 5, upper: 4, cost: 1, kind: .integer)
        expectRejected(m, "integer column lower > upper")

        m = Self.tiny()
        m.addRow("row", lower: 3, upper: 1, terms: [(0, 1)])
        expectRejected(m, "row lower > upper")

        m = Self.tiny()
        m.addColumn("z", lower: .nan, cost: 1)
        expectRejected(m, "NaN column bound")

        m = Self.tiny()
        m.addColumn("z", upper: 1, cost: .nan)
        expectRejected(m, "NaN cost")

        m = Self.tiny()
        m.addColumn("z", lower: .infinity, cost: 1)
        expectRejected(m, "lower bound +∞")

        m = Self.tiny()
        m.addRow("twice", upper: 4, terms: [(0, 1), (0, 2)])
        expectRejected(m, "the same entry twice")

        var named = LinearModel(name: "named", recordsNames: true)
        named.addColumn("has space", upper: 1, cost: 1)
        expectRejected(named, "a name with a space")

        // LP solves refuse them too.
        var lp = LinearModel(name: "lp")
        lp.addColumn("x", lower: 1, upper: 0, cost: 1)
        #expect(!GLPK.solveLP(lp).optimal)
    }

    @Test("An infeasible tiny MILP is .infeasible, with or without presolve or a warm start")
    func infeasible() {
        // LP-infeasible: x + y ≥ 3 with x, y binary.
        var a = LinearModel(name: "lp_infeasible")
        let x = a.addColumn("x", cost: 1, kind: .binary)
        let y = a.addColumn("y", cost: 1, kind: .binary)
        a.addRow("r", lower: 3, terms: [(x, 1), (y, 1)])
        // LP-feasible, integer-infeasible: 2z = 3, z integer.
        var b = LinearModel(name: "int_infeasible")
        let z = b.addColumn("z", upper: 10, cost: 1, kind: .integer)
        b.addRow("r", lower: 3, upper: 3, terms: [(z, 2)])
        // Integer-infeasible only deep in the tree: 2(x1 + … + x6) = 7.
        var c = LinearModel(name: "parity")
        let xs = (0..<6).map { c.addColumn("x\($0)", cost: Double($0), kind: .binary) }
        c.addRow("r", lower: 7, upper: 7, terms: xs.map { ($0, 2) })
        for (name, model) in [("LP-infeasible", a), ("integer-infeasible", b), ("parity", c)] {
            for presolve in [true, false] {
                for incumbent in [nil, [Double](repeating: 1, count: model.columnCount)] as [[Double]?] {
                    let r = GLPK.solve(model, options: SolverOptions(presolve: presolve), incumbent: incumbent)
                    #expect(
                        r.status == .infeasible,
                        "\(name) presolve \(presolve) incumbent \(incumbent != nil): \(r.status)")
                    #expect(r.x.isEmpty && r.objective == nil, "\(name)")
                }
            }
        }
    }

    /// A multidimensional 0–1 knapsack (as a minimization) that GLPK cannot close in
    /// seconds: `n` items, `m` weight rows at half their total, values correlated with weights.
    static func knapsack(n: Int, m rows: Int, seed: UInt64) -> (
        model: LinearModel, values: [Double], weights: [[Double]], capacity: [Double]
    ) {
        var rng = SplitMix64(seed: seed)
        let weights = (0..<rows).map { _ in (0..<n).map { _ in Double(rng.int(100...1000)) } }
        let values = (0..<n).map { i in
            ((0..<rows).reduce(0.0) { $0 + weights[$1][i] } / Double(rows)).rounded(.down) + Double(rng.int(0...50))
        }
        let capacity = weights.map { ($0.reduce(0, +) / 2).rounded(.down) }
        var model = LinearModel(name: "knapsack")
        let xs = values.map { model.addColumn("x", cost: -$0, kind: .binary) }
        for j in 0..<rows { model.addRow("w", upper: capacity[j], terms: zip(xs, weights[j]).map { ($0, $1) }) }
        return (model, values, weights, capacity)
    }

    /// The optimum of a small knapsack by enumeration.
    static func knapsackOptimum(values: [Double], weights: [[Double]], capacity: [Double]) -> Double {
        let n = values.count
        var best = 0.0
        for mask in 0..<(1 << n) {
            var ok = true
            for j in weights.indices {
                var w = 0.0
                for i in 0..<n where mask & (1 << i) != 0 { w += weights[j][i] }
                if w > capacity[j] {
                    ok = false
                    break
                }
            }
            if ok {
                let v = (0..<n).reduce(0.0) { mask & (1 << $1) != 0 ? $0 + values[$1] : $0 }
                best = max(best, v)
            }
        }
        return -best
    }

    @Test("An infeasible, misshapen or fractional incumbent is not injected: the solve is still optimal")
    func badIncumbentIgnored() {
        let (model, values, weights, capacity) = Self.knapsack(n: 12, m: 3, seed: 11)
        let optimum = Self.knapsackOptimum(values: values, weights: weights, capacity: capacity)
        let allIn = [Double](repeating: 1, count: 12)  // far over capacity, and "better" than the optimum
        #expect(model.violation(allIn) != nil && model.objective(allIn) < optimum)
        var fractional = [Double](repeating: 0, count: 12)
        fractional[0] = 0.5
        let feasibleButPoor = [Double](repeating: 0, count: 12)
        #expect(model.violation(feasibleButPoor) == nil)
        let starts: [(String, [Double]?)] = [
            ("none", nil), ("infeasible", allIn), ("too short", [1, 1]), ("too long", allIn + [0]),
            ("fractional", fractional), ("feasible", feasibleButPoor),
            ("NaN", [Double](repeating: .nan, count: 12)), ("out of bounds", [Double](repeating: -1, count: 12)),
        ]
        for (label, start) in starts {
            for presolve in [true, false] {
                let r = GLPK.solve(model, options: SolverOptions(gap: 0, presolve: presolve), incumbent: start)
                #expect(r.status == .optimal, "\(label) presolve \(presolve): \(r.status)")
                #expect(
                    abs((r.objective ?? 0) - optimum) < 1e-6,
                    "\(label) presolve \(presolve): \(String(describing: r.objective)) ≠ \(optimum)")
                #expect(model.violation(r.x) == nil, "\(label): \(model.violation(r.x) ?? "")")
                #expect(abs(model.objective(r.x) - optimum) < 1e-6)
                #expect(r.bound.map { $0 <= optimum + 1e-6 } ?? false, "\(label): bound \(String(describing: r.bound))")
            }
        }
        // A routing MILP: an infeasible warm start (one order takes more than its node holds) is ignored too.
        let (instances, _, _) = BruteForceInstances.singleOrder(count: 40, firstSeed: 9_001)
        var checked = 0
        for inst in instances {
            let network = inst.network
            let ledger = InventoryLedger(network: network)
            let milp = RoutingMILP(network: network, orders: [0], ledger: ledger)
            let opt = BruteForce.optimum(network: network, order: 0)
            guard let x = milp.vector(for: [opt.route]) else {
                Issue.record("seed \(inst.seed): the brute-force optimum has no vector")
                continue
            }
            var bad = x
            // Every unit unfulfilled and every leg opened: violates the at-least-one-unit rows (when there are legs).
            for j in bad.indices where bad[j] == 0 { bad[j] = 1 }
            guard milp.model.violation(bad) != nil else { continue }
            checked += 1
            let r = GLPK.solve(milp.model, options: SolverOptions(gap: 0), incumbent: bad)
            #expect(
                r.status == .optimal && abs(network.cost(of: milp.routes(from: r.x)[0]).total - opt.cost) < 1e-6,
                "seed \(inst.seed): \(r.status) \(String(describing: r.objective)) vs \(opt.cost)")
        }
        #expect(checked >= 10)
    }

    @Test("An incremental LP takes new columns, then new rows over them, and re-solves from its basis")
    func incrementalLP() {
        // min −x − 2y − z, x + y + z ≤ 3 (row 0), with x, y, z in [0, 2]: y = 2, then x or z = 1, objective −5.
        let result = GLPK.withIncrementalLP(rows: [(lower: -.infinity, upper: 3)]) { lp -> [Double]? in
            guard
                lp.addColumns([
                    (cost: -1, lower: 0, upper: 2, entries: [(row: 0, value: 1)]),
                    (cost: -2, lower: 0, upper: 2, entries: [(row: 0, value: 1)]),
                ]),
                let first = lp.solve(timeLimit: nil)
            else { return nil }
            #expect(abs(first.objective + 5) < 1e-9 && abs(first.x[1] - 2) < 1e-9)
            #expect(abs(first.duals[0] + 1) < 1e-9)
            // A cut y ≤ 1.5 (row 1): the dual simplex re-solves to y = 1.5, x = 1.5, objective −4.5.
            guard lp.addRows([(lower: -.infinity, upper: 1.5, entries: [(column: 1, value: 1)])]),
                let second = lp.solve(timeLimit: nil)
            else { return nil }
            let rows = lp.rowCount
            #expect(rows == 2 && second.duals.count == 2)
            #expect(abs(second.objective + 4.5) < 1e-9, "\(second)")
            #expect(abs(second.duals[1] + 1) < 1e-9, "the cut's dual: \(second.duals)")
            // A column after the rows: z, in both rows? Only in row 0; it ties x.
            guard lp.addColumns([(cost: -1.5, lower: 0, upper: 2, entries: [(row: 0, value: 1)])]),
                let third = lp.solve(timeLimit: nil)
            else { return nil }
            #expect(abs(third.objective + 5.25) < 1e-9, "\(third)")
            // Bad rows are refused before GLPK: an unknown column, a NaN, lower above upper.
            let unknownColumn = lp.addRows([(lower: -.infinity, upper: 1, entries: [(column: 3, value: 1)])])
            let notANumber = lp.addRows([(lower: -.infinity, upper: 1, entries: [(column: 0, value: .nan)])])
            let crossed = lp.addRows([(lower: 2, upper: 1, entries: [(column: 0, value: 1)])])
            #expect(!unknownColumn && !notANumber && !crossed)
            let rowsAfter = lp.rowCount
            #expect(rowsAfter == 2)
            return third.x
        }
        #expect(result??.count == 3)
    }

    @Test(
        "A time-limited knapsack solve returns a feasible result never worse than the injected incumbent",
        .tags(.slow), .skippedWhenFast)
    func timeLimitKeepsIncumbent() {
        let (model, _, _, _) = Self.knapsack(n: 40, m: 5, seed: 1)
        // A good incumbent: the best of a longer (3 s) search.
        let long = GLPK.solve(model, options: SolverOptions(timeLimit: 3, presolve: false))
        // (It does not close in 3 s here; on a faster machine it may, which is as good an incumbent.)
        #expect(long.status == .feasible || long.status == .optimal, "\(long.status)")
        guard let incumbentValue = long.objective, model.violation(long.x) == nil else {
            Issue.record("no incumbent from the long search: \(long.status)")
            return
        }
        var reported: [Double] = []
        for (limit, presolve) in [(0.5, false), (0.5, true), (1.0, false)] {
            reported = []
            let r = GLPK.solve(
                model, options: SolverOptions(timeLimit: limit, presolve: presolve), incumbent: long.x,
                progress: { incumbent, _ in if let incumbent { reported.append(incumbent) } })
            #expect(r.status == .feasible || r.status == .optimal, "limit \(limit): \(r.status)")
            guard let objective = r.objective else { continue }
            #expect(
                objective <= incumbentValue + 1e-6,
                "limit \(limit): \(objective) worse than the incumbent \(incumbentValue)")
            #expect(model.violation(r.x) == nil, "limit \(limit): \(model.violation(r.x) ?? "")")
            #expect(abs(model.objective(r.x) - objective) < 1e-6)
            #expect(r.bound.map { $0 <= objective + 1e-6 } ?? true)
            // GLPK honours the limit; a loaded machine may be late, never by this much.
            #expect(r.seconds < limit + 10, "limit \(limit): took \(r.seconds) s")
            #expect(reported.allSatisfy { $0 >= objective - 1e-6 })
        }
    }

    @Test(
        "A time-limited solve of a whole scenario's routing MILP keeps its feasible warm start",
        .tags(.slow), .skippedWhenFast, arguments: [5.0, 0.2, 0.05, 0.01])
    func timeLimitKeepsIncumbentOnRoutingMILP(limit: Double) {
        // The MILP of every order of northeast-small (about 7,300 columns and 7,900 rows), warm-started from greedy.
        guard let scenario = try? DocumentFile.scenario(Paths.scenario("northeast-small.json")) else {
            Issue.record("northeast-small.json does not load")
            return
        }
        let network = Network(scenario)
        let ledger = InventoryLedger(network: network)
        let greedy = OnlinePlanner(network: network).run(GreedyRouter(network: network)).routes
        let milp = RoutingMILP(network: network, orders: Array(network.orders.indices), ledger: ledger)
        guard let start = milp.vector(for: greedy), milp.model.violation(start) == nil else {
            Issue.record("the greedy plan has no feasible vector in the full model")
            return
        }
        let greedyObjective = milp.model.objective(start)
        #expect(greedyObjective <= totalCost(greedy, network: network) + 1e-6)
        let r = GLPK.solve(milp.model, options: SolverOptions(timeLimit: limit), incumbent: start)
        #expect(
            r.status == .feasible || r.status == .optimal,
            Comment(
                rawValue: "northeast-small, limit \(limit) s: \(r.status) (after \(r.seconds) s) "
                    + "although a feasible incumbent of \(greedyObjective) was given")
        )
        #expect(r.status != .infeasible, "a feasible model reported infeasible")
        #expect(r.seconds < limit + 10, "limit \(limit) s: took \(r.seconds) s")
        guard let objective = r.objective else { return }
        #expect(objective <= greedyObjective + 1e-6)
        #expect(milp.model.violation(r.x) == nil)
        let routes = milp.routes(from: r.x)
        #expect(planProblems(routes, network: network).isEmpty)
        #expect(totalCost(routes, network: network) <= objective + 1e-6)
    }
}
