import OmniRouteHeuristics
import OmniRouteModel

/// What checkout would get now, with no stock held.
public enum Quote: Sendable {
    /// The route of a cart to one destination.
    case route(RouteQuote)
    /// The promise options near a location.
    case options(PromiseOptions)
}

/// The route the checkout heuristic chooses for a cart, priced by the model.
public struct RouteQuote: Sendable {
    public var plan: PlannedOrder
    /// The last leg's eta when every unit is routed.
    public var promiseDate: CalendarDay? { plan.unfulfilled.isEmpty ? plan.eta : nil }
    /// Candidates, exclusions and the runner-up (`?explain=true`).
    public var explanation: OrderExplanation?
}

/// The best parcel promise per service, and the earliest pickup at the nearest pickup stores.
public struct PromiseOptions: Sendable {
    public struct Ship: Sendable {
        public var service: String
        public var quote: RouteQuote
    }

    public struct Pickup: Sendable {
        public var store: String
        public var name: String?
        public var distanceKm: Double
        public var quote: RouteQuote
    }

    public var ship: [Ship]
    public var pickup: [Pickup]
}

/// Stock of one sku at one node.
public struct StockLevel: Sendable, Hashable {
    public var node: String
    public var sku: String
    public var onHand: Int
    /// Held by this store's open orders.
    public var reserved: Int
    /// Held by systems outside the store.
    public var reservedExternal: Int
    public var safetyStock: Int
    public var availableToPromise: Int
}

/// Available to promise of one sku, per node and in total.
public struct Availability: Sendable {
    public struct AtNode: Sendable {
        public var level: StockLevel
        public var kind: Node.Kind
        /// Distance from the `near` location, when one was given.
        public var distanceKm: Double?
        /// The lines on their way to the node (empty for none).
        public var inbound: [InboundLine] = []
        /// With lines on their way: the units a leg shipping on each date may take, from the node's
        /// earliest ship day and at each day a line can first leave (through the horizon).
        public var byDate: [(date: CalendarDay, units: Int)] = []
    }

    public var sku: String
    public var total: Int
    /// Nodes with stock on hand or on its way, nearest first when a location was given, else by node.
    public var nodes: [AtNode]
}

/// Counters for metrics.
public struct StoreStats: Sendable {
    public var openOrders: Int
    public var heldUnits: Int
}
