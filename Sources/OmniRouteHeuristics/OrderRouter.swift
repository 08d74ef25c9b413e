import OmniRouteModel

/// Routes one order at a time given what is left: the checkout path.
public protocol OrderRouter: Sendable {
    /// The strategy's name as it appears in plans.
    var name: String { get }
    /// The route of scenario order `order` on what `ledger` has left. The route
    /// always fits the ledger and obeys every constraint of the order.
    mutating func route(order: Int, ledger: InventoryLedger) -> OrderRoute
}
