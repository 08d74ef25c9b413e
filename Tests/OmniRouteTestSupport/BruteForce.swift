import OmniRouteHeuristics
import OmniRouteModel

/// The exact optimum of one order on a fresh ledger, by exhaustive enumeration.
///
/// Sources, stock, capacity and tariffs come from the model (`Network.atp`,
/// `Node.capacityUnits`, `Network.tariffs`), not from the ledger's candidate list, so
/// the candidate builder is checked too. Every distribution of each line's units
/// over the sources plus "unfulfilled" is enumerated (within stock and capacity,
/// at most `CostModel.maxLegs` sources used), and for each, every tariff choice of
/// every used source; each route is priced by `Network.cost(of:)` only.
///
/// Sourcing rules come from the model too (`Network.rules(for:)`): a line a node may not
/// send is not available there, every tariff is priced with the order's surcharges
/// (`OrderRules.priced`), the cap on legs is `Network.maxLegs(for:)`, and a route must keep
/// every reserve (`RuleBook.reserveLimit`, summed over orders in `jointOptimum`).
public enum BruteForce {
    public struct Source: Sendable {
        public var node: Int
        /// ATP of each order line at this node.
        public var available: [Int]
        public var capacity: Int
        public var tariffs: [LegTariff]
    }

    public struct Result: Sendable {
        public var cost: Double
        public var route: OrderRoute
        public var routesPriced: Int
    }

    /// Nodes that could send something of `order`: some ATP of a line, capacity left
    /// and at least one tariff.
    public static func sources(network: Network, order index: Int) -> [Source] {
        let order = network.orders[index]
        let skus = network.orderSKUs[index]
        let rules = network.rules(for: network.resolved(index))
        var out: [Source] = []
        for node in network.nodes.indices {
            // In time, stock on its way that can leave by the horizon counts (its day is checked per leg).
            let available = skus.indices.map { l in
                rules?.allows(node: node, line: l) ?? true
                    ? network.atp(node: node, sku: skus[l])
                        + inboundByHorizon(network: network, node: node, sku: skus[l])
                    : 0
            }
            guard available.contains(where: { $0 > 0 }) else { continue }
            let capacity = min(
                network.nodes[node].capacityUnits ?? Int.max, network.timetable.capacityPerDay[node] ?? Int.max)
            guard capacity > 0 else { continue }
            guard case .success(let tariffs) = network.tariffs(order: order, source: node), !tariffs.isEmpty else {
                continue
            }
            out.append(
                Source(
                    node: node, available: available, capacity: capacity,
                    tariffs: rules.map { r in tariffs.map(r.priced) } ?? tariffs))
        }
        return out
    }

    /// Units of `sku` on their way to `node` that can leave by the horizon.
    public static func inboundByHorizon(network: Network, node: Int, sku: Int) -> Int {
        let rows = network.timetable.inbound[node * network.skuCount + sku] ?? []
        return rows.filter { $0.day <= network.timetable.horizon }.reduce(0) { $0 + $1.units }
    }

    /// The next combination after `choice` (each place below its count), as an odometer turns;
    /// false once every combination has been seen (`choice` is back at all zeros).
    public static func advance(_ choice: inout [Int], counts: [Int]) -> Bool {
        for k in choice.indices {
            choice[k] += 1
            if choice[k] < counts[k] { return true }
            choice[k] = 0
        }
        return false
    }

    /// An upper bound on the routes the enumeration prices (to keep instances tiny).
    public static func searchBound(network: Network, order index: Int) -> Int {
        let qty = network.orders[index].lines.map(\.qty)
        var bound = 1
        for s in sources(network: network, order: index) {
            for (i, q) in qty.enumerated() { bound *= min(q, s.available[i]) + 1 }
            bound *= s.tariffs.count
        }
        return bound
    }

    /// The units of each reserve class (rule, node, sku) that `route` takes, by
    /// `(rule * nodeCount + node) * skuCount + sku`.
    public static func reserveUse(network: Network, route: OrderRoute) -> [Int: Int] {
        guard let rules = network.rules(for: network.resolved(route.order)) else { return [:] }
        let skus = network.orderSKUs[route.order]
        var out: [Int: Int] = [:]
        for leg in route.legs {
            let node = leg.tariff.source
            for (l, q) in leg.quantities.enumerated() where q > 0 {
                for a in rules.reserves where a.lines[l] && rules.book.reserves(rule: a.rule, node: node) {
                    out[(a.rule * network.nodeCount + node) * network.skuCount + skus[l], default: 0] += q
                }
            }
        }
        return out
    }

