import Foundation
import OmniRouteFormat
import OmniRouteHeuristics
import OmniRouteModel
import OmniRouteTestSupport
import Testing

/// The rule-based strategies beside greedy and nearest: priority (Magento MSI) and
/// fewest-splits (Shopify).
@Suite("Priority and fewest-splits strategies")
struct RuleStrategyTests {
    @Test("Priority and fewest-splits routes are valid and their plans pass the plan checker on random scenarios")
    func validOnRandomScenarios() {
        var failures: [String] = []
        var legs = 0
        for seed in UInt64(1)...120 {
            let network = Network(RandomScenario.make(seed: seed))
            let routers: [any OrderRouter] = [PriorityRouter(network: network), FewestSplitsRouter(network: network)]
            for router in routers {
                let (routes, problems) = routeAll(router, network: network)
                failures += problems.map { "seed \(seed) \(router.name): \($0)" }
                let plan = network.plan(routes: routes, strategy: router.name, solveSeconds: 0)
                failures += checkerFindings(plan, network: network).map { "seed \(seed) \(router.name): \($0)" }
                legs += plan.summary.legs
            }
        }
        #expect(failures.isEmpty, "\(failures.count) failures:\n\(failures.prefix(15).joined(separator: "\n"))")
        #expect(legs > 300)
    }

    @Test(
        "Priority takes sources in node order: reversed nodes change its plan; the first leg is from the first node"
    )
    func priorityFollowsNodeOrder() throws {
        let s = try DocumentFile.scenario(Paths.scenario("northeast-small.json"))
        var reversed = s
        reversed.nodes.reverse()
        func plan(_ s: Scenario) -> Plan {
            OnlinePlanner(network: Network(s)).plan(PriorityRouter(network: Network(s)))
        }
        let a = plan(s)
        let b = plan(reversed)
        #expect(a.orders.map(\.legs.first?.from) != b.orders.map(\.legs.first?.from))
        // The first order routed: its first leg comes from the first node in the list that can send anything.
        let first = s.ordersInArrivalOrder[0]
        let network = Network(s)
        let candidates = InventoryLedger(network: network).candidates(order: first)
        let top = try #require(
            candidates.filter { $0.available.contains { $0 > 0 } && $0.capacityLeft > 0 }.map(\.node).min())
        #expect(a.orders[first].legs.first?.from == s.nodes[top].id)
    }

    @Test("Fewest-splits uses one source whenever one source could cover the order on what was left")
    func fewestSplitsSingleSource() throws {
        let s = try DocumentFile.scenario(Paths.scenario("northeast-small.json"))
        let network = Network(s)
        var ledger = InventoryLedger(network: network)
        var router = FewestSplitsRouter(network: network)
        var checked = 0
        for o in s.ordersInArrivalOrder {
            let qty = s.orders[o].lines.map(\.qty)
            let coverable = ledger.candidates(order: o).contains { c in
                zip(c.available, qty).allSatisfy { $0 >= $1 } && c.capacityLeft >= qty.reduce(0, +)
            }
            let route = router.route(order: o, ledger: ledger)
            if coverable {
                #expect(route.legs.count == 1, "order \(s.orders[o].id)")
                checked += 1
            }
            ledger.apply(route)
        }
        #expect(checked > 100)
    }
}
