import OmniRouteExact
import OmniRouteFormat
import OmniRouteHeuristics
import OmniRouteModel
import OmniRouteTestSupport
import Testing

/// Until a strategy honours sourcing rules it refuses a scenario that has them, by name,
/// rather than return a plan that breaks them.
@Suite("Strategies and sourcing rules")
struct RuleRefusalTests {
    @Test("every exact strategy refuses northeast-rules with an error naming it, and plans it without its rules")
    func refusesRules() throws {
        let scenario = try DocumentFile.scenario(Paths.scenario("northeast-rules.json"))
        let network = Network(scenario)
        // The online strategies honour rules (OnlineRulesTests); the exact ones refuse them still.
        for strategy in Strategy.all where strategy.isExact {
            #expect(throws: RulesNotHonoured.self, "\(strategy.name)") {
                _ = try strategy.plan(network, options: SolverOptions(timeLimit: 5))
            }
            let refusal = try #require(strategy.refusal(network))
            #expect(refusal.description.hasPrefix("strategy \(strategy.name) does not honour sourcing rules"))
            #expect(refusal.description.contains("7 rules"))
        }
        for online in OnlineStrategy.all { #expect(online.refusal(network) == nil, "\(online.name)") }
        var bare = scenario
        bare.rules = []
        let plain = Network(bare)
        for strategy in Strategy.all where !strategy.isExact {
            #expect(strategy.refusal(plain) == nil)
            let plan = try strategy.plan(plain).plan
            #expect(try PlanChecker(network: plain).check(plan.document).ok, "\(strategy.name)")
        }
    }
}
