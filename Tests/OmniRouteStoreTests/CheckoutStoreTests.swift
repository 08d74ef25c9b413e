import Foundation
import OmniRouteFormat
import OmniRouteHeuristics
import OmniRouteModel
import OmniRouteStore
import OmniRouteTestSupport
import Testing

@Suite("Checkout store")
struct CheckoutStoreTests {
    @Test("placing holds exactly the routed units; cancelling gives them back; db check passes throughout")
    func placeAndCancel() async throws {
        let store = try TinyNetwork.store()
        #expect(try store.check().isEmpty)
        let before = try store.availability(sku: "SCARCE")
        #expect(before.total == 7)  // DC-A 3 + DC-B (6 − 1 reserved elsewhere − 1 safety)
        let placed = try await store.place(TinyNetwork.cart(qty: 2))
        #expect(!placed.replayed)
        #expect(placed.order.status == .planned)
        #expect(placed.order.plan.units == 2 && placed.order.plan.unfulfilled.isEmpty)
        #expect(try store.availability(sku: "SCARCE").total == 5)
        #expect(store.stats.heldUnits == 2 && store.stats.openOrders == 1)
        #expect(try store.check().isEmpty)
        let fetched = try store.order(id: placed.order.order.id)
        #expect(fetched.plan == placed.order.plan)
        #expect(fetched.legIds == placed.order.legIds)

        let cancelled = try store.cancel(id: placed.order.order.id).order
        #expect(cancelled.status == .cancelled && cancelled.version == 2)
        #expect(try store.availability(sku: "SCARCE").total == 7)
        #expect(store.stats.heldUnits == 0 && store.stats.openOrders == 0)
        #expect(try store.cancel(id: placed.order.order.id).order.version == 2)  // idempotent
        #expect(try store.check().isEmpty)
        #expect(throws: StoreError.self) { try store.cancel(id: "NOPE") }
    }

    @Test("the store routes exactly as the checkout heuristic does on the same stock")
    func sameRouteAsHeuristic() async throws {
        let scenario = TinyNetwork.scenario()
        let store = try TinyNetwork.store(scenario)
        let request = CheckoutRequest(
            lines: [OrderLine(sku: "SCARCE", qty: 4), OrderLine(sku: "PLENTY", qty: 2)],
            destination: .ship(to: TinyNetwork.boston), dueBy: CalendarDay(iso: "2026-11-26"))
        let network = Network(scenario)
        var router = GreedyRouter(network: network)
        let resolved = try network.resolve(
            request.order(id: "X", placedAt: TinyNetwork.now, delivery: .ship(to: TinyNetwork.boston)))
        let expected = network.plannedOrder(
            router.route(resolved, ledger: InventoryLedger(network: network)), for: resolved)
        guard case .route(let quote) = try store.quote(request) else {
            Issue.record("expected a route")
            return
        }
        #expect(quote.plan.legs == expected.legs)
        #expect(quote.plan.cost == expected.cost)
        let placed = try await store.place(request)
        #expect(placed.order.plan.legs == expected.legs)
    }

    @Test("a store opened with another checkout strategy routes with it", arguments: OnlineStrategy.all.map(\.name))
    func checkoutStrategy(name: String) async throws {
        let strategy = try #require(OnlineStrategy.named(name))
        let scenario = TinyNetwork.scenario()
        let path = Paths.database()
        _ = try RouteStore.create(path: path, seed: scenario, clock: .fixed(TinyNetwork.now), placeOrders: false)
        let store = try RouteStore.open(path: path, checkoutStrategy: strategy)
        #expect(store.checkoutStrategy.name == name)
        let request = CheckoutRequest(
            lines: [OrderLine(sku: "SCARCE", qty: 4), OrderLine(sku: "PLENTY", qty: 2)],
            destination: .ship(to: TinyNetwork.boston), dueBy: CalendarDay(iso: "2026-11-26"))
        let network = Network(scenario)
        var router = strategy.router(network)
        let resolved = try network.resolve(
            request.order(id: "X", placedAt: TinyNetwork.now, delivery: .ship(to: TinyNetwork.boston)))
        let expected = network.plannedOrder(
            router.route(resolved, ledger: InventoryLedger(network: network)), for: resolved)
        let placed = try await store.place(request)
        #expect(placed.order.plan.legs == expected.legs)
        #expect(placed.order.plan.cost == expected.cost)
        #expect(try store.check().isEmpty)
    }

