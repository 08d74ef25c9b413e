import OmniRouteExact
import OmniRouteHeuristics
import OmniRouteModel
import OmniRouteTestSupport
import Testing

@Suite("The exact engine's neighbourhood search on large contended groups")
struct NeighbourhoodSearchTests {
    /// Hundreds of orders over a few nodes and SKUs with little stock: one group too
    /// large for GLPK's integer master, so the plan comes from the neighbourhood search.
    static let contended = RandomScenario.Config(nodes: 6...8, skus: 4...6, orders: 350...400, maxLines: 3, maxQty: 3,
                                                 stockDensity: 0.7, maxOnHand: 5, storeShipRate: 0.7, laneRate: 0.5)

    @Test("the search's plan is valid, never worse than greedy, and above the proven bound", arguments: [11, 12] as [UInt64])
    func contendedGroup(seed: UInt64) throws {
        let network = Network(RandomScenario.make(seed: seed, config: Self.contended))
        let greedy = OnlinePlanner(network: network).run(GreedyRouter(network: network)).routes
        var news: [String] = []
        let outcome = ExactPlanner(network: network, options: SolverOptions(timeLimit: 8, gap: 1e-4)).batch { news.append($0) }
        let cost = totalCost(outcome.routes, network: network)
        let greedyCost = totalCost(greedy, network: network)
        print("seed \(seed): \(network.orders.count) orders, greedy \(greedyCost), exact \(cost), bound \(outcome.bound); \(outcome.stats)")
        #expect(outcome.stats.jointGroups.contains { $0 > 300 }, "expected one group above the integer master's limit: \(outcome.stats)")
        #expect(news.contains { $0.contains("search:") }, "the neighbourhood search did not run: \(news.suffix(5))")
        #expect(planProblems(outcome.routes, network: network).isEmpty)
        let findings = checkerFindings(outcome.routes, network: network, strategy: "exact", bound: outcome.bound)
        #expect(findings.isEmpty, "\(findings.prefix(5))")
        #expect(cost <= greedyCost + 1e-6)
        #expect(outcome.bound <= cost + 1e-6)
    }
}
