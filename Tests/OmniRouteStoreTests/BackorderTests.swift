import OmniRouteModel
import OmniRouteStore
import OmniRouteTestSupport
import Testing

@Suite("Backorders: stock that arrives sends what open orders could not get")
struct BackorderTests {
    static func partial(_ lines: [OrderLine], allowSplit: Bool = true) -> CheckoutRequest {
        CheckoutRequest(
            lines: lines, destination: .ship(to: TinyNetwork.boston), allowSplit: allowSplit, acceptPartial: true)
    }

    @Test("an adjustment that adds stock fills the oldest open order first, one unit at a time, and never oversells")
    func oldestFirst() async throws {
        // DC-A holds 2 SCARCE; DC-B's 2 are held by others or safety stock: nothing to promise there.
        let store = try TinyNetwork.store(TinyNetwork.scenario(scarceA: 2, scarceB: 0))
        let first = try await store.place(Self.partial([OrderLine(sku: "SCARCE", qty: 3)])).order
        let second = try await store.place(
            Self.partial([OrderLine(sku: "SCARCE", qty: 1), OrderLine(sku: "PLENTY", qty: 1)])
        ).order
        #expect(first.plan.unfulfilled == [OrderLine(sku: "SCARCE", qty: 1)])
        #expect(second.plan.unfulfilled == [OrderLine(sku: "SCARCE", qty: 1)])

        // A count that adds nothing fills nothing.
        let same = try store.setStock(node: "DC-B", sku: "SCARCE", onHand: 2)
        #expect(same.filled.isEmpty)

        let one = try store.adjust([StockAdjustment(node: "DC-B", sku: "SCARCE", delta: 1)], reason: "delivery")
        #expect(one.filled == [first.order.id] && one.positions[0].availableToPromise == 0)
        let filled = try store.order(id: first.order.id)
        #expect(filled.plan.unfulfilled.isEmpty && filled.plan.units == 3 && filled.status == .planned)
        #expect(filled.plan.legs.map(\.from).sorted() == ["DC-A", "DC-B"])
        #expect(filled.plan.cost.unfulfilled == 0 && filled.plan.cost.total < first.plan.cost.total)
        #expect(try store.history(order: first.order.id).map(\.type).contains("order.resourced"))
        #expect(try store.order(id: second.order.id).plan.unfulfilled == [OrderLine(sku: "SCARCE", qty: 1)])

        // The next unit goes to the second order; a third finds nobody waiting.
        let two = try store.setStock(node: "DC-B", sku: "SCARCE", onHand: 4)
        #expect(two.filled == [second.order.id])
        #expect(try store.order(id: second.order.id).plan.unfulfilled.isEmpty)
        let three = try store.applySnapshot(StockSnapshot(node: "DC-B", counts: [("SCARCE", 5)], source: "wms"))
        #expect(three.filled.isEmpty && three.positions[0].availableToPromise == 1)
        #expect(try store.check().isEmpty)
    }

    @Test("a snapshot that raises two skus an order waits for sends both on one leg")
    func oneLegForBoth() async throws {
        let store = try TinyNetwork.store(TinyNetwork.scenario(scarceA: 2, scarceB: 0))
        _ = try store.setStock(node: "DC-A", sku: "PLENTY", onHand: 0)
        _ = try store.setStock(node: "S-BOS", sku: "PLENTY", onHand: 0)
        let waiting = try await store.place(
            Self.partial([OrderLine(sku: "SCARCE", qty: 3), OrderLine(sku: "PLENTY", qty: 2)])
        ).order
        #expect(waiting.plan.unfulfilled == [OrderLine(sku: "SCARCE", qty: 1), OrderLine(sku: "PLENTY", qty: 2)])
        let snap = try store.applySnapshot(
            StockSnapshot(node: "DC-B", counts: [("SCARCE", 5), ("PLENTY", 4)], source: "wms"))
        #expect(snap.filled == [waiting.order.id])
        let after = try store.order(id: waiting.order.id)
        #expect(after.plan.unfulfilled.isEmpty && after.plan.legs.count == 2)
        #expect(
            after.plan.legs.first { $0.from == "DC-B" }?.lines == [
                OrderLine(sku: "SCARCE", qty: 1), OrderLine(sku: "PLENTY", qty: 2),
            ])
        #expect(try store.history(order: waiting.order.id).filter { $0.type == "order.resourced" }.count == 1)
        #expect(try store.check().isEmpty)
    }

    @Test("an order that may not split gets no second leg, from a delivery or from a short pick")
    func legBudget() async throws {
        let store = try TinyNetwork.store(TinyNetwork.scenario(scarceA: 2, scarceB: 0))
        let whole = try await store.place(Self.partial([OrderLine(sku: "SCARCE", qty: 3)], allowSplit: false)).order
        #expect(whole.plan.legs.count == 1 && whole.plan.unfulfilled == [OrderLine(sku: "SCARCE", qty: 1)])
        let delivery = try store.adjust([StockAdjustment(node: "DC-B", sku: "SCARCE", delta: 5)])
        #expect(delivery.filled.isEmpty)
        #expect(try store.order(id: whole.order.id).plan.legs.count == 1)

        // Released, its node short-picks one unit: the leg goes on with one, and the order
        // may not have a second, so the unit is unfulfilled although DC-B now has stock.
        _ = try store.release(ReleaseRequest(orders: [whole.order.id]))
        let leg = try store.order(id: whole.order.id).legIds[0]
        _ = try store.recordLegEvent(leg: leg, LegEventRequest(status: .accepted))
        let short = try store.recordLegEvent(
            leg: leg, LegEventRequest(status: .rejected, lines: [OrderLine(sku: "SCARCE", qty: 1)])
        ).order
        #expect(short.plan.legs.count == 1 && short.plan.units == 1)
        #expect(short.plan.unfulfilled == [OrderLine(sku: "SCARCE", qty: 2)])
        // Its node rejects the last unit: that leg is gone, so a new one may take it.
        let rejected = try store.recordLegEvent(leg: leg, LegEventRequest(status: .rejected)).order
        #expect(rejected.plan.legs.count == 1 && rejected.plan.legs[0].from == "DC-B" && rejected.plan.units == 1)
        #expect(rejected.status == .released && rejected.plan.unfulfilled == [OrderLine(sku: "SCARCE", qty: 2)])
        #expect(try store.check().isEmpty)
    }
}
