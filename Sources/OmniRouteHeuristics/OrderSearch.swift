import OmniRouteModel

/// One open leg of a route under construction.
struct WorkLeg: Equatable {
    /// Candidate index.
    var c: Int
    /// Tariff index into the candidate table.
    var t: Int
    /// Units of each order line.
    var units: [Int]
    var total: Int
    var kg: Double
    /// Lost-sale cost its units avoid.
    var value: Double
    /// The rules' surcharges per unit on its units (0 without rules).
    var rules: Double = 0

    var agg: LegAgg { LegAgg(t: t, units: total, kg: kg, value: value, rules: rules) }
}

/// A leg's totals: all the cost model needs to price it within an order.
struct LegAgg {
    var t: Int
    var units: Int
    var kg: Double
    var value: Double
    /// The rules' surcharges per unit on its units (0 without rules).
    var rules: Double = 0

    static let none = LegAgg(t: -1, units: 0, kg: 0, value: 0)
}

/// The search for the cheapest route of one order among its candidates, on the
/// exact cost model: single-source covers, two cost-aware greedy covers (lowest
/// resulting total; lowest cost per unit covered) and a local improvement pass
/// from each. Holds its buffers across orders, so routing allocates little.
struct OrderSearch {
    let network: Network
    private(set) var table = CandidateTable()
    private(set) var order = 0
    private(set) var qty: [Int] = []
    private var weight: [Double] = []
    /// Lost-sale cost of one unit of each line.
    private var lostValue: [Double] = []
    /// Lines by falling lost value: the order in which scarce capacity is spent.
    private var valueOrder: [Int] = []
    /// The order's cap on legs (policy, split flag and the rules' `max_legs`).
    private(set) var maxLegs = 1
    private var dueBy = CalendarDay(ordinal: 0)
    /// Lost-sale cost of the whole order (nothing sent).
    private(set) var allLost = 0.0
    /// Output of `fill`.
    private var scratch: [Int] = []
    /// For each line, the candidates that hold some of it.
    private var holders: [[Int]] = []
    /// Zero units of each line: prices a leg's fixed surcharges, its per-unit ones being in `LegAgg.rules`.
    private var noUnits: [Int] = []

    init(network: Network) { self.network = network }

    /// Prepares the search for `resolved` on what `ledger` has left, within `limits`.
    mutating func load(
        _ resolved: ResolvedOrder, limits: RouteLimits = .none, ledger: InventoryLedger,
        excluded: ((Int, CandidateExclusion) -> Void)? = nil
    ) {
        order = resolved.index
        let o = resolved.order
        let skus = resolved.skus
        let policy = network.policy
        qty.removeAll(keepingCapacity: true)
        weight.removeAll(keepingCapacity: true)
        lostValue.removeAll(keepingCapacity: true)
        allLost = 0
        for (line, sku) in zip(o.lines, skus) {
            qty.append(line.qty)
            weight.append(network.skus[sku].weightKg)
            lostValue.append(CostModel.lostSaleCost(network.skus[sku], units: 1, policy: policy))
            allLost += CostModel.lostSaleCost(network.skus[sku], units: line.qty, policy: policy)
        }
        valueOrder = Array(qty.indices)
        if qty.count > 1 { valueOrder.sort { lostValue[$0] > lostValue[$1] } }
        maxLegs = network.maxLegs(for: resolved)
        dueBy = o.dueBy
        scratch = [Int](repeating: 0, count: qty.count)
        if noUnits.count != qty.count { noUnits = [Int](repeating: 0, count: qty.count) }
        ledger.collect(resolved, limits: limits, into: &table, excluded: excluded)
        indexHolders()
    }

    private mutating func indexHolders() {
        holders = qty.indices.map { i in (0..<table.count).filter { table.available($0, i) > 0 } }
    }

    /// Drops candidate `node` (to find the best route without it).
    mutating func exclude(node: Int) {
        table.remove(node: node)
        indexHolders()
    }

    // MARK: cost

