import OmniRouteModel

/// The idempotency keys placements came with, and the order each placed.
struct IdempotencyKeyTable {
    let connection: any SQLConnection

    /// A key's request fingerprint and the id of the order it placed.
    struct Entry {
        var fingerprint: String
        var orderId: String
    }

    /// Records that `key`, with a request of `fingerprint`, placed order `orderSeq`.
    func insert(_ key: String, fingerprint: String, orderSeq: Int64, at now: Timestamp) throws {
        try connection.run(
            "INSERT INTO idempotency_keys (key, request_hash, order_seq, created_at) VALUES (?, ?, ?, ?)",
            [key, fingerprint, orderSeq, now.text])
    }

    /// What `key` placed, if anything.
    func find(_ key: String) throws -> Entry? {
        try connection.row(
            """
            SELECT k.request_hash, o.id FROM idempotency_keys k JOIN orders o ON o.seq = k.order_seq WHERE k.key = ?
            """, [key]
        ).map { Entry(fingerprint: $0["request_hash"], orderId: $0["id"]) }
    }
}
