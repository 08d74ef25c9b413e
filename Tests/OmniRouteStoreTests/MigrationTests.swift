import Foundation
import GRDB
import OmniRouteModel
import OmniRouteTestSupport
import Testing

@testable import OmniRouteStore

@Suite("Schema migrations")
struct MigrationTests {
    @Test("a database written by the first schema opens under the current one with nothing lost, and its orders go on")
    func fromV1() async throws {
        let path = Paths.database()
        do {
            let queue = try DatabaseQueue(path: path)
            try StoreSchema.migrator.migrate(queue, upTo: "v1: network, stock, orders, reservations, events")
            try await queue.write { db in
                try NetworkTables(connection: db).write(TinyNetwork.scenario(), at: TinyNetwork.now)
                try db.execute(
                    sql: "INSERT INTO meta (key, value) VALUES ('clock', ?)",
                    arguments: [StoreClock.fixed(TinyNetwork.now).description])
                // One planned order as the first schema wrote it: a leg of 2 × SCARCE from DC-A, held.
                try db.execute(
                    sql: """
                        INSERT INTO orders (seq, id, channel, customer_id, placed_at, due_by, delivery_mode, ship_lat, ship_lon, pickup_node,
                            allow_split, status, eta, late_days, cost_legs, cost_split, cost_late, cost_unfulfilled, cost_total, version, updated_at)
                        VALUES (1, 'OLD-1', 'web', 'C-1', '2026-11-23T08:00:00Z', NULL, 'ship', 42.36, -71.06, NULL,
                            1, 'planned', '2026-11-28', 0, 14.8, 0, 0, 0, 14.8, 1, '2026-11-23T08:00:00Z');
                        INSERT INTO order_lines (order_seq, line, sku_id, qty) VALUES (1, 0, 'SCARCE', 2);
                        INSERT INTO legs (id, order_seq, type, from_node, service_id, eta, cost_pick, cost_handling, cost_shipping, cost_transfer)
                            VALUES (1, 1, 'direct_to_home', 'DC-A', 'ground', '2026-11-28', 2, 2, 10.8, 0);
                        INSERT INTO leg_lines (leg_id, sku_id, qty) VALUES (1, 'SCARCE', 2);
                        INSERT INTO reservations (order_seq, leg_id, node_id, sku_id, qty, status, created_at)
                            VALUES (1, 1, 'DC-A', 'SCARCE', 2, 'held', '2026-11-23T08:00:00Z');
                        UPDATE inventory SET reserved = 2 WHERE node_id = 'DC-A' AND sku_id = 'SCARCE';
                        INSERT INTO events (at, type, order_id, payload) VALUES ('2026-11-23T08:00:00Z', 'order.placed', 'OLD-1', '{}');
                        """)
            }
        }
        let store = try RouteStore.open(path: path)
        #expect(try store.check().isEmpty)
        let order = try store.order(id: "OLD-1")
        #expect(order.status == .planned && order.legs.map(\.status) == [.planned] && order.cancelled.isEmpty)
        #expect(order.plan.legs[0].lines == [OrderLine(sku: "SCARCE", qty: 2)] && order.plan.cost.total == 14.8)
        #expect(store.stats.openOrders == 1 && store.stats.heldUnits == 2)
        #expect(try store.history(order: "OLD-1").first?.actor == nil)
        // The old order lives on under the new lifecycle.
        #expect(try store.release().released == ["OLD-1"])
        for status in [LegStatus.accepted, .picked] {
            _ = try store.recordLegEvent(leg: 1, LegEventRequest(status: status))
        }
        _ = try store.recordLegEvent(leg: 1, LegEventRequest(status: .shipped, trackingId: "T-1"))
        #expect(try store.recordLegEvent(leg: 1, LegEventRequest(status: .delivered)).order.status == .completed)
        #expect(try store.stock(node: "DC-A", sku: "SCARCE").onHand == 1)
        #expect(try await store.place(TinyNetwork.cart()).order.order.id == "OR-00000002")
        #expect(try store.check().isEmpty)
    }
}
