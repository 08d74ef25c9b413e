import Foundation
import OmniRouteFormat
import OmniRouteModel
import OmniRouteTestSupport
import Testing

@testable import OmniRouteStore

/// Several instances of the service on one PostgreSQL database: three stores opened on
/// one URL in this process, each with its own stock book, as three processes would be.
@Suite(
    "Several instances on one PostgreSQL database",
    .enabled(if: TestBackend.serverURL != nil, "needs OMNIROUTE_TEST_POSTGRES_URL (scripts/test.sh starts a server)"))
struct SharedDatabaseTests {
    /// Three instances on a fresh database seeded with the tiny network (7 × SCARCE free;
    /// DC-A holds at most `capacity` units).
    static func instances(capacity: Int? = nil) throws -> [RouteStore] {
        let url = TestBackend.freshDatabase(on: TestBackend.serverURL!)
        let first = try RouteStore.create(
            path: url, seed: TinyNetwork.scenario(capacity: capacity), clock: .fixed(TinyNetwork.now),
            placeOrders: false)
        return [first, try RouteStore.open(path: url), try RouteStore.open(path: url)]
    }

    /// Reads what the other instances committed, as their notification arriving would make it
    /// do (a notification is asynchronous: an instance may answer a commit behind until then).
    static func catchUp(_ stores: [RouteStore]) throws {
        for store in stores {
            try store.withState { (s: inout RouteStore.State) throws(StoreError) in try store.refresh(&s) }
        }
    }

