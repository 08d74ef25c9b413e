import Foundation
import OmniRouteModel
import OmniRouteStore
import OmniRouteTestSupport
import Testing

@Suite("Order lifecycle")
struct LifecycleTests {
    /// Places `cart`, releases it, and returns the order and its only leg.
    static func released(_ store: RouteStore, _ cart: CheckoutRequest) async throws -> (id: String, leg: Int64) {
        let placed = try await store.place(cart)
        let report = try store.release(ReleaseRequest(orders: [placed.order.order.id]))
        #expect(report.released == [placed.order.order.id])
        let order = try store.order(id: placed.order.order.id)
        #expect(order.status == .released && order.legs.allSatisfy { $0.status == .released })
        return (order.order.id, order.legIds[0])
    }

    static func event(_ status: LegStatus, lines: [OrderLine]? = nil, tracking: String? = nil) -> LegEventRequest {
        LegEventRequest(status: status, lines: lines, trackingId: tracking ?? (status == .shipped ? "1Z999" : nil))
    }

    @Test(
        "a parcel leg: released, accepted, picked, shipped (the hold leaves on-hand), delivered; the order completes"
    )
    func parcelJourney() async throws {
        let store = try TinyNetwork.store()
        let (id, leg) = try await Self.released(store, TinyNetwork.cart(qty: 2))
        #expect(try store.order(id: id).legs[0].leg.type == .directToHome)
        for status in [LegStatus.accepted, .picked] { _ = try store.recordLegEvent(leg: leg, Self.event(status)) }
        #expect(try store.stock(node: "DC-A", sku: "SCARCE").onHand == 3)
        let shipped = try store.recordLegEvent(leg: leg, Self.event(.shipped, tracking: "1ZTRACK")).order
        #expect(
            shipped.legs[0].status == .shipped && shipped.legs[0].trackingId == "1ZTRACK" && shipped.status == .released
        )
        let level = try store.stock(node: "DC-A", sku: "SCARCE")
        #expect(level.onHand == 1 && level.reserved == 0)
        let done = try store.recordLegEvent(leg: leg, Self.event(.delivered)).order
        #expect(done.status == .completed && store.stats.openOrders == 0)
        #expect(
            try store.history(order: id).map(\.type) == [
                "order.placed", "order.released", "leg.released", "leg.accepted", "leg.picked", "leg.shipped",
                "leg.delivered", "order.completed",
            ])
        #expect(try store.check().isEmpty)
    }

    @Test("illegal transitions change nothing and say what is allowed")
    func illegalTransitions() async throws {
        let store = try TinyNetwork.store()
        let placed = try await store.place(TinyNetwork.cart())
        let leg = placed.order.legIds[0]
        // Not released yet.
        #expect(throws: StoreError.self) { try store.recordLegEvent(leg: leg, Self.event(.accepted)) }
        _ = try store.release()
        do {
            _ = try store.recordLegEvent(leg: leg, Self.event(.shipped))
            Issue.record("shipping an unpicked leg was allowed")
        } catch {
            guard case .illegalTransition(_, let status, _, let allowed) = error else {
                Issue.record("got \(error)")
                return
            }
            #expect(status == .released && allowed == [.accepted, .rejected])
        }
        // Pickup events do not apply to a parcel.
        let accepted = try store.recordLegEvent(leg: leg, Self.event(.accepted))
        // A node retrying the event it already sent gets the same answer and changes nothing.
        let retried = try store.recordLegEvent(leg: leg, Self.event(.accepted))
        #expect(!accepted.replayed && retried.replayed && retried.eventSeq == accepted.eventSeq)
        #expect(retried.order.version == accepted.order.version)
        _ = try store.recordLegEvent(leg: leg, Self.event(.picked))
        #expect(throws: StoreError.self) { try store.recordLegEvent(leg: leg, Self.event(.readyForPickup)) }
        _ = try store.recordLegEvent(leg: leg, Self.event(.shipped))
        _ = try store.recordLegEvent(leg: leg, Self.event(.delivered))
        #expect(try store.recordLegEvent(leg: leg, Self.event(.delivered)).replayed)
        do {
            _ = try store.recordLegEvent(leg: leg, Self.event(.shipped))
            Issue.record("shipping a delivered leg was allowed")
        } catch {
            guard case .illegalTransition(_, .delivered, _, let allowed) = error else {
                Issue.record("got \(error)")
                return
            }
            #expect(allowed.isEmpty)
        }
        #expect(throws: StoreError.self) { try store.recordLegEvent(leg: 9999, Self.event(.accepted)) }
        #expect(try store.history(order: placed.order.order.id).count == 8)
        #expect(try store.check().isEmpty)
    }

    @Test("a rejected leg is routed again away from its node, whose on-hand is corrected; the order keeps one history")
    func rejectionWithAlternative() async throws {
        let store = try TinyNetwork.store()
        let (id, leg) = try await Self.released(store, TinyNetwork.cart(qty: 2))
        #expect(try store.order(id: id).legs[0].leg.from == "DC-A")
        let outcome = try store.recordLegEvent(leg: leg, LegEventRequest(status: .rejected, reason: "shelf empty"))
        let order = outcome.order
        #expect(order.legs.map(\.status) == [.rejected, .released])
        #expect(order.legs[1].leg.from == "DC-B" && order.legs[1].leg.units == 2)
        #expect(order.status == .released && order.plan.unfulfilled.isEmpty)
        let dcA = try store.stock(node: "DC-A", sku: "SCARCE")
        #expect(dcA.onHand == 1 && dcA.reserved == 0)  // 3 on record, 2 not found
        #expect(try store.stock(node: "DC-B", sku: "SCARCE").reserved == 2)
        #expect(
            try store.history(order: id).map(\.type).suffix(3) == ["leg.rejected", "leg.released", "order.resourced"])
        // DC-B finds the new leg in its own feed.
        let pickList = try store.events(node: "DC-B", type: "leg.released")
        #expect(pickList.map(\.leg) == [order.legIds[0]] && pickList[0].orderId == id)
        #expect(try store.events(node: "DC-A", type: "leg.released").count == 1)  // the first, rejected one
        // DC-B rejects too: DC-A is excluded for this order now, so nothing is left.
        let again = try store.recordLegEvent(leg: order.legIds[0], LegEventRequest(status: .rejected)).order
        #expect(again.status == .unfulfilled && again.plan.legs.isEmpty)
        #expect(again.plan.unfulfilled == [OrderLine(sku: "SCARCE", qty: 2)] && again.plan.cost.unfulfilled > 0)
        #expect(store.stats.openOrders == 0 && store.stats.heldUnits == 0)
        #expect(try store.check().isEmpty)
    }

    @Test("a short pick re-sources only the missing units; with no stock elsewhere they become unfulfilled")
    func shortPickWithoutAlternative() async throws {
        let store = try TinyNetwork.store(TinyNetwork.scenario(scarceA: 3, scarceB: 0))
        let (id, leg) = try await Self.released(store, TinyNetwork.cart(qty: 3))
        _ = try store.recordLegEvent(leg: leg, Self.event(.accepted))
        let order = try store.recordLegEvent(
            leg: leg, LegEventRequest(status: .rejected, lines: [OrderLine(sku: "SCARCE", qty: 1)])
        ).order
        #expect(order.legs.count == 1 && order.legs[0].status == .accepted && order.legs[0].leg.units == 2)
        #expect(order.plan.unfulfilled == [OrderLine(sku: "SCARCE", qty: 1)])
        #expect(order.legs[0].leg.cost.pick == 2)  // re-priced for 2 units
        #expect(try store.stock(node: "DC-A", sku: "SCARCE").onHand == 2)
        // A rejection naming more than the leg carries is refused, naming the field.
        do {
            _ = try store.recordLegEvent(
                leg: leg, LegEventRequest(status: .rejected, lines: [OrderLine(sku: "SCARCE", qty: 5)]))
            Issue.record("accepted")
        } catch {
            guard case .invalid(let issues) = error else {
                Issue.record("got \(error)")
                return
            }
            #expect(issues.map(\.path) == ["lines[0].qty"])
        }
        for status in [LegStatus.picked, .shipped, .delivered] {
            _ = try store.recordLegEvent(leg: leg, Self.event(status))
        }
        #expect(try store.order(id: id).status == .completed)
        #expect(try store.check().isEmpty)
    }

    @Test("cancelling: whole orders before anything leaves, some units at any state before shipping, never after")
    func cancellation() async throws {
        let store = try TinyNetwork.store()
        // Planned.
        let planned = try await store.place(TinyNetwork.cart())
        #expect(try store.cancel(id: planned.order.order.id).order.status == .cancelled)
        // Released, accepted, picked: the units go back.
        for stage in [[LegStatus](), [.accepted], [.accepted, .picked]] {
            let (id, leg) = try await Self.released(store, TinyNetwork.cart())
            for s in stage { _ = try store.recordLegEvent(leg: leg, Self.event(s)) }
            let (order, changed) = try store.cancel(id: id, CancelRequest(reason: "changed mind"))
            #expect(changed && order.status == .cancelled && order.legs[0].status == .cancelled)
        }
        #expect(store.stats.heldUnits == 0 && store.stats.openOrders == 0)
        // Shipped: too late for the whole order.
        let (id, leg) = try await Self.released(store, TinyNetwork.cart())
        for s in [LegStatus.accepted, .picked, .shipped] { _ = try store.recordLegEvent(leg: leg, Self.event(s)) }
        #expect(throws: StoreError.self) { try store.cancel(id: id) }
        #expect(try store.order(id: id).status == .released)
        // Some units: two of three, from a released order.
        let (partial, _) = try await Self.released(store, TinyNetwork.cart("PLENTY", qty: 3))
        let cut = try store.cancel(id: partial, CancelRequest(lines: [OrderLine(sku: "PLENTY", qty: 2)])).order
        #expect(
            cut.order.lines == [OrderLine(sku: "PLENTY", qty: 1)] && cut.cancelled == [OrderLine(sku: "PLENTY", qty: 2)]
        )
        #expect(cut.plan.units == 1 && cut.status == .released)
        #expect(throws: StoreError.self) {
            try store.cancel(id: partial, CancelRequest(lines: [OrderLine(sku: "PLENTY", qty: 2)]))
        }
        let rest = try store.cancel(id: partial, CancelRequest(lines: [OrderLine(sku: "PLENTY", qty: 1)])).order
        #expect(rest.status == .cancelled && rest.plan.legs.isEmpty)
        #expect(try store.check().isEmpty)
    }

    @Test(
        "pickup legs: the store's own stock waits on the shelf until collected; a transfer leaves its warehouse"
    )
    func pickupJourneys() async throws {
        let store = try TinyNetwork.store(TinyNetwork.scenario(storeLane: true))
        // The pickup store's own stock.
        let (own, ownLeg) = try await Self.released(store, TinyNetwork.pickupCart("PLENTY", at: "S-BOS"))
        #expect(try store.order(id: own).legs[0].leg.type == .storePickup)
        for s in [LegStatus.accepted, .picked, .readyForPickup] {
            _ = try store.recordLegEvent(leg: ownLeg, Self.event(s))
        }
        #expect(try store.stock(node: "S-BOS", sku: "PLENTY").reserved == 1)  // on the shelf, still held
        #expect(try store.recordLegEvent(leg: ownLeg, Self.event(.collected)).order.status == .completed)
        #expect(try store.stock(node: "S-BOS", sku: "PLENTY").onHand == 4)
        // Warehouse to store, then store to store.
        for (sku, type, source) in [
            ("SCARCE", LegType.warehouseToStorePickup, "DC-A"), ("PLENTY", .storeToStorePickup, "S-BOS"),
        ] {
            let (id, leg) = try await Self.released(store, TinyNetwork.pickupCart(sku, at: "S-NYC"))
            let placed = try store.order(id: id)
            #expect(placed.legs[0].leg.type == type && placed.legs[0].leg.from == source)
            let before = try store.stock(node: source, sku: sku).onHand
            #expect(throws: StoreError.self) { try store.recordLegEvent(leg: leg, Self.event(.shipped)) }
            for s in [LegStatus.accepted, .picked, .inTransit] { _ = try store.recordLegEvent(leg: leg, Self.event(s)) }
            #expect(try store.stock(node: source, sku: sku).onHand == before - 1)
            #expect(throws: StoreError.self) { try store.cancel(id: id) }  // already on its way
            for s in [LegStatus.readyForPickup, .collected] { _ = try store.recordLegEvent(leg: leg, Self.event(s)) }
            #expect(try store.order(id: id).status == .completed)
        }
        #expect(try store.check().isEmpty)
    }

    @Test(
        "release: all planned orders, or those due soon; a released order's re-sourced legs are released at once"
    )
    func release() async throws {
        let store = try TinyNetwork.store()
        var soon = TinyNetwork.cart("PLENTY")
        soon.dueBy = TinyNetwork.now.utcDay + 2
        var later = TinyNetwork.cart("PLENTY")
        later.dueBy = TinyNetwork.now.utcDay + 20
        let a = try await store.place(soon).order.order.id
        let b = try await store.place(later).order.order.id
        let c = try await store.place(TinyNetwork.cart("PLENTY")).order.order.id  // no due date
        #expect(try store.release(ReleaseRequest(dueWithinDays: 3)).released == [a])
        let all = try store.release()
        #expect(all.released == [b, c] && all.legs == 2)
        #expect(try store.release(ReleaseRequest(orders: [a])).skipped.map(\.id) == [a])
        #expect(throws: StoreError.self) { try store.release(ReleaseRequest(orders: ["NOPE"])) }
        #expect(try store.check().isEmpty)
    }

    @Test("till sales and WMS snapshots lower on-hand; holds they leave uncovered move to other nodes")
    func feeds() async throws {
        let store = try TinyNetwork.store()
        let pickup = try await store.place(TinyNetwork.pickupCart("PLENTY", qty: 2, at: "S-BOS"))
        #expect(pickup.order.legs[0].leg.from == "S-BOS")
        // Four sold at the till: one unit short for the pickup order, which moves to DC-A by lane.
        let sale = try store.recordSale(
            StoreSale(node: "S-BOS", lines: [OrderLine(sku: "PLENTY", qty: 4)], reference: "r-1"))
        #expect(
            sale.resourced == [pickup.order.order.id] && sale.positions[0].onHand == 1
                && sale.positions[0].reserved == 1)
        let moved = try store.order(id: pickup.order.order.id)
        #expect(moved.plan.units == 2 && Set(moved.plan.legs.map(\.type)) == [.storePickup, .warehouseToStorePickup])
        #expect(throws: StoreError.self) {
            try store.recordSale(StoreSale(node: "DC-A", lines: [OrderLine(sku: "PLENTY", qty: 1)]))
        }
        // A WMS snapshot of DC-A below what it holds for orders.
        let held = try store.stock(node: "DC-A", sku: "PLENTY").reserved
        #expect(held == 1)
        let snap = try store.applySnapshot(
            StockSnapshot(node: "DC-A", counts: [("PLENTY", 0), ("SCARCE", 3)], source: "wms"))
        #expect(snap.resourced == [pickup.order.order.id] && snap.positions.map(\.onHand) == [0, 3])
        #expect(try store.order(id: pickup.order.order.id).plan.unfulfilled == [OrderLine(sku: "PLENTY", qty: 1)])
        do {
            _ = try store.applySnapshot(StockSnapshot(node: "DC-A", counts: [("PLENTY", 1), ("NOPE", 1)]))
            Issue.record("accepted")
        } catch {
            guard case .invalid(let issues) = error else {
                Issue.record("got \(error)")
                return
            }
            #expect(issues.map(\.path) == ["positions[1].sku"])
        }
        #expect(try store.stock(node: "DC-A", sku: "PLENTY").onHand == 0)  // all or nothing
        #expect(try store.check().isEmpty)
    }

    @Test("a customer's orders from every channel, newest first, paged; the event feed resumes after a restart")
    func customerAndFeed() async throws {
        let path = Paths.database()
        var ids: [String] = []
        var cursor: Int64 = 0
        do {
            let store = try RouteStore.create(
                path: path, seed: TinyNetwork.scenario(), clock: .fixed(TinyNetwork.now), placeOrders: false)
            for channel in [Order.Channel.web, .app, .store, .callCenter, .marketplace] {
                var cart = TinyNetwork.cart("PLENTY", customer: "C-7")
                cart.channel = channel
                ids.append(try await store.place(cart).order.order.id)
            }
            _ = try await store.place(TinyNetwork.cart("PLENTY", customer: "C-8"))
            let first = try store.events(after: 0, limit: 4)
            #expect(first.count == 4 && first.map(\.seq) == first.map(\.seq).sorted())
            cursor = first.last!.seq
            let page = try store.orders(customer: "C-7", limit: 3)
            #expect(page.orders.map(\.order.id) == Array(ids.reversed().prefix(3)) && page.next != nil)
            let rest = try store.orders(customer: "C-7", limit: 3, cursor: page.next)
            #expect(rest.orders.map(\.order.id) == Array(ids.reversed().dropFirst(3)) && rest.next == nil)
            #expect(Set((page.orders + rest.orders).map(\.order.channel)).count == 5)
            #expect(throws: StoreError.self) { try store.orders(customer: "C-7", cursor: "abc") }
        }
        let reopened = try RouteStore.open(path: path)
        _ = try reopened.cancel(id: ids[0], CancelRequest(actor: "agent 12"))
        let after = try reopened.events(after: cursor)
        #expect(
            after.first!.seq == cursor + 1 && after.last!.type == "order.cancelled" && after.last!.actor == "agent 12")
        #expect(after.allSatisfy { $0.seq > cursor })
        #expect(try reopened.history(order: ids[0]).map(\.type) == ["order.placed", "order.cancelled"])
    }

    @Test("stock feeds racing with checkouts and node events never oversell; db check passes after every wave")
    func feedsRacingCheckouts() async throws {
        let store = try TinyNetwork.store(TinyNetwork.scenario(scarceA: 40, scarceB: 40))
        for wave in 0..<4 {
            let problems = try await withThrowingTaskGroup(of: [String].self) { group in
                for i in 0..<30 {
                    group.addTask {
                        switch i % 5 {
                        case 0, 1: _ = try? await store.place(TinyNetwork.cart(qty: 1 + i % 3, partial: true))
                        case 2:
                            _ = try? store.setStock(
                                node: i % 10 == 2 ? "DC-A" : "DC-B", sku: "SCARCE", onHand: 10 + (wave * 7 + i) % 20)
                        case 3:
                            _ = try? store.adjust([
                                StockAdjustment(node: "DC-A", sku: "SCARCE", delta: i % 10 == 3 ? -2 : 3)
                            ])
                        default: return try store.check()  // while the others run
                        }
                        return []
                    }
                }
                return try await group.reduce(into: [String]()) { $0 += $1 }
            }
            #expect(problems.isEmpty, "wave \(wave): \(problems)")
            let released = try store.release()
            for id in released.released.prefix(3) {
                let order = try store.order(id: id)
                if let leg = order.legIds.first {
                    _ = try? store.recordLegEvent(leg: leg, LegEventRequest(status: .rejected))
                }
            }
            #expect(try store.check().isEmpty, "wave \(wave)")
        }
    }
}
