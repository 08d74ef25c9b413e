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

    /// Available to promise of `sku` per node (nodes with stock on hand) and in total;
    /// nearest first when `near` is given.
    public func availability(sku: String, near: GeoPoint? = nil) throws(StoreError) -> Availability {
        try withState { (s: inout State) throws(StoreError) -> Availability in
            guard let k = s.network.skuIndex[sku] else { throw .notFound("unknown sku \"\(sku)\"") }
            let prepared = near.map(GeoPoint.Prepared.init)
            var nodes: [Availability.AtNode] = []
            var total = 0
            for n in s.network.nodes.indices {
                guard let p = s.book.position(node: n, sku: k), p.onHand > 0 else { continue }
                total += p.availableToPromise
                nodes.append(
                    .init(
                        level: Self.level(n, k, s.network, s.book), kind: s.network.nodes[n].kind,
                        distanceKm: prepared.map { s.network.preparedLocations[n].distanceKm(to: $0) }))
            }
            if near != nil { nodes.sort { $0.distanceKm! < $1.distanceKm! } }
            return Availability(sku: sku, total: total, nodes: nodes)
        }
    }
}
