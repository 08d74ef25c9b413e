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

/// `omniroute explain` on a scenario with rules: surcharges in the breakdown, and what
/// the order would cost were each rule that applies to it lifted.
@Suite(
    "Explain with rules",
    .enabled(if: OmniRouteBinary.path != nil, "the omniroute executable was not built beside the tests"))
struct ExplainRulesTests {
    @Test("every rule that applies to the order is listed with the order's cost without it")
    func liftedRules() throws {
        let path = Paths.scenario("northeast-rules.json")
        let scenario = try DocumentFile.scenario(path)
        let network = Network(scenario)
        // An order several rules apply to.
        let index = try #require(
            scenario.orders.indices.max { a, b in
                (network.rules(for: network.resolved(a))?.applied.count ?? 0)
                    < (network.rules(for: network.resolved(b))?.applied.count ?? 0)
            })
        let applied = try #require(network.rules(for: network.resolved(index))?.applied)
        #expect(applied.count >= 2)
        let run = try OmniRouteBinary.run("explain", path, scenario.orders[index].id)
        #expect(run.status == 0, "\(run.stderr)")
        let lines = run.stdout.split(separator: "\n")
        let start = try #require(lines.firstIndex { $0.hasPrefix("rules that apply to the order") })
        let listed = lines[(start + 1)...].map { $0.trimmingCharacters(in: .whitespaces) }
        #expect(listed.count == applied.count, "\(run.stdout)")
        for (line, rule) in zip(listed, applied) {
            #expect(line.hasPrefix("- \(scenario.rules[rule.rule].id): "), "\(line)")
        }
    }

    @Test("a leg from a store carries prefer-warehouses' surcharge in its breakdown")
    func surchargeShown() throws {
        let path = Paths.scenario("northeast-rules.json")
        let network = Network(try DocumentFile.scenario(path))
        let plan = OnlinePlanner(network: network).plan(GreedyRouter(network: network))
        let order = try #require(plan.orders.first { o in o.legs.contains { $0.from.hasPrefix("S-") } })
        let run = try OmniRouteBinary.run("explain", path, order.order)
        let output: String = run.stdout
        let chosen = output.split(separator: "\n").drop { !$0.hasPrefix("chosen route:") }.dropFirst()
            .prefix { $0.hasPrefix("  - ") }
        let storeLegs = chosen.filter { $0.contains(" from S-") }
        #expect(!storeLegs.isEmpty, "\(output)")
        for leg in storeLegs { #expect(leg.contains(", rules 0.75"), "\(leg)") }
    }
}
