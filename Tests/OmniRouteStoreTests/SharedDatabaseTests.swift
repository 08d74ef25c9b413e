import Foundation
import OmniRouteFormat
import OmniRouteModel
import OmniRouteStore
import OmniRouteTestSupport
import Testing

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

    @Test("stock one instance changes and a node's capacity it sets reach the others before their next order")
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
        let placed = try await stores[2].place(TinyNetwork.cart("PLENTY", qty: 2))
        #expect(stores[2].network.nodes.first { $0.id == "DC-A" }?.capacityUnits == held)
        #expect(!placed.order.plan.legs.contains { $0.from == "DC-A" })
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
