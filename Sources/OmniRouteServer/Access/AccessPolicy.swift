import OmniRouteStore

/// How the server checks who calls it.
public struct AccessPolicy: Sendable {
    /// Check requests against the database's keys once it has one that is not revoked.
    /// False (`serve --insecure-no-auth`) never checks: for a trusted network only.
    public var requireKeys: Bool
    /// `/metrics` and `/openapi.yaml` answer without a key (default: on a loopback address).
    public var openOperations: Bool
    /// A request limit per key for each role (a role without one is not limited).
    public var limits: [APIKey.Role: RateLimit]

    /// The limits unless told otherwise: none for checkout (a retailer's revenue), a
    /// generous one for every other role, so that one runaway integration cannot starve checkout.
    public static let defaultLimits: [APIKey.Role: RateLimit] = [
        .node: RateLimit(perSecond: 50, burst: 100), .feeds: RateLimit(perSecond: 200, burst: 400),
        .service: RateLimit(perSecond: 50, burst: 100), .planner: RateLimit(perSecond: 20, burst: 40),
        .admin: RateLimit(perSecond: 20, burst: 40),
    ]

    public init(requireKeys: Bool = true, openOperations: Bool = true, limits: [APIKey.Role: RateLimit] = [:]) {
        self.requireKeys = requireKeys
        self.openOperations = openOperations
        self.limits = limits
    }

    /// The policy for a server bound to `address`: keys required once there are any,
    /// operations' endpoints open on loopback only, the default limits.
    public static func forBinding(_ address: String) -> AccessPolicy {
        AccessPolicy(openOperations: EdgePolicy.isLoopback(address), limits: defaultLimits)
    }
}

/// A token bucket: `perSecond` requests on average, `burst` at once.
public struct RateLimit: Sendable, Hashable {
    public var perSecond: Double
    public var burst: Double

    public init(perSecond: Double, burst: Double) {
        self.perSecond = perSecond
        self.burst = burst
    }

    /// `RPS` or `RPS/BURST` (`50`, `50/200`; burst defaults to twice the rate); nil when malformed.
    public init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let rate = Double(parts[0]), rate.isFinite, rate > 0,
            rate <= 1_000_000
        else { return nil }
        let burst = parts.count == 2 ? Double(parts[1]) : rate * 2
        guard let burst, burst.isFinite, burst >= 1, burst <= 10_000_000 else { return nil }
        self.init(perSecond: rate, burst: burst)
    }
}
