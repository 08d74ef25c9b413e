import OmniRouteFormat
import OmniRouteHeuristics
import OmniRouteModel
import OmniRouteTestSupport
import Testing

@testable import OmniRouteExact

/// The exact engine under sourcing rules: the joint brute force (which enumerates only
/// rule-allowed assignments, prices the surcharges and keeps the caps on legs and the
/// reserves) is its referee on small random scenarios with random rules.
@Suite("The exact engine honours sourcing rules", .tags(.slow), .skippedWhenFast)
struct RulesAgreementTests {
    static let options = SolverOptions(timeLimit: 30, gap: 1e-9)
    static let perMode = 150

    /// Each action alone, a random mix of all six, and all six in every rule.
    static let modes: [(name: String, actions: [RandomRules.Action], all: Bool)] =
        RandomRules.Action.allCases.map { ($0.rawValue, [$0], false) } + [
            ("mixed", RandomRules.Action.allCases, false), ("all", RandomRules.Action.allCases, true),
        ]

    /// Up to `count` instances of a mode: random tiny scenarios with random rules, small
    /// enough for the joint brute force and with some order a node may serve.
    static func instances(mode: Int, count: Int) -> [SeededInstance] {
        var out: [SeededInstance] = []
        var seed: UInt64 = 1
        let (_, actions, all) = modes[mode]
        while out.count < count, seed < UInt64(count * 20) {
            defer { seed += 1 }
            let base = RandomScenario.make(seed: seed, config: BruteForceInstances.joint)
            let scenario = RandomRules.apply(
                to: base, seed: seed &+ UInt64(mode) * 7919, actions: actions, allActions: all)
            let network = Network(scenario)
            guard !network.orders.isEmpty,
                network.orders.indices.contains(where: { !BruteForce.sources(network: network, order: $0).isEmpty }),
                BruteForce.jointSearchBound(network: network) <= 20_000
            else { continue }
            out.append(SeededInstance(seed: seed, network: network))
        }
        return out
    }

    @Test(
        "batch() and the compact MILP find the brute-force optimum; myopic-exact is feasible; bounds hold",
        arguments: Array(modes.indices))
    func agreement(mode: Int) {
        let list = Self.instances(mode: mode, count: Self.perMode)
        #expect(list.count >= 120, "\(Self.modes[mode].name): only \(list.count) instances")
        var wrong: [String] = []
        var bitten = 0  // instances where the rules change the optimum
        var joint = 0
        var reserveRows = 0  // instances where a reserve class is a scarce row that groups orders
        for inst in list {
            let network = inst.network
            let brute = BruteForce.jointOptimum(network: network)
            var bare = network.scenario
            bare.rules = []
            if abs(BruteForce.jointOptimum(network: Network(bare)).cost - brute.cost) > 1e-6 { bitten += 1 }
            let planner = ExactPlanner(network: network, options: Self.options)
            let outcome = planner.batch()
            if !outcome.stats.jointGroups.isEmpty { joint += 1 }
            let scarce = planner.independentGroups(ledger: InventoryLedger(network: network)).scarce
            if scarce.contains(where: { if case .reserve = $0 { true } else { false } }) { reserveRows += 1 }
            let cost = totalCost(outcome.routes, network: network)
            let header =
                "\(Self.modes[mode].name) seed \(inst.seed)\n\(describe(network: network))\n"
                + "  rules \(network.scenario.rules)\n"
                + "  brute force \(brute.cost):\n\(describe(brute.routes, network: network))\n"
                + "  batch \(cost), bound \(outcome.bound):\n\(describe(outcome.routes, network: network))"
            let bruteFindings = checkerFindings(brute.routes, network: network, strategy: "brute", bound: nil)
            if !bruteFindings.isEmpty { wrong.append("brute force plan invalid \(bruteFindings.prefix(3)): \(header)") }
            let problems =
                planProblems(outcome.routes, network: network)
                + checkerFindings(outcome.routes, network: network, strategy: "exact", bound: outcome.bound)
            if !problems.isEmpty { wrong.append("invalid \(problems.prefix(3)): \(header)") }
            if abs(cost - brute.cost) > 1e-6 { wrong.append("cost differs: \(header)") }
            if outcome.bound > brute.cost + 1e-6 || outcome.bound > cost + 1e-6 { wrong.append("bound: \(header)") }

            let myopic = planner.myopic()
            let myopicCost = totalCost(myopic.routes, network: network)
            let myopicProblems =
                planProblems(myopic.routes, network: network)
                + checkerFindings(myopic.routes, network: network, strategy: "myopic-exact", bound: myopic.bound)
            if !myopicProblems.isEmpty || myopicCost < brute.cost - 1e-6 || myopic.bound > brute.cost + 1e-6 {
                wrong.append("myopic \(myopicCost) bound \(myopic.bound) \(myopicProblems.prefix(3)): \(header)")
            }

            let milp = RoutingMILP(
                network: network, orders: Array(network.orders.indices), ledger: InventoryLedger(network: network))
            let r = GLPK.solve(milp.model, options: SolverOptions(timeLimit: 30, gap: 0))
            let routes = r.x.isEmpty ? [] : milp.routes(from: r.x)
            let x = milp.vector(for: brute.routes)
            let pointOK =
                x.map { milp.model.violation($0) == nil && abs(milp.model.objective($0) - brute.cost) < 1e-6 } ?? false
            if r.status != .optimal || abs((r.objective ?? .nan) - brute.cost) > 1e-6
                || abs(totalCost(routes, network: network) - brute.cost) > 1e-6 || !pointOK
            {
                wrong.append("compact MILP \(r.status) \(String(describing: r.objective)), point \(pointOK): \(header)")
            }
        }
        print(
            "rules \(Self.modes[mode].name): \(list.count) instances, rules change the optimum in \(bitten), "
                + "joint groups in \(joint), scarce reserve rows in \(reserveRows)"
        )
        if Self.modes[mode].actions.contains(.reserve) {
            #expect(reserveRows >= 5, "\(Self.modes[mode].name): scarce reserve rows in only \(reserveRows) instances")
        }
        #expect(bitten >= 10, "\(Self.modes[mode].name): the rules change the optimum in only \(bitten) instances")
        #expect(wrong.isEmpty, "\(wrong.count) failures:\n\(wrong.prefix(3).joined(separator: "\n\n"))")
    }

    @Test("exact and myopic-exact plan northeast-rules: the checker finds nothing, bound ≤ cost")
    func northeastRules() throws {
        let network = Network(try DocumentFile.scenario(Paths.scenario("northeast-rules.json")))
        for strategy in [Strategy.exact, Strategy.myopicExact] {
            #expect(strategy.refusal(network) == nil)
            let run = try strategy.plan(network, options: SolverOptions(timeLimit: 10))
            let report = try PlanChecker(network: network).check(run.plan.document)
            #expect(report.errors.isEmpty, "\(strategy.name): \(report.errors.prefix(5))")
            #expect(report.mismatches.isEmpty, "\(strategy.name): \(report.mismatches.prefix(5))")
            let cost = report.recomputed.totalCost
            let bound = try #require(run.bound)
            #expect(bound <= cost + 1e-6, "\(strategy.name): bound \(bound) > cost \(cost)")
            print("northeast-rules \(strategy.name): cost \(cost), bound \(bound), \(run.seconds) s")
        }
    }
}
