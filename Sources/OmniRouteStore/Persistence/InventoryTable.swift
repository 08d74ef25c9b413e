import OmniRouteModel

/// One row of `inventory`: the stock of one sku at one node.
struct InventoryRow: Sendable {
    var node: String
    var sku: String
    var onHand: Int
    /// Held by the store's open orders (the sum of their held reservations).
    var reserved: Int
    /// Held by systems outside the store.
    var reservedExternal: Int
    var safetyStock: Int
}

/// The stock per (node, sku) and every change of it: the one place its statements live.
struct InventoryTable {
    let connection: any SQLConnection

    /// What every statement changing a position sets its `changed_seq` to: one past the last event
    /// logged before it. Writes run one at a time, so a read that saw events up to `seq` has seen
    /// every change stamped `seq` or less, and a later write stamps more (`changedNodes(after:)`).
    private static let stamp = "(SELECT COALESCE(MAX(seq), 0) + 1 FROM events)"

    /// Every position (of `nodes`, or all), by node and sku.
    func all(nodes: [String]? = nil) throws -> [InventoryRow] {
        try connection.rows(
            "SELECT * FROM inventory WHERE TRUE\(SQLList.among(nodes, "node_id")) ORDER BY node_id, sku_id", nodes ?? []
        ).map { r in
            InventoryRow(
                node: r["node_id"], sku: r["sku_id"], onHand: r["on_hand"], reserved: r["reserved"],
                reservedExternal: r["reserved_external"], safetyStock: r["safety_stock"])
        }
    }

    /// The nodes with a position changed by a write not seen by a read that saw the events up to `seq`.
    func changedNodes(after seq: Int64) throws -> [String] {
        try connection.values("SELECT DISTINCT node_id FROM inventory WHERE changed_seq > ? ORDER BY node_id", [seq])
    }

    /// Adds a seeded position, nothing held by the store's orders.
    func insert(_ position: StockPosition, at now: Timestamp) throws {
        try connection.run(
            """
            INSERT INTO inventory (node_id, sku_id, on_hand, reserved, reserved_external, safety_stock, updated_at,
                changed_seq)
            VALUES (?, ?, ?, 0, ?, ?, ?, \(Self.stamp))
            """,
            [
                position.node, position.sku, position.onHand, position.reserved, position.safetyStock, now.text,
            ])
    }

    /// Holds `units` more at a position, if it has them, on hand or on their way, beyond what
    /// is already held there (by the store's orders and outside systems) and its safety stock.
    /// False, changing nothing, when it has not, or has no row. The database decides, so
    /// that instances sharing it can never hold the same unit twice.
    func reserve(_ units: Int, node: String, sku: String, at now: Timestamp) throws -> Bool {
        try connection.run(
            """
            UPDATE inventory SET reserved = reserved + ?, updated_at = ?, changed_seq = \(Self.stamp)
            WHERE node_id = ? AND sku_id = ? AND on_hand - reserved - reserved_external - safety_stock
                + (SELECT COALESCE(SUM(qty), 0) FROM inbound b WHERE b.node_id = ? AND b.sku_id = ?) >= ?
            """, [units, now.text, node, sku, node, sku, units]) == 1
    }

    /// Lets go of `units` held at a position.
    func release(_ units: Int, node: String, sku: String, at now: Timestamp) throws {
        try connection.run(
            """
            UPDATE inventory SET reserved = reserved - ?, updated_at = ?, changed_seq = \(Self.stamp)
            WHERE node_id = ? AND sku_id = ?
            """, [units, now.text, node, sku])
    }

    /// Takes `units` held at a position out of its on-hand: they left the node.
    func consume(_ units: Int, node: String, sku: String, at now: Timestamp) throws {
        try connection.run(
            """
            UPDATE inventory SET on_hand = on_hand - ?, reserved = reserved - ?, updated_at = ?,
                changed_seq = \(Self.stamp)
            WHERE node_id = ? AND sku_id = ?
            """, [units, units, now.text, node, sku])
    }

    /// Adds an empty row for a position that has none (stock on its way to it).
    func ensure(node: String, sku: String, at now: Timestamp) throws {
        try connection.run(
            """
            INSERT INTO inventory (node_id, sku_id, on_hand, updated_at, changed_seq) VALUES (?, ?, 0, ?, \(Self.stamp))
            ON CONFLICT (node_id, sku_id) DO NOTHING
            """, [node, sku, now.text])
    }

    /// Sets a position's on-hand and safety stock (a count), adding the row if there is none.
    func count(node: String, sku: String, onHand: Int, safetyStock: Int, at now: Timestamp) throws {
        try connection.run(
            """
            INSERT INTO inventory (node_id, sku_id, on_hand, safety_stock, updated_at, changed_seq)
            VALUES (?, ?, ?, ?, ?, \(Self.stamp))
            ON CONFLICT (node_id, sku_id) DO UPDATE SET on_hand = excluded.on_hand,
                safety_stock = excluded.safety_stock, updated_at = excluded.updated_at,
                changed_seq = excluded.changed_seq
            """, [node, sku, onHand, safetyStock, now.text])
    }

    /// Sets the units outside systems hold at a position.
    func setExternal(_ units: Int, node: String, sku: String) throws {
        try connection.run(
            "UPDATE inventory SET reserved_external = ?, changed_seq = \(Self.stamp) WHERE node_id = ? AND sku_id = ?",
            [units, node, sku])
    }
}
