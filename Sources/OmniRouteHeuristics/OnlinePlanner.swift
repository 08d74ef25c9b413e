import OmniRouteModel

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Runs a router over a scenario as checkout would: orders in `placed_at` order,
/// each routed on what the ones before it left.
public struct OnlinePlanner {
    public let network: Network

    public init(network: Network) { self.network = network }

    /// The result of one run.
    public struct Run: Sendable {
        public var routes: [OrderRoute]
        /// Seconds spent routing each order (in arrival order).
        public var orderSeconds: [Double]
        public var totalSeconds: Double
        /// What was left at the end.
        public var ledger: InventoryLedger
    }

    /// Routes every order (or the first `limit` in arrival order) with `router`.
    public func run(_ router: some OrderRouter, limit: Int? = nil) -> Run {
        var router = router
        var ledger = InventoryLedger(network: network)
        var routes: [OrderRoute] = []
        var seconds: [Double] = []
        let arrival = network.scenario.ordersInArrivalOrder
        let count = min(limit ?? arrival.count, arrival.count)
        routes.reserveCapacity(count)
        seconds.reserveCapacity(count)
        let start = Self.now()
        for index in arrival.prefix(count) {
            let t0 = Self.now()
            let route = router.route(order: index, ledger: ledger)
            ledger.apply(route)
            seconds.append(Self.now() - t0)
            routes.append(route)
        }
        return Run(routes: routes, orderSeconds: seconds, totalSeconds: Self.now() - start, ledger: ledger)
    }

    /// A plan of every order of the scenario by `router`.
    public func plan(_ router: some OrderRouter) -> Plan {
        let run = run(router)
        return network.plan(routes: run.routes, strategy: router.name, solveSeconds: run.totalSeconds)
    }

    /// Monotonic seconds.
    public static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
    }
}
