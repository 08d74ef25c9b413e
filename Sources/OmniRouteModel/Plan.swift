/// How every order of a scenario is fulfilled (`omniroute.plan/1`).
public struct Plan: Sendable {
    public static let format = "omniroute.plan/1"

    public var scenario: String
    public var strategy: String
    public var orders: [PlannedOrder]
    public var summary: PlanSummary

    public init(scenario: String, strategy: String, orders: [PlannedOrder], summary: PlanSummary) {
        self.scenario = scenario
        self.strategy = strategy
        self.orders = orders
        self.summary = summary
    }
}

/// The legs and figures of one order.
public struct PlannedOrder: Sendable, Hashable {
    public var order: String
    public var legs: [PlannedLeg]
    public var unfulfilled: [OrderLine]
    /// Arrival of the last leg; nil when there are no legs.
    public var eta: CalendarDay?
    public var lateDays: Int
    public var cost: OrderCost

    public init(
        order: String, legs: [PlannedLeg], unfulfilled: [OrderLine], eta: CalendarDay?, lateDays: Int, cost: OrderCost
    ) {
        self.order = order
        self.legs = legs
        self.unfulfilled = unfulfilled
        self.eta = eta
        self.lateDays = lateDays
        self.cost = cost
    }

    public var units: Int { legs.reduce(0) { $0 + $1.units } }
    public var unfulfilledUnits: Int { unfulfilled.reduce(0) { $0 + $1.qty } }
}

/// Everything one order receives from one source node.
public struct PlannedLeg: Sendable, Hashable {
    public var type: LegType
    public var from: String
    /// The parcel service of a ship leg; nil for pickup legs.
    public var service: String?
    public var lines: [OrderLine]
    /// The day the leg leaves its node (`ships_on`): written for a scenario that uses time;
    /// nil means the node's earliest ship day.
    public var shipsOn: CalendarDay?
    public var eta: CalendarDay
    public var cost: LegCost

    public init(
        type: LegType, from: String, service: String?, lines: [OrderLine], shipsOn: CalendarDay? = nil,
        eta: CalendarDay, cost: LegCost
    ) {
        self.shipsOn = shipsOn
        self.type = type
        self.from = from
        self.service = service
        self.lines = lines
        self.eta = eta
        self.cost = cost
    }

    public var units: Int { lines.reduce(0) { $0 + $1.qty } }
}

/// The parts of a leg's cost.
public struct LegCost: Sendable, Hashable {
    public var pick: Double
    public var handling: Double
    public var shipping: Double
    public var transfer: Double
    /// The sourcing rules' surcharges (FORMAT.md, "Leg cost with rules"); 0 without rules.
    public var rules: Double

    @inlinable
    public init(pick: Double, handling: Double, shipping: Double, transfer: Double, rules: Double = 0) {
        self.pick = pick
        self.handling = handling
        self.shipping = shipping
        self.transfer = transfer
        self.rules = rules
    }

    @inlinable
    public var total: Double { pick + handling + shipping + transfer + rules }
}

/// The parts of an order's cost.
public struct OrderCost: Sendable, Hashable {
    public var legs: Double
    public var splitPenalty: Double
    public var latePenalty: Double
    public var unfulfilled: Double
    public var total: Double

    @inlinable
    public init(legs: Double, splitPenalty: Double, latePenalty: Double, unfulfilled: Double, total: Double) {
        self.legs = legs
        self.splitPenalty = splitPenalty
        self.latePenalty = latePenalty
        self.unfulfilled = unfulfilled
        self.total = total
    }
}

/// Totals over a plan's orders.
public struct PlanSummary: Sendable, Hashable {
    public var totalCost: Double
    public var orders: Int
    public var legs: Int
    public var units: Int
    public var splitOrders: Int
    public var lateOrders: Int
    public var unfulfilledUnits: Int
    public var solveSeconds: Double
    /// Best proven lower bound on `totalCost` (exact strategies).
    public var bound: Double?
    /// `(totalCost − bound) / max(1, |totalCost|)` (exact strategies).
    public var gap: Double?

    /// Adds up the figures of `orders`.
    public init(orders planned: [PlannedOrder], solveSeconds: Double, bound: Double? = nil) {
        var total = 0.0
        var legs = 0
        var units = 0
        var split = 0
        var late = 0
        var unfulfilled = 0
        for o in planned {
            total += o.cost.total
            legs += o.legs.count
            units += o.units
            split += o.legs.count > 1 ? 1 : 0
            late += o.lateDays > 0 ? 1 : 0
            unfulfilled += o.unfulfilledUnits
        }
        self.totalCost = total
        self.orders = planned.count
        self.legs = legs
        self.units = units
        self.splitOrders = split
        self.lateOrders = late
        self.unfulfilledUnits = unfulfilled
        self.solveSeconds = solveSeconds
        self.bound = bound
        self.gap = bound.map { (total - $0) / max(1, abs(total)) }
    }
}
