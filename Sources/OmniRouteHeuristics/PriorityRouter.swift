import OmniRouteModel

/// Magento MSI's priority-based source selection: the sources in the order of the
/// scenario's node list (its priority), each taking every line it can until the
/// order is covered. Distance and cost play no part in choosing sources; each leg
/// goes by its cheapest service. With one leg allowed (no split, or a cap of one),
/// the first source in priority that covers the whole order, else the first that
/// has anything. What no source can give is unfulfilled.
public struct PriorityRouter: OrderRouter {
    public let name = "priority"
    public let network: Network

    public init(network: Network) { self.network = network }

    public func route(_ resolved: ResolvedOrder, limits: RouteLimits, ledger: InventoryLedger) -> OrderRoute {
        let candidates = ledger.candidates(resolved, limits: limits)
        let byPriority = candidates.indices.sorted { candidates[$0].node < candidates[$1].node }
        let qty = resolved.order.lines.map(\.qty)
        let maxLegs = network.maxLegs(for: resolved)
        let legs: [(candidate: Int, units: [Int])]
        if maxLegs == 1 {
            let whole = byPriority.first { SourceFill.covers(qty, candidates[$0]) }
            let any = byPriority.first { SourceFill.take(qty, from: candidates[$0]).contains { $0 > 0 } }
            legs = (whole ?? any).map { [($0, SourceFill.take(qty, from: candidates[$0]))] } ?? []
        } else {
            legs = SourceFill.fill(qty, candidates, sequence: byPriority, maxLegs: maxLegs)
        }
        return SourceFill.route(legs, candidates, for: resolved, network: network)
    }
}
