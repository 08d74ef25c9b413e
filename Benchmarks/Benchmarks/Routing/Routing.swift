import Benchmark
import Foundation
import OmniRouteExact
import OmniRouteFormat
import OmniRouteHeuristics
import OmniRouteModel

/// The bundled scenarios, loaded once.
enum Fixtures {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static func network(_ name: String) -> Network {
        // A missing or broken bundled scenario is a broken checkout: stop with the reason.
        do {
            return Network(try DocumentFile.scenario(root.appendingPathComponent("scenarios/\(name).json").path))
        } catch {
            fatalError("\(error)")
        }
    }
    nonisolated(unsafe) static let national = network("national-large")
    /// national-large with east-rules' seven sourcing rules and the tags they select by
    /// (the what-if variant `scenarios/whatif/national-large-rules.yaml`).
    nonisolated(unsafe) static let nationalRules: Network = {
        do {
            return Network(
                try DocumentFile.variant(root.appendingPathComponent("scenarios/whatif/national-large-rules.yaml").path)
                    .scenario)
        } catch {
            fatalError("\(error)")
        }
    }()
    /// national-large in the real calendar: zones by state, 14:00 cutoffs, Sundays and
    /// Thanksgiving closed (the what-if variant `scenarios/whatif/national-large-calendar.yaml`).
    nonisolated(unsafe) static let nationalCalendar: Network = {
        do {
            return Network(
                try DocumentFile.variant(
                    root.appendingPathComponent("scenarios/whatif/national-large-calendar.yaml").path
                ).scenario)
        } catch {
            fatalError("\(error)")
        }
    }()
    nonisolated(unsafe) static let eastMedium = network("east-medium")
    nonisolated(unsafe) static let northeastSmall = network("northeast-small")
}

/// Routes the orders of a network one at a time in arrival order, as checkout does,
/// starting again with full stock after the last one: one iteration is one order.
/// A class, so that the stream goes on across the benchmark's samples.
final class OnlineStream<Router: OrderRouter>: @unchecked Sendable {
    let network: Network
    var router: Router
    var ledger: InventoryLedger
    let arrival: [Int]
    var next = 0

    init(network: Network, router: Router) {
        self.network = network
        self.router = router
        ledger = InventoryLedger(network: network)
        arrival = network.scenario.ordersInArrivalOrder
    }

    func routeNext() -> OrderRoute {
        if next == arrival.count {
            ledger = InventoryLedger(network: network)
            next = 0
        }
        let route = router.route(order: arrival[next], ledger: ledger)
        ledger.apply(route)
        next += 1
        return route
    }

