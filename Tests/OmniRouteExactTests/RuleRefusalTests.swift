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
    @Test("every strategy that does not honour rules refuses northeast-rules with an error naming it")
    func refusesRules() throws {
        let scenario = try DocumentFile.scenario(Paths.scenario("northeast-rules.json"))
        let network = Network(scenario)
        // The exact strategies honour the rules (RulesAgreementTests).
        for strategy in [Strategy.exact, Strategy.myopicExact] { #expect(strategy.refusal(network) == nil) }
        for strategy in Strategy.all where !strategy.isExact && strategy.online?.honoursRules != true {
            #expect(throws: RulesNotHonoured.self, "\(strategy.name)") {
                _ = try strategy.plan(network, options: SolverOptions(timeLimit: 5))
            }
            let refusal = try #require(strategy.refusal(network))
            #expect(refusal.description.hasPrefix("strategy \(strategy.name) does not honour sourcing rules"))
            #expect(refusal.description.contains("7 rules"))
            if let online = strategy.online { #expect(online.refusal(network) != nil) }
        }
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
