import Foundation
import OmniRouteFormat
import OmniRouteHeuristics
import OmniRouteModel
import OmniRouteTestSupport
import Testing

/// The project's checker must agree with `../shared/tools/validate_plan.py` on every
/// bundled scenario and on deliberately broken plans: the same verdict, the same
/// number of errors and mismatches, and the same recomputed totals.
@Suite("Checker agreement with the reference checker", .tags(.slow), .skippedWhenFast)
struct CheckerAgreementTests {
    /// Runs both checkers on (scenario, plan) and compares them; returns ours.
    @discardableResult
    func agree(
        _ scenario: Scenario, _ plan: Document, in dir: URL, _ label: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> PlanChecker.Report {
        let ours = try PlanChecker(network: Network(scenario)).check(plan)
        let scenarioPath = try write(scenario.document, "\(label)-scenario.json", in: dir)
        let planPath = try write(plan, "\(label)-plan.json", in: dir)
        guard let theirs = try ReferenceChecker.check(scenario: scenarioPath, plan: planPath) else { return ours }
        #expect(theirs.status == (ours.ok ? 0 : 1), "\(label): exit status", sourceLocation: sourceLocation)
        #expect(
            theirs.feasible == ours.feasible,
            "\(label): feasible; reference errors \(theirs.errors), ours \(ours.errors)",
            sourceLocation: sourceLocation)
        #expect(
            theirs.consistent == ours.consistent,
            "\(label): consistent; reference \(theirs.mismatches.prefix(5)), ours \(ours.mismatches.prefix(5))",
            sourceLocation: sourceLocation)
        #expect(
            theirs.errors.count == min(200, ours.errors.count), "\(label): errors \(theirs.errors) vs \(ours.errors)",
            sourceLocation: sourceLocation)
        #expect(
            theirs.mismatches.count == min(200, ours.mismatches.count),
            "\(label): mismatches \(theirs.mismatches.prefix(8)) vs \(ours.mismatches.prefix(8))",
            sourceLocation: sourceLocation)
        #expect(
            PlanChecker.close(theirs.totalCost, ours.recomputed.totalCost), "\(label): total cost",
            sourceLocation: sourceLocation)
        #expect(
            theirs.legs == ours.recomputed.legs && theirs.units == ours.recomputed.units, "\(label): legs and units",
            sourceLocation: sourceLocation)
        return ours
    }

    @Test(
        "Both checkers accept the greedy and nearest plans of every bundled scenario",
        .enabled(
            if: Paths.referenceChecker != nil,
            "../shared/tools/validate_plan.py is absent: nothing to cross-check against"),
        arguments: Paths.bundledScenarios(includeLarge: false))
    func bundledScenarios(path: String) throws {
        let scenario = try DocumentFile.scenario(path)
        let network = Network(scenario)
        // Greedy and nearest honour sourcing rules: the rules scenarios' plans are cross-checked too.
        let dir = Paths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        for router in [GreedyRouter(network: network) as any OrderRouter, NearestRouter(network: network)] {
            let plan = OnlinePlanner(network: network).plan(router)
            let report = try agree(scenario, plan.document, in: dir, router.name)
            #expect(
                report.ok,
                "\(router.name) on \(scenario.name): \(report.errors.prefix(3)) \(report.mismatches.prefix(3))")
        }
    }

    /// A greedy plan of a bundled scenario to break in different ways.
    struct Fixture {
        let scenario: Scenario
        let plan: Plan
        let network: Network

        init(_ name: String) throws {
            scenario = try DocumentFile.scenario(Paths.scenario(name))
            network = Network(scenario)
            plan = OnlinePlanner(network: network).plan(GreedyRouter(network: network))
        }

        func firstLeg(where match: (PlannedLeg) -> Bool) -> (order: Int, leg: Int)? {
            for (i, o) in plan.orders.enumerated() {
                if let j = o.legs.firstIndex(where: match) { return (i, j) }
            }
            return nil
        }
    }

    @Test(
        "Both checkers find the same faults in deliberately broken plans",
        .enabled(
            if: Paths.referenceChecker != nil,
            "../shared/tools/validate_plan.py is absent: nothing to cross-check against"))
    func brokenPlans() throws {
        let f = try Fixture("east-medium.json")
        let dir = Paths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }

        // Oversold stock: the scenario loses the stock the first leg takes.
        do {
            let (o, l) = try #require(f.firstLeg { _ in true })
            let leg = f.plan.orders[o].legs[l]
            var s = f.scenario
            let row = try #require(s.inventory.firstIndex { $0.node == leg.from && $0.sku == leg.lines[0].sku })
            s.inventory[row].onHand = s.inventory[row].reserved + s.inventory[row].safetyStock
            let r = try agree(s, f.plan.document, in: dir, "oversold")
            #expect(r.errors.contains { $0.hasPrefix("inventory: \(leg.from)/\(leg.lines[0].sku)") })
            #expect(r.consistent)
        }
        // Over capacity: the node of the first store leg can pick one unit less than it does.
        do {
            let (o, l) = try #require(f.firstLeg { $0.type == .shipFromStore })
            let node = f.plan.orders[o].legs[l].from
            let used = f.plan.orders.flatMap(\.legs).filter { $0.from == node }.reduce(0) { $0 + $1.units }
            var s = f.scenario
            let n = try #require(s.nodes.firstIndex { $0.id == node })
            s.nodes[n].capacityUnits = used - 1
            let r = try agree(s, f.plan.document, in: dir, "capacity")
            #expect(r.errors == ["capacity: \(node) picks \(used) > \(used - 1)"])
        }
        // A missing order.
        do {
            var p = f.plan
            let gone = p.orders.removeFirst()
            let r = try agree(f.scenario, p.document, in: dir, "missing")
            #expect(r.errors.contains("plan: order \(gone.order) is missing"))
        }
        // The same order twice.
        do {
            var p = f.plan
            p.orders.append(p.orders[3])
            let r = try agree(f.scenario, p.document, in: dir, "duplicate")
            #expect(r.errors.contains { $0.contains("appears twice") })
        }
        // A wrong leg type.
        do {
            var p = f.plan
            let (o, l) = try #require(f.firstLeg { $0.type == .directToHome })
            p.orders[o].legs[l].type = .shipFromStore
            let r = try agree(f.scenario, p.document, in: dir, "type")
            #expect(r.errors.count == 1 && r.errors[0].contains("expected 'direct_to_home'"))
        }
        // No lane: the lane a transfer leg uses is removed.
        do {
            let (o, l) = try #require(
                f.firstLeg { $0.type == .warehouseToStorePickup || $0.type == .storeToStorePickup })
            guard
                case .pickup(let store) = f.scenario.orders.first(where: { $0.id == f.plan.orders[o].order })!.delivery
            else {
                Issue.record("a transfer leg of a ship order")
                return
            }
            var s = f.scenario
            s.lanes.removeAll { $0.from == f.plan.orders[o].legs[l].from && $0.to == store }
            let r = try agree(s, f.plan.document, in: dir, "lane")
            #expect(r.errors.contains { $0.contains("no lane \(f.plan.orders[o].legs[l].from) -> \(store)") })
        }
        // Ship-to-home turned off at a node a ship leg uses.
        do {
            let (o, l) = try #require(f.firstLeg { $0.type == .shipFromStore })
            var s = f.scenario
            let n = try #require(s.nodes.firstIndex { $0.id == f.plan.orders[o].legs[l].from })
            s.nodes[n].shipToHome = false
            let r = try agree(s, f.plan.document, in: dir, "ship-off")
            #expect(r.errors.contains { $0.contains("does not ship to home") })
        }
        // A wrong eta on a leg (the order's eta follows the legs, so it mismatches too when it is the last).
        do {
            var p = f.plan
            p.orders[0].legs[0].eta = p.orders[0].legs[0].eta + 1
            let r = try agree(f.scenario, p.document, in: dir, "eta")
            #expect(r.feasible && r.mismatches.contains { $0.hasPrefix("plan.orders[0].legs[0]: eta") })
        }
        // Wrong costs: a leg's shipping, an order's total, the plan's total.
        do {
            var p = f.plan
            p.orders[1].legs[0].cost.shipping += 0.5
            p.orders[2].cost.total += 1
            p.summary.totalCost *= 1.01
            let r = try agree(f.scenario, p.document, in: dir, "costs")
            #expect(r.feasible && r.mismatches.count >= 3)
        }
        // Costs within the tolerance are not mismatches.
        do {
            var p = f.plan
            p.orders[1].legs[0].cost.pick *= 1 + 1e-9
            try #require(try agree(f.scenario, p.document, in: dir, "tolerance").ok)
        }
        // A split order that may not be split.
        do {
            let o = try #require(f.plan.orders.firstIndex { $0.legs.count > 1 })
            var s = f.scenario
            let k = try #require(s.orders.firstIndex { $0.id == f.plan.orders[o].order })
            s.orders[k].allowSplit = false
            let r = try agree(s, f.plan.document, in: dir, "no-split")
            #expect(r.errors.contains { $0.contains("may not be split") })
            // And a cap of one leg per order for everyone.
            var capped = f.scenario
            capped.policy.maxLegsPerOrder = 1
            let r2 = try agree(capped, f.plan.document, in: dir, "max-legs")
            #expect(r2.errors.contains { $0.contains("max_legs_per_order 1") })
        }
        // An unknown source node, a leg with no units, a sku not on the order, a second leg from one node.
        do {
            var p = f.plan
            p.orders[0].legs[0].from = "NO-SUCH-NODE"
            p.orders[1].legs[0].lines[0].sku = "SKU-NOT-ON-ORDER"
            p.orders[2].legs.append(p.orders[2].legs[0])
            try agree(f.scenario, p.document, in: dir, "mixed")
        }
        // A ship leg without a service, and a service that does not exist.
        do {
            var p = f.plan
            let (o, l) = try #require(f.firstLeg { $0.type == .shipFromStore })
            p.orders[o].legs[l].service = nil
            let (o2, l2) = try #require(f.firstLeg { $0.type == .directToHome })
            p.orders[o2].legs[l2].service = "teleport"
            let r = try agree(f.scenario, p.document, in: dir, "service")
            #expect(r.errors.filter { $0.contains("ship leg needs a known service") }.count == 2)
        }
        // Units neither sent nor reported unfulfilled.
        do {
            var p = f.plan
            let o = try #require(p.orders.firstIndex { !$0.legs.isEmpty && $0.legs[0].lines[0].qty > 1 })
            p.orders[o].legs[0].lines[0].qty -= 1
            let r = try agree(f.scenario, p.document, in: dir, "short")
            #expect(r.errors.contains { $0.contains("unfulfilled !=") })
        }
        // A bound above the plan's own cost.
        do {
            var p = f.plan
            p.summary.bound = p.summary.totalCost + 10
            p.summary.gap = 0
            let r = try agree(f.scenario, p.document, in: dir, "bound")
            #expect(r.errors.contains { $0.hasPrefix("summary.bound") })
        }
    }

    @Test(
        "Both checkers agree on the national-large plans (release-size input)",
        .enabled(
            if: Paths.referenceChecker != nil,
            "../shared/tools/validate_plan.py is absent: nothing to cross-check against"))
    func nationalLarge() throws {
        let path = Paths.scenario("national-large.json")
        try #require(FileManager.default.fileExists(atPath: path))
        let scenario = try DocumentFile.scenario(path)
        let network = Network(scenario)
        let dir = Paths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let plan = OnlinePlanner(network: network).plan(GreedyRouter(network: network))
        let report = try agree(scenario, plan.document, in: dir, "national-greedy")
        #expect(report.ok)
    }
}
