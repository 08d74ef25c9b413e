import Foundation
import OmniRouteFormat
import OmniRouteHeuristics
import OmniRouteModel
import OmniRouteTestSupport
import Testing

/// `omniroute rules cost`: each rule's price is the plan's cost with every rule minus its
/// cost without that rule, planned the same way.
@Suite(
    "Rules cost",
    .tags(.slow), .skippedWhenFast,
    .enabled(if: OmniRouteBinary.path != nil, "the omniroute executable was not built beside the tests"))
struct RulesCostCommandTests {
    @Test("one row per rule; the price is the cost with every rule minus the cost without it, as greedy plans them")
    func prices() throws {
        let path = Paths.scenario("northeast-rules.json")
        let run = try OmniRouteBinary.run("rules", "cost", path, "--json")
        #expect(run.status == 0, "\(run.stderr)")
        let document = try JSONParser.parse(run.stdout)
        let scenario = try DocumentFile.scenario(path)
        guard case .array(let rows)? = document["rules"], case .double(let with)? = document["with_every_rule"]?["cost"]
        else {
            Issue.record("no rules in \(run.stdout.prefix(300))")
            return
        }
        #expect(rows.count == scenario.rules.count)
        for (k, rule) in scenario.rules.enumerated() {
            #expect(rows[k]["rule"] == .string(rule.id))
            var without = scenario
            without.rules.remove(at: k)
            let network = Network(without)
            let cost = OnlinePlanner(network: network).plan(GreedyRouter(network: network)).summary.totalCost
            guard case .double(let written)? = rows[k]["without"]?["cost"], case .double(let price)? = rows[k]["price"]
            else {
                Issue.record("row \(k): \(rows[k])")
                continue
            }
            #expect(abs(written - cost) < 1e-6, "\(rule.id)")
            #expect(abs(price - (with - cost)) < 1e-6, "\(rule.id)")
        }
    }

    @Test("a scenario without rules is exit 2, saying so")
    func noRules() throws {
        let run = try OmniRouteBinary.run("rules", "cost", Paths.scenario("northeast-small.json"))
        #expect(run.status == 2 && run.stderr.contains("the scenario has no rules"), "\(run.stderr)")
    }
}
