import OmniRouteExact
import OmniRouteFormat
import OmniRouteHeuristics
import OmniRouteModel
import OmniRouteTestSupport
import Testing

/// The one registry of strategies: names, how each runs, and that planning through
/// it is planning with the strategy's own router.
@Suite("Strategy registry")
struct StrategyRegistryTests {
    @Test("every strategy is listed once, found by its name, and online ones name their routers")
    func names() {
        let names = Strategy.all.map(\.name)
        #expect(names == ["greedy", "nearest", "priority", "fewest-splits", "exact", "myopic-exact"])
        #expect(Set(names).count == names.count)
        for strategy in Strategy.all {
            #expect(Strategy.named(strategy.name) == strategy)
            #expect(!strategy.summary.isEmpty)
            #expect(Strategy.descriptions.contains("\(strategy.name): \(strategy.summary)"))
        }
        #expect(Strategy.named("simplex") == nil && OnlineStrategy.named("exact") == nil)
        #expect(Strategy.all.filter(\.isExact).map(\.name) == ["exact", "myopic-exact"])
        let network = Network(TinyNetwork.scenario())
        for online in OnlineStrategy.all {
            #expect(online.router(network).name == online.name)
            #expect(Strategy.named(online.name)?.online?.name == online.name)
        }
    }

    @Test(
        "a plan through the registry is the router's own plan, byte for byte", arguments: OnlineStrategy.all.map(\.name)
    )
    func samePlan(name: String) throws {
        let online = try #require(OnlineStrategy.named(name))
        for seed in UInt64(1)...20 {
            let network = Network(RandomScenario.make(seed: seed))
            var direct = OnlinePlanner(network: network).plan(online.router(network))
            var registry = try #require(Strategy.named(name)).plan(network).plan
            // Only the time taken may differ.
            direct.summary.solveSeconds = 0
            registry.summary.solveSeconds = 0
            #expect(JSONWriter.write(registry.document) == JSONWriter.write(direct.document), "seed \(seed)")
        }
    }

    @Test("the exact strategies plan through the exact engine, with a bound no greater than the cost")
    func exactStrategies() throws {
        let network = Network(TinyNetwork.scenario(scarceA: 2, scarceB: 1))
        for name in ["exact", "myopic-exact"] {
            let run = try #require(Strategy.named(name)).plan(network, options: SolverOptions(timeLimit: 30))
            #expect(run.plan.strategy == name)
            let bound = try #require(run.bound)
            #expect(bound <= run.plan.summary.totalCost + 1e-6)
            #expect(run.stats != nil && run.orderSeconds.isEmpty)
        }
    }
}
