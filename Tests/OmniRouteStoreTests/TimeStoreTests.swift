import Foundation
import OmniRouteFormat
import OmniRouteHeuristics
import OmniRouteModel
import OmniRouteTestSupport
import Testing

@testable import OmniRouteStore

/// The store holds calendars, cutoffs, time zones, carrier calendars, lane days and the
/// horizon; it refuses capacity per day and inbound stock, which it does not hold yet.
@Suite("The store in time")
struct TimeStoreTests {
    /// northeast-calendar without its capacity per day and inbound stock.
    static func calendarsOnly() throws -> Scenario {
        var scenario = try DocumentFile.scenario(Paths.scenario("time/northeast-calendar.json"))
        for i in scenario.nodes.indices { scenario.nodes[i].capacityPerDay = nil }
        scenario.inbound = []
        return scenario
    }

    @Test("seeding refuses capacity per day and inbound stock, naming each key, and creates nothing")
    func refusesWhatItDoesNotHold() throws {
        let scenario = try DocumentFile.scenario(Paths.scenario("time/northeast-calendar.json"))
        let path = Paths.database()
        do {
            _ = try RouteStore.create(path: path, seed: scenario, clock: .fixed(scenario.now), placeOrders: true)
            Issue.record("seeded a scenario with capacity per day and inbound stock")
        } catch {
            guard case .invalid(let issues) = error else {
                Issue.record("\(error)")
                return
            }
            let paths = Set(issues.map(\.path))
            #expect(paths.contains("inbound"))
            let perDay = scenario.nodes.indices.filter { scenario.nodes[$0].capacityPerDay != nil }
            #expect(!perDay.isEmpty && perDay.allSatisfy { paths.contains("nodes[\($0)].capacity_per_day") })
        }
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test(
        "a calendar scenario seeded with its orders: every leg as greedy plans it, ships_on included, after reopening")
    func seedsCalendars() throws {
        let scenario = try Self.calendarsOnly()
        #expect(scenario.usesTime)
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
        #expect(
            scenario.nodes.contains { !$0.calendar.isAlwaysOpen }
                && scenario.services.contains { !$0.calendar.isAlwaysOpen })
        let report = try PlanChecker(network: Network(stored)).check(pending.document)
        #expect(report.ok, "\(report.errors.prefix(3)) \(report.mismatches.prefix(3))")
    }

    @Test("a stored time zone this machine does not know is refused on opening, naming it")
    func unknownZoneStored() throws {
        let scenario = try Self.calendarsOnly()
        let path = Paths.database()
        do {
            let store = try RouteStore.create(
                path: path, seed: scenario, clock: .fixed(scenario.now), placeOrders: false)
            try store.database.write { tx in
                try tx.connection.execute(sql: "UPDATE nodes SET timezone = 'America/Gotham' WHERE seq = 0")
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
        let scenario = try Self.calendarsOnly()
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
}
