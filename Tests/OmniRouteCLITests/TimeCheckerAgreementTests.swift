import Foundation
import OmniRouteExact
import OmniRouteFormat
import OmniRouteHeuristics
import OmniRouteModel
import OmniRouteTestSupport
import Testing

/// Plans in time: every strategy's plans of the calendar scenarios
/// pass both checkers, and both checkers refuse the same broken plans (a leg on a closed day,
/// before its node's cutoff allows, past the horizon, over a day's capacity, from inbound units
/// before they are ready, with an eta that ignores a carrier's closed day).
extension CheckerAgreementTests {
    static let calendarScenarios = ["time/worked-example.scenario.json", "time/northeast-calendar.json"]

    @Test(
        "Both checkers accept every strategy's plans of the calendar scenarios",
        .enabled(
            if: Paths.referenceChecker != nil,
            "../shared/tools/validate_plan.py is absent: nothing to cross-check against"),
        arguments: calendarScenarios)
    func calendarPlans(name: String) throws {
        let scenario = try DocumentFile.scenario(Paths.scenario(name))
        #expect(scenario.usesTime)
        let network = Network(scenario)
        let dir = Paths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let options = SolverOptions(timeLimit: 600, workLimit: .init(generationRounds: 2, neighbourhoods: 4))
        for strategy in Strategy.all where strategy.refusal(network) == nil {
            let plan = try strategy.plan(network, options: options).plan
            #expect(plan.orders.flatMap(\.legs).allSatisfy { $0.shipsOn != nil }, "\(strategy.name) writes ships_on")
            let report = try agree(scenario, plan.document, in: dir, strategy.name)
            #expect(report.ok, "\(strategy.name): \(report.errors.prefix(3)) \(report.mismatches.prefix(3))")
        }
        #expect(Strategy.named("exact")!.refusal(network) == nil, "exact decides ship days")
    }

    @Test(
        "Both checkers refuse the same broken plans in time",
        .enabled(
            if: Paths.referenceChecker != nil,
            "../shared/tools/validate_plan.py is absent: nothing to cross-check against"))
    func brokenPlansInTime() throws {
        let scenario = try DocumentFile.scenario(Paths.scenario("time/northeast-calendar.json"))
        let network = Network(scenario)
        let t = network.timetable
        let dir = Paths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let good = OnlinePlanner(network: network).plan(GreedyRouter(network: network))
        let legs = good.orders.indices.flatMap { o in good.orders[o].legs.indices.map { (o, $0) } }
        func node(_ leg: PlannedLeg) -> Int { network.nodeIndex[leg.from]! }
        func edit(_ label: String, expect text: String, _ change: (inout Plan) -> Void) throws {
            var plan = good
            change(&plan)
            let report = try agree(scenario, plan.document, in: dir, label)
            #expect(
                (report.errors + report.mismatches).contains { $0.contains(text) },
                "\(label): \(report.errors.prefix(3)) \(report.mismatches.prefix(3))")
        }
        let thanksgiving = CalendarDay(iso: "2026-11-26")!
        let (o, l) = try #require(
            legs.first {
                let n = node(good.orders[$0.0].legs[$0.1])
                return network.nodes[n].calendar.closedDates.contains(thanksgiving)
                    && network.today + t.earliest[n]! < thanksgiving
            })
        try edit("closed-day", expect: "is closed on ships_on") { $0.orders[o].legs[l].shipsOn = thanksgiving }
        try edit("before-cutoff", expect: "before the earliest ship day") {
            $0.orders[o].legs[l].shipsOn = network.today + (t.earliest[node($0.orders[o].legs[l])]! - 1)
        }
        try edit("past-horizon", expect: "after the horizon") {
            var d = network.today + t.horizon + 1
            while !network.nodes[node($0.orders[o].legs[l])].calendar.isOpen(d) { d = d + 1 }
            $0.orders[o].legs[l].shipsOn = d
        }
        // Every leg of the node with a capacity per day that sends most, on its busiest day.
        var sends: [Int: Int] = [:]
        for (o, l) in legs where t.capacityPerDay[node(good.orders[o].legs[l])] != nil {
            sends[node(good.orders[o].legs[l]), default: 0] += good.orders[o].legs[l].units
        }
        let busy = try #require(sends.max { $0.value < $1.value }.map(\.key))
        try #require(sends[busy]! > t.capacityPerDay[busy]!)
        try edit("over-capacity", expect: "> capacity_per_day") { plan in
            for (o, l) in legs where node(plan.orders[o].legs[l]) == busy {
                plan.orders[o].legs[l].shipsOn = network.today + t.earliest[busy]!
            }
        }
        // Every leg of a (node, sku) that sends more than its atp, on the node's earliest day: before the
        // inbound units it counts on are ready.
        var sent: [Int: Int] = [:]
        for (o, l) in legs {
            let leg = good.orders[o].legs[l]
            for line in leg.lines {
                sent[node(leg) * network.skuCount + network.skuIndex[line.sku]!, default: 0] += line.qty
            }
        }
        let position = try #require(
            sent.first { t.inbound[$0.key] != nil && $0.value > network.initialATP[$0.key, default: 0] }?.key,
            "greedy promises some inbound units")
        try edit("inbound-early", expect: "available by then") { plan in
            for (o, l) in legs where node(plan.orders[o].legs[l]) == position / network.skuCount {
                let leg = plan.orders[o].legs[l]
                guard leg.lines.contains(where: { network.skuIndex[$0.sku] == position % network.skuCount }) else {
                    continue
                }
                plan.orders[o].legs[l].shipsOn = network.today + t.earliest[position / network.skuCount]!
            }
        }
        // A parcel that crosses Thanksgiving, its eta written as if the carrier ran that day.
        let crossing = legs.first { o, l in
            let leg = good.orders[o].legs[l]
            return leg.service != nil && (leg.shipsOn.map { $0 < thanksgiving } ?? false) && leg.eta > thanksgiving
        }
        let (co, cl) = try #require(crossing)
        try edit("carrier-holiday", expect: "eta") { $0.orders[co].legs[cl].eta = $0.orders[co].legs[cl].eta + -1 }
    }

    @Test(
        "Both checkers agree on east-thanksgiving's greedy and myopic-exact plans (rules, time); it reads back alike",
        .enabled(
            if: Paths.referenceChecker != nil,
            "../shared/tools/validate_plan.py is absent: nothing to cross-check against"))
    func thanksgiving() throws {
        let scenario = try DocumentFile.scenario(Paths.scenario("time/east-thanksgiving.json"))
        let again = try Scenario(document: scenario.document)
        #expect(again.document == scenario.document)
        let network = Network(scenario)
        let dir = Paths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        for strategy in ["greedy", "myopic-exact"] {
            let plan = try Strategy.named(strategy)!.plan(network).plan
            let report = try agree(scenario, plan.document, in: dir, strategy)
            #expect(report.ok, "\(strategy): \(report.errors.prefix(3)) \(report.mismatches.prefix(3))")
        }
    }
}
