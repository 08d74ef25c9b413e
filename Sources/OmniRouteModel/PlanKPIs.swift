/// The key figures of a plan, overall and by sales channel: what planners compare.
public struct PlanKPIs: Sendable {
    /// Figures over a set of orders.
    public struct Figures: Sendable, Equatable {
        public var orders = 0
        public var legs = 0
        public var unitsOrdered = 0
        public var unitsSent = 0
        public var splitOrders = 0
        public var lateOrders = 0
        public var totalCost = 0.0
        /// Days from today to the order's eta, summed over orders with legs.
        public var etaDaysSum = 0
        public var ordersWithLegs = 0

        public var costPerOrder: Double { orders == 0 ? 0 : totalCost / Double(orders) }
        public var costPerUnit: Double { unitsSent == 0 ? 0 : totalCost / Double(unitsSent) }
        public var legsPerOrder: Double { orders == 0 ? 0 : Double(legs) / Double(orders) }
        public var splitShare: Double { orders == 0 ? 0 : Double(splitOrders) / Double(orders) }
        public var lateShare: Double { orders == 0 ? 0 : Double(lateOrders) / Double(orders) }
        /// Units sent over units ordered.
        public var fillRate: Double { unitsOrdered == 0 ? 1 : Double(unitsSent) / Double(unitsOrdered) }
        public var meanDaysToDeliver: Double { ordersWithLegs == 0 ? 0 : Double(etaDaysSum) / Double(ordersWithLegs) }

        mutating func add(_ o: PlannedOrder, today: CalendarDay?) {
            orders += 1
            legs += o.legs.count
            unitsSent += o.units
            unitsOrdered += o.units + o.unfulfilledUnits
            splitOrders += o.legs.count > 1 ? 1 : 0
            lateOrders += o.lateDays > 0 ? 1 : 0
            totalCost += o.cost.total
            if let eta = o.eta, let today {
                etaDaysSum += eta - today
                ordersWithLegs += 1
            }
        }
    }

    /// The cost split into the model's components.
    public struct CostBreakdown: Sendable, Equatable {
        public var pick = 0.0, handling = 0.0, shipping = 0.0, transfer = 0.0
        public var splitPenalty = 0.0, latePenalty = 0.0, lostSales = 0.0
    }

    public var overall = Figures()
    public var costs = CostBreakdown()
    public var unitsByLegType: [LegType: Int] = [:]
    public var legsByLegType: [LegType: Int] = [:]
    /// By channel; empty unless a scenario was given.
    public var byChannel: [Order.Channel: Figures] = [:]

    /// KPIs of `plan`; with its `scenario`, also by channel and the mean days to deliver.
    public init(plan: Plan, scenario: Scenario? = nil) { self.init(orders: plan.orders, scenario: scenario) }

    /// KPIs of a set of planned orders (see `init(plan:scenario:)`).
    public init(orders: some Sequence<PlannedOrder>, scenario: Scenario? = nil) {
        let channelOf = scenario.map { s in Dictionary(s.orders.map { ($0.id, $0.channel) }, uniquingKeysWith: { a, _ in a }) }
        let today = scenario?.today
        for o in orders {
            overall.add(o, today: today)
            if let channel = channelOf?[o.order] { byChannel[channel, default: Figures()].add(o, today: today) }
            for leg in o.legs {
                unitsByLegType[leg.type, default: 0] += leg.units
                legsByLegType[leg.type, default: 0] += 1
                costs.pick += leg.cost.pick
                costs.handling += leg.cost.handling
                costs.shipping += leg.cost.shipping
                costs.transfer += leg.cost.transfer
            }
            costs.splitPenalty += o.cost.splitPenalty
            costs.latePenalty += o.cost.latePenalty
            costs.lostSales += o.cost.unfulfilled
        }
    }
}
