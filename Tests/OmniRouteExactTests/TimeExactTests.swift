import OmniRouteExact
import OmniRouteHeuristics
import OmniRouteModel
import OmniRouteTestSupport
import Testing

/// The exact engine in time. On calendars alone (zones, cutoffs, closed days, carrier
/// calendars, lane days, a horizon) every leg's best day is its earliest, so the joint
/// optimum is the brute force's over the model's earliest-day tariffs; where ship days are
/// decisions (capacity per day, inbound stock) it refuses.
@Suite("The exact engine in time", .tags(.slow), .skippedWhenFast)
struct TimeExactTests {
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
            let outcome = ExactPlanner(network: network, options: SolverOptions(timeLimit: 30, gap: 1e-9)).batch()
            let cost = totalCost(outcome.routes, network: network)
            let problems =
                planProblems(outcome.routes, network: network)
                + checkerFindings(outcome.routes, network: network, strategy: "exact", bound: outcome.bound)
            if abs(cost - brute.cost) > 1e-6 || outcome.bound > cost + 1e-6 || !problems.isEmpty {
                wrong.append(
                    "seed \(seed): exact \(cost) bound \(outcome.bound), brute force \(brute.cost) \(problems)")
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

    @Test("exact refuses a scenario with capacity per day or inbound stock, naming why; myopic-exact plans it")
    func refusesShipDayDecisions() throws {
        var scenario = TinyNetwork.scenario()
        scenario.nodes[0].capacityPerDay = 5
        let network = Network(scenario)
        let refusal = try #require(Strategy.named("exact")!.refusal(network))
        #expect(refusal.description.contains("does not decide ship days yet"))
        #expect(throws: StrategyRefusal.self) { try Strategy.named("exact")!.plan(network) }
        #expect(Strategy.named("myopic-exact")!.refusal(network) == nil)
    }
}
