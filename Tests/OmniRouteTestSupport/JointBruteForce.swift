import OmniRouteModel

/// The exact optimum of several orders at once, by exhaustive enumeration.
///
/// Each order's feasible routes on full stock are enumerated as in `optimum` (every
/// distribution of each line's units over the model's sources plus "unfulfilled",
/// within ATP and capacity, at most `CostModel.maxLegs` sources). Stock and capacity
/// depend only on the distribution, not on the tariffs, so each distribution keeps
/// only its cheapest tariff choice. The orders' route lists are then combined by a
/// depth-first search that checks stock (`Network.atp`) and capacity
/// (`Node.capacityUnits`) jointly, pruned only by the sum of the remaining orders'
/// cheapest routes (a valid lower bound). Every price comes from `Network.cost(of:)`.
/// Meant for tiny instances: 1–3 orders, ≤ 3 lines, qty ≤ 2, ≤ 6 nodes.
///
/// In time, where ship days are decisions (capacity per day, inbound stock), each
/// distribution is tried on every combination of its legs' ship days (a day the node may
/// ship on, by the horizon, on which the leg alone fits that day's capacity and what has
/// arrived), and the joint search checks capacity per (node, day) and stock by day
/// (constraints 3′ and 2′) as well.
extension BruteForce {
    /// A route with its cost under the model.
    public struct PricedRoute: Sendable {
        public var route: OrderRoute
        public var cost: Double
    }

    public struct JointResult: Sendable {
        /// Σ of `Network.cost(of:)` over `routes`.
        public var cost: Double
        /// One route per order, in the order asked for.
        public var routes: [OrderRoute]
        /// How many distinct distributions each order has (its empty route included).
        public var routeCounts: [Int]
        /// Partial combinations the search visited.
        public var visited: Int
    }

