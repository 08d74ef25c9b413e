import OmniRouteExact
import OmniRouteFormat
import OmniRouteHeuristics
import OmniRouteModel
import OmniRouteTestSupport
import Testing

@Suite("Exact strategies on the bundled scenarios", .tags(.slow), .skippedWhenFast)
struct BundledScenarioTests {
    /// The bundled scenarios small enough for a debug-build test.
    static let small = ["northeast-small.json"]

    @Test("exact ≤ myopic-exact ≤ greedy, and every plan with its bound passes the checker", arguments: small)
    func ordering(name: String) throws {
        let scenario = try DocumentFile.scenario(Paths.scenario(name))
        let network = Network(scenario)
        let planner = ExactPlanner(network: network, options: SolverOptions(timeLimit: 10))
        let myopic = planner.myopic()
        // Warm-started from the myopic plan, the batch is never worse than it, however much it
        // manages within its time limit (from greedy, exact ≤ myopic would race the clock).
        let exact = planner.batch(warmStart: myopic.routes)
        let greedy = OnlinePlanner(network: network).run(GreedyRouter(network: network)).routes
        let nearest = OnlinePlanner(network: network).run(NearestRouter(network: network)).routes
        let e = totalCost(exact.routes, network: network)
        let m = totalCost(myopic.routes, network: network)
        let g = totalCost(greedy, network: network)
        let n = totalCost(nearest, network: network)
        print(
            "\(name): exact \(e) (bound \(exact.bound), \(exact.seconds) s, \(exact.stats)); myopic \(m) "
                + "(bound \(myopic.bound), \(myopic.seconds) s); greedy \(g); nearest \(n)"
        )
        #expect(e <= m + 1e-6, "exact \(e) > myopic \(m)")
        #expect(m <= g + 1e-6, "myopic \(m) > greedy \(g)")
        for (label, routes, bound) in [
            ("exact", exact.routes, exact.bound), ("myopic-exact", myopic.routes, myopic.bound),
            ("greedy", greedy, nil), ("nearest", nearest, nil),
        ] as [(String, [OrderRoute], Double?)] {
            let problems = planProblems(routes, network: network)
            #expect(problems.isEmpty, "\(label): \(problems.prefix(5))")
            let findings = checkerFindings(routes, network: network, strategy: label, bound: bound)
            #expect(findings.isEmpty, "\(label): \(findings.prefix(5))")
        }
        // The exact bound holds for every plan; the myopic bound (orders alone on full stock) too.
        #expect(exact.bound <= e + 1e-6)
        #expect(exact.bound <= min(m, g, n) + 1e-6)
        #expect(myopic.bound <= min(e, m, g, n) + 1e-6)
        #expect(myopic.bound <= exact.bound + 1e-6, "the batch bound is at least the relaxation bound")
        #expect(abs(exact.stats.relaxationBound - myopic.bound) <= 1e-6)
        #expect(exact.stats.orders == network.orders.count)
    }
}