    /// As `routeNext`, but the order comes as checkout sees it: resolved from its document
    /// fields (index -1), so the rules that apply to it are compiled in the iteration.
    func routeNextAsCheckout() -> OrderRoute {
        if next == arrival.count {
            ledger = InventoryLedger(network: network)
            next = 0
        }
        // A scenario order always resolves against its own network.
        let order = try! network.resolve(network.orders[arrival[next]])
        let route = router.route(order, ledger: ledger)
        ledger.apply(route, for: order)
        next += 1
        return route
    }
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .mallocCountTotal],
        maxDuration: .seconds(5), maxIterations: 1_000_000)

    let greedy = OnlineStream(network: Fixtures.national, router: GreedyRouter(network: Fixtures.national))
    Benchmark(
        "greedy: route one order online (national-large)",
        configuration: .init(metrics: [.wallClock, .throughput], maxDuration: .seconds(10), maxIterations: 20_000)
    ) { benchmark in
        for _ in benchmark.scaledIterations { blackHole(greedy.routeNext()) }
    }

    // The price of sourcing rules at checkout: the same stream of orders, resolved as
    // checkout resolves them, without and with east-rules' rule set (issue 18: ≤ 25 % more
    // time per order). Compare the p50 and p99 of the two.
    for (label, network) in [
        ("national-large", Fixtures.national), ("national-large with east-rules' rules", Fixtures.nationalRules),
    ] {
        let stream = OnlineStream(network: network, router: GreedyRouter(network: network))
        Benchmark(
            "greedy: route one checkout order (\(label))",
            configuration: .init(metrics: [.wallClock, .throughput], maxDuration: .seconds(10), maxIterations: 40_000)
        ) { benchmark in
            for _ in benchmark.scaledIterations { blackHole(stream.routeNextAsCheckout()) }
        }
    }

    // The price of time (issue 19: at most 1.5× the time per order): the same stream with a
    // calendar applied. Compare its p50 and p99 with "greedy: route one order online (national-large)".
    let calendar = OnlineStream(
        network: Fixtures.nationalCalendar, router: GreedyRouter(network: Fixtures.nationalCalendar))
    Benchmark(
        "greedy: route one order online (national-large with a calendar)",
        configuration: .init(metrics: [.wallClock, .throughput], maxDuration: .seconds(10), maxIterations: 20_000)
    ) { benchmark in
        for _ in benchmark.scaledIterations { blackHole(calendar.routeNext()) }
    }

    let nearest = OnlineStream(network: Fixtures.national, router: NearestRouter(network: Fixtures.national))
    Benchmark(
        "nearest: route one order online (national-large)",
        configuration: .init(metrics: [.wallClock, .throughput], maxDuration: .seconds(10), maxIterations: 20_000)
    ) { benchmark in
        for _ in benchmark.scaledIterations { blackHole(nearest.routeNext()) }
    }

    let priority = OnlineStream(network: Fixtures.national, router: PriorityRouter(network: Fixtures.national))
    Benchmark(
        "priority: route one order online (national-large)",
        configuration: .init(metrics: [.wallClock, .throughput], maxDuration: .seconds(10), maxIterations: 20_000)
    ) { benchmark in
        for _ in benchmark.scaledIterations { blackHole(priority.routeNext()) }
    }

    let fewestSplits = OnlineStream(network: Fixtures.national, router: FewestSplitsRouter(network: Fixtures.national))
    Benchmark(
        "fewest-splits: route one order online (national-large)",
        configuration: .init(metrics: [.wallClock, .throughput], maxDuration: .seconds(10), maxIterations: 20_000)
    ) { benchmark in
        for _ in benchmark.scaledIterations { blackHole(fewestSplits.routeNext()) }
    }

    Benchmark(
        "greedy: plan all 2,000 orders (east-medium)",
        configuration: .init(metrics: [.wallClock, .peakMemoryResident], maxDuration: .seconds(20), maxIterations: 20)
    ) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(OnlinePlanner(network: Fixtures.eastMedium).plan(GreedyRouter(network: Fixtures.eastMedium)))
        }
    }

    // Plan throughput of each heuristic: one iteration is a whole plan of east-medium's
    // 2,000 orders (throughput in plans per second; × 2,000 for orders per second).
    let heuristics: [(String, @Sendable (Network) -> any OrderRouter)] = [
        ("greedy", { GreedyRouter(network: $0) }), ("nearest", { NearestRouter(network: $0) }),
        ("priority", { PriorityRouter(network: $0) }), ("fewest-splits", { FewestSplitsRouter(network: $0) }),
    ]
    for (name, make) in heuristics {
        Benchmark(
            "plan throughput: \(name), 2,000 orders (east-medium)",
            configuration: .init(metrics: [.wallClock, .throughput], maxDuration: .seconds(10), maxIterations: 50)
        ) { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(OnlinePlanner(network: Fixtures.eastMedium).run(make(Fixtures.eastMedium)).routes.count)
            }
        }
    }

    Benchmark(
        "checker: validate the greedy plan (east-medium)",
        configuration: .init(metrics: [.wallClock], maxDuration: .seconds(10), maxIterations: 50)
    ) { benchmark in
        let document = OnlinePlanner(network: Fixtures.eastMedium).plan(GreedyRouter(network: Fixtures.eastMedium))
            .document
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations { blackHole(try PlanChecker(network: Fixtures.eastMedium).check(document)) }
    }

    // The exact engine against size: one order's optimum (the unit of myopic-exact and of
    // column generation's pricing), by `solveOrder` (its branch and bound over legs, the
    // MILP only where capacity could bind) and by the order's MILP on GLPK; then whole
    // scenarios with a short time limit.
    Benchmark(
        "exact: one order's optimum (solveOrder), orders of east-medium in turn",
        configuration: .init(metrics: [.wallClock, .throughput], maxDuration: .seconds(10), maxIterations: 20_000)
    ) { benchmark in
        let planner = ExactPlanner(network: Fixtures.eastMedium)
        let ledger = InventoryLedger(network: Fixtures.eastMedium)
        for i in benchmark.scaledIterations {
            blackHole(planner.solveOrder(i % Fixtures.eastMedium.orders.count, ledger: ledger, warmStart: nil))
        }
    }

    Benchmark(
        "exact: one order's MILP on GLPK, orders of east-medium in turn",
        configuration: .init(metrics: [.wallClock, .throughput], maxDuration: .seconds(10), maxIterations: 2_000)
    ) { benchmark in
        let ledger = InventoryLedger(network: Fixtures.eastMedium)
        for i in benchmark.scaledIterations {
            let milp = RoutingMILP(
                network: Fixtures.eastMedium, orders: [i % Fixtures.eastMedium.orders.count], ledger: ledger)
            blackHole(GLPK.solve(milp.model, options: SolverOptions(gap: 0, presolve: true)))
        }
    }

    // MILP time against size: the first n orders (in arrival order) of east-medium, jointly
    // (batch: stops at its 10 s limit once a group of competing orders cannot be proven
    // optimal in time), and one order at a time (myopic: one small MILP per order).
    for n in [100, 250, 500, 1_000] {
        var scenario = Fixtures.eastMedium.scenario
        let first = Set(scenario.ordersInArrivalOrder.prefix(n))
        scenario.orders = scenario.orders.indices.filter(first.contains).map { scenario.orders[$0] }
        let network = Network(scenario)
        Benchmark(
            "exact: batch of the first \(n) orders of east-medium, 10 s limit",
            configuration: .init(metrics: [.wallClock], maxDuration: .seconds(30), maxIterations: 3)
        ) { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(ExactPlanner(network: network, options: SolverOptions(timeLimit: 10)).batch())
            }
        }
        Benchmark(
            "exact: myopic of the first \(n) orders of east-medium",
            configuration: .init(metrics: [.wallClock], maxDuration: .seconds(20), maxIterations: 5)
        ) { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(ExactPlanner(network: network, options: SolverOptions(timeLimit: 10)).myopic())
            }
        }
    }

    for (name, network) in [
        ("northeast-small, 200 orders", Fixtures.northeastSmall), ("east-medium, 2,000 orders", Fixtures.eastMedium),
    ] {
        Benchmark(
            "exact: batch \(name), 10 s limit",
            configuration: .init(
                metrics: [.wallClock, .peakMemoryResident], maxDuration: .seconds(30), maxIterations: 2)
        ) { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(ExactPlanner(network: network, options: SolverOptions(timeLimit: 10)).batch())
            }
        }
    }
}
