import Foundation
import OmniRouteFormat
import OmniRouteHeuristics
import OmniRouteModel
import OmniRouteTestSupport
import Testing

/// Random tags and sourcing rules over a random scenario, for the online strategies' property tests.
enum RandomRules {
    /// The rule actions a test draws from.
    enum Action: String, CaseIterable, Sendable {
        case exclude, onlyFrom, surchargePerUnit, surchargePerLeg, maxLegs, reserve
    }

    static let nodeTags = ["outlet", "urban", "flagship"]
    static let skuTags = ["oversize", "fragile"]
    static let orderTags = ["vip", "b2b"]

    /// `scenario` with random tags and one to four rules, each with actions drawn from `actions`
    /// (one or more per rule when several are given).
    static func make(_ scenario: Scenario, seed: UInt64, actions: [Action]) -> Scenario {
        var rng = SplitMix64(seed: seed &* 0x9E37_79B9_7F4A_7C15 &+ 77)
        var s = scenario
        for n in s.nodes.indices {
            s.nodes[n].tags = nodeTags.filter { _ in rng.chance(0.35) }
        }
        for k in s.skus.indices {
            s.skus[k].tags = skuTags.filter { _ in rng.chance(0.35) }
        }
        for o in s.orders.indices {
            s.orders[o].tags = orderTags.filter { _ in rng.chance(0.3) }
        }
        func selector() -> NodeSelector {
            switch rng.int(0...3) {
            case 0: return NodeSelector(kind: rng.chance(0.5) ? .store : .warehouse)
            case 1: return NodeSelector(ids: s.nodes.filter { _ in rng.chance(0.4) }.map(\.id).ifEmpty([s.nodes[0].id]))
            case 2: return NodeSelector(tagsAny: [rng.pick(nodeTags)])
            default: return NodeSelector(kind: .store, tagsAny: [rng.pick(nodeTags)])
            }
        }
        func condition() -> Rule.Condition {
            var w = Rule.Condition()
            if rng.chance(0.3) {
                w.channels = [rng.pick([Order.Channel.web, .app, .marketplace, .store, .callCenter])]
            }
            if rng.chance(0.3) { w.modes = [rng.chance(0.7) ? .ship : .pickup] }
            if rng.chance(0.2) { w.orderTagsAny = [rng.pick(orderTags)] }
            if rng.chance(0.2) { w.minUnits = rng.int(2...5) }
            if rng.chance(0.1) { w.minValue = rng.money(20...200) }
            return w
        }
        s.rules = (0..<rng.int(1...4)).map { r in
            var rule = Rule(id: "rule-\(r + 1)", when: rng.chance(0.6) ? condition() : Rule.Condition())
            if rng.chance(0.4) { rule.skuTagsAny = [rng.pick(skuTags)] }
            let chosen =
                actions.count == 1 ? actions : actions.filter { _ in rng.chance(0.4) }.ifEmpty([rng.pick(actions)])
            for action in chosen {
                switch action {
                case .exclude: rule.exclude = selector()
                case .onlyFrom: rule.onlyFrom = selector()
                case .surchargePerUnit:
                    rule.surchargePerUnit = Rule.Surcharge(nodes: selector(), amount: rng.money(0.1...3))
                case .surchargePerLeg:
                    rule.surchargePerLeg = Rule.Surcharge(nodes: selector(), amount: rng.money(0.1...6))
                case .maxLegs: rule.maxLegs = rng.int(1...2)
                case .reserve: rule.reserve = Rule.Reserve(nodes: selector(), units: rng.int(1...4))
                }
            }
            return rule
        }
        return s
    }
}

extension Array {
    fileprivate func ifEmpty(_ other: [Element]) -> [Element] { isEmpty ? other : self }
}

/// Everything a route breaks of the order's rules (constraints 6 and 7, and the priced surcharges).
func ruleProblems(_ route: OrderRoute, network: Network) -> [String] {
    let resolved = network.resolved(route.order)
    guard let rules = network.rules(for: resolved) else { return [] }
    var problems: [String] = []
    let cap = network.maxLegs(for: resolved)
    if route.legs.count > cap { problems.append("\(route.legs.count) legs > cap \(cap)") }
    for leg in route.legs {
        let node = leg.tariff.source
        for (i, q) in leg.quantities.enumerated() where q > 0 {
            if let r = rules.blockingRule(node: node, line: i) {
                problems.append("rule \(network.scenario.rules[r].id) forbids \(network.nodes[node].id) line \(i)")
            }
        }
        if leg.tariff != rules.priced(leg.tariff) {
            problems.append("leg from \(network.nodes[node].id) is not priced with the rules' surcharges")
        }
    }
    return problems
}

@Suite("Online strategies and sourcing rules")
struct OnlineRulesTests {
    static let actionSets: [String] = RandomRules.Action.allCases.map(\.rawValue) + ["combined"]

    static func actions(_ name: String) -> [RandomRules.Action] {
        RandomRules.Action(rawValue: name).map { [$0] } ?? RandomRules.Action.allCases
    }

    static func routers(_ network: Network) -> [any OrderRouter] {
        OnlineStrategy.all.map { $0.router(network) }
    }

