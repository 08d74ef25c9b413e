import OmniRouteFormat
import OmniRouteModel

/// The append-only log of every change (`events`), written in the transaction of the
/// change it records: the outbox downstream systems read.
struct EventLog {
    let connection: any SQLConnection

    /// Appends an event and returns its place in the log.
    @discardableResult
    func append(
        _ type: String, orderId: String? = nil, node: String? = nil, sku: String? = nil, leg: Int64? = nil,
        actor: String? = nil, at now: Timestamp, payload: Document
    ) throws -> Int64 {
        try connection.insert(
            """
            INSERT INTO events (at, type, order_id, node_id, sku_id, leg_id, actor, payload)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """, [now.text, type, orderId, node, sku, leg, actor, JSONWriter.write(payload)],
            returning: "seq")
    }

    /// The place of the last event, 0 when there is none.
    func lastSeq() throws -> Int64 {
        try connection.value("SELECT COALESCE(MAX(seq), 0) FROM events") ?? 0
    }

    /// The kinds of the events after place `seq`.
    func types(after seq: Int64) throws -> Set<String> {
        Set(try connection.values("SELECT DISTINCT type FROM events WHERE seq > ?", [seq]))
    }

    /// The place of the last event of `type` about leg `leg`, or nil.
    func last(_ type: String, leg: Int64) throws -> Int64? {
        try connection.value("SELECT MAX(seq) FROM events WHERE leg_id = ? AND type = ?", [leg, type])
    }

    /// The nodes that rejected units of order `orderId` (whole legs or short picks).
    func rejectingNodes(orderId: String) throws -> [String] {
        try connection.values(
            """
            SELECT DISTINCT node_id FROM events
            WHERE order_id = ? AND type IN ('leg.rejected', 'leg.short') AND node_id IS NOT NULL
            """, [orderId])
    }

    /// The events of order `orderId`, oldest first.
    func of(orderId: String) throws -> [StoreEvent] {
        try events("SELECT * FROM events WHERE order_id = ? ORDER BY seq", [orderId])
    }

    /// Up to `limit` events after `cursor`, oldest first; only those about `node` and of `type` when given.
    func page(after cursor: Int64, limit: Int, node: String?, type: String?) throws -> [StoreEvent] {
        var sql = "SELECT * FROM events WHERE seq > ?"
        var arguments: SQLArguments = [cursor]
        if let node {
            sql += " AND node_id = ?"
            arguments += [node]
        }
        if let type {
            sql += " AND type = ?"
            arguments += [type]
        }
        arguments += [limit]
        return try events(sql + " ORDER BY seq LIMIT ?", arguments)
    }

    private func events(_ sql: String, _ arguments: SQLArguments) throws -> [StoreEvent] {
        try connection.rows(sql, arguments).map { r in
            let text: String = r["payload"]
            return StoreEvent(
                seq: r["seq"], at: r["at"], type: r["type"], orderId: r["order_id"], node: r["node_id"],
                sku: r["sku_id"],
                leg: r["leg_id"], actor: r["actor"], payload: (try? JSONParser.parse(Array(text.utf8))) ?? .string(text)
            )
        }
    }
}
