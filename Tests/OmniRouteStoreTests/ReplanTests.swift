import Foundation
import OmniRouteExact
import OmniRouteFormat
import OmniRouteModel
import OmniRouteStore
import OmniRouteTestSupport
import Synchronization
import Testing

@Suite("Re-plan of pending orders", .tags(.slow), .skippedWhenFast)
struct ReplanTests {
    /// A store with a scenario's orders placed one by one by the greedy checkout.
    static func seeded(_ name: String = "northeast-small.json") throws -> RouteStore {
        let scenario = try DocumentFile.scenario(Paths.scenario(name))
        return try RouteStore.create(
            path: Paths.database(), seed: scenario, clock: .fixed(scenario.now), placeOrders: true)
    }

    /// A re-plan stopped by work, not by the clock: what the tests assert does not depend on
    /// the machine's speed. The time limit is only a safety net.
    static func options(
        rounds: Int = 25, neighbourhoods: Int = 20, minSaving: Double = 1e-3, dryRun: Bool = false,
        keepPromises: Bool = false
    ) -> ReplanOptions {
        ReplanOptions(
            timeLimit: 600, minSaving: minSaving, dryRun: dryRun, keepPromises: keepPromises,
            workLimit: SolverOptions.WorkLimit(generationRounds: rounds, neighbourhoods: neighbourhoods))
    }

    static func validate(_ store: RouteStore) throws -> [String] {
        let (scenario, plan) = try store.pendingPlan()
        let report = try PlanChecker(network: Network(scenario)).check(plan.document)
        return report.errors + report.mismatches
    }

    @Test("re-planning lowers the total cost, and what it writes passes db check and the plan checker")
    func lowersCost() throws {
        let store = try Self.seeded("east-holiday-tight.json")
        #expect(try Self.validate(store).isEmpty)
        // 3,000 orders (pricing a round takes seconds): two rounds and ten neighbourhoods lower the cost.
        let report = try store.replan(Self.options(rounds: 2, neighbourhoods: 10))
        #expect(report.ordersConsidered == 3000)
        #expect(report.written)
        #expect(report.after.total < report.before.total - 1)
        #expect(report.bound <= report.after.total + 1e-6)
        #expect(report.after.extraLegs <= report.before.extraLegs)

        #expect(try store.check().isEmpty)
        #expect(try Self.validate(store).isEmpty)
        let (_, plan) = try store.pendingPlan()
        #expect(abs(plan.summary.totalCost - report.after.total) < 1e-6)
        // A second re-plan never raises the cost: it writes a lower one or nothing.
        let again = try store.replan(Self.options(rounds: 1, neighbourhoods: 2))
        #expect(again.after.total <= report.after.total + 1e-6)
        #expect(abs(try store.pendingPlan().plan.summary.totalCost - again.after.total) < 1e-6)
        #expect(try store.check().isEmpty)
    }

    @Test("with promises kept, no order written loses a routed unit or arrives later; what it writes still saves")
    func keepsPromises() throws {
        let store = try Self.seeded()
        let report = try store.replan(Self.options(minSaving: 0, keepPromises: true))
        // The solver keeps the promises itself: it proposes no move that breaks one, and still finds moves.
        #expect(!report.skipped.contains { $0.reason.contains("promise") }, "\(report.skipped)")
        #expect(!report.changes.isEmpty)
        for change in report.changes {
            #expect(change.after.unfulfilledUnits <= change.before.unfulfilledUnits, "\(change.order)")
            if let was = change.before.eta, let now = change.after.eta { #expect(now <= was, "\(change.order)") }
        }
        #expect(report.after.total <= report.before.total)
        #expect(try store.check().isEmpty)
        #expect(try Self.validate(store).isEmpty)
    }

    @Test("a dry run reports the changes and writes nothing")
    func dryRun() throws {
        let store = try Self.seeded()
        let before = try store.pendingPlan().plan
        let report = try store.replan(Self.options(dryRun: true))
        #expect(!report.written && !report.changes.isEmpty && report.after.total < report.before.total)
        #expect(try store.pendingPlan().plan.orders == before.orders)
    }

    @Test("a second re-plan while one holds the claim is refused with a conflict, and runs once it is let go of")
    func oneAtATime() async throws {
        let store = try TinyNetwork.store()
        _ = try await store.place(TinyNetwork.cart(qty: 2))
        let claim = try #require(try store.claimReplan())
        #expect(try store.claimReplan() == nil)
        #expect {
            _ = try store.replan(Self.options())
        } throws: { error in
            guard case StoreError.conflict(let why) = error else { return false }
            return why.contains("already running")
        }
        claim.letGo()
        claim.letGo()  // a second time does nothing
        #expect(try store.replan(Self.options()).ordersConsidered == 1)
        #expect(try store.claimReplan() != nil)  // the re-plan let go of its own claim
    }

    @Test("a re-plan with nothing to gain writes nothing")
    func nothingToGain() async throws {
        let store = try TinyNetwork.store()
        let placed = try await store.place(TinyNetwork.cart(qty: 2))
        let report = try store.replan(Self.options())
        #expect(!report.written && report.changes.isEmpty)
        #expect(try store.order(id: placed.order.order.id).version == 1)
    }

    @Test("orders cancelled while the solver runs keep their state; checkouts racing with it never oversell")
    func racing() async throws {
        let store = try Self.seeded()
        let pending = try store.pendingPlan().plan.orders.map(\.order)
        let victims = Array(pending.prefix(40))
        let legsBefore = try victims.map { try store.order(id: $0).legIds }
        let started = Mutex(false)
        let replanned = Task.detached {
            try store.replan(Self.options()) { _ in
                // On the solver's first news, while it runs: cancel orders, and let checkouts go on.
                guard
                    !started.withLock({
                        let was = $0
                        $0 = true
                        return was
                    })
                else { return }
                for id in victims { _ = try? store.cancel(id: id) }
            }
        }
        var placed = 0
        for i in 0..<60 {
            let sku = store.network.skus[i % store.network.skuCount].id
            if (try? await store.place(
                TinyNetwork.cart(sku, qty: 1, to: GeoPoint(lat: 42.36, lon: -71.06), partial: true))) != nil
            {
                placed += 1
            }
        }
        let report = try await replanned.value
        for (id, legs) in zip(victims, legsBefore) {
            let order = try store.order(id: id)
            #expect(order.status == .cancelled)
            #expect(order.legs.map(\.id) == legs && order.legs.allSatisfy { $0.status == .cancelled })  // not replaced
        }
        #expect(!report.changes.contains { victims.contains($0.order) })
        #expect(placed > 0)
        #expect(try store.check().isEmpty)
    }
}
