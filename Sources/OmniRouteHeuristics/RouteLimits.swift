import OmniRouteModel

/// Restrictions on the sources and services a route may use beyond the model's own:
/// nodes ruled out for this order (a store that rejected the pick, say) and a single
/// parcel service (a promise per service).
public struct RouteLimits: Sendable, Hashable {
    /// Nodes that must not be sources.
    public var excludedNodes: [Int]
    /// The only parcel service ship legs may use; nil is any.
    public var service: Int?

    public init(excludedNodes: [Int] = [], service: Int? = nil) {
        self.excludedNodes = excludedNodes
        self.service = service
    }

    public static let none = RouteLimits()
}
