import OmniRouteModel

/// The range every stored number must lie in: the bounds the decoders put on what
/// comes from outside (`Limits`). The store checks them before it reads a database
/// into memory, so that a database written by hand or by an older version can never
/// make a sum overflow (a trap) while it loads: it is refused, naming each value,
/// and `omniroute db check` reports the same.
enum StoredRanges {
    /// One numeric column, the columns that name its rows, and its range.
    struct Column {
        var table: String
        var column: String
        var key: [String]
        /// Whole numbers only (else any finite real).
        var integer: Bool
        var range: ClosedRange<Double>
        var nullable = false
    }

    private static let units = 0...Double(Limits.units)
    private static let days = 0...Double(Limits.days)
    private static let amount = 0...Limits.amount

    static let columns: [Column] = [
        Column(table: "inventory", column: "on_hand", key: ["node_id", "sku_id"], integer: true, range: units),
        Column(table: "inventory", column: "reserved", key: ["node_id", "sku_id"], integer: true, range: units),
        Column(
            table: "inventory", column: "reserved_external", key: ["node_id", "sku_id"], integer: true, range: units),
        Column(table: "inventory", column: "safety_stock", key: ["node_id", "sku_id"], integer: true, range: units),
        Column(table: "nodes", column: "capacity_units", key: ["id"], integer: true, range: units, nullable: true),
        Column(table: "nodes", column: "capacity_per_day", key: ["id"], integer: true, range: units, nullable: true),
        Column(table: "inbound", column: "qty", key: ["id"], integer: true, range: 1...Double(Limits.units)),
        Column(table: "nodes", column: "handling_days", key: ["id"], integer: true, range: days),
        Column(table: "nodes", column: "lat", key: ["id"], integer: false, range: -90...90),
        Column(table: "nodes", column: "lon", key: ["id"], integer: false, range: -180...180),
        Column(table: "nodes", column: "pick_cost_per_unit", key: ["id"], integer: false, range: amount),
        Column(table: "nodes", column: "handling_cost_per_leg", key: ["id"], integer: false, range: amount),
        Column(table: "skus", column: "weight_kg", key: ["id"], integer: false, range: amount),
        Column(table: "skus", column: "price", key: ["id"], integer: false, range: amount),
        Column(table: "service_bands", column: "transit_days", key: ["service_id", "seq"], integer: true, range: days),
        Column(table: "service_bands", column: "base_cost", key: ["service_id", "seq"], integer: false, range: amount),
        Column(
            table: "service_bands", column: "cost_per_kg", key: ["service_id", "seq"], integer: false, range: amount),
        Column(
            table: "service_bands", column: "max_km", key: ["service_id", "seq"], integer: false, range: amount,
            nullable: true),
        Column(table: "lanes", column: "lead_days", key: ["from_node", "to_node"], integer: true, range: days),
        Column(table: "lanes", column: "cost_per_unit", key: ["from_node", "to_node"], integer: false, range: amount),
        Column(table: "lanes", column: "cost_per_leg", key: ["from_node", "to_node"], integer: false, range: amount),
        Column(table: "policy", column: "split_penalty", key: ["id"], integer: false, range: amount),
        Column(table: "policy", column: "late_penalty_per_day", key: ["id"], integer: false, range: amount),
        Column(table: "policy", column: "lost_sale_factor", key: ["id"], integer: false, range: amount),
        Column(table: "policy", column: "max_legs_per_order", key: ["id"], integer: true, range: units, nullable: true),
        Column(table: "order_lines", column: "qty", key: ["order_seq", "line"], integer: true, range: units),
        Column(table: "order_lines", column: "cancelled", key: ["order_seq", "line"], integer: true, range: units),
        Column(table: "leg_lines", column: "qty", key: ["leg_id", "sku_id"], integer: true, range: units),
        Column(table: "reservations", column: "qty", key: ["id"], integer: true, range: units),
        Column(table: "nodes", column: "cutoff_minutes", key: ["id"], integer: true, range: 0...1439, nullable: true),
        // Closing all seven weekdays is refused on input (the node or carrier would never open).
        Column(table: "nodes", column: "closed_weekdays", key: ["id"], integer: true, range: 0...126),
        Column(table: "services", column: "closed_weekdays", key: ["id"], integer: true, range: 0...126),
        Column(
            table: "lanes", column: "departs_weekdays", key: ["from_node", "to_node"], integer: true, range: 1...127,
            nullable: true),
        Column(
            table: "policy", column: "horizon_days", key: ["id"], integer: true, range: 1...Double(Limits.horizonDays),
            nullable: true),
    ]

    /// Every stored number out of its range, as `table (key): column = value, outside lo…hi`.
    static func problems(_ tx: StoreTransaction) throws -> [String] {
        let db = tx.connection
        var problems: [String] = []
        for c in columns {
            let null = c.nullable ? "\(c.column) IS NOT NULL AND " : ""
            // One statement for every column: its rows of the wrong type or out of range.
            let sql = """
                SELECT \(c.key.joined(separator: ", ")), \(c.column) FROM \(c.table)
                WHERE \(null)(\(db.dialect.notOfKind(c.column, integer: c.integer))
                    OR \(c.column) < ? OR \(c.column) > ?)
                LIMIT 100
                """
            for row in try db.rows(sql, [c.range.lowerBound, c.range.upperBound]) {
                let key = c.key.indices.map { i -> String in
                    let value: SQLValue = row[i]
                    if case .text(let text) = value { return text }
                    return value.description
                }.joined(separator: ", ")
                let value = (row[c.key.count] as SQLValue).description
                let bounds = "\(text(c.range.lowerBound))…\(text(c.range.upperBound))"
                let kind = c.integer ? "whole numbers " : ""
                problems.append("\(c.table) (\(key)): \(c.column) = \(value) is outside \(kind)\(bounds)")
            }
        }
        return problems + (try timeProblems(db))
    }

    /// Stored time zones that are not known here and closed dates that are not a JSON array of ISO dates.
    private static func timeProblems(_ db: any SQLConnection) throws -> [String] {
        var problems: [String] = []
        for r in try db.rows("SELECT id, timezone, closed_dates FROM nodes ORDER BY seq") {
            let id: String = r["id"]
            if let zone: String = r["timezone"], !LocalClock.isKnownZone(zone) {
                problems.append("nodes (\(id)): timezone \"\(zone)\" is not a known time zone")
            }
            if NetworkTables.storedDates(r["closed_dates"]) == nil {
                problems.append("nodes (\(id)): closed_dates is not a JSON array of ISO dates")
            }
        }
        for r in try db.rows("SELECT id, closed_dates FROM services ORDER BY seq")
        where NetworkTables.storedDates(r["closed_dates"]) == nil {
            problems.append("services (\(r["id"] as String)): closed_dates is not a JSON array of ISO dates")
        }
        for id in try InboundTable(connection: db).unreadableDates() {
            problems.append("inbound (\(id)): arrives is not an ISO date")
        }
        return problems
    }

    private static func text(_ x: Double) -> String { x == x.rounded() ? String(Int(x)) : String(x) }
}
