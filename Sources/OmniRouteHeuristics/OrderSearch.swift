import OmniRouteModel

/// A partial route under construction: legs from candidates, each with a tariff
/// and the units of each line it carries.
struct WorkLeg: Equatable {
    var candidate: Int
    var tariff: Int
    var units: [Int]

    var total: Int { units.reduce(0, +) }
}

/// The search for the cheapest route of one order among its candidates, under the
/// cost model: single-source covers, cost-aware greedy covers, and a local
/// improvement pass. Every cost it compares is the order's exact cost.
struct OrderSearch {
    let network: Network
    let order: Int
    let candidates: [Candidate]
    let qty: [Int]
    let weight: [Double]
    /// Lost-sale cost of one unit of each line.
    let lostValue: [Double]
    let maxLegs: Int
    let dueBy: CalendarDay
    /// Lost-sale cost of the whole order (nothing sent).
    let allLost: Double
    /// Lines by falling lost value: the order in which scarce capacity is spent.
    let valueOrder: [Int]

    init(network: Network, order: Int, candidates: [Candidate]) {
        self.network = network
        self.order = order
        self.candidates = candidates
        let o = network.orders[order]
        let skus = network.orderSKUs[order]
        qty = o.lines.map(\.qty)
        weight = skus.map { network.skus[$0].weightKg }
        let lostValue = skus.map { CostModel.lostSaleCost(network.skus[$0], units: 1, policy: network.policy) }
        self.lostValue = lostValue
        maxLegs = CostModel.maxLegs(for: o, policy: network.policy)
        dueBy = o.dueBy
        allLost = zip(skus, qty).reduce(0.0) { $0 + CostModel.lostSaleCost(network.skus[$1.0], units: $1.1, policy: network.policy) }
        valueOrder = lostValue.indices.sorted { lostValue[$0] > lostValue[$1] }
    }

    // MARK: cost

    func tariff(_ leg: WorkLeg) -> LegTariff { candidates[leg.candidate].tariffs[leg.tariff] }

    /// The order's total cost with these legs (the rest unfulfilled).
    func cost(_ legs: [WorkLeg]) -> Double {
        var legsCost = 0.0, saved = 0.0
        var maxEta = -1
        for leg in legs {
            var units = 0
            var kg = 0.0
            for i in leg.units.indices where leg.units[i] > 0 {
                units += leg.units[i]
                kg += Double(leg.units[i]) * weight[i]
                saved += Double(leg.units[i]) * lostValue[i]
            }
            let t = tariff(leg)
            legsCost += t.cost(units: units, weightKg: kg).total
            maxEta = max(maxEta, t.etaDays)
        }
        let late = maxEta < 0 ? 0 : CostModel.lateDays(today: network.today, etaDays: maxEta, dueBy: dueBy)
        return CostModel.orderCost(legs: legsCost, legCount: legs.count, lateDays: late,
                                   unfulfilled: max(0, allLost - saved), policy: network.policy).total
    }

    func route(_ legs: [WorkLeg]) -> OrderRoute {
        OrderRoute(order: order, legs: legs.map { OrderRoute.Leg(tariff: tariff($0), quantities: $0.units) })
    }

    /// Units left to send of each line.
    func remaining(_ legs: [WorkLeg]) -> [Int] {
        var rem = qty
        for leg in legs { for i in rem.indices { rem[i] -= leg.units[i] } }
        return rem
    }

    /// What candidate `c` can carry of `wanted`, within its stock and capacity
    /// (capacity goes to the most valuable lines first).
    func fill(_ c: Int, _ wanted: [Int]) -> [Int] {
        let cand = candidates[c]
        var u = [Int](repeating: 0, count: wanted.count)
        var cap = cand.capacityLeft
        for i in valueOrder where cap > 0 {
            let take = min(wanted[i], cand.available[i], cap)
            if take > 0 {
                u[i] = take
                cap -= take
            }
        }
        return u
    }

    // MARK: constructions

    /// The best one-leg route (each candidate and tariff carrying all it can).
    func singleSource() -> [WorkLeg] {
        var best: [WorkLeg] = []
        var bestCost = allLost
        for c in candidates.indices {
            let u = fill(c, qty)
            guard u.contains(where: { $0 > 0 }) else { continue }
            for t in candidates[c].tariffs.indices {
                let legs = [WorkLeg(candidate: c, tariff: t, units: u)]
                let x = cost(legs)
                if x < bestCost - 1e-9 {
                    best = legs
                    bestCost = x
                }
            }
        }
        return best
    }

    enum GreedyRule { case lowestTotal, lowestCostPerUnit }

