import OmniRouteModel

/// A strategy that routes one order at a time, in arrival order, as checkout does:
/// its name, what it is, and how to make its router for a network. `all` is the one
/// list of them; the exact strategies join them in OmniRouteExact's `Strategy`.
public struct OnlineStrategy: Sendable {
    /// The name in plans, on the command line and in `serve --checkout-strategy`.
    public let name: String
    /// One line for help texts.
    public let summary: String
    private let makeRouter: @Sendable (Network) -> any OrderRouter

    public init(
        name: String, summary: String, honoursRules: Bool = false,
        makeRouter: @escaping @Sendable (Network) -> any OrderRouter
    ) {
        self.name = name
        self.summary = summary
        self.honoursRules = honoursRules
        self.makeRouter = makeRouter
    }

    /// Whether its routers honour sourcing rules (filters, surcharges, caps on legs, reserves).
    public let honoursRules: Bool

    /// A router of this strategy over `network`. Check `refusal(_:)` first: a strategy that
    /// does not honour rules would route a scenario with rules as if it had none.
    public func router(_ network: Network) -> any OrderRouter { makeRouter(network) }

    /// Why this strategy refuses to plan `network`: it has sourcing rules the strategy does not
    /// honour yet. Nil when it may plan it.
    public func refusal(_ network: Network) -> StrategyRefusal? {
        honoursRules || network.scenario.rules.isEmpty
            ? nil : StrategyRefusal.rules(strategy: name, count: network.scenario.rules.count)
    }

    public static let greedy = OnlineStrategy(
        name: "greedy",
        summary: "the checkout heuristic (orders in placed_at order, each weighed on the exact cost model)",
        honoursRules: true
    ) { GreedyRouter(network: $0) }
    public static let nearest = OnlineStrategy(
        name: "nearest", summary: "Magento MSI's distance-ordered source selection, as a baseline", honoursRules: true
    ) { NearestRouter(network: $0) }
    public static let priority = OnlineStrategy(
        name: "priority",
        summary: "Magento MSI's priority-ordered source selection (the scenario's node order is the priority)",
        honoursRules: true
    ) { PriorityRouter(network: $0) }
    public static let fewestSplits = OnlineStrategy(
        name: "fewest-splits", summary: "Shopify's rule: as few locations per order as possible, then the cheapest",
        honoursRules: true
    ) { FewestSplitsRouter(network: $0) }

    /// Every online strategy, in the order help texts list them.
    public static let all: [OnlineStrategy] = [greedy, nearest, priority, fewestSplits]

    /// The online strategy called `name`, if there is one.
    public static func named(_ name: String) -> OnlineStrategy? { all.first { $0.name == name } }
}
