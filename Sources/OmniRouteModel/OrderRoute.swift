/// A routing decision for one order: which legs carry how many units of each line.
/// Whatever no leg carries is unfulfilled. Engines produce these; `Network` prices them.
public struct OrderRoute: Sendable, Hashable {
    /// One leg: its tariff and the units it carries of each order line (by line index).
    public struct Leg: Sendable, Hashable {
        public var tariff: LegTariff
        public var quantities: [Int]

        public init(tariff: LegTariff, quantities: [Int]) {
            self.tariff = tariff
            self.quantities = quantities
        }

        public var units: Int { quantities.reduce(0, +) }
    }

    /// Index of the order in the scenario (`ResolvedOrder.index`: -1 for an order outside it).
    public var order: Int
    public var legs: [Leg]

    public init(order: Int, legs: [Leg] = []) {
        self.order = order
        self.legs = legs
    }
}

extension Network {
    /// The cost of a route of a scenario order under the model (legs, split, lateness, lost sales).
    public func cost(of route: OrderRoute) -> OrderCost { cost(of: route, for: resolved(route.order)) }

    /// The cost of a route of `resolved` under the model.
    public func cost(of route: OrderRoute, for resolved: ResolvedOrder) -> OrderCost {
        let order = resolved.order
        let skuIdx = resolved.skus
        var legsCost = 0.0
        var maxEta = -1
        var sent = [Int](repeating: 0, count: order.lines.count)
        for leg in route.legs {
            var units = 0
            var weight = 0.0
            for (i, q) in leg.quantities.enumerated() where q > 0 {
                units += q
                weight += Double(q) * skus[skuIdx[i]].weightKg
                sent[i] += q
            }
            legsCost += leg.tariff.cost(units: units, weightKg: weight, quantities: leg.quantities).total
            maxEta = max(maxEta, leg.tariff.etaDays)
        }
        var lost = 0.0
        for (i, line) in order.lines.enumerated() where line.qty > sent[i] {
            lost += CostModel.lostSaleCost(skus[skuIdx[i]], units: line.qty - sent[i], policy: policy)
        }
        let late = maxEta < 0 ? 0 : CostModel.lateDays(today: today, etaDays: maxEta, dueBy: order.dueBy)
        return CostModel.orderCost(
            legs: legsCost, legCount: route.legs.count, lateDays: late, unfulfilled: lost, policy: policy)
    }

    /// The planned order of a route of a scenario order, with every figure the plan reports.
    public func plannedOrder(_ route: OrderRoute) -> PlannedOrder { plannedOrder(route, for: resolved(route.order)) }

    /// The planned order of a route of `resolved`.
    public func plannedOrder(_ route: OrderRoute, for resolved: ResolvedOrder) -> PlannedOrder {
        let order = resolved.order
        let skuIdx = resolved.skus
        var legs: [PlannedLeg] = []
        var sent = [Int](repeating: 0, count: order.lines.count)
        var legsCost = 0.0
        var maxEta: Int?
        for leg in route.legs {
            var lines: [OrderLine] = []
            var units = 0
            var weight = 0.0
            for (i, q) in leg.quantities.enumerated() where q > 0 {
                lines.append(OrderLine(sku: order.lines[i].sku, qty: q))
                units += q
                weight += Double(q) * skus[skuIdx[i]].weightKg
                sent[i] += q
            }
            let cost = leg.tariff.cost(units: units, weightKg: weight, quantities: leg.quantities)
            legsCost += cost.total
            maxEta = max(maxEta ?? leg.tariff.etaDays, leg.tariff.etaDays)
            legs.append(
                PlannedLeg(
                    type: leg.tariff.type, from: nodes[leg.tariff.source].id,
                    service: leg.tariff.service.map { services[$0].id }, lines: lines,
                    shipsOn: timetable.isTimed ? today + leg.tariff.shipsOn : nil, eta: today + leg.tariff.etaDays,
                    cost: cost))
        }
        var unfulfilled: [OrderLine] = []
        var lost = 0.0
        for (i, line) in order.lines.enumerated() where line.qty > sent[i] {
            unfulfilled.append(OrderLine(sku: line.sku, qty: line.qty - sent[i]))
            lost += CostModel.lostSaleCost(skus[skuIdx[i]], units: line.qty - sent[i], policy: policy)
        }
        let late = maxEta.map { CostModel.lateDays(today: today, etaDays: $0, dueBy: order.dueBy) } ?? 0
        let cost = CostModel.orderCost(
            legs: legsCost, legCount: legs.count, lateDays: late, unfulfilled: lost, policy: policy)
        return PlannedOrder(
            order: order.id, legs: legs, unfulfilled: unfulfilled, eta: maxEta.map { today + $0 },
            lateDays: late, cost: cost)
    }

    /// A plan from one route per order (any order; the plan lists orders as the scenario does).
    public func plan(routes: [OrderRoute], strategy: String, solveSeconds: Double, bound: Double? = nil) -> Plan {
        var byOrder = [OrderRoute?](repeating: nil, count: orders.count)
        for r in routes { byOrder[r.order] = r }
        let planned = orders.indices.map { plannedOrder(byOrder[$0] ?? OrderRoute(order: $0)) }
        return Plan(
            scenario: scenario.name, strategy: strategy, orders: planned,
            summary: PlanSummary(orders: planned, solveSeconds: solveSeconds, bound: bound))
    }
}