    @Test("100 clients ordering the last 7 units through three instances get exactly 7 orders; db check is clean")
    func scarceStock() async throws {
        let stores = try Self.instances()
        let outcomes = await withTaskGroup(of: Result<String, StoreError>.self) { group in
            for i in 0..<100 {
                group.addTask {
                    do throws(StoreError) {
                        return .success(try await stores[i % 3].place(TinyNetwork.cart()).order.order.id)
                    } catch {
                        return .failure(error)
                    }
                }
            }
            var all: [Result<String, StoreError>] = []
            for await outcome in group { all.append(outcome) }
            return all
        }
        let placed = outcomes.compactMap { try? $0.get() }
        #expect(placed.count == 7)
        #expect(Set(placed).count == 7)
        for case .failure(let error) in outcomes {
            guard case .insufficientStock = error else {
                Issue.record("a refused order said \(error), not insufficient stock")
                continue
            }
        }
        for store in stores { #expect(try store.check().isEmpty) }
        let held =
            try stores[0].stock(node: "DC-A", sku: "SCARCE").reserved
            + stores[0].stock(node: "DC-B", sku: "SCARCE").reserved
        #expect(held == 7)
    }

    @Test("60 clients through three instances never fill a node beyond its capacity; db check is clean")
    func capacityAcrossInstances() async throws {
        // DC-A may hold 5 units (of its 1000 PLENTY); S-BOS has 5 PLENTY: 10 orders at most.
        let stores = try Self.instances(capacity: 5)
        let placed = await withTaskGroup(of: Bool.self) { group in
            for i in 0..<60 {
                group.addTask { (try? await stores[i % 3].place(TinyNetwork.cart("PLENTY"))) != nil }
            }
            var count = 0
            for await ok in group where ok { count += 1 }
            return count
        }
        #expect(placed >= 1 && placed <= 10)
        for store in stores { #expect(try store.check().isEmpty) }  // which counts units held beyond capacity
        #expect(try stores[1].stock(node: "DC-A", sku: "PLENTY").reserved <= 5)
    }

    @Test("stock one instance changes and a node's capacity it sets reach the others, at the latest after a write")
    func changesReachOtherInstances() async throws {
        let stores = try Self.instances()
        // Stock only: the others read their books again.
        _ = try await stores[0].place(TinyNetwork.cart("SCARCE", qty: 3))
        _ = try await stores[1].place(TinyNetwork.cart("PLENTY"))
        #expect(
            try stores[1].stock(node: "DC-A", sku: "SCARCE").reserved
                + stores[1].stock(node: "DC-B", sku: "SCARCE").reserved == 3)
        // The network: DC-A may hold no more units, so the next order another instance routes avoids it.
        let held =
            try stores[0].stock(node: "DC-A", sku: "SCARCE").reserved
            + stores[0].stock(node: "DC-A", sku: "PLENTY").reserved
        let full = try NodeCapacityRequest(document: JSONParser.parse(#"{"capacity_units": \#(held)}"#))
        _ = try stores[0].setCapacity(full, node: "DC-A", actor: nil)
        // The database holds DC-A to its capacity whether or not the NOTIFY has arrived yet; the
        // placement's transaction saw the foreign event, so the instance's next step reads the network.
        let placed = try await stores[2].place(TinyNetwork.cart("PLENTY", qty: 2))
        #expect(!placed.order.plan.legs.contains { $0.from == "DC-A" })
        #expect(try stores[2].stock(node: "DC-A", sku: "PLENTY").reserved <= held)
        #expect(stores[2].network.nodes.first { $0.id == "DC-A" }?.capacityUnits == held)
        for store in stores { #expect(try store.check().isEmpty) }
    }

    @Test("units another instance lets go of (a cancellation) are free again in every instance's book")
    func cancellationReachesOtherInstances() async throws {
        let stores = try Self.instances()
        let order = try await stores[0].place(TinyNetwork.cart("SCARCE", qty: 3)).order
        let held = { (store: RouteStore) throws(StoreError) -> Int in
            try store.stock(node: "DC-A", sku: "SCARCE").reserved + store.stock(node: "DC-B", sku: "SCARCE").reserved
        }
        try Self.catchUp(stores)
        #expect(try stores.map(held) == [3, 3, 3])
        _ = try stores[1].cancel(id: order.order.id)
        try Self.catchUp(stores)
        #expect(try stores.map(held) == [0, 0, 0])
    }

    @Test(
        """
        each instance's stock book, read again only where another's writes changed it, equals a fresh read \
        after every step of orders, cancellations, adjustments and shipments through three instances
        """)
    func booksMatchTheDatabase() async throws {
        // Calendars, capacity per day and stock on its way: every part of the book that is read again.
        let scenario = try DocumentFile.scenario(Paths.scenario("time/northeast-calendar.json"))
        let url = TestBackend.freshDatabase(on: TestBackend.serverURL!)
        let stores = [
            try RouteStore.create(path: url, seed: scenario, clock: .fixed(scenario.now), placeOrders: false),
            try RouteStore.open(path: url), try RouteStore.open(path: url),
        ]
        var placed: [String] = []
        var done = (cancelled: 0, adjusted: 0, shipped: 0)
        for (i, order) in scenario.orders.prefix(60).enumerated() {
            let destination: CheckoutRequest.Destination =
                switch order.delivery {
                case .ship(let to): .ship(to: to)
                case .pickup(let at): .pickup(at: at)
                }
            let cart = CheckoutRequest(
                lines: order.lines, destination: destination, dueBy: order.dueBy, allowSplit: order.allowSplit,
                acceptPartial: true)
            if let id = try? await stores[i % 3].place(cart).order.order.id { placed.append(id) }
            let other = stores[(i + 1) % 3]
            if i % 5 == 4, placed.count > 2 {
                // One placed some steps before: every instance has read it by now.
                _ = try other.cancel(id: placed.remove(at: placed.count / 2))
                done.cancelled += 1
            }
            if i % 7 == 6, let line = order.lines.first,
                let node = scenario.inventory.first(where: { $0.sku == line.sku && $0.onHand > 0 })?.node,
                (try? other.adjust([StockAdjustment(node: node, sku: line.sku, delta: i % 2 == 0 ? 3 : -1)])) != nil
            {
                done.adjusted += 1
            }
            if i % 6 == 5, let id = placed.first {
                placed.removeFirst()
                _ = try other.release(ReleaseRequest(orders: [id]))
                // Parcels ship; a pickup's leg is not shipped (nor is a transfer's last).
                for leg in try other.order(id: id).legs {
                    for status in [LegStatus.accepted, .picked] {
                        _ = try? other.recordLegEvent(leg: leg.id, LegEventRequest(status: status))
                    }
                    let event = LegEventRequest(status: .shipped, trackingId: "T-\(i)")
                    if (try? other.recordLegEvent(leg: leg.id, event)) != nil { done.shipped += 1 }
                }
            }
            let fresh = try RouteStore.open(path: url)
            defer { fresh.shutDown() }
            try Self.catchUp(stores)
            for store in stores {
                for node in scenario.nodes {
                    for sku in scenario.skus {
                        #expect(try store.stock(node: node.id, sku: sku.id) == fresh.stock(node: node.id, sku: sku.id))
                    }
                }
                for sku in scenario.skus {
                    let (mine, truth) = (try store.availability(sku: sku.id), try fresh.availability(sku: sku.id))
                    #expect(mine.total == truth.total)
                    #expect(mine.nodes.map(\.level) == truth.nodes.map(\.level))
                    #expect(
                        mine.nodes.map { $0.byDate.map { "\($0.date)=\($0.units)" } }
                            == truth.nodes.map { $0.byDate.map { "\($0.date)=\($0.units)" } })
                }
                for order in scenario.orders.suffix(20) {
                    let cart = CheckoutRequest(
                        lines: order.lines, destination: .ship(to: scenario.nodes[0].location), acceptPartial: true)
                    guard case .route(let mine) = try store.quote(cart), case .route(let truth) = try fresh.quote(cart)
                    else { continue }
                    #expect(mine.plan == truth.plan)
                }
                // The counters for metrics, as the book was last read (by the calls above).
                #expect(store.stats.heldUnits == fresh.stats.heldUnits)
                #expect(store.stats.openOrders == fresh.stats.openOrders)
            }
        }
        #expect(done.cancelled > 0 && done.adjusted > 0 && done.shipped > 0)
        for store in stores { #expect(try store.check().isEmpty) }
    }

    @Test("an idempotency key retried on another instance returns the order the first placed")
    func idempotencyAcrossInstances() async throws {
        let stores = try Self.instances()
        let first = try await stores[0].place(TinyNetwork.cart("PLENTY"), idempotencyKey: "k-1", fingerprint: "f")
        let again = try await stores[1].place(TinyNetwork.cart("PLENTY"), idempotencyKey: "k-1", fingerprint: "f")
        #expect(again.replayed && again.order.order.id == first.order.order.id)
        await #expect(throws: StoreError.self) {
            _ = try await stores[2].place(TinyNetwork.cart("PLENTY"), idempotencyKey: "k-1", fingerprint: "other")
        }
    }

    @Test("orders placed through three instances get distinct ids, in one event feed every instance reads alike")
    func idsAndFeed() async throws {
        let stores = try Self.instances()
        var ids: [String] = []
        for i in 0..<9 { ids.append(try await stores[i % 3].place(TinyNetwork.cart("PLENTY")).order.order.id) }
        #expect(Set(ids).count == 9)
        let feeds = try stores.map { try $0.events(after: 0, limit: 100).map(\.seq) }
        #expect(feeds[0] == feeds[1] && feeds[1] == feeds[2])
        #expect(try stores[2].events(after: 0, limit: 100).filter { $0.type == "order.placed" }.count == 9)
    }

    @Test("a re-plan started on two instances runs once; a job whose instance let go of it unfinished is interrupted")
    func oneReplanAtATime() async throws {
        let stores = try Self.instances()
        for i in 0..<6 { _ = try await stores[i % 3].place(TinyNetwork.cart("PLENTY")) }
        let claim = try #require(try stores[0].claimReplan())
        #expect(try stores[1].claimReplan() == nil)
        for store in stores {
            #expect {
                _ = try store.replan(ReplanTests.options(rounds: 1, neighbourhoods: 1))
            } throws: { error in
                guard case StoreError.conflict = error else { return false }
                return true
            }
        }
        let job = try stores[0].beginReplanJob(options: .object([]), holding: claim)
        // Another instance opening meanwhile leaves the running job alone.
        let fourth = try RouteStore.open(path: stores[0].path)
        #expect(try fourth.replanJob(job.id)?.state == .running)
        let report = try stores[0].replan(ReplanTests.options(rounds: 1, neighbourhoods: 1), holding: claim) { _ in }
        #expect(report.ordersConsidered == 6)
        claim.letGo()  // as if its instance died before recording how the job ended

        let next = try #require(try stores[2].claimReplan())
        let second = try stores[2].beginReplanJob(options: .object([]), holding: next)
        #expect(second.id != job.id)
        let first = try #require(try stores[1].replanJob(job.id))
        #expect(first.state == .failed && first.error?.hasPrefix("interrupted") == true)
        next.letGo()
        _ = try stores[1].replan(ReplanTests.options(rounds: 1, neighbourhoods: 1))
    }
}
