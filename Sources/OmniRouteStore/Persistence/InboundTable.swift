import OmniRouteModel

/// A stored line of stock on its way: its id, the line, and the retailer's reference (a
/// purchase-order number, a transfer id).
public struct InboundRecord: Sendable, Hashable {
    public var id: String
    public var line: InboundLine
    public var reference: String?
    public var updatedAt: String

    public init(id: String, line: InboundLine, reference: String?, updatedAt: String) {
        self.id = id
        self.line = line
        self.reference = reference
        self.updatedAt = updatedAt
    }
}

/// Stock on its way, one row per line until it is received or cancelled: the one place its
/// statements live.
struct InboundTable {
    let connection: any SQLConnection

    /// Every line, in the order they were added.
    func all() throws -> [InboundRecord] {
        try connection.rows("SELECT * FROM inbound ORDER BY seq").map(Self.record)
    }

    /// Line `id`, or nil.
    func find(_ id: String) throws -> InboundRecord? {
        try connection.row("SELECT * FROM inbound WHERE id = ?", [id]).map(Self.record)
    }

    /// The number the next line gets (its id when none is given is `IN-` and this number).
    func nextSeq() throws -> Int64 {
        try connection.value("SELECT COALESCE(MAX(seq), 0) + 1 FROM inbound") ?? 1
    }

    /// Adds a line with number `seq`.
    func insert(_ record: InboundRecord, seq: Int64, at now: Timestamp) throws {
        let l = record.line
        try connection.run(
            """
            INSERT INTO inbound (seq, id, node_id, sku_id, qty, arrives, reference, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, [seq, record.id, l.node, l.sku, l.qty, l.arrives.description, record.reference, now.text, now.text])
    }

    /// Sets line `id`'s units and arrival date.
    func update(_ id: String, qty: Int, arrives: CalendarDay, at now: Timestamp) throws {
        try connection.run(
            "UPDATE inbound SET qty = ?, arrives = ?, updated_at = ? WHERE id = ?",
            [qty, arrives.description, now.text, id])
    }

    /// Removes line `id` (received or cancelled).
    func delete(_ id: String) throws { try connection.run("DELETE FROM inbound WHERE id = ?", [id]) }

    /// Stored lines whose arrival date is not an ISO date (`StoredRanges` reports them).
    func unreadableDates() throws -> [String] {
        try connection.rows("SELECT id, arrives FROM inbound ORDER BY seq").compactMap { r in
            CalendarDay(iso: r["arrives"] as String) == nil ? r["id"] : nil
        }
    }

    private static func record(_ r: SQLRow) -> InboundRecord {
        InboundRecord(
            id: r["id"],
            line: InboundLine(
                node: r["node_id"], sku: r["sku_id"], qty: r["qty"],
                arrives: CalendarDay(iso: r["arrives"] as String) ?? CalendarDay(ordinal: 0)),
            reference: r["reference"], updatedAt: r["updated_at"])
    }
}

extension InboundTable {
    /// The id of line number `seq` when none is given (client ids may not start with `IN-`).
    static func generatedId(_ seq: Int64) -> String {
        let digits = String(seq)
        return "IN-" + String(repeating: "0", count: max(0, 8 - digits.count)) + digits
    }
}
