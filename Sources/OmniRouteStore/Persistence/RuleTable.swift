import OmniRouteFormat
import OmniRouteModel

/// Sourcing rule sets in versions (`rule_versions`, never changed once written) and each
/// switch of checkout to one of them (`rule_activations`; the last is the active version).
struct RuleTable {
    let connection: any SQLConnection

    /// Stores `document` (`{"rules": [...]}`) as the next version and returns its number.
    func insert(_ document: Document, by actor: String?, at now: Timestamp) throws -> Int {
        Int(
            try connection.insert(
                "INSERT INTO rule_versions (rules, created_at, created_by) VALUES (?, ?, ?)",
                [JSONWriter.write(document), now.text, actor], returning: "version"))
    }

    /// Makes `version` the active one.
    func activate(_ version: Int, by actor: String?, at now: Timestamp) throws {
        try connection.run(
            "INSERT INTO rule_activations (version, at, actor) VALUES (?, ?, ?)", [version, now.text, actor])
    }

    /// The active version's number, or nil when none was ever activated (no rules).
    func activeVersion() throws -> Int? {
        try connection.row("SELECT version FROM rule_activations ORDER BY seq DESC LIMIT 1").map { $0["version"] }
    }

    /// Version `version` with its activations, or nil.
    func find(_ version: Int) throws -> RuleVersion? {
        try versions(from: version, limit: 1).first { $0.version == version }
    }

    /// Up to `limit` versions from `version` on, in order, with their activations.
    func versions(from version: Int, limit: Int) throws -> [RuleVersion] {
        let active = try activeVersion()
        let rows = try connection.rows(
            "SELECT * FROM rule_versions WHERE version >= ? ORDER BY version LIMIT ?", [version, limit])
        guard let first = rows.first, let last = rows.last else { return [] }
        var activations: [Int: [RuleVersion.Activation]] = [:]
        for a in try connection.rows(
            "SELECT version, at, actor FROM rule_activations WHERE version BETWEEN ? AND ? ORDER BY seq",
            [first["version"] as Int, last["version"] as Int])
        {
            activations[a["version"], default: []].append(.init(at: a["at"], actor: a["actor"]))
        }
        return try rows.map { r in
            let number: Int = r["version"]
            return RuleVersion(
                version: number, rules: try JSONParser.parse(r["rules"] as String), createdAt: r["created_at"],
                createdBy: r["created_by"], activations: activations[number] ?? [], isActive: number == active)
        }
    }
}
