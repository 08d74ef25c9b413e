import GRDB

/// The store's tables, created and upgraded by migrations (one per schema version;
/// a migration once released is never edited, only followed by another).
enum StoreSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: network, stock, orders, reservations, events") { db in
            try db.execute(
                sql: """
                    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
                    CREATE TABLE nodes (
                        id TEXT PRIMARY KEY, seq INTEGER NOT NULL UNIQUE,
                        kind TEXT NOT NULL CHECK (kind IN ('warehouse', 'store')), name TEXT,
                        lat REAL NOT NULL, lon REAL NOT NULL,
                        ship_to_home INTEGER NOT NULL, pickup INTEGER NOT NULL,
                        pick_cost_per_unit REAL NOT NULL, handling_cost_per_leg REAL NOT NULL,
                        handling_days INTEGER NOT NULL, capacity_units INTEGER);
                    CREATE TABLE skus (
                        id TEXT PRIMARY KEY, seq INTEGER NOT NULL UNIQUE,
                        weight_kg REAL NOT NULL, price REAL NOT NULL);
                    CREATE TABLE services (id TEXT PRIMARY KEY, seq INTEGER NOT NULL UNIQUE);
                    CREATE TABLE service_bands (
                        service_id TEXT NOT NULL REFERENCES services(id), seq INTEGER NOT NULL,
                        max_km REAL, transit_days INTEGER NOT NULL, base_cost REAL NOT NULL, cost_per_kg REAL NOT NULL,
                        PRIMARY KEY (service_id, seq)) WITHOUT ROWID;
                    CREATE TABLE lanes (
                        from_node TEXT NOT NULL REFERENCES nodes(id), to_node TEXT NOT NULL REFERENCES nodes(id),
                        lead_days INTEGER NOT NULL, cost_per_unit REAL NOT NULL, cost_per_leg REAL NOT NULL,
                        PRIMARY KEY (from_node, to_node)) WITHOUT ROWID;
                    CREATE TABLE policy (
                        id INTEGER PRIMARY KEY CHECK (id = 1),
                        split_penalty REAL NOT NULL, late_penalty_per_day REAL NOT NULL,
                        lost_sale_factor REAL NOT NULL, max_legs_per_order INTEGER);
                    -- reserved: held by this store's open orders (= the sum of their held reservations);
                    -- reserved_external: held by systems outside the store (from the seed scenario).
                    CREATE TABLE inventory (
                        node_id TEXT NOT NULL REFERENCES nodes(id), sku_id TEXT NOT NULL REFERENCES skus(id),
                        on_hand INTEGER NOT NULL CHECK (on_hand >= 0),
                        reserved INTEGER NOT NULL DEFAULT 0 CHECK (reserved >= 0),
                        reserved_external INTEGER NOT NULL DEFAULT 0 CHECK (reserved_external >= 0),
                        safety_stock INTEGER NOT NULL DEFAULT 0 CHECK (safety_stock >= 0),
                        updated_at TEXT NOT NULL,
                        PRIMARY KEY (node_id, sku_id)) WITHOUT ROWID;
                    CREATE TABLE orders (
                        seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE,
                        channel TEXT NOT NULL, customer_id TEXT NOT NULL,
                        placed_at TEXT NOT NULL, due_by TEXT,
                        delivery_mode TEXT NOT NULL CHECK (delivery_mode IN ('ship', 'pickup')),
                        ship_lat REAL, ship_lon REAL, pickup_node TEXT REFERENCES nodes(id),
                        allow_split INTEGER NOT NULL,
                        status TEXT NOT NULL CHECK (status IN ('planned', 'cancelled')),
                        eta TEXT, late_days INTEGER NOT NULL,
                        cost_legs REAL NOT NULL, cost_split REAL NOT NULL, cost_late REAL NOT NULL,
                        cost_unfulfilled REAL NOT NULL, cost_total REAL NOT NULL,
                        version INTEGER NOT NULL DEFAULT 1, updated_at TEXT NOT NULL);
                    CREATE INDEX orders_by_customer ON orders(customer_id, seq);
                    CREATE INDEX orders_by_status ON orders(status);
                    CREATE TABLE order_lines (
                        order_seq INTEGER NOT NULL REFERENCES orders(seq), line INTEGER NOT NULL,
                        sku_id TEXT NOT NULL REFERENCES skus(id), qty INTEGER NOT NULL CHECK (qty > 0),
                        PRIMARY KEY (order_seq, line)) WITHOUT ROWID;
                    CREATE TABLE legs (
                        id INTEGER PRIMARY KEY, order_seq INTEGER NOT NULL REFERENCES orders(seq),
                        type TEXT NOT NULL, from_node TEXT NOT NULL REFERENCES nodes(id), service_id TEXT,
                        eta TEXT NOT NULL, cost_pick REAL NOT NULL, cost_handling REAL NOT NULL,
                        cost_shipping REAL NOT NULL, cost_transfer REAL NOT NULL,
                        status TEXT NOT NULL DEFAULT 'planned');  -- 'replaced' once a re-plan gave the order other legs
                    CREATE INDEX legs_by_order ON legs(order_seq);
                    CREATE TABLE leg_lines (
                        leg_id INTEGER NOT NULL REFERENCES legs(id), sku_id TEXT NOT NULL REFERENCES skus(id),
                        qty INTEGER NOT NULL CHECK (qty > 0),
                        PRIMARY KEY (leg_id, sku_id)) WITHOUT ROWID;
                    -- One row per unit hold: 'held' until the order is cancelled ('released')
                    -- or the leg ships ('consumed').
                    CREATE TABLE reservations (
                        id INTEGER PRIMARY KEY,
                        order_seq INTEGER NOT NULL REFERENCES orders(seq), leg_id INTEGER NOT NULL REFERENCES legs(id),
                        node_id TEXT NOT NULL REFERENCES nodes(id), sku_id TEXT NOT NULL REFERENCES skus(id),
                        qty INTEGER NOT NULL CHECK (qty > 0),
                        status TEXT NOT NULL CHECK (status IN ('held', 'released', 'consumed')),
                        created_at TEXT NOT NULL, closed_at TEXT);
                    CREATE INDEX reservations_by_order ON reservations(order_seq);
                    CREATE INDEX reservations_held ON reservations(node_id, sku_id) WHERE status = 'held';
                    CREATE TABLE idempotency_keys (
                        key TEXT PRIMARY KEY, request_hash TEXT NOT NULL,
                        order_seq INTEGER NOT NULL REFERENCES orders(seq), created_at TEXT NOT NULL) WITHOUT ROWID;
                    -- The append-only log of every state change (an outbox for downstream systems).
                    CREATE TABLE events (
                        seq INTEGER PRIMARY KEY, at TEXT NOT NULL, type TEXT NOT NULL,
                        order_id TEXT, node_id TEXT, sku_id TEXT, payload TEXT NOT NULL);
                    CREATE INDEX events_by_order ON events(order_id, seq);
                    CREATE TRIGGER events_no_update BEFORE UPDATE ON events
                        BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
                    CREATE TRIGGER events_no_delete BEFORE DELETE ON events
                        BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
                    """)
        }
        migrator.registerMigration(
            "v2: order lifecycle (released, completed, unfulfilled), leg events, cancelled units, actors"
        ) { db in
            // SQLite cannot widen a CHECK constraint in place: rebuild `orders` (foreign keys are
            // off during a migration and checked at its end).
            try db.execute(
                sql: """
                    CREATE TABLE orders_v2 (
                        seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE,
                        channel TEXT NOT NULL, customer_id TEXT NOT NULL,
                        placed_at TEXT NOT NULL, due_by TEXT,
                        delivery_mode TEXT NOT NULL CHECK (delivery_mode IN ('ship', 'pickup')),
                        ship_lat REAL, ship_lon REAL, pickup_node TEXT REFERENCES nodes(id),
                        allow_split INTEGER NOT NULL,
                        status TEXT NOT NULL
                            CHECK (status IN ('planned', 'released', 'completed', 'unfulfilled', 'cancelled')),
                        eta TEXT, late_days INTEGER NOT NULL,
                        cost_legs REAL NOT NULL, cost_split REAL NOT NULL, cost_late REAL NOT NULL,
                        cost_unfulfilled REAL NOT NULL, cost_total REAL NOT NULL,
                        version INTEGER NOT NULL DEFAULT 1, updated_at TEXT NOT NULL);
                    INSERT INTO orders_v2 SELECT * FROM orders;
                    DROP TABLE orders;
                    ALTER TABLE orders_v2 RENAME TO orders;
                    CREATE INDEX orders_by_customer ON orders(customer_id, seq);
                    CREATE INDEX orders_by_status ON orders(status);
                    -- Units of a line the customer cancelled (the line asked for qty − cancelled).
                    ALTER TABLE order_lines ADD COLUMN cancelled INTEGER NOT NULL DEFAULT 0;
                    -- legs.status: planned, released, accepted, picked, shipped, in_transit, ready_for_pickup,
                    -- delivered, collected, rejected, cancelled, replaced (LegStatus).
                    ALTER TABLE legs ADD COLUMN tracking_id TEXT;
                    ALTER TABLE legs ADD COLUMN updated_at TEXT;
                    -- Who caused an event (checkout, a node, an agent, a feed) and the leg it concerns.
                    ALTER TABLE events ADD COLUMN actor TEXT;
                    ALTER TABLE events ADD COLUMN leg_id INTEGER;
                    CREATE INDEX events_by_node ON events(node_id, seq) WHERE node_id IS NOT NULL;
                    """)
        }
        migrator.registerMigration("v3: re-plan jobs outlive the process") { db in
            try db.execute(
                sql: """
                    CREATE TABLE replan_jobs (
                        number INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE,
                        state TEXT NOT NULL CHECK (state IN ('running', 'succeeded', 'failed')),
                        options TEXT NOT NULL,           -- JSON, as the API shows them
                        started_at TEXT NOT NULL, finished_at TEXT,
                        result TEXT,                     -- JSON, once succeeded
                        error TEXT);
                    """)
        }
        migrator.registerMigration("v4: sourcing rules in versions, tags on nodes, skus and orders") { db in
            try db.execute(
                sql: """
                    -- Tags as JSON arrays of strings, as the scenario document writes them.
                    ALTER TABLE nodes ADD COLUMN tags TEXT NOT NULL DEFAULT '[]';
                    ALTER TABLE skus ADD COLUMN tags TEXT NOT NULL DEFAULT '[]';
                    ALTER TABLE orders ADD COLUMN tags TEXT NOT NULL DEFAULT '[]';
                    -- Every rule set ever stored ({"rules": [...]} as FORMAT.md writes it); never changed.
                    CREATE TABLE rule_versions (
                        version INTEGER PRIMARY KEY, rules TEXT NOT NULL,
                        created_at TEXT NOT NULL, created_by TEXT);
                    -- Each switch of checkout to a version; the last one is the active version.
                    CREATE TABLE rule_activations (
                        seq INTEGER PRIMARY KEY, version INTEGER NOT NULL REFERENCES rule_versions(version),
                        at TEXT NOT NULL, actor TEXT);
                    CREATE TRIGGER rule_versions_no_update BEFORE UPDATE ON rule_versions
                        BEGIN SELECT RAISE(ABORT, 'rule versions are immutable'); END;
                    """)
        }
        migrator.registerMigration("v5: API keys") { db in
            try db.execute(
                sql: """
                    -- The secret is never stored: its first 12 characters (to find the key and name it in
                    -- logs) and its SHA-256 in hex. Roles and nodes as JSON arrays of strings.
                    CREATE TABLE api_keys (
                        name TEXT PRIMARY KEY, prefix TEXT NOT NULL UNIQUE, secret_sha256 TEXT NOT NULL,
                        roles TEXT NOT NULL, nodes TEXT NOT NULL DEFAULT '[]',
                        created_at TEXT NOT NULL, last_used_at TEXT, revoked_at TEXT);
                    """)
        }
        migrator.registerMigration("v6: calendars, cutoffs, time zones, carrier calendars, lane days, horizon") { db in
            try db.execute(
                sql: """
                    -- FORMAT.md "Calendars, cutoffs and time zones". Weekdays as a mask (bit 0 Monday,
                    -- bit 6 Sunday), closed dates as a JSON array of ISO dates, a cutoff as minutes after
                    -- local midnight. A leg's ships_on is the day it leaves its node (null before v6).
                    ALTER TABLE nodes ADD COLUMN timezone TEXT;
                    ALTER TABLE nodes ADD COLUMN cutoff_minutes INTEGER;
                    ALTER TABLE nodes ADD COLUMN closed_weekdays INTEGER NOT NULL DEFAULT 0;
                    ALTER TABLE nodes ADD COLUMN closed_dates TEXT NOT NULL DEFAULT '[]';
                    ALTER TABLE services ADD COLUMN closed_weekdays INTEGER NOT NULL DEFAULT 0;
                    ALTER TABLE services ADD COLUMN closed_dates TEXT NOT NULL DEFAULT '[]';
                    ALTER TABLE lanes ADD COLUMN departs_weekdays INTEGER;
                    ALTER TABLE policy ADD COLUMN horizon_days INTEGER;
                    ALTER TABLE legs ADD COLUMN ships_on TEXT;
                    """)
        }
        migrator.registerMigration("v7: capacity per day, stock on its way") { db in
            try db.execute(
                sql: """
                    -- FORMAT.md "capacity_per_day" (constraint 3'): units a node can send per open day,
                    -- counted on the live legs' ships_on; null = unlimited.
                    ALTER TABLE nodes ADD COLUMN capacity_per_day INTEGER;
                    -- FORMAT.md "inbound": a purchase-order line or a transfer in transit, one row until it
                    -- is received (its units join on_hand) or cancelled; the event log keeps both.
                    CREATE TABLE inbound (
                        seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE,
                        node_id TEXT NOT NULL REFERENCES nodes(id), sku_id TEXT NOT NULL REFERENCES skus(id),
                        qty INTEGER NOT NULL CHECK (qty > 0), arrives TEXT NOT NULL, reference TEXT,
                        created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
                    CREATE INDEX inbound_by_position ON inbound(node_id, sku_id);
                    """)
        }
        migrator.registerMigration(Self.v8) { db in
            try db.execute(sql: Self.v8SQL)
        }
        return migrator
    }

    /// Which write last changed each position, so that an instance sharing the database reads
    /// again only the nodes whose stock changed since its last read (`InventoryTable.stamp`).
    static let v8 = "v8: the write that last changed each position"

    /// The statement of `v8`, the same on both backends.
    static let v8SQL = "ALTER TABLE inventory ADD COLUMN changed_seq BIGINT NOT NULL DEFAULT 0"

    /// A SQL condition true for a leg (aliased `l`) that holds stock at its node: it
    /// is live and its units have not left (`LegStatus.isHolding`).
    static let legHolds = """
        (l.status IN ('planned', 'released', 'accepted', 'picked')
            OR (l.type = 'store_pickup' AND l.status = 'ready_for_pickup'))
        """

    /// A SQL condition true for a leg (aliased `l`) whose held units can still move to another
    /// node or day: it has not been picked.
    static let legMovable = "(l.status IN ('planned', 'released', 'accepted'))"

    /// A SQL condition true for a live leg (aliased `l`): not rejected, cancelled or replaced.
    static let legIsLive = "(l.status NOT IN ('rejected', 'cancelled', 'replaced'))"
}
