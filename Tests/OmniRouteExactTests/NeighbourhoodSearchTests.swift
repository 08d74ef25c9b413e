import OmniRouteExact
import OmniRouteHeuristics
import OmniRouteModel
import OmniRouteTestSupport
import Testing

@Suite("The exact engine's neighbourhood search on large contended groups", .tags(.slow), .skippedWhenFast)
struct NeighbourhoodSearchTests {
    /// Hundreds of orders over a few nodes and SKUs with little stock: one group too
    /// large for GLPK's integer master, so the plan comes from the neighbourhood search.
    static let contended = RandomScenario.Config(
        nodes: 6...8, skus: 4...6, orders: 350...400, maxLines: 3, maxQty: 3,
        stockDensity: 0.7, maxOnHand: 5, storeShipRate: 0.7, laneRate: 0.5)

    /// Stopped by work, not by the clock (the time limit is a safety net): how much is searched
    /// does not depend on the machine's speed.
    static let work = SolverOptions.WorkLimit(generationRounds: 15, neighbourhoods: 30)

    @Test(
        "the search's plan is valid, never worse than greedy, and above the proven bound",
        arguments: [11, 12] as [UInt64])
    func contendedGroup(seed: UInt64) throws {
        let network = Network(RandomScenario.make(seed: seed, config: Self.contended))
        let greedy = OnlinePlanner(network: network).run(GreedyRouter(network: network)).routes
        var news: [String] = []
        let options = SolverOptions(timeLimit: 600, gap: 1e-4, workLimit: Self.work)
        let outcome = ExactPlanner(network: network, options: options).batch { news.append($0) }
        let cost = totalCost(outcome.routes, network: network)
        let greedyCost = totalCost(greedy, network: network)
        print(
            "seed \(seed): \(network.orders.count) orders, greedy \(greedyCost), exact \(cost), "
                + "bound \(outcome.bound); \(outcome.stats)"
        )
        #expect(
            outcome.stats.jointGroups.contains { $0 > 300 },
            "expected one group above the integer master's limit: \(outcome.stats)")
        let searched = try #require(
            news.first { $0.contains("search:") },
            "the neighbourhood search did not run: \(news.suffix(5))")
        // "search: N neighbourhoods …": at most the work limit's.
        let count = searched.components(separatedBy: "search: ").last.flatMap { Int($0.prefix { $0.isNumber }) }
        #expect(count.map { $0 >= 1 && $0 <= Self.work.neighbourhoods } == true, "\(searched)")
        #expect(planProblems(outcome.routes, network: network).isEmpty)
        let findings = checkerFindings(outcome.routes, network: network, strategy: "exact", bound: outcome.bound)
        #expect(findings.isEmpty, "\(findings.prefix(5))")
        #expect(cost <= greedyCost + 1e-6)
        #expect(outcome.bound <= cost + 1e-6)
    }
}