    /// Adds legs one at a time while a leg lowers the order's cost, choosing by `rule`.
    func greedyCover(_ rule: GreedyRule) -> [WorkLeg] {
        var legs: [WorkLeg] = []
        var current = allLost
        while legs.count < maxLegs {
            let rem = remaining(legs)
            guard rem.contains(where: { $0 > 0 }) else { break }
            var pick: (legs: [WorkLeg], cost: Double, score: Double)?
            for c in candidates.indices where !legs.contains(where: { $0.candidate == c }) {
                let u = fill(c, rem)
                let units = u.reduce(0, +)
                guard units > 0 else { continue }
                let value = zip(u, lostValue).reduce(0.0) { $0 + Double($1.0) * $1.1 }
                for t in candidates[c].tariffs.indices {
                    let trial = legs + [WorkLeg(candidate: c, tariff: t, units: u)]
                    let x = cost(trial)
                    guard x < current - 1e-9 else { continue }
                    let score = rule == .lowestTotal ? x : (x - current + value) / Double(units)
                    if pick == nil || score < pick!.score - 1e-12 { pick = (trial, x, score) }
                }
            }
            guard let pick else { break }
            legs = pick.legs
            current = pick.cost
        }
        return legs
    }

    // MARK: local improvement

    /// Improves `start` by moves that each lower the exact cost: change a leg's
    /// service, move units between open legs, send unfulfilled units from open legs,
    /// close a leg, replace a leg's source, open a new leg.
    func improve(_ start: [WorkLeg]) -> [WorkLeg] {
        var legs = start
        var current = cost(legs)
        var rounds = 0
        func accept(_ trial: [WorkLeg]) -> Bool {
            let x = cost(trial)
            guard x < current - 1e-9 else { return false }
            legs = trial
            current = x
            return true
        }
        improving: while rounds < 32 {
            rounds += 1
            // Another service for a leg.
            for a in legs.indices {
                for t in candidates[legs[a].candidate].tariffs.indices where t != legs[a].tariff {
                    var trial = legs
                    trial[a].tariff = t
                    if accept(trial) { continue improving }
                }
            }
            // Move units of a line from one open leg to another (closing the first if emptied).
            for a in legs.indices {
                for i in qty.indices where legs[a].units[i] > 0 {
                    for b in legs.indices where b != a {
                        let m = min(legs[a].units[i], spare(legs[b], line: i))
                        guard m > 0 else { continue }
                        var trial = legs
                        trial[a].units[i] -= m
                        trial[b].units[i] += m
                        if trial[a].total == 0 { trial.remove(at: a) }
                        if accept(trial) { continue improving }
                    }
                }
            }
            // Send unfulfilled units from an open leg with stock to spare.
            let rem = remaining(legs)
            for i in qty.indices where rem[i] > 0 {
                for b in legs.indices {
                    let m = min(rem[i], spare(legs[b], line: i))
                    guard m > 0 else { continue }
                    var trial = legs
                    trial[b].units[i] += m
                    if accept(trial) { continue improving }
                }
            }
            // Close a leg: its units go to the other legs where they fit, the rest unfulfilled.
            if legs.count > 1 {
                for a in legs.indices {
                    var trial = legs
                    let moved = trial.remove(at: a)
                    for i in qty.indices where moved.units[i] > 0 {
                        var left = moved.units[i]
                        for b in trial.indices where left > 0 {
                            let m = min(left, spare(trial[b], line: i))
                            trial[b].units[i] += m
                            left -= m
                        }
                    }
                    if accept(trial) { continue improving }
                }
            }
            // Replace a leg's source by an unused candidate carrying what it can of the same units.
            for a in legs.indices {
                for c in candidates.indices where !legs.contains(where: { $0.candidate == c }) {
                    let u = fill(c, legs[a].units)
                    guard u.contains(where: { $0 > 0 }) else { continue }
                    for t in candidates[c].tariffs.indices {
                        var trial = legs
                        trial[a] = WorkLeg(candidate: c, tariff: t, units: u)
                        if accept(trial) { continue improving }
                    }
                }
            }
            // Open a new leg for unfulfilled units.
            if legs.count < maxLegs, rem.contains(where: { $0 > 0 }) {
                for c in candidates.indices where !legs.contains(where: { $0.candidate == c }) {
                    let u = fill(c, rem)
                    guard u.contains(where: { $0 > 0 }) else { continue }
                    for t in candidates[c].tariffs.indices {
                        if accept(legs + [WorkLeg(candidate: c, tariff: t, units: u)]) { continue improving }
                    }
                }
            }
            break
        }
        return legs
    }

    /// Units of line `i` that leg `leg` could still carry (stock and capacity).
    func spare(_ leg: WorkLeg, line i: Int) -> Int {
        let cand = candidates[leg.candidate]
        return max(0, min(cand.available[i] - leg.units[i], cand.capacityLeft - leg.total))
    }

    /// The cheapest route found from the single-source and both greedy starts.
    func best() -> [WorkLeg] {
        var starts = [singleSource()]
        if maxLegs > 1 {
            starts.append(greedyCover(.lowestTotal))
            starts.append(greedyCover(.lowestCostPerUnit))
        }
        var best: [WorkLeg] = []
        var bestCost = allLost
        var tried: [[WorkLeg]] = []
        for start in starts where !tried.contains(start) {
            tried.append(start)
            let legs = improve(start)
            let x = cost(legs)
            if x < bestCost - 1e-9 {
                best = legs
                bestCost = x
            }
        }
        return best
    }
}
