import OmniRouteExact
import OmniRouteFormat
import OmniRouteHeuristics
import OmniRouteModel
import OmniRouteTestSupport
import Testing

/// Every registered strategy honours sourcing rules: none refuses a scenario with rules,
/// and each one's plan of northeast-rules keeps them (the checker finds nothing). A
/// strategy added later that does not honour them must refuse (`refusal(_:)`,
/// `StrategyRefusal`) rather than break them silently.
@Suite("Strategies and sourcing rules")
struct RuleRefusalTests {
    @Test("no strategy refuses northeast-rules, and every plan of it keeps the rules")
    func honoursRules() throws {
        let scenario = try DocumentFile.scenario(Paths.scenario("northeast-rules.json"))
        let network = Network(scenario)
        for online in OnlineStrategy.all { #expect(online.refusal(network) == nil, "\(online.name)") }
        let options = SolverOptions(timeLimit: 600, workLimit: .init(generationRounds: 2, neighbourhoods: 4))
        for strategy in Strategy.all {
            #expect(strategy.refusal(network) == nil, "\(strategy.name)")
            let plan = try strategy.plan(network, options: options).plan
            let report = try PlanChecker(network: network).check(plan.document)
            #expect(report.ok, "\(strategy.name): \(report.errors.prefix(3)) \(report.mismatches.prefix(3))")
        }
    }
}
