import OmniRouteHeuristics
import OmniRouteModel
import OmniRouteTestSupport
import Testing

@testable import OmniRouteExact

/// Flow cover cuts raise column generation's bound; a cut that removed a feasible plan
/// would make the bound invalid, so validity is checked against every integer point of
/// small rows and against the proven optimum of small contended groups.
@Suite("Flow cover cuts in column generation")
struct FlowCoverTests {
    @Test("the textbook cover: four orders of two units on a row of seven, one of them half routed through the node")
    func textbook() throws {
        let cut = try #require(
            FlowCover.separate(
                row: 0, node: 3, supply: 7,
                uses: [
                    FlowCover.Use(order: 0, x: 2, y: 1, upper: 2), FlowCover.Use(order: 1, x: 2, y: 1, upper: 2),
                    FlowCover.Use(order: 2, x: 2, y: 1, upper: 2), FlowCover.Use(order: 3, x: 1, y: 0.5, upper: 2),
                ]))
        // λ = 8 − 7 = 1: Σ x + (2 − 1)(1 − y) ≤ 7, broken by 0.5.
        #expect(cut.members == [0: 1, 1: 1, 2: 1, 3: 1])
        #expect(cut.coefficient(member: 3, units: 0, hasLeg: false) == 1)
        #expect(cut.coefficient(member: 3, units: 2, hasLeg: true) == 2)
        // Three orders in full on the node take 6: no cover is broken.
        #expect(
            FlowCover.separate(
                row: 0, node: 3, supply: 7,
                uses: (0..<3).map {
                    FlowCover.Use(order: $0, x: 2, y: 1, upper: 2)
                }) == nil)
    }

    @Test("every cut separated from random fractional points holds at every integer point of its row")
    func validOnSmallRows() {
        var rng = SeededRandom(seed: 41)
        var cuts = 0
        var wrong: [String] = []
        for _ in 0..<400 {
            let n = 2 + Int(rng.unit() * 3)  // 2–4 orders
            let upper = (0..<n).map { _ in Double(1 + Int(rng.unit() * 4)) }
            let supply = Double(1 + Int(rng.unit() * upper.reduce(0, +)))
            // A fractional point of the row's LP: each order a mix of "through the node" and "not".
            let y = (0..<n).map { _ in rng.unit() < 0.4 ? 1 : rng.unit() }
            var x = zip(upper, y).map { $0 * $1 }
            let total = x.reduce(0, +)
            if total > supply { x = x.map { $0 * supply / total } }
            let uses = (0..<n).map { FlowCover.Use(order: $0, x: x[$0], y: y[$0], upper: upper[$0]) }
            guard let cut = FlowCover.separate(row: 0, node: 0, supply: supply, uses: uses) else { continue }
            cuts += 1
            // Every integer point: y_k ∈ {0, 1}, x_k ∈ 0...u_k·y_k, Σ x ≤ supply.
            var point = [Int](repeating: 0, count: n)  // x_k, or −1 for y_k = 0
            func visit(_ k: Int, _ used: Int) {
                guard k < n else {
                    var lhs = 0.0
                    for (j, v) in point.enumerated() where cut.members[j] != nil {
                        lhs += cut.coefficient(member: j, units: Double(max(0, v)), hasLeg: v >= 0)
                    }
                    if lhs > supply + 1e-9 {
                        wrong.append("u \(upper) b \(supply) cut \(cut.members) holds not at \(point)")
                    }
                    return
                }
                for v in -1...Int(upper[k]) where used + max(0, v) <= Int(supply) {
                    point[k] = v
                    visit(k + 1, used + max(0, v))
                }
            }
            visit(0, 0)
        }
        #expect(cuts >= 50, "only \(cuts) cuts separated")
        #expect(wrong.isEmpty, "\(wrong.count) invalid:\n\(wrong.prefix(5).joined(separator: "\n"))")
    }

    /// Small groups with little stock and capacity, where the master LP is fractional.
    static let contended = RandomScenario.Config(
        nodes: 3...5, skus: 2...4, orders: 10...18, maxLines: 3, maxQty: 3,
        stockDensity: 0.7, maxOnHand: 3, storeShipRate: 0.8, laneRate: 0.5)

    @Test(
        "the bound with cuts is at least the one without, at most the proven optimum, and every cut holds at it"
    )
    func boundOnContendedGroups() throws {
        var raised = 0
        var groupsSeen = 0
        var cutsSeen = 0
        var wrong: [String] = []
        for seed in UInt64(1)...60 {
            let network = Network(RandomScenario.make(seed: seed, config: Self.contended))
            let planner = ExactPlanner(network: network)
            let full = InventoryLedger(network: network)
            let greedy = OnlinePlanner(network: network).run(GreedyRouter(network: network)).routes
            var greedyByOrder = [OrderRoute](repeating: OrderRoute(order: 0), count: network.orders.count)
            for r in greedy { greedyByOrder[r.order] = r }
            let alone = planner.independentOptima(warmStarts: greedy)
            let (groups, scarce) = planner.independentGroups(ledger: full)
            for group in groups where group.count > 1 {
                func generation() -> ColumnGeneration {
                    ColumnGeneration(
                        network: network, orders: group, scarce: scarce, full: full,
                        start: group.map { [greedyByOrder[$0], alone.routes[$0]] },
                        alone: group.map {
                            (alone.routes[$0], network.cost(of: alone.routes[$0]).total, alone.bounds[$0])
                        })
                }
                let start = group.reduce(0.0) { $0 + alone.bounds[$1] }
                var plain = generation()
                var cut = generation()
                let without = plain.run(deadline: OnlinePlanner.now() + 30, gap: 0, startBound: start, cutRounds: 0)
                    .bound
                let with = cut.run(deadline: OnlinePlanner.now() + 30, gap: 0, startBound: start).bound
                let milp = RoutingMILP(network: network, orders: group, ledger: full)
                let solved = GLPK.solve(milp.model, options: SolverOptions(timeLimit: 30, gap: 0))
                guard solved.status == .optimal, let optimum = solved.objective else {
                    wrong.append("seed \(seed): group MILP \(solved.status)")
                    continue
                }
                groupsSeen += 1
                cutsSeen += cut.cuts.count
                if with > without + 1e-6 { raised += 1 }
                if with < without - 1e-6 || with > optimum + 1e-6 {
                    wrong.append(
                        "seed \(seed): bound without cuts \(without), with \(with) (\(cut.cuts.count) cuts), "
                            + "optimum \(optimum)"
                    )
                }
                // The optimal plan satisfies every cut (cuts are rows after the scarce rows).
                var load = [Double](repeating: 0, count: cut.supply.count)
                for route in milp.routes(from: solved.x) {
                    for (row, units) in cut.usage(of: route) { load[row] += units }
                }
                for c in cut.cuts.indices where load[cut.scarce.count + c] > cut.supply[cut.scarce.count + c] + 1e-6 {
                    wrong.append("seed \(seed): the optimum breaks cut \(cut.cuts[c])")
                }
            }
        }
        print("flow covers: \(groupsSeen) groups, \(cutsSeen) cuts, bound raised in \(raised)")
        #expect(wrong.isEmpty, "\(wrong.count) wrong:\n\(wrong.prefix(5).joined(separator: "\n"))")
        #expect(groupsSeen >= 30, "only \(groupsSeen) contended groups")
        #expect(raised >= 3, "cuts raised the bound in only \(raised) of \(groupsSeen) groups")
    }
}
