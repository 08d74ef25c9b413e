import OmniRouteModel

/// An order as the store keeps it: what was asked, its state, every leg it has had
/// (with its status), and its current plan (live legs, unfulfilled lines, eta, cost).
public struct StoredOrder: Sendable, Hashable {
    public enum Status: String, Sendable, Hashable, CaseIterable {
        /// Routed, its stock held, not yet sent to the nodes.
        case planned
        /// Its legs were sent to their nodes; some have not reached the customer.
        case released
        /// Every live leg reached the customer.
        case completed
        /// Released, and no node can send any of it: every unit is unfulfilled.
        case unfulfilled
        case cancelled

        /// True while the order may still hold stock.
        public var isOpen: Bool { self == .planned || self == .released }
    }

    public var order: Order
    public var status: Status
    /// The live legs (not rejected, cancelled or replaced), what they leave
    /// unfulfilled, the eta and the cost as the model prices them.
    public var plan: PlannedOrder
    /// Every leg the order has had but replaced ones, oldest first, with its status.
    public var legs: [StoredLeg]
    /// Units of each line the customer cancelled (`order.lines` are what is still asked for).
    public var cancelled: [OrderLine]
    /// Bumped by every change (optimistic concurrency for re-planning).
    public var version: Int
    public var updatedAt: String

    /// The id of each leg of `plan.legs`.
    public var legIds: [Int64] { legs.filter(\.status.isLive).map(\.id) }

    /// The date the customer is promised: the last leg's eta when every unit is routed.
    public var promiseDate: CalendarDay? { plan.unfulfilled.isEmpty ? plan.eta : nil }
}

extension StoredOrder {
    /// The order as stored: what is still asked (`order`), every leg but replaced ones
    /// and the price last stored; its plan is its live legs and what they leave unfulfilled.
    init(
        row order: Order, status: Status, legs: [StoredLeg], cancelled: [OrderLine], eta: CalendarDay?, lateDays: Int,
        cost: OrderCost, version: Int, updatedAt: String
    ) {
        var sent: [String: Int] = [:]
        for leg in legs where leg.status.isLive { for line in leg.leg.lines { sent[line.sku, default: 0] += line.qty } }
        let unfulfilled = order.lines.compactMap { line -> OrderLine? in
            let short = line.qty - (sent[line.sku] ?? 0)
            return short > 0 ? OrderLine(sku: line.sku, qty: short) : nil
        }
        let plan = PlannedOrder(
            order: order.id, legs: legs.filter(\.status.isLive).map(\.leg), unfulfilled: unfulfilled, eta: eta,
            lateDays: lateDays, cost: cost)
        self.init(
            order: order, status: status, plan: plan, legs: legs, cancelled: cancelled, version: version,
            updatedAt: updatedAt)
    }
}

/// One leg of a stored order.
public struct StoredLeg: Sendable, Hashable {
    public var id: Int64
    public var leg: PlannedLeg
    public var status: LegStatus
    /// The carrier's tracking id once a parcel has shipped.
    public var trackingId: String?
    public var updatedAt: String?
}

/// The result of placing an order.
public struct Placement: Sendable {
    public var order: StoredOrder
    /// True when an earlier request with the same idempotency key placed it.
    public var replayed: Bool
}
