import Foundation
import OmniRouteFormat
import OmniRouteHeuristics
import OmniRouteModel
import OmniRouteTestSupport
import Testing

/// A plan of `network` (a scenario with rules) that keeps every rule, built without an
/// engine that honours rules: greedy's routes of the same scenario without its rules, with
/// every unit a rule forbids left unfulfilled, the legs beyond the order's cap dropped,
/// reserves kept, and the surcharges priced through the tariffs.
func ruleKeepingPlan(_ network: Network) -> Plan {
    var bare = network.scenario
    bare.rules = []
    let plain = Network(bare)
    let routes = OnlinePlanner(network: plain).run(GreedyRouter(network: plain)).routes
    let book = network.ruleBook!
    var taken: [Int: Int] = [:]  // (rule * nodes + node) * skus + sku → units
    var kept: [OrderRoute] = []
    for route in routes {
        let resolved = network.resolved(route.order)
        let rules = network.rules(for: resolved)!
        var legs: [OrderRoute.Leg] = []
        for leg in route.legs {
            let node = leg.tariff.source
            var q = leg.quantities
            for i in q.indices where !rules.allows(node: node, line: i) { q[i] = 0 }
            if q.contains(where: { $0 > 0 }) {
                legs.append(OrderRoute.Leg(tariff: rules.priced(leg.tariff), quantities: q))
            }
        }
        legs = Array(legs.prefix(network.maxLegs(for: resolved)))
        for l in legs.indices {
            let node = legs[l].tariff.source
            for a in rules.reserves where book.reserves(rule: a.rule, node: node) {
                for i in legs[l].quantities.indices where a.lines[i] && legs[l].quantities[i] > 0 {
                    let sku = resolved.skus[i]
                    let key = (a.rule * network.nodeCount + node) * network.skuCount + sku
                    let limit = book.reserveLimit(
                        rule: a.rule, node: node, supply: network.reserveSupply(node: node, sku: sku))!
                    legs[l].quantities[i] = min(legs[l].quantities[i], max(0, limit - taken[key, default: 0]))
                }
            }
            for a in rules.reserves where book.reserves(rule: a.rule, node: node) {
                for i in legs[l].quantities.indices where a.lines[i] {
                    taken[(a.rule * network.nodeCount + node) * network.skuCount + resolved.skus[i], default: 0] +=
                        legs[l].quantities[i]
                }
            }
        }
        kept.append(OrderRoute(order: route.order, legs: legs.filter { $0.units > 0 }))
    }
    return network.plan(routes: kept, strategy: "greedy-without-rules-repaired", solveSeconds: 0)
}

extension CheckerAgreementTests {
    @Test(
        "Both checkers accept every online strategy's plan of northeast-rules and east-rules, surcharges included",
        .tags(.slow), .skippedWhenFast,
        .enabled(
            if: Paths.referenceChecker != nil,
            "../shared/tools/validate_plan.py is absent: nothing to cross-check against"),
        arguments: ["northeast-rules.json", "east-rules.json"])
    func onlineStrategiesKeepRules(name: String) throws {
        let scenario = try DocumentFile.scenario(Paths.scenario(name))
        let network = Network(scenario)
        let dir = Paths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        for strategy in OnlineStrategy.all {
            let plan = OnlinePlanner(network: network).plan(strategy.router(network))
            let report = try agree(scenario, plan.document, in: dir, strategy.name)
            #expect(report.ok, "\(strategy.name): \(report.errors.prefix(3)) \(report.mismatches.prefix(3))")
            #expect(plan.orders.flatMap(\.legs).contains { $0.cost.rules > 0 }, "\(strategy.name)")
        }
    }

    @Test(
        "Both checkers accept a plan that keeps every rule of northeast-rules and east-rules, with surcharges",
        .enabled(
            if: Paths.referenceChecker != nil,
            "../shared/tools/validate_plan.py is absent: nothing to cross-check against"),
        arguments: ["northeast-rules.json", "east-rules.json"])
    func rulesScenarioValidPlan(name: String) throws {
        let scenario = try DocumentFile.scenario(Paths.scenario(name))
        let network = Network(scenario)
        let dir = Paths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let plan = ruleKeepingPlan(network)
        let report = try agree(scenario, plan.document, in: dir, "rules-valid")
        #expect(report.ok, "\(report.errors.prefix(3)) \(report.mismatches.prefix(3))")
        #expect(plan.orders.flatMap(\.legs).contains { $0.cost.rules > 0 })
        // The same routes without their surcharges are inconsistent (each store leg misses its 0.75).
        var unpriced = plan
        for o in unpriced.orders.indices {
            for l in unpriced.orders[o].legs.indices { unpriced.orders[o].legs[l].cost.rules = 0 }
        }
        let r = try agree(scenario, unpriced.document, in: dir, "rules-unpriced")
        #expect(r.feasible && !r.consistent)
    }