    @Test("an idempotency key returns the first order on retry and refuses another request")
    func idempotency() async throws {
        let store = try TinyNetwork.store()
        let first = try await store.place(TinyNetwork.cart(), idempotencyKey: "k-1", fingerprint: "a")
        let again = try await store.place(TinyNetwork.cart(), idempotencyKey: "k-1", fingerprint: "a")
        #expect(again.replayed && again.order.order.id == first.order.order.id)
        #expect(store.stats.openOrders == 1 && store.stats.heldUnits == 1)
        await #expect(throws: StoreError.self) {
            try await store.place(TinyNetwork.cart(qty: 2), idempotencyKey: "k-1", fingerprint: "b")
        }
        let other = try await store.place(TinyNetwork.cart(), idempotencyKey: "k-2", fingerprint: "a")
        #expect(other.order.order.id != first.order.order.id)
        // A write that fails (an id already taken, found only by the database) gives its units back.
        var named = TinyNetwork.cart()
        named.orderId = "WEB-1"
        _ = try await store.place(named)
        await #expect(throws: StoreError.self) { try await store.place(named) }
        #expect(store.stats.openOrders == 3 && store.stats.heldUnits == 3)
        // A retry of the order that took the last units is its first answer, not "out of stock".
        let rest = try await store.place(TinyNetwork.cart(qty: 4), idempotencyKey: "k-last", fingerprint: "z")
        let retry = try await store.place(TinyNetwork.cart(qty: 4), idempotencyKey: "k-last", fingerprint: "z")
        #expect(retry.replayed && retry.order.order.id == rest.order.order.id)
        #expect(try store.check().isEmpty)
    }

    @Test("a cart that cannot be filled is refused with the best route, unless partial orders are accepted")
    func insufficientStock() async throws {
        let store = try TinyNetwork.store()
        do {
            _ = try await store.place(TinyNetwork.cart(qty: 9))
            Issue.record("expected insufficient stock")
        } catch {
            guard case .insufficientStock(let short, let quote) = error else {
                Issue.record("got \(error)")
                return
            }
            #expect(short == [OrderLine(sku: "SCARCE", qty: 2)])
            #expect(quote.units == 7)
        }
        #expect(store.stats.openOrders == 0 && store.stats.heldUnits == 0)
        let partial = try await store.place(TinyNetwork.cart(qty: 9, partial: true))
        #expect(partial.order.plan.unfulfilled == [OrderLine(sku: "SCARCE", qty: 2)])
        #expect(partial.order.promiseDate == nil)
        #expect(try store.availability(sku: "SCARCE").total == 0)
        // Nothing left: even a partial order has nothing to send and is refused.
        await #expect(throws: StoreError.self) { try await store.place(TinyNetwork.cart(qty: 1, partial: true)) }
        #expect(try store.check().isEmpty)
    }

    @Test("many concurrent checkouts of the same few units: exactly the available units are held, none oversold")
    func concurrentCheckouts() async throws {
        let store = try TinyNetwork.store()
        let clients = 64
        let outcomes = await withTaskGroup(of: String.self) { group in
            for i in 0..<clients {
                group.addTask {
                    do {
                        let p = try await store.place(
                            TinyNetwork.cart(customer: "C-\(i)"), idempotencyKey: "key-\(i)", fingerprint: "f")
                        return p.order.plan.units == 1 ? "placed" : "wrong"
                    } catch {
                        if case StoreError.insufficientStock = error { return "refused" }
                        return "error: \(error)"
                    }
                }
            }
            var all: [String] = []
            for await o in group { all.append(o) }
            return all
        }
        #expect(outcomes.filter { $0 == "placed" }.count == 7)
        #expect(outcomes.filter { $0 == "refused" }.count == clients - 7)
        #expect(try store.availability(sku: "SCARCE").total == 0)
        #expect(store.stats.heldUnits == 7)
        #expect(try store.check().isEmpty)
    }

    @Test("capacity bounds what a node may hold for orders")
    func capacity() async throws {
        let store = try TinyNetwork.store(TinyNetwork.scenario(scarceA: 10, scarceB: 0, capacity: 2))
        _ = try await store.place(TinyNetwork.cart(qty: 2))
        await #expect(throws: StoreError.self) { try await store.place(TinyNetwork.cart(qty: 1)) }
        #expect(try store.check().isEmpty)
    }

    @Test(
        "stock counts and adjustments: absolute counts, atomic batches; a count below the holds re-sources the orders")
    func inventoryFeeds() async throws {
        let store = try TinyNetwork.store()
        let placed = try await store.place(TinyNetwork.cart(qty: 3))  // DC-A's 3, the nearest warehouse
        let held = try store.stock(node: "DC-A", sku: "SCARCE").reserved
        #expect(held == 3)
        // A count of 2 leaves one held unit uncovered: it moves to DC-B, the order keeps its 3 units.
        let count = try store.setStock(node: "DC-A", sku: "SCARCE", onHand: held - 1)
        #expect(count.resourced == [placed.order.order.id])
        #expect(count.positions[0].reserved == 2 && count.positions[0].availableToPromise == 0)
        let moved = try store.order(id: placed.order.order.id)
        #expect(moved.plan.units == 3 && moved.plan.unfulfilled.isEmpty)
        #expect(Set(moved.plan.legs.map(\.from)) == ["DC-A", "DC-B"])
        #expect(try store.check().isEmpty)
        let set = try store.setStock(node: "DC-A", sku: "SCARCE", onHand: 7, safetyStock: 1, source: "wms").positions[0]
        #expect(set.availableToPromise == 4 && set.onHand == 7 && set.safetyStock == 1)
        // A new position at a node that never held the sku becomes available.
        let fresh = try store.setStock(node: "S-NYC", sku: "SCARCE", onHand: 2).positions[0]
        #expect(fresh.availableToPromise == 2)
        let before = try store.availability(sku: "SCARCE").total
        #expect(throws: StoreError.self) {
            try store.adjust([
                StockAdjustment(node: "DC-B", sku: "SCARCE", delta: 1),
                StockAdjustment(node: "S-NYC", sku: "SCARCE", delta: -3),
            ])
        }
        #expect(try store.availability(sku: "SCARCE").total == before)  // all or nothing
        do {
            _ = try store.adjust([StockAdjustment(node: "NOWHERE", sku: "SCARCE", delta: 1)])
            Issue.record("expected an error")
        } catch {
            guard case .invalid(let issues) = error else {
                Issue.record("got \(error)")
                return
            }
            #expect(issues.map(\.path) == ["adjustments[0].node"])
        }
        let levels = try store.adjust(
            [
                StockAdjustment(node: "S-NYC", sku: "SCARCE", delta: -1),
                StockAdjustment(node: "S-NYC", sku: "SCARCE", delta: 4),
            ], reason: "receipt"
        ).positions
        #expect(levels.count == 1 && levels[0].onHand == 5)
        #expect(try store.check().isEmpty)
    }

    @Test("everything survives closing and reopening the database")
    func reopen() async throws {
        let path = Paths.database()
        var ids: [String] = []
        do {
            let store = try RouteStore.create(
                path: path, seed: TinyNetwork.scenario(), clock: .fixed(TinyNetwork.now), placeOrders: false)
            for _ in 0..<3 { ids.append(try await store.place(TinyNetwork.cart()).order.order.id) }
            _ = try store.cancel(id: ids[1])
            _ = try store.setStock(node: "DC-B", sku: "PLENTY", onHand: 9)
        }
        let reopened = try RouteStore.open(path: path)
        #expect(reopened.stats.openOrders == 2 && reopened.stats.heldUnits == 2)
        #expect(try reopened.order(id: ids[1]).status == .cancelled)
        #expect(try reopened.stock(node: "DC-B", sku: "PLENTY").onHand == 9)
        #expect(reopened.clock == .fixed(TinyNetwork.now))
        #expect(try reopened.check().isEmpty)
        #expect(throws: StoreError.self) {
            try RouteStore.create(path: path, seed: TinyNetwork.scenario(), clock: .system, placeOrders: false)
        }
    }

    @Test(
        "one process writes a database: a second open is refused naming the holder; a check may read beside it",
        .enabled(if: TestBackend.current == .sqlite, "a SQLite file's lock; PostgreSQL serves several instances")
    )
    func exclusive() async throws {
        let path = Paths.database()
        do {
            let store = try RouteStore.create(
                path: path, seed: TinyNetwork.scenario(), clock: .fixed(TinyNetwork.now), placeOrders: false)
            _ = try await store.place(TinyNetwork.cart())
            do {
                _ = try RouteStore.open(path: path)
                Issue.record("a second writer was let in")
            } catch {
                guard case .conflict(let why) = error else {
                    Issue.record("got \(error)")
                    return
                }
                #expect(why.contains("pid \(ProcessInfo.processInfo.processIdentifier)"))
            }
            #expect(throws: StoreError.self) {
                try RouteStore.create(
                    path: path, seed: TinyNetwork.scenario(), clock: .system, placeOrders: false, replacing: true)
            }
            #expect(try RouteStore.check(path: path).isEmpty)
            #expect(store.stats.openOrders == 1)  // the refused replace removed nothing
        }
        // Closed: the next process (here, the next open) gets it.
        #expect(try RouteStore.open(path: path).stats.openOrders == 1)
    }

    @Test("promise options: the best route per parcel service and pickup at the nearest stores")
    func options() async throws {
        let store = try TinyNetwork.store()
        let request = CheckoutRequest(
            lines: [OrderLine(sku: "PLENTY", qty: 1)], destination: .optionsNear(TinyNetwork.boston, stores: 2))
        guard case .options(let o) = try store.quote(request) else {
            Issue.record("expected options")
            return
        }
        #expect(o.ship.map(\.service) == ["ground", "express"])
        #expect(o.ship.allSatisfy { opt in opt.quote.plan.legs.allSatisfy { $0.service == opt.service } })
        #expect(o.pickup.map(\.store) == ["S-BOS", "S-NYC"])
        #expect(o.pickup[0].quote.plan.legs.first?.type == .storePickup)
        #expect(o.pickup[1].quote.plan.legs.first?.type == .warehouseToStorePickup)
        await #expect(throws: StoreError.self) { try await store.place(request) }
        #expect(store.stats.heldUnits == 0)
    }

    @Test("a scenario's orders can be placed at seeding, in arrival order, as the online greedy plan does")
    func seedWithOrders() async throws {
        let scenario = try DocumentFile.scenario(Paths.scenario("northeast-small.json"))
        let store = try RouteStore.create(
            path: Paths.database(), seed: scenario, clock: .fixed(scenario.now), placeOrders: true)
        let network = Network(scenario)
        let plan = OnlinePlanner(network: network).plan(GreedyRouter(network: network))
        #expect(store.stats.openOrders == scenario.orders.count)
        #expect(store.stats.heldUnits == plan.summary.units)
        for planned in plan.orders.prefix(50) {
            #expect(try store.order(id: planned.order).plan.legs == planned.legs)
        }
        #expect(try store.check().isEmpty)
    }
}