    /// The limit of a reserve class keyed as in `reserveUse`.
    public static func reserveLimit(network: Network, key: Int) -> Int {
        let sku = key % network.skuCount
        let node = key / network.skuCount % network.nodeCount
        let rule = key / network.skuCount / network.nodeCount
        return network.ruleBook?.reserveLimit(
            rule: rule, node: node, supply: network.reserveSupply(node: node, sku: sku)) ?? Int.max
    }

    public static func optimum(network: Network, order index: Int) -> Result {
        let order = network.orders[index]
        let qty = order.lines.map(\.qty)
        let srcs = sources(network: network, order: index)
        let maxLegs = network.maxLegs(for: network.resolved(index))
        let lines = qty.count
        // amounts[s][i]: units of line i from source s.
        var amounts = Array(repeating: [Int](repeating: 0, count: lines), count: srcs.count)
        var used = [Int](repeating: 0, count: srcs.count)  // units per source

        let empty = OrderRoute(order: index)
        var best = Result(cost: network.cost(of: empty).total, route: empty, routesPriced: 1)

        func priceAllTariffs() {
            let open = srcs.indices.filter { used[$0] > 0 }
            guard !open.isEmpty, open.count <= maxLegs else { return }
            var choice = [Int](repeating: 0, count: open.count)
            while true {
                let route = OrderRoute(
                    order: index,
                    legs: open.indices.map { k in
                        OrderRoute.Leg(tariff: srcs[open[k]].tariffs[choice[k]], quantities: amounts[open[k]])
                    })
                let c = network.cost(of: route).total
                best.routesPriced += 1
                let keepsReserves = reserveUse(network: network, route: route).allSatisfy {
                    $0.value <= reserveLimit(network: network, key: $0.key)
                }
                if keepsReserves, c < best.cost - 1e-12 {
                    best = Result(cost: c, route: route, routesPriced: best.routesPriced)
                }
                guard advance(&choice, counts: open.map { srcs[$0].tariffs.count }) else { return }
            }
        }

        /// Distributes line `i` over sources `s...`, `left` units still to place;
        /// whatever is left after the last source is unfulfilled.
        func assign(line i: Int, source s: Int, left: Int) {
            if i == lines {
                priceAllTariffs()
                return
            }
            if s == srcs.count {
                assign(line: i + 1, source: 0, left: i + 1 < lines ? qty[i + 1] : 0)
                return
            }
            let top = min(left, srcs[s].available[i], srcs[s].capacity - used[s])
            guard top >= 0 else { return }
            for q in 0...top {
                if q > 0 && used[s] == 0 {
                    // Opening source s: prune when it would exceed the leg cap.
                    let openCount = used.reduce(0) { $0 + ($1 > 0 ? 1 : 0) }
                    if openCount + 1 > maxLegs { break }
                }
                amounts[s][i] = q
                used[s] += q
                assign(line: i, source: s + 1, left: left - q)
                used[s] -= q
                amounts[s][i] = 0
            }
        }

        if lines > 0 { assign(line: 0, source: 0, left: qty[0]) }
        return best
    }

    /// A compact human-readable route: `W-01/ground[SKU-01×2] +2d; lost[SKU-02×1] = 31.20`.
    public static func describe(_ route: OrderRoute, network: Network) -> String {
        let order = network.orders[route.order]
        var sent = [Int](repeating: 0, count: order.lines.count)
        var parts: [String] = []
        for leg in route.legs {
            let t = leg.tariff
            let via = t.service.map { "/" + network.services[$0].id } ?? "/\(t.type.rawValue)"
            let items = leg.quantities.enumerated().filter { $0.element > 0 }.map { i, q in
                sent[i] += q
                return "\(order.lines[i].sku)×\(q)"
            }
            parts.append("\(network.nodes[t.source].id)\(via)[\(items.joined(separator: ","))] +\(t.etaDays)d")
        }
        let lost = order.lines.enumerated().compactMap { i, l in l.qty > sent[i] ? "\(l.sku)×\(l.qty - sent[i])" : nil }
        if !lost.isEmpty { parts.append("lost[\(lost.joined(separator: ","))]") }
        let cost = network.cost(of: route)
        return (parts.isEmpty ? "(nothing)" : parts.joined(separator: "; ")) + " = \(cost.total)"
    }

    /// The order as text, for failure reports.
    public static func describe(order index: Int, network: Network) -> String {
        let o = network.orders[index]
        let mode: String
        switch o.delivery {
        case .ship(let p): mode = "ship to (\(p.lat), \(p.lon))"
        case .pickup(let s): mode = "pickup at \(s)"
        }
        let lines = o.lines.map { "\($0.sku)×\($0.qty)" }.joined(separator: ",")
        return
            "\(o.id) \(mode) due \(o.dueBy) split=\(o.allowSplit) "
            + "maxLegs=\(network.policy.maxLegsPerOrder.map(String.init) ?? "nil") [\(lines)]"
    }
}
