/// A customer order to route.
public struct Order: Sendable, Hashable {
    public enum Channel: String, Sendable, Hashable, CaseIterable {
        case web, app, store
        case callCenter = "call_center"
        case marketplace
    }

    public var id: String
    public var channel: Channel
    public var customerId: String
    public var placedAt: Timestamp
    /// The UTC date by which the order should arrive or be ready for pickup.
    public var dueBy: CalendarDay
    public var delivery: Delivery
    /// False means at most one leg.
    public var allowSplit: Bool
    public var lines: [OrderLine]
    /// Labels that rules select orders by (`"vip"`, `"preorder"`); no repeats.
    public var tags: [String]

    public init(
        id: String, channel: Channel, customerId: String, placedAt: Timestamp, dueBy: CalendarDay,
        delivery: Delivery, allowSplit: Bool = true, lines: [OrderLine], tags: [String] = []
    ) {
        self.id = id
        self.channel = channel
        self.customerId = customerId
        self.placedAt = placedAt
        self.dueBy = dueBy
        self.delivery = delivery
        self.allowSplit = allowSplit
        self.lines = lines
        self.tags = tags
    }

    public var units: Int { lines.reduce(0) { $0 + $1.qty } }
}

/// One SKU and quantity of an order (or of a leg).
public struct OrderLine: Sendable, Hashable {
    public var sku: String
    public var qty: Int

    public init(sku: String, qty: Int) {
        self.sku = sku
        self.qty = qty
    }
}

/// Where the customer receives the order.
public enum Delivery: Sendable, Hashable {
    /// A parcel to the customer's location.
    case ship(to: GeoPoint)
    /// Collected at a store with `pickup: true`.
    case pickup(at: String)
}
