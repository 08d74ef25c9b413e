import OmniRouteExact
import OmniRouteHeuristics
import OmniRouteModel
import OmniRouteTestSupport
import Testing

@Suite("Exact strategies on degenerate inputs")
struct DegenerateExactTests {
    static let multiOrder = RandomScenario.Config(nodes: 3...7, skus: 2...5, orders: 3...10)

    /// batch, myopic and solveOrder on `scenario`: valid plans that pass the checker
    /// with their bounds. Returns (strategy, routes, bound).
    func run(_ scenario: Scenario, sourceLocation: SourceLocation = #_sourceLocation) -> [(
        String, [OrderRoute], Double
    )] {
        let network = Network(scenario)
        let planner = ExactPlanner(network: network, options: SolverOptions(timeLimit: 10))
        let batch = planner.batch()
        let myopic = planner.myopic()
        let ledger = InventoryLedger(network: network)
        let solved = network.orders.indices.map { planner.solveOrder($0, ledger: ledger, warmStart: nil) }
        let runs = [("exact", batch.routes, batch.bound), ("myopic-exact", myopic.routes, myopic.bound)]
        for (label, routes, bound) in runs {
            #expect(
                planProblems(routes, network: network).isEmpty,
                "\(scenario.name) \(label): \(planProblems(routes, network: network).prefix(5))",
                sourceLocation: sourceLocation)
            let findings = checkerFindings(routes, network: network, strategy: label, bound: bound)
            #expect(
                findings.isEmpty, "\(scenario.name) \(label): \(findings.prefix(5))", sourceLocation: sourceLocation)
            #expect(
                bound <= totalCost(routes, network: network) + 1e-6, "\(scenario.name) \(label)",
                sourceLocation: sourceLocation)
        }
        for (o, s) in solved.enumerated() {
            #expect(s.route.order == o && ledger.canApply(s.route), sourceLocation: sourceLocation)
            #expect(
                s.proven && abs(s.cost - network.cost(of: s.route).total) <= 1e-9 && s.bound <= s.cost + 1e-6,
                "\(scenario.name) order \(o): \(s)", sourceLocation: sourceLocation)
        }
        return runs
    }

    /// Expects every unit of every order unfulfilled, the cost the sum of lost sales and the bound equal to it.
    func expectAllUnfulfilled(_ scenario: Scenario, sourceLocation: SourceLocation = #_sourceLocation) {
        let network = Network(scenario)
        let lost = network.orders.indices.reduce(0.0) { $0 + network.cost(of: OrderRoute(order: $1)).total }
        for (label, routes, bound) in run(scenario, sourceLocation: sourceLocation) {
            #expect(
                routes.allSatisfy { $0.legs.isEmpty }, "\(scenario.name) \(label) sends something",
                sourceLocation: sourceLocation)
            #expect(
                abs(totalCost(routes, network: network) - lost) <= 1e-6, "\(scenario.name) \(label)",
                sourceLocation: sourceLocation)
            #expect(
                abs(bound - lost) <= 1e-6, "\(scenario.name) \(label): bound \(bound) ≠ lost sales \(lost)",
                sourceLocation: sourceLocation)
        }
    }

    @Test("No stock anywhere: all unfulfilled, cost = Σ lost sales = bound", arguments: UInt64(1)...8)
    func noStock(seed: UInt64) {
        var s = RandomScenario.make(seed: seed, config: Self.multiOrder)
        s.inventory = []
        s.name = "no-stock-\(seed)"
        expectAllUnfulfilled(s)
        // Rows that exist but are all reserved or held as safety stock.
        var t = RandomScenario.make(seed: seed, config: Self.multiOrder).withNothingToPromise(
            onHand: 2, reserved: Int(seed % 3))
        t.name = "zero-atp-\(seed)"
        expectAllUnfulfilled(t)
    }

    @Test("Zero capacity everywhere: all unfulfilled", arguments: UInt64(1)...8)
    func zeroCapacity(seed: UInt64) {
        var s = RandomScenario.make(seed: seed, config: Self.multiOrder).withCapacity(0)
        s.name = "zero-capacity-\(seed)"
        expectAllUnfulfilled(s)
    }

    @Test(
        "Capacity of one unit everywhere and plenty of stock: valid plans at the joint optimum",
        arguments: UInt64(1)...6)
    func capacityOne(seed: UInt64) {
        var s = RandomScenario.make(seed: seed, config: BruteForceInstances.joint).withCapacity(1)
        s.name = "capacity-one-\(seed)"
        let network = Network(s)
        let brute = BruteForce.jointOptimum(network: network)
        for (label, routes, bound) in run(s) where label == "exact" {
            #expect(
                abs(totalCost(routes, network: network) - brute.cost) <= 1e-6,
                "\(label) \(totalCost(routes, network: network)) vs \(brute.cost)")
            #expect(bound <= brute.cost + 1e-6)
        }
    }

    /// A warehouse in Boston that holds everything, a pickup store beside it with no
    /// lanes in, one service reaching 100 km. Orders: one shipped to Pittsburgh (out of
    /// reach), one picked up at the store (nothing there, no lane), one for an sku
    /// nobody holds, and one that the warehouse can serve.
    static func unservable() -> Scenario {
        let boston = GeoPoint(lat: 42.3601, lon: -71.0589)
        let nodes = [
            Node(
                id: "W-BOS", kind: .warehouse, location: boston, shipToHome: true, pickup: false,
                pickCostPerUnit: 0.5, handlingCostPerLeg: 1, handlingDays: 0, capacityUnits: nil),
            Node(
                id: "S-BOS", kind: .store, location: GeoPoint(lat: 42.35, lon: -71.07), shipToHome: false, pickup: true,
                pickCostPerUnit: 0.8, handlingCostPerLeg: 1, handlingDays: 0, capacityUnits: 10),
        ]
        let skus = [
            SKU(id: "SKU-A", weightKg: 1.2, price: 30), SKU(id: "SKU-B", weightKg: 0.4, price: 12.5),
            SKU(id: "SKU-C", weightKg: 2, price: 50),
        ]
        let inventory = [
            StockPosition(node: "W-BOS", sku: "SKU-A", onHand: 50),
            StockPosition(node: "W-BOS", sku: "SKU-B", onHand: 50, reserved: 5, safetyStock: 5),
            StockPosition(node: "S-BOS", sku: "SKU-C", onHand: 4, reserved: 4),
        ]
        let services = [
            Service(
                id: "courier",
                bands: [
                    ServiceBand(maxKm: 40, transitDays: 0, baseCost: 9, costPerKg: 0.5),
                    ServiceBand(maxKm: 100, transitDays: 1, baseCost: 12, costPerKg: 0.8),
                ])
        ]
        let placed = Timestamp(iso: "2026-11-23T07:00:00Z")!
        let due = CalendarDay(iso: "2026-11-25")!
        func order(_ id: String, _ delivery: Delivery, _ lines: [OrderLine]) -> Order {
            Order(
                id: id, channel: .web, customerId: "C-1", placedAt: placed, dueBy: due, delivery: delivery,
                allowSplit: true, lines: lines)
        }
        let orders = [
            order(
                "O-PIT", .ship(to: GeoPoint(lat: 40.4406, lon: -79.9959)),
                [OrderLine(sku: "SKU-A", qty: 2), OrderLine(sku: "SKU-B", qty: 1)]),
            order("O-PICK", .pickup(at: "S-BOS"), [OrderLine(sku: "SKU-A", qty: 1)]),
            order("O-NONE", .ship(to: GeoPoint(lat: 42.36, lon: -71.06)), [OrderLine(sku: "SKU-C", qty: 3)]),
            order(
                "O-OK", .ship(to: GeoPoint(lat: 42.37, lon: -71.10)),
                [OrderLine(sku: "SKU-A", qty: 2), OrderLine(sku: "SKU-C", qty: 1)]),
        ]
        return Scenario(
            name: "unservable", now: Timestamp(iso: "2026-11-23T08:00:00Z")!, nodes: nodes, skus: skus,
            inventory: inventory,
            services: services, lanes: [],
            policy: Policy(
                splitPenalty: 1, latePenaltyPerDay: 2, lostSaleFactor: 1,
                maxLegsPerOrder: nil), orders: orders)
    }

    @Test("Orders no node can serve stay unfulfilled; the one that can be served is, at the optimum")
    func unservableOrders() throws {
        let s = Self.unservable()
        _ = try Scenario(document: s.document)  // a valid scenario
        let network = Network(s)
        let brute = BruteForce.jointOptimum(network: network)
        for (label, routes, bound) in run(s) {
            let byOrder = Dictionary(uniqueKeysWithValues: routes.map { (network.orders[$0.order].id, $0) })
            #expect(byOrder["O-PIT"]?.legs.isEmpty == true, "\(label)")
            #expect(byOrder["O-PICK"]?.legs.isEmpty == true, "\(label)")
            #expect(byOrder["O-NONE"]?.legs.isEmpty == true, "\(label)")
            #expect(byOrder["O-OK"]?.legs.count == 1, "\(label)")
            #expect(abs(totalCost(routes, network: network) - brute.cost) <= 1e-6, "\(label)")
            #expect(abs(bound - brute.cost) <= 1e-6, "\(label): bound \(bound), optimum \(brute.cost)")
        }
    }

    @Test("Zero orders: an empty plan of cost 0 and bound 0")
    func zeroOrders() {
        var s = RandomScenario.make(seed: 3, config: Self.multiOrder)
        s.orders = []
        s.name = "no-orders"
        let network = Network(s)
        for (label, routes, bound) in run(s) {
            #expect(routes.isEmpty, "\(label)")
            #expect(bound == 0, "\(label)")
        }
        let plan = network.plan(routes: [], strategy: "exact", solveSeconds: 0, bound: 0)
        #expect(plan.orders.isEmpty && plan.summary.totalCost == 0)
        // And a scenario with no nodes' stock, no services and no lanes at all.
        var bare = s
        bare.inventory = []
        bare.lanes = []
        bare.name = "bare"
        #expect(run(bare).allSatisfy { $0.1.isEmpty && $0.2 == 0 })
    }
}
