#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

extension Scenario {
    /// The orders of `scale_demand`: with a factor f ≥ 1 every order stays and
    /// round((f − 1) × n) more are drawn from them uniformly with replacement; with
    /// f < 1 a sample of round(f × n) orders is kept (at least one). A drawn order
    /// keeps its channel, lines, due date, split rule and pickup store; its ship
    /// location moves up to `jitterKm` (uniformly over the disc) and its `placed_at`
    /// up to `jitterHours` either way, never after `now`. Its id is the original's
    /// with `-D<n>` (unique in the scenario), its customer likewise. The same seed
    /// gives the same orders.
    func scaledDemand(_ scaling: DemandScaling) -> [Order] {
        var rng = SeededRandom(seed: scaling.seed)
        let n = orders.count
        guard n > 0 else { return orders }
        if scaling.factor < 1 {
            let keep = max(1, Int((Double(n) * scaling.factor).rounded()))
            var indices = Array(orders.indices)
            for i in 0..<keep {  // partial Fisher–Yates
                let j = i + rng.below(n - i)
                indices.swapAt(i, j)
            }
            return indices.prefix(keep).sorted().map { orders[$0] }
        }
        let extra = Int((Double(n) * (scaling.factor - 1)).rounded())
        var ids = Set(orders.map(\.id))
        var result = orders
        result.reserveCapacity(n + extra)
        var serial = 0
        for _ in 0..<extra {
            var o = orders[rng.below(n)]
            let base = o.id
            var id: String
            repeat {
                serial += 1
                id = "\(base)-D\(serial)"
            } while ids.contains(id)
            ids.insert(id)
            o.id = id
            o.customerId += "-D\(serial)"
            let shift = (rng.unit() * 2 - 1) * scaling.jitterHours * 3600
            let placed = min(o.placedAt.secondsSinceEpoch + shift, now.secondsSinceEpoch)
            o.placedAt = Timestamp(secondsSinceEpoch: placed.rounded(.down))
            if case .ship(let p) = o.delivery {
                o.delivery = .ship(to: Self.jittered(p, km: scaling.jitterKm, rng: &rng))
            }
            result.append(o)
        }
        return result
    }

    /// A point up to `km` from `p`, uniformly over the disc, rounded to 5 decimals (about 1 m).
    private static func jittered(_ p: GeoPoint, km: Double, rng: inout SeededRandom) -> GeoPoint {
        let distance = km * rng.unit().squareRoot()
        let bearing = rng.unit() * 2 * Double.pi
        let kmPerDegree = GeoPoint.earthRadiusKm * Double.pi / 180
        let lat = min(89.9, max(-89.9, p.lat + distance * cos(bearing) / kmPerDegree))
        var lon = p.lon + distance * sin(bearing) / (kmPerDegree * max(0.01, cos(p.lat * Double.pi / 180)))
        if lon > 180 { lon -= 360 } else if lon < -180 { lon += 360 }
        func round5(_ x: Double) -> Double { (x * 100_000).rounded() / 100_000 }
        return GeoPoint(lat: round5(lat), lon: round5(lon))
    }
}