    /// The order's total cost with `legs`, where leg `a` is replaced by `aAgg`, leg
    /// `b` by `bAgg` and `add` is one more leg; a leg with no units is closed.
    func cost(
        _ legs: [WorkLeg], a: Int = -1, _ aAgg: LegAgg = .none, b: Int = -1, _ bAgg: LegAgg = .none,
        add: LegAgg = .none
    ) -> Double {
        var legsCost = 0.0
        var saved = 0.0
        var count = 0
        var maxEta = -1
        for k in 0...legs.count {
            let g = k == legs.count ? add : (k == a ? aAgg : (k == b ? bAgg : legs[k].agg))
            guard g.units > 0 else { continue }
            let tariff = table.tariffs[g.t]
            if tariff.rulesPerUnit == nil {
                legsCost += tariff.cost(units: g.units, weightKg: g.kg).total
            } else {
                legsCost += tariff.cost(units: g.units, weightKg: g.kg, quantities: noUnits).total + g.rules
            }
            saved += g.value
            count += 1
            maxEta = max(maxEta, tariff.etaDays)
        }
        let late = maxEta < 0 ? 0 : CostModel.lateDays(today: network.today, etaDays: maxEta, dueBy: dueBy)
        return CostModel.orderCost(
            legs: legsCost, legCount: count, lateDays: late,
            unfulfilled: max(0, allLost - saved), policy: network.policy
        ).total
    }

    func route(_ legs: [WorkLeg]) -> OrderRoute {
        OrderRoute(order: order, legs: legs.map { OrderRoute.Leg(tariff: table.tariffs[$0.t], quantities: $0.units) })
    }

    /// Units left to send of each line.
    func remaining(_ legs: [WorkLeg]) -> [Int] {
        var rem = qty
        for leg in legs { for i in rem.indices { rem[i] -= leg.units[i] } }
        return rem
    }

    /// Puts in `scratch` what candidate `c` can carry of `wanted`, within its stock
    /// and capacity (capacity goes to the most valuable lines first).
    mutating func fill(_ c: Int, _ wanted: [Int]) -> LegAgg {
        var cap = table.capacity[c]
        var g = LegAgg(t: -1, units: 0, kg: 0, value: 0)
        for i in valueOrder {
            let take = cap > 0 ? min(wanted[i], table.available(c, i), cap) : 0
            scratch[i] = take
            if take > 0 {
                cap -= take
                g.units += take
                g.kg += Double(take) * weight[i]
                g.value += Double(take) * lostValue[i]
                if table.hasUnitRates { g.rules += Double(take) * table.unitRate(c, i) }
            }
        }
        return g
    }

    func leg(_ c: Int, _ t: Int, _ g: LegAgg) -> WorkLeg {
        WorkLeg(c: c, t: t, units: scratch, total: g.units, kg: g.kg, value: g.value, rules: g.rules)
    }

    /// Units of line `i` that `leg` could still carry (stock and capacity).
    func spare(_ leg: WorkLeg, line i: Int) -> Int {
        max(0, min(table.available(leg.c, i) - leg.units[i], table.capacity[leg.c] - leg.total))
    }

    mutating func moveUnits(_ legs: inout [WorkLeg], _ k: Int, line i: Int, _ m: Int) {
        legs[k].units[i] += m
        legs[k].total += m
        legs[k].kg += Double(m) * weight[i]
        legs[k].value += Double(m) * lostValue[i]
        if table.hasUnitRates { legs[k].rules += Double(m) * table.unitRate(legs[k].c, i) }
    }

    func adjusted(_ leg: WorkLeg, line i: Int, by m: Int, tariff: Int? = nil) -> LegAgg {
        LegAgg(
            t: tariff ?? leg.t, units: leg.total + m, kg: leg.kg + Double(m) * weight[i],
            value: leg.value + Double(m) * lostValue[i],
            rules: table.hasUnitRates ? leg.rules + Double(m) * table.unitRate(leg.c, i) : 0)
    }

    // MARK: constructions