    @Test(
        "Both checkers find the same rule faults in deliberately broken plans of northeast-rules",
        .enabled(
            if: Paths.referenceChecker != nil,
            "../shared/tools/validate_plan.py is absent: nothing to cross-check against"))
    func brokenRulePlans() throws {
        let scenario = try DocumentFile.scenario(Paths.scenario("northeast-rules.json"))
        let network = Network(scenario)
        let plan = ruleKeepingPlan(network)
        let dir = Paths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        func firstLeg(_ match: (PlannedOrder, PlannedLeg) -> Bool) throws -> (order: Int, leg: Int) {
            for (i, o) in plan.orders.enumerated() {
                if let j = o.legs.firstIndex(where: { match(o, $0) }) { return (i, j) }
            }
            throw CocoaError(.featureUnsupported)
        }
        func with(_ rule: Rule) -> Scenario {
            var s = scenario
            s.rules.append(rule)
            return s
        }

        // A leg from an excluded node: a new rule excludes the source of a store leg.
        do {
            let (o, l) = try firstLeg { _, leg in leg.type == .shipFromStore }
            let node = plan.orders[o].legs[l].from
            let lines = plan.orders.flatMap(\.legs).filter { $0.from == node }.reduce(0) { $0 + $1.lines.count }
            let r = try agree(
                with(Rule(id: "no-\(node)", exclude: NodeSelector(ids: [node]))), plan.document, in: dir,
                "rule-exclude")
            #expect(r.errors.count == lines && r.errors.allSatisfy { $0.contains("rule no-\(node) excludes \(node)") })
            #expect(r.consistent)
        }
        // A node outside only_from: web orders only from the first warehouse.
        do {
            let only = scenario.nodes[0].id
            let r = try agree(
                with(
                    Rule(id: "web-\(only)", when: Rule.Condition(channels: [.web]), onlyFrom: NodeSelector(ids: [only]))
                ),
                plan.document, in: dir, "rule-only-from")
            #expect(
                !r.errors.isEmpty && r.errors.allSatisfy { $0.contains("rule web-\(only) allows only other nodes") })
        }
        // A missing surcharge, and a wrong one.
        do {
            let (o, l) = try firstLeg { _, leg in leg.cost.rules > 0 }
            var p = plan
            p.orders[o].legs[l].cost.rules = 0
            let missing = try agree(scenario, p.document, in: dir, "rule-missing-surcharge")
            #expect(missing.feasible && missing.mismatches.count == 2, "\(missing.mismatches)")
            #expect(!JSONWriter.write(p.orders[o].legs[l].document, pretty: false).contains("\"rules\""))
            p.orders[o].legs[l].cost.rules = plan.orders[o].legs[l].cost.rules + 1
            let wrong = try agree(scenario, p.document, in: dir, "rule-wrong-surcharge")
            #expect(wrong.feasible && wrong.mismatches.count == 2, "\(wrong.mismatches)")
        }
        // A broken reserve: keep back everything the plan takes at the first leg's node.
        do {
            let (o, l) = try firstLeg { _, _ in true }
            let leg = plan.orders[o].legs[l]
            let sku = leg.lines[0].sku
            let supply = network.atp(node: network.nodeIndex[leg.from]!, sku: network.skuIndex[sku]!)
            let r = try agree(
                with(Rule(id: "keep-all", reserve: Rule.Reserve(nodes: NodeSelector(ids: [leg.from]), units: supply))),
                plan.document, in: dir, "rule-reserve")
            #expect(
                r.errors.contains {
                    $0.hasPrefix("rule keep-all: orders it applies to take") && $0.contains("\(leg.from)/\(sku)")
                })
        }
        // Too many legs for a rule: no order may have more than one leg.
        do {
            let split = plan.orders.filter { $0.legs.count > 1 }.count
            #expect(split > 0)
            let r = try agree(with(Rule(id: "one-leg", maxLegs: 1)), plan.document, in: dir, "rule-max-legs")
            #expect(r.errors.count == split && r.errors.allSatisfy { $0.contains("of rule one-leg") })
        }
    }
}
