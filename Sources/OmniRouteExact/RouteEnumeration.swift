import OmniRouteHeuristics
import OmniRouteModel

/// The optimal route of one order by branch and bound over its sets of legs, without
/// GLPK: a few microseconds where the order's MILP takes milliseconds.
///
/// Once the legs (source and tariff) are chosen, the rest is easy: every line is
/// independent, so each unit goes to the open leg with the lowest cost per unit that
/// still holds some, or stays unfulfilled where that is cheaper. The search is over
/// sets of legs, candidates taken in order of their best one-leg route; a set is
/// extended only while a lower bound on any larger set (its fixed costs, one more
/// leg's fixed cost and split penalty, its lateness, and every unit at the cheapest
/// cost any remaining leg offers) is below the best route found. A set in which a leg
/// carries nothing only over-states a route that drops that leg, which is searched too,
/// so the minimum is exact.
///
/// Capacity couples the lines of one leg; where a source's capacity could bind within
/// the order, `init` returns nil and the caller solves the order's MILP instead. In time a
/// node may be a candidate on several ship days; a set holds at most one of them (one leg
/// per source).
struct RouteEnumeration {
    private let order: Int
    private let lines: Int
    private let qty: [Int]
    private let lost: [Double]
    /// Units of each line that must be sent (a promise kept), else 0.
    private let required: [Int]
    private let maxLegs: Int
    private let splitPenalty: Double
    private let latePenalty: Double
    /// Candidates in search order: node, units of each line, and their tariffs.
    private var nodes: [Int] = []
    /// Whether some node is a candidate more than once (on several ship days).
    private var nodesRepeat = false
    private var available: [Int] = []  // candidate * lines + line
    private var tariffs: [[LegTariff]] = []
    /// Per tariff (candidate-major, `first[c]..<first[c + 1]`): fixed cost, late days, cost per unit of each line.
    private var first: [Int] = [0]
    private var candidateOf: [Int] = []
    private var fixed: [Double] = []
    private var lateDays: [Int] = []
    private var unitCost: [Double] = []  // tariff * lines + line (∞ where the source holds none)
    /// Bounds over candidates `c...`: cheapest fixed cost, fewest late days, cheapest unit of each line.
    private var suffixFixed: [Double] = []
    private var suffixLate: [Int] = []
    private var suffixUnit: [Double] = []  // c * lines + line
    /// The search's current set (tariff indices), best set and its value, and work done.
    private var chosen: [Int] = []
    private var best: [Int] = []
    private var bestValue: Double
    private var evaluations = 0

