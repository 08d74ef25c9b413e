import OmniRouteModel

extension RouteStore {
    static func indices(node: String, sku: String, _ network: Network) throws(StoreError) -> (Int, Int) {
        guard let n = network.nodeIndex[node] else { throw .notFound("unknown node \"\(node)\"") }
        guard let k = network.skuIndex[sku] else { throw .notFound("unknown sku \"\(sku)\"") }
        return (n, k)
    }

    static func level(_ node: Int, _ sku: Int, _ network: Network, _ book: StockBook) -> StockLevel {
        let p = book.position(node: node, sku: sku) ?? .empty
        return StockLevel(
            node: network.nodes[node].id, sku: network.skus[sku].id, onHand: p.onHand, reserved: p.reserved,
            reservedExternal: p.reservedExternal, safetyStock: p.safetyStock, availableToPromise: p.availableToPromise)
    }

    /// The stock of `sku` at `node`.
    public func stock(node: String, sku: String) throws(StoreError) -> StockLevel {
        try withState { (s: inout State) throws(StoreError) -> StockLevel in
            let (n, k) = try Self.indices(node: node, sku: sku, s.network)
            return Self.level(n, k, s.network, s.book)
        }
    }

    /// Available to promise of `sku` per node (nodes with stock on hand or on its way: these with
    /// their lines and what a leg may take by ship date) and in total;
    /// nearest first when `near` is given.
    public func availability(sku: String, near: GeoPoint? = nil) throws(StoreError) -> Availability {
        try withState { (s: inout State) throws(StoreError) -> Availability in
            guard let k = s.network.skuIndex[sku] else { throw .notFound("unknown sku \"\(sku)\"") }
            let prepared = near.map(GeoPoint.Prepared.init)
            var nodes: [Availability.AtNode] = []
            var total = 0
            let timetable = s.network.timetable
            for n in s.network.nodes.indices {
                let rows = timetable.inbound[n * s.network.skuCount + k] ?? []
                let p = s.book.position(node: n, sku: k) ?? .empty
                guard p.onHand > 0 || !rows.isEmpty else { continue }
                total += p.availableToPromise
                var at = Availability.AtNode(
                    level: Self.level(n, k, s.network, s.book), kind: s.network.nodes[n].kind,
                    distanceKm: prepared.map { s.network.preparedLocations[n].distanceKm(to: $0) })
                if !rows.isEmpty {
                    let id = s.network.nodes[n].id
                    at.inbound = s.network.scenario.inbound.filter { $0.node == id && $0.sku == sku }
                    if let first = timetable.earliest[n] {
                        let days = Set([first] + rows.map(\.day).filter { $0 > first && $0 <= timetable.horizon })
                        at.byDate = days.sorted().map { d in
                            (s.network.today + d, s.book.ledger.availableBy(node: n, sku: k, day: d))
                        }
                    }
                }
                nodes.append(at)
            }
            if near != nil { nodes.sort { $0.distanceKm! < $1.distanceKm! } }
            return Availability(sku: sku, total: total, nodes: nodes)
        }
    }
}
