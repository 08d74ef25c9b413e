import Foundation
import OmniRouteFormat
import OmniRouteHeuristics
import OmniRouteModel
import OmniRouteTestSupport
import Testing

@testable import OmniRouteStore

/// The store holds calendars, cutoffs, time zones, carrier calendars, lane days, the horizon,
/// capacity per day and stock on its way.
@Suite("The store in time")
struct TimeStoreTests {
    /// northeast-calendar: calendars, cutoffs, zones, carrier calendars, lane days, capacity per
    /// day and inbound stock.
    static func calendar() throws -> Scenario {
        try DocumentFile.scenario(Paths.scenario("time/northeast-calendar.json"))
    }

    @Test(
        "a calendar scenario seeded with its orders: every leg as greedy plans it, ships_on included, after reopening")
    func seedsCalendars() throws {
        let scenario = try Self.calendar()
        #expect(scenario.usesTime && !scenario.inbound.isEmpty && scenario.nodes.contains { $0.capacityPerDay != nil })
        let path = Paths.database()
        let network = Network(scenario)
        let plan = OnlinePlanner(network: network).plan(GreedyRouter(network: network))
        #expect(plan.orders.flatMap(\.legs).allSatisfy { $0.shipsOn != nil })
        do {
            let store = try RouteStore.create(
                path: path, seed: scenario, clock: .fixed(scenario.now), placeOrders: true)
            #expect(store.stats.heldUnits == plan.summary.units)
        }
        let store = try RouteStore.open(path: path)
        for planned in plan.orders {
            #expect(try store.order(id: planned.order).plan.legs == planned.legs, "\(planned.order)")
        }
        #expect(try store.check().isEmpty)
        // The stored network reads back with every key of time, and its pending plan checks out in it.
        let (stored, pending) = try store.pendingPlan()
        #expect(stored.nodes.map(\.timeZone) == scenario.nodes.map(\.timeZone))
        #expect(stored.nodes.map(\.cutoffMinutes) == scenario.nodes.map(\.cutoffMinutes))
        #expect(stored.nodes.map(\.calendar) == scenario.nodes.map(\.calendar))
        #expect(stored.services.map(\.calendar) == scenario.services.map(\.calendar))
        #expect(stored.lanes.map(\.departsWeekdays) == scenario.lanes.map(\.departsWeekdays))
        #expect(stored.policy.horizonDays == scenario.policy.horizonDays)
        #expect(stored.nodes.map(\.capacityPerDay) == scenario.nodes.map(\.capacityPerDay))
        #expect(stored.inbound == scenario.inbound)
        // Some legs take units on their way, and some node sends its full capacity on a day.
        let sent = Dictionary(
            plan.orders.flatMap(\.legs).map { ("\($0.from) \($0.shipsOn!)", $0.units) }, uniquingKeysWith: +)
        #expect(
            scenario.nodes.contains { n in
                n.capacityPerDay.map { cap in sent.contains { $0.key.hasPrefix(n.id + " ") && $0.value == cap } }
                    ?? false
            })
        #expect(
            scenario.nodes.contains { !$0.calendar.isAlwaysOpen }
                && scenario.services.contains { !$0.calendar.isAlwaysOpen })
        let report = try PlanChecker(network: Network(stored)).check(pending.document)
        #expect(report.ok, "\(report.errors.prefix(3)) \(report.mismatches.prefix(3))")
    }

    @Test("a stored time zone this machine does not know is refused on opening, naming it")
    func unknownZoneStored() throws {
        let scenario = try Self.calendar()
        let path = Paths.database()
        do {
            let store = try RouteStore.create(
                path: path, seed: scenario, clock: .fixed(scenario.now), placeOrders: false)
            _ = try store.database.write { tx in
                try tx.connection.run("UPDATE nodes SET timezone = 'America/Gotham' WHERE seq = 0")
            }
        }
        #expect {
            _ = try RouteStore.open(path: path)
        } throws: { error in
            "\(error)".contains("timezone \"America/Gotham\" is not a known time zone")
        }
    }

    @Test(
        "re-planning a calendar store keeps the model in time and, keeping promises, moves no eta later",
        .tags(.slow), .skippedWhenFast)
    func replanInTime() throws {
        let scenario = try Self.calendar()
        let store = try RouteStore.create(
            path: Paths.database(), seed: scenario, clock: .fixed(scenario.now), placeOrders: true)
        let before = try store.pendingPlan().plan
        let report = try store.replan(ReplanTests.options(rounds: 3, neighbourhoods: 6, keepPromises: true))
        #expect(report.after.total <= report.before.total + 1e-6)
        #expect(try ReplanTests.validate(store).isEmpty)
        #expect(try store.check().isEmpty)
        let after = try store.pendingPlan().plan
        #expect(after.orders.flatMap(\.legs).allSatisfy { $0.shipsOn != nil })
        let etas = Dictionary(uniqueKeysWithValues: before.orders.map { ($0.order, $0.eta) })
        for order in after.orders {
            if let old = etas[order.order] ?? nil, let new = order.eta { #expect(new <= old, "\(order.order)") }
        }
    }

    /// TinyNetwork in time with only DC-A's PLENTY, DC-A sending `perDay` units a day.
    static func oneWarehouse(perDay: Int) -> Scenario {
        var scenario = TinyNetwork.scenario()
        scenario.policy.horizonDays = 14
        scenario.inventory = scenario.inventory.filter { $0.node == "DC-A" && $0.sku == "PLENTY" }
        scenario.nodes[0].capacityPerDay = perDay
        return scenario
    }

    @Test("capacity per day: a full day spills orders into the next (after reopening too); cancelling frees a day")
    func capacityPerDaySpills() async throws {
        let scenario = Self.oneWarehouse(perDay: 1)
        let path = Paths.database()
        var days: [CalendarDay] = []
        do {
            let store = try RouteStore.create(
                path: path, seed: scenario, clock: .fixed(TinyNetwork.now), placeOrders: false)
            for _ in 0..<2 {
                days.append(try await store.place(TinyNetwork.cart("PLENTY")).order.plan.legs[0].shipsOn!)
            }
            #expect(days[1] == days[0] + 1)
            #expect(try store.check().isEmpty)
        }
        let store = try RouteStore.open(path: path)
        let third = try await store.place(TinyNetwork.cart("PLENTY")).order
        #expect(third.plan.legs[0].shipsOn == days[0] + 2)
        // A cancelled order frees its day, the fourth's as the first's.
        _ = try store.cancel(id: try await store.place(TinyNetwork.cart("PLENTY")).order.order.id)
        let first = try store.order(id: "OR-00000001")
        _ = try store.cancel(id: first.order.id)
        #expect(try await store.place(TinyNetwork.cart("PLENTY")).order.plan.legs[0].shipsOn == days[0])
        #expect(try store.check().isEmpty)

        // The capacity through the store: lowered below what a day already sends is refused, changing nothing.
        let zero = try NodeCapacityRequest(document: JSONParser.parse(#"{"capacity_per_day": 0}"#))
        #expect {
            _ = try store.setCapacity(zero, node: "DC-A", actor: nil)
        } throws: { error in
            "\(error)".contains("already send more than 0 units a day (1 on \(days[0]), 1 on \(days[0] + 1)")
        }
        #expect(store.network.nodes[0].capacityPerDay == 1)
        let three = try NodeCapacityRequest(document: JSONParser.parse(#"{"capacity_per_day": 3, "actor": "ops"}"#))
        #expect(try store.setCapacity(three, node: "DC-A", actor: "ops").capacityPerDay == 3)
        #expect(try await store.place(TinyNetwork.cart("PLENTY", qty: 2)).order.plan.legs[0].shipsOn == days[0])
        #expect(try await store.place(TinyNetwork.cart("PLENTY", qty: 2)).order.plan.legs[0].shipsOn == days[0] + 1)
        #expect(try store.check().isEmpty)
        #expect(try RouteStore.open(path: path, exclusive: false).network.nodes[0].capacityPerDay == 3)
        #expect(try store.events(type: "node.capacity_changed").count == 1)
    }
}