    /// Every way to route order `index` on full stock, one route per distribution of
    /// units (with its cheapest tariff choice), the empty route included; cheapest first.
    /// With a promise, only routes that keep it.
    public static func allRoutes(network: Network, order index: Int, promise: Promise? = nil) -> [PricedRoute] {
        let order = network.orders[index]
        let qty = order.lines.map(\.qty)
        let srcs = sources(network: network, order: index)
        let maxLegs = network.maxLegs(for: network.resolved(index))
        let lines = qty.count
        var amounts = Array(repeating: [Int](repeating: 0, count: lines), count: srcs.count)
        var used = [Int](repeating: 0, count: srcs.count)
        let empty = OrderRoute(order: index)
        var out =
            promise?.isKept(by: empty) ?? true ? [PricedRoute(route: empty, cost: network.cost(of: empty).total)] : []

        // Where ship days are decisions, every day each leg could ship on is a separate route.
        let timetable = network.timetable
        let skus = network.orderSKUs[index]
        func shipDays(_ s: Int) -> [Int] {
            let first = srcs[s].tariffs[0].shipsOn
            guard timetable.decidesShipDays else { return [first] }
            let node = srcs[s].node
            var days: [Int] = []
            var d = timetable.earliest[node] ?? Int.max
            while d <= timetable.horizon {
                defer { d += 1 }
                guard timetable.shipDayProblem(node: node, day: d) == nil else { continue }
                let units = amounts[s].reduce(0, +)
                if units > timetable.capacityPerDay[node] ?? Int.max { continue }
                let fits = amounts[s].indices.allSatisfy { l in
                    let rows = timetable.inbound[node * network.skuCount + skus[l]] ?? []
                    return amounts[s][l]
                        <= network.atp(node: node, sku: skus[l])
                        + rows.filter { $0.day <= d }.reduce(0) { $0 + $1.units }
                }
                if fits { days.append(d) }
            }
            return days
        }

        func cheapestTariffs() {
            let open = srcs.indices.filter { used[$0] > 0 }
            guard !open.isEmpty else { return }  // the empty route is already in
            precondition(open.count <= maxLegs)
            let days = open.map(shipDays)
            guard days.allSatisfy({ !$0.isEmpty }) else { return }
            var dayChoice = [Int](repeating: 0, count: open.count)
            while true {
                let tariffs = open.indices.map { k in
                    srcs[open[k]].tariffs.map { t in
                        t.shipsOn == days[k][dayChoice[k]] ? t : network.retimed(t, shipsOn: days[k][dayChoice[k]])
                    }
                }
                var choice = [Int](repeating: 0, count: open.count)
                var best: PricedRoute?
                while true {
                    let route = OrderRoute(
                        order: index,
                        legs: open.indices.map { k in
                            OrderRoute.Leg(tariff: tariffs[k][choice[k]], quantities: amounts[open[k]])
                        })
                    let c = network.cost(of: route).total
                    if promise?.isKept(by: route) ?? true, best == nil || c < best!.cost - 1e-12 {
                        best = PricedRoute(route: route, cost: c)
                    }
                    if !BruteForce.advance(&choice, counts: tariffs.map(\.count)) { break }
                }
                if let best { out.append(best) }
                if !BruteForce.advance(&dayChoice, counts: days.map(\.count)) { break }
            }
        }

        func assign(line i: Int, source s: Int, left: Int) {
            if i == lines {
                cheapestTariffs()
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
        return out.sorted { $0.cost < $1.cost }
    }

    /// The cheapest plan of `orders` (all the scenario's orders by default) that fits
    /// the scenario's stock and capacity together (and keeps `promises`, by order index;
    /// they must be keepable together, as the promises of a feasible plan are).
    public static func jointOptimum(network: Network, orders: [Int]? = nil, promises: [Int: Promise] = [:])
        -> JointResult
    {
        let orders = orders ?? Array(network.orders.indices)
        let lists = orders.map { allRoutes(network: network, order: $0, promise: promises[$0]) }
        // restMin[k]: Σ over orders k... of their cheapest route (ignoring each other).
        var restMin = [Double](repeating: 0, count: lists.count + 1)
        for k in stride(from: lists.count - 1, through: 0, by: -1) { restMin[k] = restMin[k + 1] + lists[k][0].cost }

        var stock = network.initialATP  // node * skuCount + sku
        var capacity = network.nodes.map { $0.capacityUnits ?? Int.max }
        var reserved: [Int: Int] = [:]  // reserve class (as in `reserveUse`) → units taken
        var bestRoutes = orders.map { OrderRoute(order: $0) }
        var bestCost = promises.isEmpty ? bestRoutes.reduce(0.0) { $0 + network.cost(of: $1).total } : .infinity
        var chosen: [OrderRoute] = []
        var visited = 0

        // In time: units sent per (node, ship day), and per (node, sku) with inbound rows the units by ship day.
        let timetable = network.timetable
        var sentOnDay: [Int: [Int: Int]] = [:]
        var departures: [Int: [Int: Int]] = [:]
        func fits(_ route: OrderRoute) -> Bool {
            let skus = network.orderSKUs[route.order]
            for leg in route.legs {
                let node = leg.tariff.source
                if leg.units > capacity[node] { return false }
                if let perDay = timetable.capacityPerDay[node],
                    (sentOnDay[node]?[leg.tariff.shipsOn] ?? 0) + leg.units > perDay
                {
                    return false
                }
                for (i, q) in leg.quantities.enumerated() where q > 0 {
                    let key = node * network.skuCount + skus[i]
                    if let rows = timetable.inbound[key] {
                        // Constraint 2′ at every departure day: sent by then ≤ arrived by then.
                        var sent = departures[key] ?? [:]
                        sent[leg.tariff.shipsOn, default: 0] += q
                        for t in sent.keys {
                            let out = sent.filter { $0.key <= t }.reduce(0) { $0 + $1.value }
                            let arrived =
                                network.atp(node: node, sku: skus[i])
                                + rows.filter { $0.day <= t }.reduce(0) { $0 + $1.units }
                            if out > arrived { return false }
                        }
                    } else if (stock[key] ?? 0) < q {
                        return false
                    }
                }
            }
            for (key, q) in reserveUse(network: network, route: route)
            where reserved[key, default: 0] + q > reserveLimit(network: network, key: key) {
                return false
            }
            return true
        }
        func take(_ route: OrderRoute, _ sign: Int) {
            let skus = network.orderSKUs[route.order]
            for leg in route.legs {
                let node = leg.tariff.source
                if capacity[node] != Int.max { capacity[node] -= sign * leg.units }
                sentOnDay[node, default: [:]][leg.tariff.shipsOn, default: 0] += sign * leg.units
                for (i, q) in leg.quantities.enumerated() where q > 0 {
                    stock[node * network.skuCount + skus[i], default: 0] -= sign * q
                    departures[node * network.skuCount + skus[i], default: [:]][leg.tariff.shipsOn, default: 0] +=
                        sign * q
                }
            }
            for (key, q) in reserveUse(network: network, route: route) { reserved[key, default: 0] += sign * q }
        }
        func search(_ k: Int, _ costSoFar: Double) {
            visited += 1
            if k == lists.count {
                if costSoFar < bestCost - 1e-12 {
                    bestCost = costSoFar
                    bestRoutes = chosen
                }
                return
            }
            for r in lists[k] {
                // Sorted cheapest first: nothing further down this list can do better.
                if costSoFar + r.cost + restMin[k + 1] >= bestCost - 1e-12 { break }
                guard fits(r.route) else { continue }
                take(r.route, 1)
                chosen.append(r.route)
                search(k + 1, costSoFar + r.cost)
                chosen.removeLast()
                take(r.route, -1)
            }
        }
        search(0, 0)
        return JointResult(
            cost: bestRoutes.reduce(0.0) { $0 + network.cost(of: $1).total }, routes: bestRoutes,
            routeCounts: lists.map(\.count), visited: visited)
    }

    /// An upper bound on the distributions `jointOptimum` enumerates, summed over orders.
    public static func jointSearchBound(network: Network) -> Int {
        network.orders.indices.reduce(0) { $0 + searchBound(network: network, order: $1) }
    }
}

/// A random scenario kept for a brute-force comparison, with the seed that made it.
public struct SeededInstance: Sendable {
    public let seed: UInt64
    public let network: Network

    public init(seed: UInt64, network: Network) {
        self.seed = seed
        self.network = network
    }
}

/// Seeded instances small enough for `BruteForce`.
public enum BruteForceInstances {
    /// Tiny multi-order scenarios for `BruteForce.jointOptimum`: 1–3 orders, ≤ 3 lines,
    /// qty ≤ 2, 3–6 nodes, little stock (so orders compete), every generator feature on.
    public static let joint = RandomScenario.Config(
        nodes: 3...6, skus: 1...3, orders: 1...3, maxLines: 3, maxQty: 2,
        stockDensity: 0.7, maxOnHand: 3, storeShipRate: 0.7, laneRate: 0.6)

    /// The first `count` one-order instances (seeds from `firstSeed`) with at least one
    /// source and a small enough brute-force search; also how many seeds were passed over.
    public static func singleOrder(count: Int, firstSeed: UInt64 = 1, maxSearch: Int = 40_000)
        -> (instances: [SeededInstance], trivial: Int, tooBig: Int)
    {
        var out: [SeededInstance] = []
        var trivial = 0
        var tooBig = 0
        var seed = firstSeed
        while out.count < count && seed < firstSeed + UInt64(count * 20) {
            defer { seed += 1 }
            let network = Network(RandomScenario.make(seed: seed, config: .singleOrder))
            guard network.orders.count == 1 else { continue }
            let sources = BruteForce.sources(network: network, order: 0)
            if sources.isEmpty {
                trivial += 1
                continue
            }
            if sources.count > 5 || BruteForce.searchBound(network: network, order: 0) > maxSearch {
                tooBig += 1
                continue
            }
            out.append(SeededInstance(seed: seed, network: network))
        }
        return (out, trivial, tooBig)
    }

    /// The first `count` instances of `config` (seeds from `firstSeed`) with at least
    /// one order that some node can serve and a joint search of at most `maxSearch`.
    public static func joint(
        count: Int, firstSeed: UInt64 = 1, config: RandomScenario.Config = joint, maxSearch: Int = 20_000
    )
        -> (instances: [SeededInstance], trivial: Int, tooBig: Int)
    {
        var out: [SeededInstance] = []
        var trivial = 0
        var tooBig = 0
        var seed = firstSeed
        while out.count < count && seed < firstSeed + UInt64(count * 20) {
            defer { seed += 1 }
            let network = Network(RandomScenario.make(seed: seed, config: config))
            guard !network.orders.isEmpty else { continue }
            if network.orders.indices.allSatisfy({ BruteForce.sources(network: network, order: $0).isEmpty }) {
                trivial += 1
                continue
            }
            if BruteForce.jointSearchBound(network: network) > maxSearch {
                tooBig += 1
                continue
            }
            out.append(SeededInstance(seed: seed, network: network))
        }
        return (out, trivial, tooBig)
    }
}
