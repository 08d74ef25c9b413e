import OmniRouteModel

/// A flow cover inequality on one scarce row, a cut for column generation's master.
///
/// Take a stock or capacity row of supply `b` at node `n`, and for each order `k` the
/// units `x_k` its route takes from the row and whether the route has a leg at `n`
/// (`y_k`, 0 or 1). Every route has `x_k ≤ u_k y_k`, where `u_k` is the most the order
/// could take from the row, and every plan has `Σ_k x_k ≤ b`. For a cover `C` (orders
/// with `Σ_C u_k = b + λ`, `λ > 0`) every plan then satisfies
///
///     Σ_{k∈C} x_k + Σ_{k∈C} (u_k − λ)⁺ (1 − y_k) ≤ b
///
/// (Padberg, Van Roy and Wolsey, 1985), while the master LP can break it by mixing an
/// order's route through `n` with one that avoids `n`. The cut is written in the
/// compact model's terms (units and legs), so pricing can price it: a route of a member
/// order pays the cut's dual on each unit it takes from the row, and `(u_k − λ)⁺` times
/// the dual unless it has a leg at `n`.
struct FlowCover: Hashable {
    /// The scarce row it strengthens (an index among column generation's rows), and that row's node.
    let row: Int
    let node: Int
    /// The row's supply `b`.
    let supply: Double
    /// The cover's orders (column generation's indices), each with `(u_k − λ)⁺`.
    let members: [Int: Double]

    /// The coefficient of a route of member `k` that takes `units` from the row and has,
    /// or has not, a leg at the node.
    func coefficient(member k: Int, units: Double, hasLeg: Bool) -> Double {
        hasLeg ? units : units + (members[k] ?? 0)
    }

    /// The coefficient of `route`, of member `k`, which takes `units` from the row.
    func coefficient(member k: Int, route: OrderRoute, units: Double) -> Double {
        coefficient(member: k, units: units, hasLeg: route.legs.contains { $0.tariff.source == node })
    }

    /// An order's position at the master LP's solution: units taken from the row (`x`),
    /// share of its routes with a leg at the node (`y`), and the most it could take (`upper`).
    struct Use {
        var order: Int
        var x: Double
        var y: Double
        var upper: Double
    }

    /// The most violated cover among the orders by decreasing `y` (each prefix of that
    /// sequence that is a cover is tried), if one is violated by more than `tolerance`.
    static func separate(row: Int, node: Int, supply: Double, uses: [Use], tolerance: Double = 1e-3) -> FlowCover? {
        let sorted = uses.filter { $0.x > 1e-9 && $0.upper > 0 }.sorted {
            ($0.y, $0.x, -$0.order) > ($1.y, $1.x, -$1.order)
        }
        var best: (violation: Double, size: Int, excess: Double)?
        var total = 0.0
        for (m, use) in sorted.enumerated() {
            total += use.upper
            let excess = total - supply
            guard excess > 1e-9 else { continue }
            var lhs = 0.0
            for u in sorted[...m] { lhs += u.x + max(0, u.upper - excess) * (1 - u.y) }
            let violation = lhs - supply
            if violation > tolerance, violation > best?.violation ?? 0 { best = (violation, m + 1, excess) }
        }
        guard let best else { return nil }
        var members: [Int: Double] = [:]
        for use in sorted[..<best.size] { members[use.order] = max(0, use.upper - best.excess) }
        return FlowCover(row: row, node: node, supply: supply, members: members)
    }
}
