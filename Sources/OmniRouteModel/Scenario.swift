/// A fulfillment network, its stock, rates, policy and the orders to route
/// (`omniroute.scenario/1`).
public struct Scenario: Sendable {
    public static let format = "omniroute.scenario/1"

    public var name: String
    public var description: String?
    /// The planning moment; its UTC date is day 0 of every eta.
    public var now: Timestamp
    public var currency: String?
    public var nodes: [Node]
    public var skus: [SKU]
    public var inventory: [StockPosition]
    public var services: [Service]
    public var lanes: [Lane]
    public var policy: Policy
    public var orders: [Order]
    /// Sourcing rules (FORMAT.md, "Extensions: sourcing rules and time"); empty for none.
    public var rules: [Rule]
    /// Stock on its way (FORMAT.md, "inbound"); empty for none.
    public var inbound: [InboundLine]

    public init(
        name: String, description: String? = nil, now: Timestamp, currency: String? = nil, nodes: [Node], skus: [SKU],
        inventory: [StockPosition], services: [Service] = [], lanes: [Lane] = [], policy: Policy = Policy(),
        orders: [Order], rules: [Rule] = [], inbound: [InboundLine] = []
    ) {
        self.inbound = inbound
        self.name = name
        self.description = description
        self.now = now
        self.currency = currency
        self.nodes = nodes
        self.skus = skus
        self.inventory = inventory
        self.services = services
        self.lanes = lanes
        self.policy = policy
        self.orders = orders
        self.rules = rules
    }

    /// Whether the scenario uses any key of time (FORMAT.md, "Calendars, cutoffs and time
    /// zones", "inbound"): then its plans say each leg's `ships_on`. Without, it plans as
    /// the model without time did, figure for figure.
    public var usesTime: Bool {
        !inbound.isEmpty || policy.horizonDays != nil || nodes.contains(where: \.usesTime)
            || services.contains { !$0.calendar.isAlwaysOpen } || lanes.contains { $0.departsWeekdays != nil }
    }

    /// Day 0 of every eta: the UTC date of `now`.
    public var today: CalendarDay { now.utcDay }

    /// Orders as an online strategy sees them: by `placed_at`, ties by id.
    public var ordersInArrivalOrder: [Int] {
        orders.indices.sorted { a, b in
            let x = orders[a]
            let y = orders[b]
            return x.placedAt == y.placedAt ? x.id < y.id : x.placedAt < y.placedAt
        }
    }
}
