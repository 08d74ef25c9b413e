import OmniRouteFormat
import OmniRouteModel
import OmniRouteTestSupport
import Testing

@testable import OmniRouteStore

/// Stock on its way in the store: added, promised from, slipped, shrunk, cancelled and received.
@Suite("Inbound stock in the store")
struct InboundStoreTests {
    /// TinyNetwork in time with one PLENTY on hand at DC-A and nothing else.
    static func scenario() -> Scenario {
        var scenario = TinyNetwork.scenario()
        scenario.policy.horizonDays = 14
        scenario.inventory = [StockPosition(node: "DC-A", sku: "PLENTY", onHand: 1)]
        return scenario
    }

    static func request(_ json: String) throws -> InboundRequest {
        try InboundRequest(document: JSONParser.parse(json))
    }

    static func change(_ json: String) throws -> InboundChangeRequest {
        try InboundChangeRequest(document: JSONParser.parse(json))
    }

    @Test("a cart whose only stock is on its way gets a later promise; a slip re-promises it, a cancel re-sources it")
    func promiseSlipCancel() async throws {
        let path = Paths.database()
        let store = try RouteStore.create(
            path: path, seed: Self.scenario(), clock: .fixed(TinyNetwork.now), placeOrders: false)
        let today = TinyNetwork.now.utcDay
        let first = try await store.place(TinyNetwork.cart("PLENTY")).order
        let d0 = try #require(first.plan.legs.first?.shipsOn)
        await #expect(throws: StoreError.self) { _ = try await store.place(TinyNetwork.cart("PLENTY")) }

        let added = try store.addInbound(
            Self.request(
                #"{"node": "DC-A", "sku": "PLENTY", "qty": 2, "arrives": "\#(today + 3)", "reference": "PO-1"}"#),
            actor: "erp")
        let id = try #require(added.line?.id)
        #expect(id == "IN-00000001" && added.position.onHand == 1)
        let third = try await store.place(TinyNetwork.cart("PLENTY")).order
        let shipsOn = try #require(third.plan.legs.first?.shipsOn)
        // DC-A handles for a day: units arriving on day 3 can leave on day 4.
        #expect(shipsOn == today + 4 && shipsOn > d0)
        #expect(third.plan.unfulfilled.isEmpty)
        #expect(try store.check().isEmpty)
        // What is stored reads back the same (the book rebuilt from the database agrees with memory).
        #expect(try RouteStore.check(path: path).isEmpty)

        // The truck is two days late: the order is promised again, later, and says so.
        let slipped = try store.changeInbound(id: id, Self.change(#"{"arrives": "\#(today + 5)"}"#), actor: nil)
        #expect(slipped.repromised.map(\.order) == [third.order.id])
        let moved = try store.order(id: third.order.id)
        #expect(moved.plan.legs.filter { $0.from == "DC-A" }.map(\.shipsOn) == [today + 6])
        #expect(moved.plan.eta! > third.plan.eta!)
        let repromised = try store.events(type: "order.repromised")
        #expect(repromised.count == 1 && repromised[0].orderId == third.order.id)
        #expect(try store.check().isEmpty)

        // One unit fewer on the truck: the order keeps its unit, no other fits.
        let shrunk = try store.changeInbound(id: id, Self.change(#"{"qty": 1}"#), actor: nil)
        #expect(shrunk.repromised.isEmpty)
        await #expect(throws: StoreError.self) { _ = try await store.place(TinyNetwork.cart("PLENTY")) }

        // The purchase order is cancelled: the order is re-sourced, and nothing is left for it.
        let cancelled = try store.cancelInbound(id: id, InboundCloseRequest(), actor: nil)
        #expect(cancelled.repromised.map(\.order) == [third.order.id] && cancelled.repromised[0].after == nil)
        #expect(try store.order(id: third.order.id).plan.unfulfilled == [OrderLine(sku: "PLENTY", qty: 1)])
        #expect(try store.inbound().isEmpty)
        #expect(try store.check().isEmpty)
    }

    @Test("a new line fills an order waiting for the sku; receiving moves its units to on-hand and keeps the promise")
    func fillAndReceive() async throws {
        let store = try RouteStore.create(
            path: Paths.database(), seed: Self.scenario(), clock: .fixed(TinyNetwork.now), placeOrders: false)
        let today = TinyNetwork.now.utcDay
        var cart = TinyNetwork.cart("PLENTY", qty: 3)
        cart.acceptPartial = true
        let waiting = try await store.place(cart).order
        #expect(waiting.plan.unfulfilled == [OrderLine(sku: "PLENTY", qty: 2)])

        let added = try store.addInbound(
            Self.request(#"{"id": "PO-7-1", "node": "DC-A", "sku": "PLENTY", "qty": 5, "arrives": "\#(today + 2)"}"#),
            actor: nil)
        #expect(added.filled == [waiting.order.id])
        let filled = try store.order(id: waiting.order.id)
        #expect(filled.plan.unfulfilled.isEmpty && filled.plan.units == 3)
        #expect(try store.check().isEmpty)
        #expect(throws: StoreError.self) {
            _ = try store.addInbound(
                Self.request(#"{"id": "PO-7-1", "node": "DC-A", "sku": "PLENTY", "qty": 1, "arrives": "\#(today)"}"#),
                actor: nil)
        }

        let received = try store.receiveInbound(id: "PO-7-1", InboundCloseRequest(qty: 4), actor: "dock")
        #expect(received.line == nil && received.position.onHand == 5 && received.position.reserved == 3)
        #expect(received.repromised.isEmpty)
        #expect(try store.inbound().isEmpty)
        #expect(try store.check().isEmpty)
        #expect(try store.events(type: "inbound.received").count == 1)
    }

    /// Takes leg `leg` through accepted and picked to shipped.
    static func ship(_ store: RouteStore, leg: Int64) throws -> LegEventOutcome {
        for status in [LegStatus.accepted, .picked] {
            _ = try store.recordLegEvent(leg: leg, LegEventRequest(status: status))
        }
        return try store.recordLegEvent(leg: leg, LegEventRequest(status: .shipped, trackingId: "T-\(leg)"))
    }

    @Test(
        "a leg cannot leave before the units it holds are received; one that leaves early moves the legs it left short")
    func departures() async throws {
        let store = try RouteStore.create(
            path: Paths.database(), seed: Self.scenario(), clock: .fixed(TinyNetwork.now), placeOrders: false)
        let today = TinyNetwork.now.utcDay
        let first = try await store.place(TinyNetwork.cart("PLENTY")).order
        _ = try store.addInbound(
            Self.request(#"{"id": "PO-9", "node": "DC-A", "sku": "PLENTY", "qty": 2, "arrives": "\#(today + 3)"}"#),
            actor: nil)
        let second = try await store.place(TinyNetwork.cart("PLENTY")).order
        let third = try await store.place(TinyNetwork.cart("PLENTY")).order
        #expect(second.plan.legs.map(\.shipsOn) == [today + 4] && third.plan.legs.map(\.shipsOn) == [today + 4])
        _ = try store.release()

        // The second order's leg leaves at once with the one unit DC-A has: the first order's leg,
        // due today, is left short and moves to the truck's day.
        let early = try Self.ship(store, leg: second.legIds[0])
        #expect(early.order.legs.first?.status == .shipped)
        let moved = try store.order(id: first.order.id)
        #expect(moved.plan.legs.map(\.shipsOn) == [today + 4] && moved.plan.unfulfilled.isEmpty)
        #expect(try store.events(type: "order.repromised").map(\.orderId) == [first.order.id])
        #expect(try store.check().isEmpty)

        // Nothing is on hand now: the third order's leg cannot leave until the truck is received.
        #expect {
            _ = try Self.ship(store, leg: third.legIds[0])
        } throws: { error in
            guard case StoreError.conflict(let why) = error else { return false }
            return why.contains("0 on hand") && why.contains("receive its inbound line first")
        }
        #expect(try store.order(id: third.order.id).legs.first?.status == .picked)
        #expect(try store.stock(node: "DC-A", sku: "PLENTY").onHand == 0)
        #expect(try store.check().isEmpty)
        _ = try store.receiveInbound(id: "PO-9", InboundCloseRequest(), actor: "dock")
        _ = try store.recordLegEvent(leg: third.legIds[0], LegEventRequest(status: .shipped, trackingId: "T-3"))
        #expect(try store.stock(node: "DC-A", sku: "PLENTY").onHand == 1)
        #expect(try store.check().isEmpty)
    }

    @Test("a count below what is held before the truck arrives moves the earliest legs onto the truck's day")
    func countBelowFirstDays() async throws {
        var seed = Self.scenario()
        seed.inventory = [StockPosition(node: "DC-A", sku: "PLENTY", onHand: 2)]
        let store = try RouteStore.create(
            path: Paths.database(), seed: seed, clock: .fixed(TinyNetwork.now), placeOrders: false)
        let today = TinyNetwork.now.utcDay
        let a = try await store.place(TinyNetwork.cart("PLENTY")).order
        let b = try await store.place(TinyNetwork.cart("PLENTY")).order
        _ = try store.addInbound(
            Self.request(#"{"node": "DC-A", "sku": "PLENTY", "qty": 1, "arrives": "\#(today + 3)"}"#), actor: nil)
        // One unit is found missing: in all the position still covers both orders, but not both before
        // the truck: the newer order moves onto the truck's day, the older keeps its day.
        let change = try store.setStock(node: "DC-A", sku: "PLENTY", onHand: 1)
        #expect(change.resourced == [b.order.id])
        #expect(try store.order(id: a.order.id).plan.legs.map(\.shipsOn) == a.plan.legs.map(\.shipsOn))
        #expect(try store.order(id: b.order.id).plan.legs.map(\.shipsOn) == [today + 4])
        #expect(try store.check().isEmpty)
    }

    @Test("bad inbound requests name their field; unknown lines are not found")
    func badInput() throws {
        let store = try RouteStore.create(
            path: Paths.database(), seed: Self.scenario(), clock: .fixed(TinyNetwork.now), placeOrders: false)
        for (json, field) in [
            (#"{"node": "DC-A", "sku": "PLENTY", "qty": 0, "arrives": "2026-12-01"}"#, "qty"),
            (#"{"node": "DC-A", "sku": "PLENTY", "qty": 1, "arrives": "2026-13-01"}"#, "arrives"),
            (#"{"node": "DC-A", "sku": "PLENTY", "qty": 1}"#, "arrives"),
            (#"{"id": "IN-1", "node": "DC-A", "sku": "PLENTY", "qty": 1, "arrives": "2026-12-01"}"#, "id"),
            (#"{"node": "DC-A", "sku": "PLENTY", "qty": 1, "arrives": "2026-12-01", "eta": 1}"#, "eta"),
        ] {
            #expect("\(json)") {
                _ = try Self.request(json)
            } throws: { error in
                // A missing field is named in the message of the body's issue.
                (error as? DocumentError)?.issues.contains { $0.path == field || $0.message.contains("'\(field)'") }
                    ?? false
            }
        }
        #expect(throws: DocumentError.self) { _ = try Self.change("{}") }
        #expect {
            _ = try store.addInbound(
                Self.request(#"{"node": "DC-Z", "sku": "PLENTY", "qty": 1, "arrives": "2026-12-01"}"#), actor: nil)
        } throws: { error in
            guard case StoreError.invalid(let issues) = error else { return false }
            return issues.map(\.path) == ["node"]
        }
        #expect(throws: StoreError.self) { _ = try store.receiveInbound(id: "nope", InboundCloseRequest(), actor: nil) }
        #expect(try store.inbound().isEmpty)
    }
}
