import OmniRouteModel

/// A page of a customer's orders, newest first.
public struct CustomerOrders: Sendable {
    public var customerId: String
    public var orders: [StoredOrder]
    /// The cursor of the next (older) page, nil on the last.
    public var next: String?
}