    /// Prepares the search for order `o` among `candidates` (from a ledger), with
    /// `surcharge(node, sku, day)` added to every unit taken (on a leg shipping on `day`) and
    /// `legCharge(node)` to every leg, keeping `promise` if any; nil when a candidate's capacity could bind within
    /// the order, or when a leg's charge makes its fixed cost negative (a leg that
    /// carries nothing could then look cheaper than the route without it).
    init?(
        network: Network, order o: Int, candidates: [Candidate], surcharge: ((Int, Int, Int) -> Double)? = nil,
        legCharge: ((Int) -> Double)? = nil, promise: Promise? = nil
    ) {
        order = o
        let theOrder = network.orders[o]
        let skus = network.orderSKUs[o]
        let policy = network.policy
        let qty = theOrder.lines.map(\.qty)
        let lost = skus.map { CostModel.lostSaleCost(network.skus[$0], units: 1, policy: policy) }
        let required = qty.indices.map { l in min(qty[l], promise.map { l < $0.units.count ? $0.units[l] : 0 } ?? 0) }
        lines = skus.count
        self.qty = qty
        self.lost = lost
        self.required = required
        splitPenalty = policy.splitPenalty
        latePenalty = policy.latePenaltyPerDay
        // Nothing sent, unless a promise rules it out.
        bestValue =
            required.allSatisfy { $0 == 0 } ? zip(qty, lost).reduce(0.0) { $0 + Double($1.0) * $1.1 } : .infinity

        var prepared:
            [(
                node: Int, available: [Int], tariffs: [LegTariff], fixed: [Double], late: [Int], unit: [Double],
                alone: Double
            )] = []
        for cand in candidates {
            let most = zip(qty, cand.available).reduce(0) { $0 + min($1.0, $1.1) }
            guard most > 0 else { continue }
            guard most <= cand.capacityLeft else { return nil }
            let kept = RoutingMILP.undominated(
                cand.tariffs.filter { promise?.allows($0) ?? true }, order: theOrder, skus: skus, network: network)
            guard !kept.isEmpty else { continue }
            var entry = (
                node: cand.node, available: cand.available, tariffs: kept, fixed: [Double](), late: [Int](),
                unit: [Double](), alone: Double.infinity
            )
            let charge = legCharge?(cand.node) ?? 0
            let day = cand.shipsOn
            for t in kept {
                guard t.fixedCost + charge >= 0 else { return nil }
                entry.fixed.append(t.fixedCost + charge)
                entry.late.append(CostModel.lateDays(today: network.today, etaDays: t.etaDays, dueBy: theOrder.dueBy))
                for (l, sku) in skus.enumerated() {
                    entry.unit.append(
                        cand.available[l] > 0
                            ? t.pickPerUnit + t.carriagePerUnit + t.carriagePerKg * network.skus[sku].weightKg
                                + (t.rulesPerUnit?[l] ?? 0) + (surcharge?(cand.node, sku, day) ?? 0)
                            : .infinity)
                }
            }
            prepared.append(entry)
        }
        let sources = Set(prepared.map(\.node)).count
        nodesRepeat = sources < prepared.count
        maxLegs = min(network.exactMaxLegs(order: o), sources, qty.reduce(0, +))
        guard maxLegs <= 60 else { return nil }  // a set is a bit mask in `value(of:)`
        // Each candidate's best one-leg value orders the search: good routes first.
        for i in prepared.indices {
            for t in prepared[i].tariffs.indices {
                var value = prepared[i].fixed[t] + latePenalty * Double(prepared[i].late[t])
                for l in 0..<lines {
                    let u = prepared[i].unit[t * lines + l]
                    let sent = u < lost[l] ? min(qty[l], prepared[i].available[l]) : 0
                    value += Double(sent) * u + Double(qty[l] - sent) * lost[l]
                }
                prepared[i].alone = min(prepared[i].alone, value)
            }
        }
        prepared.sort { $0.alone < $1.alone }
        for p in prepared {
            nodes.append(p.node)
            available += p.available
            tariffs.append(p.tariffs)
            candidateOf += p.fixed.map { _ in nodes.count - 1 }
            fixed += p.fixed
            lateDays += p.late
            unitCost += p.unit
            first.append(fixed.count)
        }
        let count = nodes.count
        suffixFixed = [Double](repeating: .infinity, count: count + 1)
        suffixLate = [Int](repeating: Int.max, count: count + 1)
        suffixUnit = [Double](repeating: .infinity, count: (count + 1) * lines)
        for c in stride(from: count - 1, through: 0, by: -1) {
            suffixFixed[c] = suffixFixed[c + 1]
            suffixLate[c] = suffixLate[c + 1]
            for l in 0..<lines { suffixUnit[c * lines + l] = suffixUnit[(c + 1) * lines + l] }
            for t in first[c]..<first[c + 1] {
                suffixFixed[c] = min(suffixFixed[c], fixed[t])
                suffixLate[c] = min(suffixLate[c], lateDays[t])
                for l in 0..<lines {
                    suffixUnit[c * lines + l] = min(suffixUnit[c * lines + l], unitCost[t * lines + l])
                }
            }
        }
    }

    /// The optimal route and its value (cost plus surcharges), or nil when the search
    /// needed more than `budget` evaluations of a set of legs or no route keeps the promise.
    mutating func solve(budget: Int = 200_000) -> (route: OrderRoute, value: Double)? {
        chosen.removeAll(keepingCapacity: true)
        best = []
        guard extend(from: 0, budget: budget), bestValue.isFinite else { return nil }
        let (route, legs) = route(of: best)
        return (route, value(of: legs))
    }

