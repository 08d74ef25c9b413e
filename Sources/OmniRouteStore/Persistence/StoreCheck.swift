import OmniRouteModel

/// The invariants of a store's database, each a query that returns what breaks it.
enum StoreCheck {
    /// Every broken invariant, in words; empty when all is well. Capacity per day is checked on
    /// the days from `from` on (days gone by no longer bind).
    static func problems(_ tx: StoreTransaction, from: CalendarDay) throws -> [String] {
        let db = tx.connection
        // The checks below read numbers as Swift integers: out-of-range ones first, alone.
        var problems = try StoredRanges.problems(tx)
        guard problems.isEmpty else { return problems }
        // SQLite checks its file and its foreign keys when asked; PostgreSQL enforces foreign
        // keys on every write, and its pages are the server's to check (amcheck).
        if db.dialect == .sqlite {
            for row in try db.rows("PRAGMA integrity_check") where (row[0] as String) != "ok" {
                problems.append("integrity: \(row[0] as String)")
            }
            for row in try db.rows("PRAGMA foreign_key_check") {
                problems.append("foreign key: a row of \(row[0] as String) refers to a missing \(row[2] as String)")
            }
        }
        // reserved = Σ held reservations, per position.
        for r in try db.rows(
            """
            SELECT i.node_id, i.sku_id, i.reserved, COALESCE(h.qty, 0) AS held FROM inventory i
            LEFT JOIN (
                SELECT node_id, sku_id, SUM(qty) AS qty FROM reservations WHERE status = 'held' GROUP BY node_id, sku_id
            ) h
                ON h.node_id = i.node_id AND h.sku_id = i.sku_id
            WHERE i.reserved != COALESCE(h.qty, 0)
            """)
        {
            problems.append(
                "\(r["node_id"] as String)/\(r["sku_id"] as String): reserved is \(r["reserved"] as Int) "
                    + "but held reservations sum to \(r["held"] as Int)"
            )
        }
        for r in try db.rows(
            """
            SELECT r.node_id, r.sku_id, SUM(r.qty) AS qty FROM reservations r
            LEFT JOIN inventory i ON i.node_id = r.node_id AND i.sku_id = r.sku_id
            WHERE r.status = 'held' AND i.node_id IS NULL GROUP BY r.node_id, r.sku_id
            """)
        {
            problems.append(
                "\(r["node_id"] as String)/\(r["sku_id"] as String): \(r["qty"] as Int) "
                    + "units held where no stock is recorded"
            )
        }
        // No available to promise below zero: what is held must be on hand or on its way.
        for r in try db.rows(
            """
            SELECT i.node_id, i.sku_id, i.on_hand, i.reserved, i.reserved_external, COALESCE(b.qty, 0) AS inbound
            FROM inventory i
            LEFT JOIN (SELECT node_id, sku_id, SUM(qty) AS qty FROM inbound GROUP BY node_id, sku_id) b
                ON b.node_id = i.node_id AND b.sku_id = i.sku_id
            WHERE i.on_hand + COALESCE(b.qty, 0) < i.reserved + i.reserved_external
            """)
        {
            let inbound = (r["inbound"] as Int) > 0 ? " and the \(r["inbound"] as Int) on their way" : ""
            problems.append(
                "\(r["node_id"] as String)/\(r["sku_id"] as String): on_hand \(r["on_hand"] as Int)\(inbound) is below "
                    + "the \((r["reserved"] as Int) + (r["reserved_external"] as Int)) units held (oversold)"
            )
        }
        for r in try db.rows(
            """
            SELECT b.id FROM inbound b LEFT JOIN inventory i ON i.node_id = b.node_id AND i.sku_id = b.sku_id
            WHERE i.node_id IS NULL
            """)
        {
            problems.append("inbound \(r["id"] as String): its position has no inventory row")
        }
        // Every leg of an open order has its units held, at its own node.
        for r in try db.rows(
            """
            WITH held AS (SELECT leg_id, sku_id, node_id, SUM(qty) AS qty FROM reservations WHERE status = 'held'
                          GROUP BY leg_id, sku_id, node_id)
            SELECT o.id AS order_id, l.id AS leg_id, ll.sku_id, ll.qty, COALESCE(h.qty, 0) AS held
            FROM legs l JOIN orders o ON o.seq = l.order_seq JOIN leg_lines ll ON ll.leg_id = l.id
            LEFT JOIN held h ON h.leg_id = l.id AND h.sku_id = ll.sku_id AND h.node_id = l.from_node
            WHERE o.status IN ('planned', 'released') AND \(StoreSchema.legHolds) AND ll.qty != COALESCE(h.qty, 0)
            """)
        {
            problems.append(
                "order \(r["order_id"] as String) leg \(r["leg_id"] as Int64): carries \(r["qty"] as Int) "
                    + "× \(r["sku_id"] as String) but holds \(r["held"] as Int)"
            )
        }
        for r in try db.rows(
            """
            SELECT o.id, SUM(r.qty) AS qty FROM reservations r JOIN orders o ON o.seq = r.order_seq
            WHERE r.status = 'held' AND o.status NOT IN ('planned', 'released') GROUP BY o.id
            """)
        {
            problems.append("order \(r["id"] as String) is not open but holds \(r["qty"] as Int) units")
        }
        for r in try db.rows(
            """
            SELECT r.id, r.node_id, l.from_node FROM reservations r JOIN legs l ON l.id = r.leg_id
            WHERE r.node_id != l.from_node
            """)
        {
            problems.append(
                "reservation \(r["id"] as Int64) holds stock at \(r["node_id"] as String) "
                    + "for a leg from \(r["from_node"] as String)"
            )
        }
        // Legs carry no more than the order asked for.
        for r in try db.rows(
            """
            SELECT o.id, ol.sku_id, ol.qty - ol.cancelled AS qty, SUM(ll.qty) AS sent FROM orders o
            JOIN order_lines ol ON ol.order_seq = o.seq JOIN legs l ON l.order_seq = o.seq AND \(StoreSchema.legIsLive)
            JOIN leg_lines ll ON ll.leg_id = l.id AND ll.sku_id = ol.sku_id
            GROUP BY o.seq, ol.order_seq, ol.line HAVING SUM(ll.qty) > ol.qty - ol.cancelled
            """)
        {
            problems.append(
                "order \(r["id"] as String) sends \(r["sent"] as Int) × \(r["sku_id"] as String) "
                    + "but asked for \(r["qty"] as Int)"
            )
        }
        for r in try db.rows(
            """
            SELECT l.order_seq, l.from_node, ll.sku_id FROM legs l JOIN leg_lines ll ON ll.leg_id = l.id
            LEFT JOIN order_lines ol ON ol.order_seq = l.order_seq AND ol.sku_id = ll.sku_id WHERE ol.sku_id IS NULL
            """)
        {
            problems.append(
                "a leg of order #\(r["order_seq"] as Int64) from \(r["from_node"] as String) "
                    + "carries \(r["sku_id"] as String), which the order does not ask for"
            )
        }
        for r in try db.rows(
            """
            SELECT r.id, r.order_seq, l.status FROM reservations r JOIN legs l ON l.id = r.leg_id
            WHERE r.status = 'held' AND NOT \(StoreSchema.legHolds)
            """)
        {
            problems.append(
                "reservation \(r["id"] as Int64) of order #\(r["order_seq"] as Int64) "
                    + "is held for a leg that is \(r["status"] as String)"
            )
        }
        // A leg's units leave its node's stock exactly once, when it departs.
        for r in try db.rows(
            """
            SELECT r.id, l.status FROM reservations r JOIN legs l ON l.id = r.leg_id
            WHERE r.status = 'consumed' AND l.status IN ('planned', 'released', 'accepted', 'picked')
            """)
        {
            problems.append("reservation \(r["id"] as Int64) was consumed but its leg is only \(r["status"] as String)")
        }
        // Picking capacity, and capacity per day (constraint 3′).
        let capacity = tx.capacity
        for r in try capacity.heldBeyond() {
            problems.append("node \(r.node): \(r.held) units held beyond its capacity of \(r.capacity)")
        }
        for r in try capacity.sentBeyond(from: from) {
            problems.append(
                "node \(r.node): legs send \(r.units) units on \(r.day), beyond its capacity of \(r.capacity) per day")
        }
        problems += try rulesAndTags(tx)
        problems += try keys(tx)
        return problems
    }