    @Test(
        "Every online strategy keeps every hard rule of random rules on random scenarios; the checker agrees",
        arguments: actionSets)
    func randomRules(actions name: String) {
        var failures: [String] = []
        var legs = 0
        var surcharged = 0
        for seed in UInt64(1)...80 {
            let scenario = RandomRules.make(RandomScenario.make(seed: seed), seed: seed, actions: Self.actions(name))
            let network = Network(scenario)
            for router in Self.routers(network) {
                let (routes, problems) = routeAll(router, network: network)
                failures += problems.map { "seed \(seed) \(router.name): \($0)" }
                for route in routes {
                    failures += ruleProblems(route, network: network).map {
                        "seed \(seed) \(router.name) order \(network.orders[route.order].id): \($0)"
                    }
                }
                let plan = network.plan(routes: routes, strategy: router.name, solveSeconds: 0)
                failures += checkerFindings(plan, network: network).map { "seed \(seed) \(router.name): \($0)" }
                legs += plan.summary.legs
                surcharged += plan.orders.flatMap(\.legs).filter { $0.cost.rules > 0 }.count
            }
        }
        #expect(failures.isEmpty, "\(failures.count) failures:\n\(failures.prefix(15).joined(separator: "\n"))")
        #expect(legs > 300)
        if name.hasPrefix("surcharge") || name == "combined" { #expect(surcharged > 20) }
    }

    @Test("Greedy's reserve rows: the orders a reserve applies to never take the last units it keeps")
    func reservesHold() {
        var checked = 0
        var failures: [String] = []
        for seed in UInt64(1)...120 {
            let scenario = RandomRules.make(RandomScenario.make(seed: seed), seed: seed, actions: [.reserve])
            let network = Network(scenario)
            let run = OnlinePlanner(network: network).run(GreedyRouter(network: network))
            let book = network.ruleBook!
            var taken: [String: Int] = [:]
            for route in run.routes {
                let resolved = network.resolved(route.order)
                for a in network.rules(for: resolved)!.reserves {
                    for leg in route.legs where book.reserves(rule: a.rule, node: leg.tariff.source) {
                        for (i, q) in leg.quantities.enumerated() where a.lines[i] && q > 0 {
                            taken["\(a.rule)/\(leg.tariff.source)/\(resolved.skus[i])", default: 0] += q
                        }
                    }
                }
            }
            for (key, units) in taken {
                let p = key.split(separator: "/").map { Int($0)! }
                let limit = book.reserveLimit(
                    rule: p[0], node: p[1], supply: network.reserveSupply(node: p[1], sku: p[2]))!
                checked += 1
                if units > limit { failures.append("seed \(seed): \(key) took \(units) > \(limit)") }
                if run.ledger.reserveLeft(rule: p[0], node: p[1], sku: p[2]) != limit - units {
                    failures.append("seed \(seed): \(key) ledger row disagrees")
                }
            }
        }
        #expect(failures.isEmpty, "\(failures.prefix(10).joined(separator: "\n"))")
        #expect(checked > 30)
    }

    @Test(
        "Every online strategy plans northeast-rules and east-rules within their rules (the checker agrees)",
        .tags(.slow), .skippedWhenFast, arguments: ["northeast-rules.json", "east-rules.json"])
    func bundledRulesScenarios(name: String) throws {
        let network = Network(try DocumentFile.scenario(Paths.scenario(name)))
        for strategy in OnlineStrategy.all {
            #expect(strategy.refusal(network) == nil)
            let plan = OnlinePlanner(network: network).plan(strategy.router(network))
            let report = try PlanChecker(network: network).check(plan.document)
            #expect(
                report.ok, "\(strategy.name): \(report.errors.prefix(3)) \(report.mismatches.prefix(3))")
            #expect(plan.orders.flatMap(\.legs).contains { $0.cost.rules > 0 }, "\(strategy.name)")
        }
    }

    @Test("A rule that forbids a node one line keeps it a candidate for the others, with priced tariffs")
    func perLineFilter() {
        var found = 0
        for seed in UInt64(1)...150 {
            let scenario = RandomRules.make(
                RandomScenario.make(seed: seed), seed: seed, actions: [.exclude, .onlyFrom, .surchargePerUnit])
            let network = Network(scenario)
            let ledger = InventoryLedger(network: network)
            for o in network.orders.indices {
                let resolved = network.resolved(o)
                guard let rules = network.rules(for: resolved), !rules.isEmpty else { continue }
                for c in ledger.candidates(resolved) {
                    let allowed = resolved.skus.indices.map { rules.allows(node: c.node, line: $0) }
                    for (i, ok) in allowed.enumerated() where !ok { #expect(c.available[i] == 0, "seed \(seed)") }
                    if allowed.contains(false) && c.available.contains(where: { $0 > 0 }) { found += 1 }
                    for t in c.tariffs { #expect(t == rules.priced(t), "seed \(seed)") }
                }
            }
        }
        #expect(found > 10)
    }

    @Test("explain names the rule that keeps a node out: stores for a marketplace order of northeast-rules")
    func explainNamesRule() throws {
        let scenario = try DocumentFile.scenario(Paths.scenario("northeast-rules.json"))
        let network = Network(scenario)
        let order = try #require(scenario.orders.first { $0.channel == .marketplace })
        let explanation = try Explainer(network: network).explain(
            orderId: order.id, router: GreedyRouter(network: network))
        let stores = explanation.sources.filter { $0.kind == .store }
        #expect(!stores.isEmpty)
        #expect(stores.allSatisfy { $0.exclusion != nil && !$0.chosen })
        #expect(stores.contains { $0.exclusion == "excluded by rule marketplace-from-warehouses" })
    }
}
