import OmniRouteModel

/// Filling an order from candidate sources taken in a given sequence, as the
/// rule-based strategies (priority, fewest-splits) do: each source in turn gives
/// every line what it holds, within its capacity, until the order is covered or the
/// order's leg limit is reached. Each leg then goes by its cheapest way of sending.
enum SourceFill {
    /// Units per candidate (by line) taken in `sequence` order; at most `maxLegs` sources.
    static func fill(_ qty: [Int], _ candidates: [Candidate], sequence: some Sequence<Int>, maxLegs: Int) -> [(
        candidate: Int, units: [Int]
    )] {
        var rem = qty
        var legs: [(candidate: Int, units: [Int])] = []
        for c in sequence {
            guard legs.count < maxLegs, rem.contains(where: { $0 > 0 }) else { break }
            let units = take(rem, from: candidates[c])
            guard units.contains(where: { $0 > 0 }) else { continue }
            for i in rem.indices { rem[i] -= units[i] }
            legs.append((c, units))
        }
        return legs
    }

    /// What one candidate can give of `wanted`, line by line, within its capacity.
    static func take(_ wanted: [Int], from c: Candidate) -> [Int] {
        var cap = c.capacityLeft
        return zip(wanted, c.available).map { q, a in
            let m = max(0, min(q, a, cap))
            cap -= m
            return m
        }
    }

    /// Whether a candidate alone covers the whole order.
    static func covers(_ qty: [Int], _ c: Candidate) -> Bool {
        zip(c.available, qty).allSatisfy { $0 >= $1 } && c.capacityLeft >= qty.reduce(0, +)
    }

    /// The route of the chosen legs, each by its cheapest tariff (ties: the earlier eta).
    static func route(
        _ legs: [(candidate: Int, units: [Int])], _ candidates: [Candidate], for resolved: ResolvedOrder,
        network: Network
    ) -> OrderRoute {
        OrderRoute(
            order: resolved.index,
            legs: legs.compactMap { leg in
                guard leg.units.contains(where: { $0 > 0 }) else { return nil }
                let units = leg.units.reduce(0, +)
                let kg = zip(leg.units, resolved.skus).reduce(0.0) { $0 + Double($1.0) * network.skus[$1.1].weightKg }
                let cheapest = candidates[leg.candidate].tariffs.min { a, b in
                    let x = a.cost(units: units, weightKg: kg, quantities: leg.units).total
                    let y = b.cost(units: units, weightKg: kg, quantities: leg.units).total
                    return x == y ? a.etaDays < b.etaDays : x < y
                }!
                return OrderRoute.Leg(tariff: cheapest, quantities: leg.units)
            })
    }
}
