import OmniRouteModel

/// An order as the store keeps it: what was asked, its state, and its plan (legs
/// with their ids, unfulfilled lines, eta and cost).
public struct StoredOrder: Sendable, Hashable {
    public enum Status: String, Sendable, Hashable {
        /// Routed, its stock held, not yet sent to the nodes.
        case planned
        case cancelled
    }

    public var order: Order
    public var status: Status
    public var plan: PlannedOrder
    /// The id of each leg of `plan.legs`.
    public var legIds: [Int64]
    /// Bumped by every change (optimistic concurrency for re-planning).
    public var version: Int
    public var updatedAt: String

    /// The date the customer is promised: the last leg's eta when every unit is routed.
    public var promiseDate: CalendarDay? { plan.unfulfilled.isEmpty ? plan.eta : nil }
}

/// The result of placing an order.
public struct Placement: Sendable {
    public var order: StoredOrder
    /// True when an earlier request with the same idempotency key placed it.
    public var replayed: Bool
}
