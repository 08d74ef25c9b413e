import OmniRouteModel

/// A key just created, with its secret: the only time the secret is known.
public struct CreatedKey: Sendable {
    public var key: APIKey
    public var secret: String
}

extension RouteStore {
    /// Creates a key and returns its secret, which is not kept (only its SHA-256 is).
    /// A name taken by another key, revoked or not, and nodes the network does not have
    /// are refused. The key works at once.
    public func createKey(_ request: APIKeyRequest, actor: String?) throws(StoreError) -> CreatedKey {
        let network = network
        let unknown = request.nodes.enumerated().filter { network.nodeIndex[$0.element] == nil }
        guard unknown.isEmpty else {
            throw .invalid(unknown.map { Issue(path: "nodes[\($0.offset)]", message: "no node \"\($0.element)\"") })
        }
        let now = clock.now
        let created = try write { tx throws -> CreatedKey in
            if try tx.keys.exists(name: request.name, prefix: "") {
                throw StoreError.conflict("a key named \"\(request.name)\" exists already (names are never reused)")
            }
            var secret = KeySecret.generate()
            // 48 random bits of prefix: a clash is all but impossible, and then a new secret is drawn.
            while try tx.keys.exists(name: "", prefix: String(secret.prefix(KeySecret.prefixLength))) {
                secret = KeySecret.generate()
            }
            let key = APIKey(
                name: request.name, roles: request.roles, nodes: request.nodes,
                prefix: String(secret.prefix(KeySecret.prefixLength)), createdAt: now.text)
            try tx.keys.insert(key, digest: KeySecret.digest(secret))
            try tx.events.append("key.created", actor: actor, at: now, payload: Self.keyPayload(key))
            return CreatedKey(key: key, secret: secret)
        }
        keyRing.put(KeyRing.Entry(key: created.key, digest: KeySecret.digest(created.secret))!)
        return created
    }

    /// Revokes key `name`: a running server refuses it from the next request on.
    public func revokeKey(_ name: String, actor: String?) throws(StoreError) -> APIKey {
        let now = clock.now
        let key = try write { tx throws -> APIKey in
            guard let entry = try tx.keys.all().first(where: { $0.key.name == name }) else {
                throw StoreError.notFound("no key \"\(name)\"")
            }
            guard try tx.keys.revoke(name, at: now) else {
                throw StoreError.conflict("key \"\(name)\" was revoked at \(entry.key.revokedAt ?? "")")
            }
            var key = entry.key
            key.revokedAt = now.text
            try tx.events.append("key.revoked", actor: actor, at: now, payload: Self.keyPayload(key))
            return key
        }
        keyRing.revoke(prefix: key.prefix, at: now.text)
        return key
    }

    /// Every key (never a secret), by name, with when each was last used (by the wall clock,
    /// not the store's: it is an operational fact).
    public func keys() throws(StoreError) -> [APIKey] {
        try read { tx in try tx.keys.all() }.map { entry in
            var key = entry.key
            if let used = keyRing.unsavedUse(key.name), key.lastUsedAt.map({ $0 < used.text }) ?? true {
                key.lastUsedAt = used.text
            }
            return key
        }
    }

    /// The key whose secret is `secret` (revoked or not), or nil when no key has it.
    /// Costs a lookup in memory and a SHA-256; notes the key's use.
    public func key(secret: String) -> APIKey? { keyRing.key(secret: secret) }

    /// Whether any key is not revoked: a server with none may run open.
    public var hasActiveKeys: Bool { keyRing.hasActiveKeys }

    /// Writes when keys were last used (noted in memory as requests come).
    public func saveKeyUse() throws(StoreError) {
        let uses = keyRing.takeUses()
        guard !uses.isEmpty else { return }
        do {
            try write { tx in try tx.keys.recordUse(uses) }
        } catch {
            keyRing.restore(uses)
            throw error
        }
    }

    private static func keyPayload(_ key: APIKey) -> Document {
        .object([
            ("name", .string(key.name)), ("prefix", .string(key.prefix)),
            ("roles", .array(key.sortedRoles.map { .string($0.rawValue) })),
            ("nodes", .array(key.nodes.map(Document.string))),
        ])
    }
}
