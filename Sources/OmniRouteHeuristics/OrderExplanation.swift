import OmniRouteModel

/// Why an order was routed as it was: every node that could have been a source and
/// why it was or was not one, the chosen legs, and the best alternative.
public struct OrderExplanation: Sendable {
    /// One node's standing for the order.
    public struct SourceReview: Sendable {
        public var node: String
        public var kind: Node.Kind
        /// Distance to the customer or the pickup store.
        public var distanceKm: Double
        /// Why it was excluded; nil for a candidate.
        public var exclusion: String?
        /// Units it could send of each line (candidates).
        public var available: [OrderLine]
        /// Its best one-leg route carrying all it can: the leg and the order's total cost with it.
        public var bestLeg: PlannedLeg?
        public var orderCostAlone: Double?
        /// Whether the chosen route uses it.
        public var chosen: Bool
    }

    public var order: Order
    public var strategy: String
    /// Orders routed before this one (their stock and capacity are taken).
    public var ordersBefore: Int
    public var chosen: PlannedOrder
    public var sources: [SourceReview]
    /// Nodes holding none of the order's skus (not listed one by one).
    public var nodesWithoutStock: Int
    /// The cheapest route that avoids one of the chosen sources, and what it costs more.
    public var alternative: PlannedOrder?
    public var alternativeAvoids: String?
    public var alternativeExtraCost: Double? { alternative.map { $0.cost.total - chosen.cost.total } }
}

/// Builds explanations by replaying a strategy up to the order.
public struct Explainer {
    public let network: Network

    public init(network: Network) { self.network = network }

    public enum Failure: Error, CustomStringConvertible {
        case unknownOrder(String)
        public var description: String {
            switch self {
            case .unknownOrder(let id): "no order \"\(id)\" in the scenario"
            }
        }
    }

    public func explain(orderId: String, router: some OrderRouter) throws(Failure) -> OrderExplanation {
        guard let index = network.orders.firstIndex(where: { $0.id == orderId }) else { throw .unknownOrder(orderId) }
        var router = router
        var ledger = InventoryLedger(network: network)
        let arrival = network.scenario.ordersInArrivalOrder
        let before = arrival.firstIndex(of: index)!
        for earlier in arrival.prefix(before) { ledger.apply(router.route(order: earlier, ledger: ledger)) }
        return explain(network.resolved(index), ledger: ledger, router: router, ordersBefore: before)
    }

    /// Why the sourcing rules keep `node` from sending any line of `resolved` it holds: the
    /// rule forbidding the first such line, or the reserve that keeps its units. Nil when a
    /// line it holds is neither forbidden nor reserved (or it holds none).
    static func ruleKeepingOut(
        _ node: Int, _ resolved: ResolvedOrder, _ rules: OrderRules, _ ledger: InventoryLedger
    ) -> String? {
        var reason: String?
        for (line, sku) in resolved.skus.enumerated() where ledger.available(node: node, sku: sku) > 0 {
            if let r = rules.blockingRule(node: node, line: line) {
                reason = reason ?? "excluded by rule \(rules.book.rules[r].id)"
                continue
            }
            let reserve = rules.applied.first { a in
                a.lines[line] && (ledger.reserveLeft(rule: a.rule, node: node, sku: sku) ?? 1) <= 0
            }
            guard let reserve else { return nil }
            reason = reason ?? "its last units are kept by rule \(rules.book.rules[reserve.rule].id)"
        }
        return reason
    }

    /// Explains how `router` routes `resolved` on what `ledger` has left (a checkout quote).
    public func explain(
        _ resolved: ResolvedOrder, limits: RouteLimits = .none, ledger: InventoryLedger,
        router: some OrderRouter, ordersBefore: Int
    ) -> OrderExplanation {
        var router = router
        let order = resolved.order
        let route = router.route(resolved, limits: limits, ledger: ledger)
        let chosenNodes = Set(route.legs.map(\.tariff.source))
        var exclusions: [Int: CandidateExclusion] = [:]
        var search = OrderSearch(network: network)
        search.load(resolved, limits: limits, ledger: ledger) { exclusions[$0] = $1 }
        let table = search.table
        let target: GeoPoint =
            switch order.delivery {
            case .ship(let p): p
            case .pickup(let s): network.nodes[network.nodeIndex[s]!].location
            }
        var reviews: [OrderExplanation.SourceReview] = []
        for c in 0..<table.count {
            let node = network.nodes[table.nodes[c]]
            let single = search.bestSingleLeg(candidate: c)
            reviews.append(
                .init(
                    node: node.id, kind: node.kind, distanceKm: node.location.distanceKm(to: target), exclusion: nil,
                    available: order.lines.enumerated().map {
                        OrderLine(sku: $1.sku, qty: min($1.qty, table.available(c, $0)))
                    },
                    bestLeg: single.map { network.plannedOrder(search.route($0), for: resolved).legs[0] },
                    orderCostAlone: single.map { search.cost($0) }, chosen: chosenNodes.contains(table.nodes[c])))
        }
        // Nodes that hold (or held) stock of the order but are not candidates now.
        var held = Set<Int>()
        for sku in resolved.skus { held.formUnion(ledger.holdings(sku: sku).nodes) }
        let rules = network.rules(for: resolved)
        for nodeIndex in held.sorted() where !table.nodes.contains(nodeIndex) {
            let node = network.nodes[nodeIndex]
            let reason: String
            if let e = exclusions[nodeIndex] {
                reason = e.description
            } else if let rules, let r = Self.ruleKeepingOut(nodeIndex, resolved, rules, ledger) {
                reason = r
            } else if case .failure(let e) = network.tariffs(order: order, source: nodeIndex) {
                reason = e.description + "; its stock of the order's skus is also taken"
            } else {
                reason = "stock of the order's skus taken by earlier orders"
            }
            reviews.append(
                .init(
                    node: node.id, kind: node.kind, distanceKm: node.location.distanceKm(to: target), exclusion: reason,
                    available: [], bestLeg: nil, orderCostAlone: nil, chosen: false))
        }
        reviews.sort { a, b in
            switch (a.orderCostAlone, b.orderCostAlone) {
            case (let x?, let y?): x == y ? a.distanceKm < b.distanceKm : x < y
            case (_?, nil): true
            case (nil, _?): false
            default: a.distanceKm < b.distanceKm
            }
        }
        // The best route without each chosen source in turn.
        var alternative: (route: OrderRoute, avoids: String, cost: Double)?
        for node in chosenNodes.sorted() {
            var without = search
            without.exclude(node: node)
            let legs = without.best()
            let cost = without.cost(legs)
            if alternative == nil || cost < alternative!.cost {
                alternative = (without.route(legs), network.nodes[node].id, cost)
            }
        }
        return OrderExplanation(
            order: order, strategy: router.name, ordersBefore: ordersBefore,
            chosen: network.plannedOrder(route, for: resolved),
            sources: reviews, nodesWithoutStock: network.nodeCount - held.count,
            alternative: alternative.map { network.plannedOrder($0.route, for: resolved) },
            alternativeAvoids: alternative?.avoids)
    }
}
