import OmniRouteModel

/// A strategy that routes one order at a time, as checkout does.
public protocol OrderRouter: Sendable {
    /// The strategy's name as it appears in plans.
    var name: String { get }
    var network: Network { get }
    /// The route of `order` on what `ledger` has left, within `limits`. The route
    /// always fits the ledger and obeys every constraint of the order.
    mutating func route(_ order: ResolvedOrder, limits: RouteLimits, ledger: InventoryLedger) -> OrderRoute
}

extension OrderRouter {
    /// The route of scenario order `order` on what `ledger` has left.
    public mutating func route(order: Int, ledger: InventoryLedger) -> OrderRoute {
        route(network.resolved(order), limits: .none, ledger: ledger)
    }

    /// The route of `order` on what `ledger` has left.
    public mutating func route(_ order: ResolvedOrder, ledger: InventoryLedger) -> OrderRoute {
        route(order, limits: .none, ledger: ledger)
    }
}