    /// The best one-leg route (each candidate and tariff carrying all it can).
    mutating func singleSource() -> [WorkLeg] {
        var best: (c: Int, t: Int, cost: Double)?
        var bestCost = allLost
        for c in 0..<table.count {
            var g = fill(c, qty)
            guard g.units > 0 else { continue }
            for t in table.tariffRange(c) {
                g.t = t
                let x = cost([], add: g)
                if x < bestCost - Tolerance.cost {
                    best = (c, t, x)
                    bestCost = x
                }
            }
        }
        guard let best else { return [] }
        let g = fill(best.c, qty)
        return [leg(best.c, best.t, g)]
    }

    /// The cheapest one-leg route from candidate `c` carrying all it can.
    mutating func bestSingleLeg(candidate c: Int) -> [WorkLeg]? {
        var g = fill(c, qty)
        guard g.units > 0 else { return nil }
        var best: (t: Int, cost: Double)?
        for t in table.tariffRange(c) {
            g.t = t
            let x = cost([], add: g)
            if best == nil || x < best!.cost - Tolerance.cost { best = (t, x) }
        }
        return [leg(c, best!.t, g)]
    }

    enum GreedyRule { case lowestTotal, lowestCostPerUnit }

    /// Adds legs one at a time while a leg lowers the order's cost, choosing by `rule`.
    mutating func greedyCover(_ rule: GreedyRule) -> [WorkLeg] {
        var legs: [WorkLeg] = []
        var current = allLost
        var rem = qty
        while legs.count < maxLegs, rem.contains(where: { $0 > 0 }) {
            var pick: (c: Int, t: Int, cost: Double, score: Double)?
            for c in 0..<table.count where !legs.contains(where: { $0.c == c }) {
                var g = fill(c, rem)
                guard g.units > 0 else { continue }
                for t in table.tariffRange(c) {
                    g.t = t
                    let x = cost(legs, add: g)
                    guard x < current - Tolerance.cost else { continue }
                    let score = rule == .lowestTotal ? x : (x - current + g.value) / Double(g.units)
                    if pick == nil || score < pick!.score - Tolerance.score { pick = (c, t, x, score) }
                }
            }
            guard let pick else { break }
            let g = fill(pick.c, rem)
            legs.append(leg(pick.c, pick.t, g))
            for i in rem.indices { rem[i] -= scratch[i] }
            current = pick.cost
        }
        return legs
    }

    // MARK: local improvement

