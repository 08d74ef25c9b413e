import OmniRouteModel

/// The checkout heuristic: for each order, every eligible source is weighed on the
/// exact cost model (single-source covers first, then cost-aware greedy covers that
/// price splits, lateness and lost sales), and the best start is improved locally
/// (other service, move lines between legs, close a leg, swap a source).
public struct GreedyRouter: OrderRouter {
    public let name = "greedy"
    public let network: Network

    public init(network: Network) { self.network = network }

    public func route(order: Int, ledger: InventoryLedger) -> OrderRoute {
        let search = OrderSearch(network: network, order: order, candidates: ledger.candidates(order: order))
        return search.route(search.best())
    }
}
