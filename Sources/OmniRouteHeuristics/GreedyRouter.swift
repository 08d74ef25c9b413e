import OmniRouteModel

/// The checkout heuristic: for each order, every eligible source is weighed on the
/// exact cost model (single-source covers first, then cost-aware greedy covers that
/// price splits, lateness and lost sales), and the best start is improved locally
/// (other service, move lines between legs, close a leg, swap a source).
///
/// A router keeps working buffers between orders; give each thread its own copy.
public struct GreedyRouter: OrderRouter {
    public let name = "greedy"
    private var search: OrderSearch

    public init(network: Network) { search = OrderSearch(network: network) }

    public var network: Network { search.network }

    public mutating func route(_ order: ResolvedOrder, limits: RouteLimits, ledger: InventoryLedger) -> OrderRoute {
        search.load(order, limits: limits, ledger: ledger)
        return search.route(search.best())
    }
}
