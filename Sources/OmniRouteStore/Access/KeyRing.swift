import Foundation
import OmniRouteModel
import Synchronization

/// The keys of the database in memory, so that checking a request's key costs a
/// dictionary lookup and a digest, never a query. Changed by the store as it writes
/// keys (creation and revocation take effect at once); the times keys were last used
/// are kept here and written from time to time (`RouteStore.saveKeyUse`).
final class KeyRing: Sendable {
    struct Entry: Sendable {
        var key: APIKey
        /// SHA-256 of the secret, as its 32 bytes.
        let digest: [UInt8]

        /// An entry from the digest's hex, as stored (nil when it is not 64 hex digits).
        init?(key: APIKey, digest hex: String) {
            guard let digest = KeySecret.bytes(hex: hex) else { return nil }
            self.key = key
            self.digest = digest
        }
    }

    /// By prefix.
    private let entries: Mutex<[String: Entry]>
    /// Last use of each key (by name, wall-clock seconds since 1970) not written yet: a
    /// number, so that noting a use costs no date formatting on the request's path.
    private let unsaved = Mutex<[String: Double]>([:])

    /// Keys not revoked: read on every request, so kept as a count rather than found by a scan.
    private let active: Atomic<Int>

    init(_ entries: [Entry]) {
        self.entries = Mutex(Dictionary(entries.map { ($0.key.prefix, $0) }, uniquingKeysWith: { a, _ in a }))
        active = Atomic(entries.filter { !$0.key.isRevoked }.count)
    }

    /// Whether any key is not revoked (when none is, a server may run open).
    var hasActiveKeys: Bool { active.load(ordering: .relaxed) > 0 }

    /// Replaces every key with those stored (another instance sharing the database changed them).
    func replace(_ stored: [Entry]) {
        let count = stored.filter { !$0.key.isRevoked }.count
        entries.withLock { $0 = Dictionary(stored.map { ($0.key.prefix, $0) }, uniquingKeysWith: { a, _ in a }) }
        active.store(count, ordering: .relaxed)
    }

    /// Adds a key just created.
    func put(_ entry: Entry) {
        entries.withLock { $0[entry.key.prefix] = entry }
        if !entry.key.isRevoked { active.add(1, ordering: .relaxed) }
    }

    func revoke(prefix: String, at: String) {
        let wasActive = entries.withLock { e -> Bool in
            guard let key = e[prefix]?.key, !key.isRevoked else { return false }
            e[prefix]?.key.revokedAt = at
            return true
        }
        if wasActive { active.subtract(1, ordering: .relaxed) }
    }

    /// The key whose secret is `secret`, revoked or not; nil for no key. Notes the use.
    func key(secret: String) -> APIKey? {
        guard let prefix = KeySecret.prefix(of: secret) else { return nil }
        guard let entry = entries.withLock({ $0[prefix] }) else { return nil }
        guard KeySecret.matches(secret, digest: entry.digest) else { return nil }
        if !entry.key.isRevoked {
            let now = Date().timeIntervalSince1970
            unsaved.withLock { $0[entry.key.name] = now }
        }
        return entry.key
    }

    /// The last uses not written yet, forgotten here (the caller writes them).
    func takeUses() -> [String: Timestamp] {
        unsaved.withLock { u in
            defer { u = [:] }
            return u.mapValues { Timestamp(secondsSinceEpoch: $0) }
        }
    }

    /// Puts back uses that could not be written (a later use of the same key wins).
    func restore(_ uses: [String: Timestamp]) {
        unsaved.withLock { u in for (name, at) in uses where u[name] == nil { u[name] = at.secondsSinceEpoch } }
    }

    /// The last use of key `name` not yet written, if any.
    func unsavedUse(_ name: String) -> Timestamp? {
        unsaved.withLock { $0[name] }.map { Timestamp(secondsSinceEpoch: $0) }
    }
}
