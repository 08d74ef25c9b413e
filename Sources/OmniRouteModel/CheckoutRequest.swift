/// What checkout asks for: a cart, where it goes, and the order's terms. A quote
/// routes it without holding stock; placing it routes and reserves.
public struct CheckoutRequest: Sendable, Hashable {
    /// Where the cart goes.
    public enum Destination: Sendable, Hashable {
        /// A parcel to the customer's location.
        case ship(to: GeoPoint)
        /// Collected at a pickup store.
        case pickup(at: String)
        /// Not chosen yet (quotes only): the best parcel promise per service, and the
        /// earliest pickup at the `stores` pickup stores nearest to the location.
        case optionsNear(GeoPoint, stores: Int)
    }

    /// The order id to use (from the commerce platform); nil lets the store number it.
    public var orderId: String?
    public var lines: [OrderLine]
    public var destination: Destination
    /// The date promised to the customer; nil is no due date (no lateness penalty).
    public var dueBy: CalendarDay?
    public var allowSplit: Bool
    public var channel: Order.Channel
    public var customerId: String?
    /// Place the order even when some units cannot be fulfilled (they are reported
    /// unfulfilled); by default such an order is refused.
    public var acceptPartial: Bool
    /// The order's tags, which rules select orders by (`"vip"`).
    public var tags: [String]

    public init(
        orderId: String? = nil, lines: [OrderLine], destination: Destination, dueBy: CalendarDay? = nil,
        allowSplit: Bool = true, channel: Order.Channel = .web, customerId: String? = nil, acceptPartial: Bool = false,
        tags: [String] = []
    ) {
        self.tags = tags
        self.orderId = orderId
        self.lines = lines
        self.destination = destination
        self.dueBy = dueBy
        self.allowSplit = allowSplit
        self.channel = channel
        self.customerId = customerId
        self.acceptPartial = acceptPartial
    }

    /// Pickup stores listed for `optionsNear` when the request does not say.
    public static let defaultOptionStores = 3
    /// Days after today that stand for "no due date".
    public static let noDueDateHorizon = 3650

    /// The order this request places at `placedAt` with `delivery` (its destination
    /// unless that is `optionsNear`).
    public func order(id: String, placedAt: Timestamp, delivery: Delivery) -> Order {
        Order(
            id: id, channel: channel, customerId: customerId ?? "", placedAt: placedAt,
            dueBy: dueBy ?? placedAt.utcDay + Self.noDueDateHorizon, delivery: delivery,
            allowSplit: allowSplit, lines: lines, tags: tags)
    }
}