    /// Tries every set that adds candidates `from...` to `chosen`; false when over budget.
    private mutating func extend(from start: Int, budget: Int) -> Bool {
        for c in start..<nodes.count {
            // The bound only rises with c: once it fails, it fails for the rest.
            guard bound(extendingFrom: c) < bestValue - 1e-9 else { return true }
            if nodesRepeat, chosen.contains(where: { nodes[candidateOf[$0]] == nodes[c] }) { continue }
            for t in first[c]..<first[c + 1] {
                evaluations += 1
                guard evaluations <= budget else { return false }
                chosen.append(t)
                let v = value(of: chosen)
                if v < bestValue - 1e-9 {
                    bestValue = v
                    best = chosen
                }
                if chosen.count < maxLegs, c + 1 < nodes.count {
                    guard extend(from: c + 1, budget: budget) else { return false }
                }
                chosen.removeLast()
            }
        }
        return true
    }

    /// A lower bound on every set of `chosen` plus at least one candidate from `c...`.
    private func bound(extendingFrom c: Int) -> Double {
        var value = suffixFixed[c] + (chosen.isEmpty ? 0 : splitPenalty * Double(chosen.count))
        var late = suffixLate[c]
        for t in chosen {
            value += fixed[t]
            late = max(late, lateDays[t])
        }
        value += latePenalty * Double(late)
        for l in 0..<lines {
            var cheapest = min(lost[l], suffixUnit[c * lines + l])
            for t in chosen { cheapest = min(cheapest, unitCost[t * lines + l]) }
            value += Double(qty[l]) * cheapest
        }
        return value
    }

    /// The cost of legs `set` with every unit sent by its cheapest leg that holds it.
    private func value(of set: [Int]) -> Double {
        var value = splitPenalty * Double(max(0, set.count - 1))
        var late = 0
        for t in set {
            value += fixed[t]
            late = max(late, lateDays[t])
        }
        value += latePenalty * Double(late)
        for l in 0..<lines {
            guard let sent = fill(set, line: l, into: nil) else { return .infinity }
            value += sent.cost + Double(qty[l] - sent.units) * lost[l]
        }
        return value
    }

    /// Sends units of line `l` by the legs of `set`, cheapest first, while a unit costs
    /// less than its lost sale or the promise still needs units; their cost and number
    /// (each leg's units in `quantities[k][l]` when given), or nil when the promise
    /// cannot be kept.
    private func fill(_ set: [Int], line l: Int, into quantities: UnsafeMutablePointer<[[Int]]>?) -> (
        cost: Double, units: Int
    )? {
        var left = qty[l]
        var need = required[l]
        var cost = 0.0
        var used = 0  // bit per leg of `set` already filled
        while left > 0 {
            var pick = -1
            var cheapest = Double.infinity
            for (k, t) in set.enumerated() where used & (1 << k) == 0 && unitCost[t * lines + l] < cheapest {
                pick = k
                cheapest = unitCost[t * lines + l]
            }
            guard pick >= 0, cheapest < lost[l] || need > 0 else { break }
            used |= 1 << pick
            let held = available[candidateOf[set[pick]] * lines + l]
            let take = cheapest < lost[l] ? min(left, held) : min(need, held)
            quantities?.pointee[pick][l] = take
            cost += Double(take) * cheapest
            left -= take
            need = max(0, need - take)
        }
        return need > 0 ? nil : (cost, qty[l] - left)
    }

    /// The route of legs `set` filled as `value(of:)` fills them, and its legs (those left empty dropped).
    private func route(of set: [Int]) -> (OrderRoute, [Int]) {
        var quantities = set.map { _ in [Int](repeating: 0, count: lines) }
        for l in 0..<lines { _ = fill(set, line: l, into: &quantities) }
        var route = OrderRoute(order: order)
        var legs: [Int] = []
        for (k, t) in set.enumerated() where quantities[k].contains(where: { $0 > 0 }) {
            let c = candidateOf[t]
            route.legs.append(OrderRoute.Leg(tariff: tariffs[c][t - first[c]], quantities: quantities[k]))
            legs.append(t)
        }
        return (route, legs)
    }
}