    /// Every key reads (known roles, JSON lists), names nodes the network has, has the
    /// nodes exactly when it has the node role, and a digest and prefix of the right shape.
    private static func keys(_ tx: StoreTransaction) throws -> [String] {
        var problems: [String] = []
        let entries: [KeyRing.Entry]
        do {
            entries = try tx.keys.all()
        } catch {
            return ["api_keys: \(error)"]
        }
        let nodes = Set(try tx.networkTables.read(now: Timestamp(secondsSinceEpoch: 0)).nodes.map(\.id))
        for entry in entries {
            let key = entry.key
            if key.roles.isEmpty { problems.append("key \(key.name): no role") }
            if key.roles.contains(.node) == key.nodes.isEmpty {
                problems.append("key \(key.name): nodes \(key.nodes) do not fit its roles")
            }
            for node in key.nodes where !nodes.contains(node) {
                problems.append("key \(key.name): no node \"\(node)\"")
            }
            if key.prefix.count != KeySecret.prefixLength || !key.prefix.hasPrefix(KeySecret.scheme) {
                problems.append("key \(key.name): the prefix \"\(key.prefix)\" is not a secret's")
            }
        }
        return problems
    }

    /// Tags are JSON arrays of strings; every stored rule version reads against the nodes, and
    /// the active version is one of them (else the store would not open).
    private static func rulesAndTags(_ tx: StoreTransaction) throws -> [String] {
        var problems: [String] = []
        for table in ["nodes", "skus", "orders"] {
            for r in try tx.connection.rows("SELECT id, tags FROM \(table) WHERE tags != '[]'") {
                let text: String = r["tags"]
                if NetworkTables.storedTags(text) == nil {
                    problems.append("\(table) \(r["id"] as String): tags \(text) are not a JSON array of strings")
                }
            }
        }
        let nodes = try tx.networkTables.read(now: Timestamp(secondsSinceEpoch: 0)).nodes
        do {
            for version in try tx.rules.versions(from: 1, limit: Int.max) {
                do {
                    _ = try Scenario.rules(version.rules, nodes: nodes)
                } catch {
                    problems.append("rule version \(version.version) does not read: \(error)")
                }
            }
        } catch {
            problems.append("rule_versions: a stored rule set is not JSON (\(error))")
        }
        if let active = try tx.rules.activeVersion(), try tx.rules.find(active) == nil {
            problems.append("rule_activations: the active version \(active) does not exist")
        }
        return problems
    }
}
