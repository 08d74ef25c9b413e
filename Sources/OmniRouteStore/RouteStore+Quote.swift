import OmniRouteHeuristics
import OmniRouteModel

extension RouteStore {
    /// The route checkout would choose now (or the promise options near a location);
    /// nothing is held.
    public func quote(_ request: CheckoutRequest, explain: Bool = false) throws(StoreError) -> Quote {
        let now = clock.now
        return try withState { (s: inout State) throws(StoreError) -> Quote in
            switch request.destination {
            case .ship(let p):
                return .route(try Self.routeQuote(request, delivery: .ship(to: p), now: now, explain: explain, &s))
            case .pickup(let store):
                return .route(
                    try Self.routeQuote(request, delivery: .pickup(at: store), now: now, explain: explain, &s))
            case .optionsNear(let p, let count):
                var ship: [PromiseOptions.Ship] = []
                for (i, service) in s.network.services.enumerated() {
                    let q = try Self.routeQuote(
                        request, delivery: .ship(to: p), limits: RouteLimits(service: i), now: now,
                        explain: false, &s)
                    ship.append(.init(service: service.id, quote: q))
                }
                let stores = Self.nearestPickupStores(to: p, count: count, s.network)
                var pickup: [PromiseOptions.Pickup] = []
                for store in stores {
                    let node = s.network.nodes[store.node]
                    let q = try Self.routeQuote(request, delivery: .pickup(at: node.id), now: now, explain: false, &s)
                    pickup.append(.init(store: node.id, name: node.name, distanceKm: store.km, quote: q))
                }
                return .options(PromiseOptions(ship: ship, pickup: pickup))
            }
        }
    }

    private static func nearestPickupStores(to point: GeoPoint, count: Int, _ network: Network) -> [(
        node: Int, km: Double
    )] {
        let prepared = GeoPoint.Prepared(point)
        var stores: [(node: Int, km: Double)] = []
        for (i, node) in network.nodes.enumerated() where node.pickup && node.kind == .store {
            stores.append((i, network.preparedLocations[i].distanceKm(to: prepared)))
        }
        stores.sort { (a: (node: Int, km: Double), b: (node: Int, km: Double)) -> Bool in
            a.km == b.km ? a.node < b.node : a.km < b.km
        }
        return Array(stores.prefix(count))
    }

    /// `request` as an order of the network, or the issues of its unknown skus and stores.
    static func resolve(
        _ request: CheckoutRequest, id: String, delivery: Delivery, placedAt: Timestamp,
        _ network: Network
    ) throws(StoreError) -> ResolvedOrder {
        do {
            return try network.resolve(request.order(id: id, placedAt: placedAt, delivery: delivery))
        } catch {
            switch error {
            case .unknownSKU(let line, let sku):
                throw .invalid([Issue(path: "lines[\(line)].sku", message: "unknown sku \"\(sku)\"")])
            case .unknownPickupNode, .notAPickupStore:
                throw .invalid([Issue(path: "delivery.pickup_node", message: error.description)])
            }
        }
    }

    private static func routeQuote(
        _ request: CheckoutRequest, delivery: Delivery, limits: RouteLimits = .none, now: Timestamp,
        explain: Bool, _ s: inout State
    ) throws(StoreError) -> RouteQuote {
        let resolved = try resolve(
            request, id: request.orderId ?? "quote", delivery: delivery, placedAt: now, s.network)
        let route = s.router.route(resolved, limits: limits, ledger: s.book.ledger)
        let explanation =
            explain
            ? Explainer(network: s.network).explain(
                resolved, limits: limits, ledger: s.book.ledger, router: s.router, ordersBefore: s.openOrders)
            : nil
        return RouteQuote(plan: s.network.plannedOrder(route, for: resolved), explanation: explanation)
    }
}
