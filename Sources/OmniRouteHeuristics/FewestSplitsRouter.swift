import OmniRouteModel

/// The rule of Shopify's order routing that minimises split fulfilments: an order
/// goes to as few locations as possible, and among those to the cheapest on the cost
/// model. In turn: the cheapest single source that covers the whole order; else the
/// cheapest pair that covers it (searched exhaustively when there are at most
/// `pairSearchLimit` candidates); else a greedy cover that each time adds the source
/// giving the most of what is still missing (ties: the cheaper leg), up to the
/// order's leg limit. Units beyond what can be covered are unfulfilled.
public struct FewestSplitsRouter: OrderRouter {
    public let name = "fewest-splits"
    public let network: Network
    /// Above this many candidates, pairs are not searched exhaustively.
    public var pairSearchLimit = 48

    public init(network: Network) { self.network = network }

    public func route(_ resolved: ResolvedOrder, limits: RouteLimits, ledger: InventoryLedger) -> OrderRoute {
        let candidates = ledger.candidates(resolved, limits: limits)
        let qty = resolved.order.lines.map(\.qty)
        let maxLegs = network.maxLegs(for: resolved)
        func priced(_ legs: [(candidate: Int, units: [Int])]) -> (OrderRoute, Double) {
            let r = SourceFill.route(legs, candidates, for: resolved, network: network)
            return (r, network.cost(of: r, for: resolved).total)
        }
        func cheapest(_ options: [[(candidate: Int, units: [Int])]]) -> OrderRoute? {
            var best: (OrderRoute, Double)?
            for legs in options {
                let p = priced(legs)
                if best == nil || p.1 < best!.1 { best = p }
            }
            return best?.0
        }
        // One location.
        let singles = candidates.indices.filter { SourceFill.covers(qty, candidates[$0]) }
        if let r = cheapest(singles.map { [($0, qty)] }) { return r }
        // Two locations.
        if maxLegs >= 2, candidates.count <= pairSearchLimit {
            var pairs: [[(candidate: Int, units: [Int])]] = []
            for a in candidates.indices {
                for b in candidates.indices where b != a {
                    let legs = SourceFill.fill(qty, candidates, sequence: [a, b], maxLegs: 2)
                    guard legs.count == 2 else { continue }
                    let sent = legs.reduce(0) { $0 + $1.units.reduce(0, +) }
                    if sent == qty.reduce(0, +) { pairs.append(legs) }
                }
            }
            if let r = cheapest(pairs) { return r }
        }
        // Greedy cover: most missing units first.
        var rem = qty
        var chosen: [Int] = []
        var legs: [(candidate: Int, units: [Int])] = []
        while legs.count < maxLegs, rem.contains(where: { $0 > 0 }) {
            var best: (c: Int, units: [Int], gives: Int, cost: Double)?
            for c in candidates.indices where !chosen.contains(c) {
                let units = SourceFill.take(rem, from: candidates[c])
                let gives = units.reduce(0, +)
                guard gives > 0 else { continue }
                let cost = priced([(c, units)]).1
                if best == nil || gives > best!.gives || (gives == best!.gives && cost < best!.cost) {
                    best = (c, units, gives, cost)
                }
            }
            guard let best else { break }
            chosen.append(best.c)
            legs.append((best.c, best.units))
            for i in rem.indices { rem[i] -= best.units[i] }
        }
        return SourceFill.route(legs, candidates, for: resolved, network: network)
    }
}
