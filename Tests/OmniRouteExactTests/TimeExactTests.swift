import OmniRouteExact
import OmniRouteHeuristics
import OmniRouteModel
import OmniRouteTestSupport
import Testing

/// The exact engine in time. On calendars alone (zones, cutoffs, closed days, carrier
/// calendars, lane days, a horizon) every leg's best day is its earliest, so the joint
/// optimum is the brute force's over the model's earliest-day tariffs; where ship days are
/// decisions (capacity per day, inbound stock) the brute force tries every ship day of every leg.
@Suite("The exact engine in time", .tags(.slow), .skippedWhenFast)
struct TimeExactTests {
    /// Why `planner.batch()` is not the brute-force `optimum` with a valid bound and a plan both
    /// checkers accept; nil when it is.
    static func batchMismatch(_ planner: ExactPlanner, optimum: Double) -> String? {
        let network = planner.network
        let outcome = planner.batch()
        let cost = totalCost(outcome.routes, network: network)
        let problems =
            planProblems(outcome.routes, network: network)
            + checkerFindings(outcome.routes, network: network, strategy: "exact", bound: outcome.bound)
        guard abs(cost - optimum) > 1e-6 || outcome.bound > cost + 1e-6 || !problems.isEmpty else { return nil }
        return "exact \(cost) bound \(outcome.bound), brute force \(optimum) \(problems)"
    }

    @Test("on random calendars, batch() finds the joint brute-force optimum, with a valid bound")
    func calendarsMatchBruteForce() throws {
        var compared = 0
        var wrong: [String] = []
        for seed in UInt64(1)...400 where compared < 120 {
            var scenario = RandomScenario.make(seed: seed, config: BruteForceInstances.joint)
            RandomTime.apply(to: &scenario, seed: seed &* 104_729)
            for n in scenario.nodes.indices { scenario.nodes[n].capacityPerDay = nil }
            scenario.inbound = []
            let network = Network(scenario)
            guard network.timetable.isTimed, !network.timetable.decidesShipDays, !network.orders.isEmpty,
                BruteForce.jointSearchBound(network: network) <= 20_000
            else { continue }
            #expect(Strategy.named("exact")!.refusal(network) == nil)
            compared += 1
            let brute = BruteForce.jointOptimum(network: network)
            let planner = ExactPlanner(network: network, options: SolverOptions(timeLimit: 30, gap: 1e-9))
            if let mismatch = Self.batchMismatch(planner, optimum: brute.cost) {
                wrong.append("seed \(seed): \(mismatch)")
            }
        }
        #expect(compared >= 60, "only \(compared) instances")
        #expect(wrong.isEmpty, "\(wrong.prefix(5))")
    }

    @Test("myopic-exact's plans of random scenarios in time keep daily capacity and stock by day", arguments: 1...30)
    func myopicInTime(seed: Int) throws {
        var scenario = RandomScenario.make(seed: UInt64(seed))
        RandomTime.apply(to: &scenario, seed: UInt64(seed) &* 7919)
        let network = Network(scenario)
        let plan = try Strategy.named("myopic-exact")!.plan(network, options: SolverOptions(timeLimit: 30)).plan
        let report = try PlanChecker(network: network).check(plan.document)
        #expect(report.ok, "seed \(seed): \(report.errors.prefix(3)) \(report.mismatches.prefix(3))")
    }

    @Test("where ship days are decisions, batch() finds the joint brute-force optimum and myopic's bound holds")
    func shipDaysMatchBruteForce() throws {
        var compared = 0
        var binding = 0
        var wrong: [String] = []
        for seed in UInt64(1)...3_000 where compared < 150 {
            var scenario = RandomScenario.make(seed: seed, config: BruteForceInstances.joint)
            RandomTime.apply(to: &scenario, seed: seed &* 15_485_863)
            // Few ship days (the brute force tries them all), tight days and stock arriving within them.
            var rng = SplitMix64(seed: seed &* 31)
            scenario.policy.horizonDays = rng.int(1...3)
            for n in scenario.nodes.indices {
                scenario.nodes[n].capacityPerDay = rng.chance(0.5) ? rng.int(1...2) : nil
            }
            for sku in scenario.skus where rng.chance(0.7) {
                let node = scenario.nodes[rng.int(0...(scenario.nodes.count - 1))].id
                scenario.inbound.append(
                    InboundLine(node: node, sku: sku.id, qty: rng.int(1...3), arrives: scenario.today + rng.int(0...3)))
            }
            let network = Network(scenario)
            guard network.timetable.decidesShipDays, !network.orders.isEmpty,
                BruteForce.jointSearchBound(network: network) <= 3_000
            else { continue }
            compared += 1
            let brute = BruteForce.jointOptimum(network: network)
            // Some optimum ships a leg later than its node's earliest day.
            if brute.routes.contains(where: { r in
                r.legs.contains { $0.tariff.shipsOn > network.timetable.earliest[$0.tariff.source]! }
            }) {
                binding += 1
            }
            let planner = ExactPlanner(network: network, options: SolverOptions(timeLimit: 30, gap: 1e-9))
            if let mismatch = Self.batchMismatch(planner, optimum: brute.cost) {
                wrong.append("seed \(seed): \(mismatch)")
            }
            let myopic = planner.myopic()
            let myopicCost = totalCost(myopic.routes, network: network)
            if myopicCost < brute.cost - 1e-6 || myopic.bound > brute.cost + 1e-6
                || !planProblems(myopic.routes, network: network).isEmpty
            {
                wrong.append("seed \(seed): myopic \(myopicCost) bound \(myopic.bound), brute force \(brute.cost)")
            }
        }
        #expect(compared >= 100, "only \(compared) instances")
        #expect(binding >= 10, "only \(binding) instances where a later ship day is optimal")
        #expect(wrong.isEmpty, "\(wrong.prefix(5))")
    }
}
