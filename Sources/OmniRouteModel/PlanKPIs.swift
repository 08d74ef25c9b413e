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

        public init() {}

        public var costPerOrder: Double { orders == 0 ? 0 : totalCost / Double(orders) }
        public var costPerUnit: Double { unitsSent == 0 ? 0 : totalCost / Double(unitsSent) }
        public var legsPerOrder: Double { orders == 0 ? 0 : Double(legs) / Double(orders) }
        public var splitShare: Double { orders == 0 ? 0 : Double(splitOrders) / Double(orders) }
        public var lateShare: Double { orders == 0 ? 0 : Double(lateOrders) / Double(orders) }
        /// Orders not late (an order with no legs is not late either) over all orders.
        public var onTimeShare: Double { orders == 0 ? 1 : 1 - lateShare }
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

        public init() {}

        /// The components with their names, in the model's order.
        public var components: [(name: String, amount: Double)] {
            [
                ("pick", pick), ("handling", handling), ("shipping", shipping), ("transfer", transfer),
                ("split penalty", splitPenalty), ("late penalty", latePenalty), ("lost sales", lostSales),
            ]
        }

        mutating func add(_ o: CostBreakdown) {
            pick += o.pick
            handling += o.handling
            shipping += o.shipping
            transfer += o.transfer
            splitPenalty += o.splitPenalty
            latePenalty += o.latePenalty
            lostSales += o.lostSales
        }
    }

    public var overall = Figures()
    public var costs = CostBreakdown()
    public var unitsByLegType: [LegType: Int] = [:]
    public var legsByLegType: [LegType: Int] = [:]
    /// By channel; empty unless a scenario was given.
    public var byChannel: [Order.Channel: Figures] = [:]
    /// Units by leg type within each channel; empty unless a scenario was given.
    public var unitsByLegTypeByChannel: [Order.Channel: [LegType: Int]] = [:]
    /// The cost components within each channel; empty unless a scenario was given.
    public var costsByChannel: [Order.Channel: CostBreakdown] = [:]
    /// Units picked at each source node (by node id).
    public var unitsByNode: [String: Int] = [:]
    /// Legs leaving each source node (by node id).
    public var legsByNode: [String: Int] = [:]

    /// Units sent of one leg type over all units sent.
    public func share(of type: LegType) -> Double {
        overall.unitsSent == 0 ? 0 : Double(unitsByLegType[type] ?? 0) / Double(overall.unitsSent)
    }

    /// Units picked at a node over its picking capacity; nil when the capacity is unlimited
    /// (0 capacity with nothing picked is 0).
    public func utilisation(of node: Node) -> Double? {
        guard let capacity = node.capacityUnits else { return nil }
        let used = unitsByNode[node.id] ?? 0
        return capacity == 0 ? (used == 0 ? 0 : .infinity) : Double(used) / Double(capacity)
    }

    /// KPIs of `plan`; with its `scenario`, also by channel and the mean days to deliver.
    public init(plan: Plan, scenario: Scenario? = nil) { self.init(orders: plan.orders, scenario: scenario) }

    /// KPIs of a set of planned orders (see `init(plan:scenario:)`).
    public init(orders: some Sequence<PlannedOrder>, scenario: Scenario? = nil) {
        let channelOf = scenario.map { s in
            Dictionary(s.orders.map { ($0.id, $0.channel) }, uniquingKeysWith: { a, _ in a })
        }
        let today = scenario?.today
        for o in orders {
            overall.add(o, today: today)
            let channel = channelOf?[o.order]
            if let channel { byChannel[channel, default: Figures()].add(o, today: today) }
            var c = CostBreakdown()
            for leg in o.legs {
                unitsByLegType[leg.type, default: 0] += leg.units
                legsByLegType[leg.type, default: 0] += 1
                unitsByNode[leg.from, default: 0] += leg.units
                legsByNode[leg.from, default: 0] += 1
                if let channel { unitsByLegTypeByChannel[channel, default: [:]][leg.type, default: 0] += leg.units }
                costs.pick += leg.cost.pick
                costs.handling += leg.cost.handling
                costs.shipping += leg.cost.shipping
                costs.transfer += leg.cost.transfer
                c.pick += leg.cost.pick
                c.handling += leg.cost.handling
                c.shipping += leg.cost.shipping
                c.transfer += leg.cost.transfer
            }
            costs.splitPenalty += o.cost.splitPenalty
            costs.latePenalty += o.cost.latePenalty
            costs.lostSales += o.cost.unfulfilled
            c.splitPenalty = o.cost.splitPenalty
            c.latePenalty = o.cost.latePenalty
            c.lostSales = o.cost.unfulfilled
            if let channel { costsByChannel[channel, default: CostBreakdown()].add(c) }
        }
    }
}
