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
        let v1 = "v1: network, stock, orders, reservations, events"
        try Self.atVersion(v1, path: path) { run in
            // TinyNetwork's network as the first schema wrote it (no tags, no rules).
            try run(
                """
                INSERT INTO meta (key, value) VALUES ('scenario', 'tiny'), ('scenario_now', '2026-11-23T08:00:00Z'),
                    ('currency', ''), ('clock', '\(StoreClock.fixed(TinyNetwork.now).description)');
                INSERT INTO nodes (id, seq, kind, name, lat, lon, ship_to_home, pickup, pick_cost_per_unit,
                    handling_cost_per_leg, handling_days, capacity_units) VALUES
                    ('DC-A', 0, 'warehouse', NULL, 40.7, -74.2, 1, 0, 1, 2, 1, NULL),
                    ('DC-B', 1, 'warehouse', NULL, 39.9, -75.2, 1, 0, 1, 2, 1, NULL),
                    ('S-BOS', 2, 'store', NULL, 42.35, -71.07, 1, 1, 2, 3, 0, NULL),
                    ('S-NYC', 3, 'store', NULL, 40.75, -73.99, 0, 1, 2, 3, 0, NULL);
                INSERT INTO skus (id, seq, weight_kg, price) VALUES ('SCARCE', 0, 1, 50), ('PLENTY', 1, 0.5, 40);
                INSERT INTO services (id, seq) VALUES ('ground', 0), ('express', 1);
                INSERT INTO service_bands (service_id, seq, max_km, transit_days, base_cost, cost_per_kg) VALUES
                    ('ground', 0, 300, 2, 6, 0.5), ('ground', 1, NULL, 4, 9, 0.8), ('express', 0, NULL, 1, 20, 1.5);
                INSERT INTO lanes (from_node, to_node, lead_days, cost_per_unit, cost_per_leg) VALUES
                    ('DC-A', 'S-NYC', 2, 0.5, 4), ('DC-A', 'S-BOS', 3, 0.5, 5);
                INSERT INTO policy (id, split_penalty, late_penalty_per_day, lost_sale_factor, max_legs_per_order)
                    VALUES (1, 5, 3, 1, NULL);
                INSERT INTO inventory (node_id, sku_id, on_hand, reserved, reserved_external, safety_stock, updated_at)
                VALUES
                    ('DC-A', 'SCARCE', 3, 0, 0, 0, '2026-11-23T08:00:00Z'),
                    ('DC-B', 'SCARCE', 6, 0, 1, 1, '2026-11-23T08:00:00Z'),
                    ('DC-A', 'PLENTY', 1000, 0, 0, 0, '2026-11-23T08:00:00Z'),
                    ('S-BOS', 'PLENTY', 5, 0, 0, 0, '2026-11-23T08:00:00Z');
                """)
            // One planned order as the first schema wrote it: a leg of 2 × SCARCE from DC-A, held.
            try run(
                """
                INSERT INTO orders (seq, id, channel, customer_id, placed_at, due_by, delivery_mode, ship_lat, ship_lon,
                    pickup_node, allow_split, status, eta, late_days, cost_legs, cost_split, cost_late,
                    cost_unfulfilled, cost_total, version, updated_at)
                VALUES (1, 'OLD-1', 'web', 'C-1', '2026-11-23T08:00:00Z', NULL, 'ship', 42.36, -71.06, NULL,
                    1, 'planned', '2026-11-28', 0, 14.8, 0, 0, 0, 14.8, 1, '2026-11-23T08:00:00Z');
                INSERT INTO order_lines (order_seq, line, sku_id, qty) VALUES (1, 0, 'SCARCE', 2);
                INSERT INTO legs (order_seq, type, from_node, service_id, eta, cost_pick, cost_handling, cost_shipping,
                    cost_transfer)
                    VALUES (1, 'direct_to_home', 'DC-A', 'ground', '2026-11-28', 2, 2, 10.8, 0);
                INSERT INTO leg_lines (leg_id, sku_id, qty) VALUES (1, 'SCARCE', 2);
                INSERT INTO reservations (order_seq, leg_id, node_id, sku_id, qty, status, created_at)
                    VALUES (1, 1, 'DC-A', 'SCARCE', 2, 'held', '2026-11-23T08:00:00Z');
                UPDATE inventory SET reserved = 2 WHERE node_id = 'DC-A' AND sku_id = 'SCARCE';
                INSERT INTO events (at, type, order_id, payload)
                    VALUES ('2026-11-23T08:00:00Z', 'order.placed', 'OLD-1', '{}');
                """)
        }
        let store = try RouteStore.open(path: path)
        #expect(try store.check().isEmpty)
        #expect(store.network.scenario.nodes == TinyNetwork.scenario().nodes)
        #expect(store.network.scenario.skus == TinyNetwork.scenario().skus)
        // No rule version until one is stored and activated: checkout routes under none.
        #expect(try store.activeRules() == nil && store.network.scenario.rules.isEmpty)
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
        let draft = try store.draftRules(
            .object([("rules", .array([Rule(id: "two-legs", maxLegs: 2).document]))]), actor: "test")
        #expect(try store.activateRules(draft.version, actor: "test").version == 1)
        #expect(store.network.scenario.rules == [Rule(id: "two-legs", maxLegs: 2)])
        #expect(try store.check().isEmpty)
    }

    /// Creates the database at `path` (a file, or a PostgreSQL URL) with the migrations up to
    /// `version` only, then runs `fill` with a function that runs a script of statements in it.
    static func atVersion(_ version: String, path: String, fill: ((String) throws -> Void) throws -> Void) throws {
        if PostgresLocation.isURL(path) {
            try PostgresDatabase.migrate(url: path, upTo: version, then: fill)
        } else {
            let queue = try DatabaseQueue(path: path)
            try StoreSchema.migrator.migrate(queue, upTo: version)
            try queue.write { db in try fill { try db.execute(sql: $0) } }
        }
    }
}
