import OmniRouteModel

/// The distance-ordered source selection of Magento MSI, as a baseline: sources
/// sorted by distance to the customer (or the pickup store), each line taken from
/// the nearest sources that hold it until it is filled. Each leg goes by the
/// cheapest service that reaches. Order constraints (no split, max legs,
/// capacity) are respected; what does not fit is unfulfilled.
public struct NearestRouter: OrderRouter {
    public let name = "nearest"
    public let network: Network

    public init(network: Network) { self.network = network }

    public func route(_ resolved: ResolvedOrder, limits: RouteLimits, ledger: InventoryLedger) -> OrderRoute {
        let order = resolved.order
        let candidates = ledger.candidates(resolved, limits: limits)
        let target: GeoPoint
        switch order.delivery {
        case .ship(let point): target = point
        case .pickup(let store): target = network.nodes[network.nodeIndex[store]!].location
        }
        let distance = candidates.map { network.nodes[$0.node].location.distanceKm(to: target) }
        let byDistance = candidates.indices.sorted {
            distance[$0] == distance[$1] ? candidates[$0].node < candidates[$1].node : distance[$0] < distance[$1]
        }
        let qty = order.lines.map(\.qty)
        let maxLegs = network.maxLegs(for: resolved)

        var legs: [(candidate: Int, units: [Int])] = []
        if maxLegs == 1 {
            // One source only: the nearest that can fill the whole order, else the nearest with anything.
            let full = byDistance.first { c in
                zip(candidates[c].available, qty).allSatisfy { $0 >= $1 }
                    && candidates[c].capacityLeft >= qty.reduce(0, +)
            }
            if let c = full ?? byDistance.first {
                legs = [(c, take(qty, from: candidates[c]))]
            }
        } else {
            var rem = qty
            for i in qty.indices {
                for c in byDistance where rem[i] > 0 {
                    var slot = legs.firstIndex { $0.candidate == c }
                    if slot == nil {
                        guard legs.count < maxLegs else { continue }
                        legs.append((c, [Int](repeating: 0, count: qty.count)))
                        slot = legs.count - 1
                    }
                    let used = legs[slot!].units.reduce(0, +)
                    let m = min(rem[i], candidates[c].available[i], candidates[c].capacityLeft - used)
                    if m > 0 {
                        legs[slot!].units[i] += m
                        rem[i] -= m
                    }
                    if legs[slot!].units.allSatisfy({ $0 == 0 }) { legs.remove(at: slot!) }
                }
            }
        }
        let skus = resolved.skus
        return OrderRoute(
            order: resolved.index,
            legs: legs.compactMap { leg in
                guard leg.units.contains(where: { $0 > 0 }) else { return nil }
                let units = leg.units.reduce(0, +)
                let kg = zip(leg.units, skus).reduce(0.0) { $0 + Double($1.0) * network.skus[$1.1].weightKg }
                let tariffs = candidates[leg.candidate].tariffs
                let cheapest = tariffs.min { a, b in
                    let x = a.cost(units: units, weightKg: kg, quantities: leg.units).total
                    let y = b.cost(units: units, weightKg: kg, quantities: leg.units).total
                    return x == y ? a.etaDays < b.etaDays : x < y
                }!
                return OrderRoute.Leg(tariff: cheapest, quantities: leg.units)
            })
    }

    private func take(_ qty: [Int], from c: Candidate) -> [Int] {
        var cap = c.capacityLeft
        return zip(qty, c.available).map { q, a in
            let m = min(q, a, cap)
            cap -= m
            return m
        }
    }
}
