import OmniRouteStore
import Synchronization

/// One token bucket per (key, role), refilled by elapsed time on a monotonic clock.
final class RateLimiter: Sendable {
    private struct Bucket {
        var tokens: Double
        var at: ContinuousClock.Instant
    }

    private let buckets = Mutex<[String: Bucket]>([:])
    private let clock = ContinuousClock()

    /// Takes one token from the bucket of `key` under `limit`; nil when taken, else the
    /// seconds until one is there (for `Retry-After`).
    func take(key: String, role: APIKey.Role, limit: RateLimit) -> Double? {
        let now = clock.now
        return buckets.withLock { buckets in
            let name = key + "\u{0}" + role.rawValue
            var bucket = buckets[name] ?? Bucket(tokens: limit.burst, at: now)
            let elapsed = now - bucket.at
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
            bucket.tokens = min(limit.burst, bucket.tokens + seconds * limit.perSecond)
            bucket.at = now
            defer { buckets[name] = bucket }
            guard bucket.tokens >= 1 else { return (1 - bucket.tokens) / limit.perSecond }
            bucket.tokens -= 1
            return nil
        }
    }
}