    /// Improves `start` by moves that each lower the exact cost: change a leg's
    /// service, move units between open legs, send unfulfilled units from open legs,
    /// close a leg, replace a leg's source, open a new leg.
    mutating func improve(_ start: [WorkLeg]) -> [WorkLeg] {
        var legs = start
        var current = cost(legs)
        var rounds = 0
        improving: while rounds < 32 {
            rounds += 1
            // Another service for a leg.
            for a in legs.indices {
                for t in table.tariffRange(legs[a].c) where t != legs[a].t {
                    var g = legs[a].agg
                    g.t = t
                    let x = cost(legs, a: a, g)
                    if x < current - Tolerance.cost {
                        legs[a].t = t
                        current = x
                        continue improving
                    }
                }
            }
            // Move units of a line from one open leg to another (closing the first if emptied).
            for a in legs.indices {
                for i in qty.indices where legs[a].units[i] > 0 {
                    for b in legs.indices where b != a {
                        let m = min(legs[a].units[i], spare(legs[b], line: i))
                        guard m > 0 else { continue }
                        let x = cost(
                            legs, a: a, adjusted(legs[a], line: i, by: -m), b: b, adjusted(legs[b], line: i, by: m))
                        if x < current - Tolerance.cost {
                            moveUnits(&legs, a, line: i, -m)
                            moveUnits(&legs, b, line: i, m)
                            if legs[a].total == 0 { legs.remove(at: a) }
                            current = x
                            continue improving
                        }
                    }
                }
            }
            // Leave a line's units on a leg unfulfilled (when sending them costs more than losing them).
            for a in legs.indices {
                for i in qty.indices where legs[a].units[i] > 0 {
                    let m = legs[a].units[i]
                    let x = cost(legs, a: a, adjusted(legs[a], line: i, by: -m))
                    if x < current - Tolerance.cost {
                        moveUnits(&legs, a, line: i, -m)
                        if legs[a].total == 0 { legs.remove(at: a) }
                        current = x
                        continue improving
                    }
                }
            }
            // Move a line's units from a leg to a new source (freeing room, or a cheaper way for that line).
            if legs.count < maxLegs {
                for a in legs.indices {
                    for i in qty.indices where legs[a].units[i] > 0 {
                        var wanted = [Int](repeating: 0, count: qty.count)
                        wanted[i] = legs[a].units[i]
                        for c in holders[i] where !legs.contains(where: { $0.c == c }) {
                            var g = fill(c, wanted)
                            guard g.units > 0 else { continue }
                            let reduced = adjusted(legs[a], line: i, by: -g.units)
                            for t in table.tariffRange(c) {
                                g.t = t
                                let x = cost(legs, a: a, reduced, add: g)
                                if x < current - Tolerance.cost {
                                    let moved = g.units
                                    legs.append(leg(c, t, g))
                                    moveUnits(&legs, a, line: i, -moved)
                                    if legs[a].total == 0 { legs.remove(at: a) }
                                    current = x
                                    continue improving
                                }
                            }
                        }
                    }
                }
            }
            // Send unfulfilled units from an open leg with stock to spare.
            let rem = remaining(legs)
            for i in qty.indices where rem[i] > 0 {
                for b in legs.indices {
                    let m = min(rem[i], spare(legs[b], line: i))
                    guard m > 0 else { continue }
                    let x = cost(legs, a: b, adjusted(legs[b], line: i, by: m))
                    if x < current - Tolerance.cost {
                        moveUnits(&legs, b, line: i, m)
                        current = x
                        continue improving
                    }
                }
            }
            // Close a leg: its units go to the other legs where they fit, the rest unfulfilled.
            if legs.count > 1 {
                for a in legs.indices {
                    var trial = legs
                    let closed = trial.remove(at: a)
                    for i in qty.indices where closed.units[i] > 0 {
                        var left = closed.units[i]
                        for b in trial.indices where left > 0 {
                            let m = min(left, spare(trial[b], line: i))
                            if m > 0 { moveUnits(&trial, b, line: i, m) }
                            left -= m
                        }
                    }
                    let x = cost(trial)
                    if x < current - Tolerance.cost {
                        legs = trial
                        current = x
                        continue improving
                    }
                }
            }
            // Replace a leg's source by an unused candidate carrying what it can of the same units.
            for a in legs.indices {
                for c in 0..<table.count where !legs.contains(where: { $0.c == c }) {
                    var g = fill(c, legs[a].units)
                    guard g.units > 0 else { continue }
                    for t in table.tariffRange(c) {
                        g.t = t
                        let x = cost(legs, a: a, g)
                        if x < current - Tolerance.cost {
                            legs[a] = leg(c, t, g)
                            current = x
                            continue improving
                        }
                    }
                }
            }
            // Open a new leg for unfulfilled units.
            if legs.count < maxLegs, rem.contains(where: { $0 > 0 }) {
                for c in 0..<table.count where !legs.contains(where: { $0.c == c }) {
                    var g = fill(c, rem)
                    guard g.units > 0 else { continue }
                    for t in table.tariffRange(c) {
                        g.t = t
                        let x = cost(legs, add: g)
                        if x < current - Tolerance.cost {
                            legs.append(leg(c, t, g))
                            current = x
                            continue improving
                        }
                    }
                }
            }
            break
        }
        return legs
    }

    /// The cheapest route found from the single-source and both greedy starts.
    mutating func best() -> [WorkLeg] {
        var best: [WorkLeg] = []
        var bestCost = allLost
        var tried: [[WorkLeg]] = []
        let starts =
            maxLegs > 1
            ? [singleSource(), greedyCover(.lowestTotal), greedyCover(.lowestCostPerUnit)] : [singleSource()]
        for start in starts where !start.isEmpty && !tried.contains(start) {
            tried.append(start)
            let legs = improve(start)
            let x = cost(legs)
            if x < bestCost - Tolerance.cost {
                best = legs
                bestCost = x
            }
        }
        return best
    }
}
