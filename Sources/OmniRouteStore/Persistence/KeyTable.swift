import OmniRouteModel

/// API keys: a name, roles, nodes, the secret's prefix and SHA-256, and when each was
/// created, last used and revoked. Revoked keys stay (the events name them).
struct KeyTable {
    let connection: any SQLConnection

    func insert(_ key: APIKey, digest: String) throws {
        try connection.run(
            """
            INSERT INTO api_keys (name, prefix, secret_sha256, roles, nodes, created_at)
            VALUES (?, ?, ?, ?, ?, ?)
            """,
            [
                key.name, key.prefix, digest, NetworkTables.tagsText(key.sortedRoles.map(\.rawValue)),
                NetworkTables.tagsText(key.nodes), key.createdAt,
            ])
    }

    /// Every key with its digest, by name. A row whose roles no longer read is an error
    /// naming the key (`db check` says the same).
    func all() throws -> [KeyRing.Entry] {
        try connection.rows("SELECT * FROM api_keys ORDER BY name").map { r in
            let name: String = r["name"]
            var roles: Set<APIKey.Role> = []
            for text in NetworkTables.tags(r["roles"]) {
                guard let role = APIKey.Role(rawValue: text) else {
                    throw StoreError.database("key \"\(name)\" has an unknown role \"\(text)\"")
                }
                roles.insert(role)
            }
            let key = APIKey(
                name: name, roles: roles, nodes: NetworkTables.tags(r["nodes"]), prefix: r["prefix"],
                createdAt: r["created_at"], lastUsedAt: r["last_used_at"], revokedAt: r["revoked_at"])
            guard let entry = KeyRing.Entry(key: key, digest: r["secret_sha256"]) else {
                throw StoreError.database("key \"\(name)\" has a digest that is not 64 hex digits")
            }
            return entry
        }
    }

    /// Whether a key of that name or prefix exists (revoked or not).
    func exists(name: String, prefix: String) throws -> Bool {
        try connection.row("SELECT 1 FROM api_keys WHERE name = ? OR prefix = ?", [name, prefix]) != nil
    }

    /// Marks key `name` revoked; false when there is no such key that is not revoked.
    func revoke(_ name: String, at now: Timestamp) throws -> Bool {
        try connection.run(
            "UPDATE api_keys SET revoked_at = ? WHERE name = ? AND revoked_at IS NULL", [now.text, name]) > 0
    }

    /// Writes when keys were last used.
    func recordUse(_ uses: [String: Timestamp]) throws {
        for (name, at) in uses {
            try connection.run(
                "UPDATE api_keys SET last_used_at = ? WHERE name = ? AND (last_used_at IS NULL OR last_used_at < ?)",
                [at.text, name, at.text])
        }
    }
}
