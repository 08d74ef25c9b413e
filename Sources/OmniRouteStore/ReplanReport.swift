import OmniRouteExact
import OmniRouteModel

/// How a re-plan of the pending orders runs.
public struct ReplanOptions: Sendable {
    /// Seconds the exact engine may take.
    public var timeLimit: Double
    /// Relative gap at which the exact engine stops.
    public var gap: Double
    /// Write only if the total cost falls by more than this fraction of it.
    public var minSaving: Double
    /// Report what would change and write nothing.
    public var dryRun: Bool
    /// Keep the promises made at checkout: an order is moved only if it keeps every unit
    /// it has routed and arrives no later. Off (the default), the re-plan takes the
    /// model's optimum, whose prices for lateness and lost sales already say what a
    /// broken promise costs the retailer.
    public var keepPromises: Bool
    /// An optional stop on the exact engine's work besides `timeLimit` (`SolverOptions.WorkLimit`):
    /// tests use it so that what they assert does not depend on the machine's speed. Nil, the default, for none.
    public var workLimit: SolverOptions.WorkLimit?
    /// Who asked for it: the actor of the `order.replanned` events (default `replan`).
    public var actor: String?

    public init(
        timeLimit: Double = 60, gap: Double = 1e-3, minSaving: Double = 1e-3, dryRun: Bool = false,
        keepPromises: Bool = false, workLimit: SolverOptions.WorkLimit? = nil, actor: String? = nil
    ) {
        self.actor = actor
        self.workLimit = workLimit
        self.timeLimit = timeLimit
        self.gap = gap
        self.minSaving = minSaving
        self.dryRun = dryRun
        self.keepPromises = keepPromises
    }
}

/// Total cost of a set of planned orders, by component (from `PlanKPIs`), with the
/// figures a re-plan is judged by.
public struct CostBreakdown: Sendable, Hashable {
    /// Picking and handling at the nodes.
    public var picking = 0.0
    public var shipping = 0.0
    public var transfer = 0.0
    public var splits = 0.0
    public var lateness = 0.0
    public var lostSales = 0.0
    public var total = 0.0
    public var legs = 0
    public var splitOrders = 0
    /// Legs beyond one per order that has any.
    public var extraLegs = 0

    public init(_ orders: [PlannedOrder]) {
        let kpis = PlanKPIs(orders: orders)
        picking = kpis.costs.pick + kpis.costs.handling
        shipping = kpis.costs.shipping
        transfer = kpis.costs.transfer
        splits = kpis.costs.splitPenalty
        lateness = kpis.costs.latePenalty
        lostSales = kpis.costs.lostSales
        total = kpis.overall.totalCost
        legs = kpis.overall.legs
        splitOrders = kpis.overall.splitOrders
        extraLegs = orders.reduce(0) { $0 + max(0, $1.legs.count - 1) }
    }

    /// Each figure less `other`'s: what changes from `other` to this.
    public func difference(from other: CostBreakdown) -> CostBreakdown {
        var d = self
        d.picking -= other.picking
        d.shipping -= other.shipping
        d.transfer -= other.transfer
        d.splits -= other.splits
        d.lateness -= other.lateness
        d.lostSales -= other.lostSales
        d.total -= other.total
        d.legs -= other.legs
        d.splitOrders -= other.splitOrders
        d.extraLegs -= other.extraLegs
        return d
    }
}

/// What a re-plan found and did.
public struct ReplanReport: Sendable {
    /// One order whose legs change.
    public struct Change: Sendable {
        public var order: String
        public var before: PlannedOrder
        public var after: PlannedOrder
    }

    public var ordersConsidered = 0
    /// Orders given new legs (that would be, on a dry run).
    public var changes: [Change] = []
    /// Orders the solver re-routed but that kept their plan, with the reason
    /// (changed or no longer open while the solver ran; their new route no longer fits).
    public var skipped: [(order: String, reason: String)] = []
    /// The pending orders as they were, priced today.
    public var before = CostBreakdown([])
    /// As they are after the re-plan (as they would be, on a dry run).
    public var after = CostBreakdown([])
    /// The solver's proven lower bound on the pending orders' total cost.
    public var bound = 0.0
    public var seconds = 0.0
    public var written = false
    /// Why nothing was written, when nothing was.
    public var note: String?

    /// `(after − bound) / after`, the most a better plan could save.
    public var gap: Double { after.total > 0 ? max(0, after.total - bound) / after.total : 0 }
}
