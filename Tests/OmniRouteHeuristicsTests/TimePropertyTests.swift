import OmniRouteFormat
import OmniRouteHeuristics
import OmniRouteModel
import OmniRouteTestSupport
import Testing

/// The heuristics decide when: on random scenarios with random calendars, cutoffs, zones,
/// daily capacity and inbound stock, every online strategy's plan passes the checker
/// (constraints 2′, 3′ and 9 included), and a day's capacity spills orders into the next day.
@Suite("Heuristics in time")
struct TimePropertyTests {
    @Test("every online strategy's plan of a random scenario in time passes the checker", arguments: 1...40)
    func randomCalendars(seed: Int) throws {
        var scenario = RandomScenario.make(seed: UInt64(seed))
        RandomTime.apply(to: &scenario, seed: UInt64(seed) &* 7919)
        // Read back from its document, as a user's file would be.
        scenario = try Scenario(document: scenario.document)
        #expect(scenario.usesTime)
        let network = Network(scenario)
        for strategy in OnlineStrategy.all where strategy.refusal(network) == nil {
            let plan = OnlinePlanner(network: network).plan(strategy.router(network))
            let report = try PlanChecker(network: network).check(plan.document)
            #expect(
                report.ok, "seed \(seed), \(strategy.name): \(report.errors.prefix(3)) \(report.mismatches.prefix(3))")
            for leg in plan.orders.flatMap(\.legs) {
                let node = network.nodeIndex[leg.from]!
                let day = try #require(leg.shipsOn) - network.today
                #expect(network.timetable.shipDayProblem(node: node, day: day) == nil, "seed \(seed)")
            }
        }
    }

    @Test("a store that picks two units a day sends the third order's unit tomorrow, late, rather than by lane")
    func capacitySpills() throws {
        var scenario = TinyNetwork.scenario()
        scenario.nodes[2].capacityPerDay = 2  // S-BOS, which holds 5 PLENTY
        scenario.orders = (1...3).map { i in
            Order(
                id: "O-\(i)", channel: .web, customerId: "C-\(i)",
                placedAt: Timestamp(iso: "2026-11-23T07:0\(i):00Z")!, dueBy: scenario.today,
                delivery: .pickup(at: "S-BOS"), lines: [OrderLine(sku: "PLENTY", qty: 1)])
        }
        let network = Network(scenario)
        let plan = OnlinePlanner(network: network).plan(GreedyRouter(network: network))
        #expect(try PlanChecker(network: network).check(plan.document).ok)
        let days = plan.orders.map { $0.legs.map { "\($0.from) \($0.shipsOn!)" } }
        #expect(days == [["S-BOS 2026-11-23"], ["S-BOS 2026-11-23"], ["S-BOS 2026-11-24"]], "\(days)")
        #expect(plan.orders[2].lateDays == 1)
    }

    @Test("stock on its way is promised later instead of a lost sale, once it can leave")
    func inboundPromise() throws {
        var scenario = TinyNetwork.scenario(scarceA: 0, scarceB: 0)
        scenario.inbound = [InboundLine(node: "DC-A", sku: "SCARCE", qty: 2, arrives: scenario.today + 3)]
        scenario.orders = [
            Order(
                id: "O-1", channel: .web, customerId: "C-1", placedAt: Timestamp(iso: "2026-11-23T07:00:00Z")!,
                dueBy: scenario.today + 2, delivery: .ship(to: TinyNetwork.boston),
                lines: [OrderLine(sku: "SCARCE", qty: 3)])
        ]
        let network = Network(scenario)
        let plan = OnlinePlanner(network: network).plan(GreedyRouter(network: network))
        #expect(try PlanChecker(network: network).check(plan.document).ok)
        let leg = try #require(plan.orders[0].legs.first)
        // Arrives on day 3, leaves a handling day later.
        #expect(leg.from == "DC-A" && leg.shipsOn == scenario.today + 4 && leg.units == 2)
        #expect(plan.orders[0].unfulfilled == [OrderLine(sku: "SCARCE", qty: 1)])
    }
}
