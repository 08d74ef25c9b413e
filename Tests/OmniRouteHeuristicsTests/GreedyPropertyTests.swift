import OmniRouteFormat
import OmniRouteHeuristics
import OmniRouteModel
import OmniRouteTestSupport
import Testing

// MARK: - helpers

/// Everything wrong with `route` as a route of its order on what `ledger` has left
/// (empty when it is a valid route that fits).
func routeProblems(_ route: OrderRoute, order index: Int, network: Network, ledger: InventoryLedger) -> [String] {
    var problems: [String] = []
    let order = network.orders[index]
    if route.order != index { problems.append("route is for order \(route.order), expected \(index)") }
    let maxLegs = CostModel.maxLegs(for: order, policy: network.policy)
    if route.legs.count > maxLegs { problems.append("\(route.legs.count) legs > max \(maxLegs)") }
    var sources = Set<Int>()
    var sent = [Int](repeating: 0, count: order.lines.count)
    for leg in route.legs {
        let src = leg.tariff.source
        if !sources.insert(src).inserted { problems.append("two legs from \(network.nodes[src].id)") }
        if leg.quantities.count != order.lines.count {
            problems.append("leg has \(leg.quantities.count) quantities for \(order.lines.count) lines")
        }
        if leg.quantities.contains(where: { $0 < 0 }) {
            problems.append("negative quantity from \(network.nodes[src].id)")
        }
        if leg.units < 1 { problems.append("empty leg from \(network.nodes[src].id)") }
        for (i, q) in leg.quantities.enumerated() where i < sent.count { sent[i] += q }
        switch network.tariffs(order: order, source: src) {
        case .failure(let why): problems.append("\(network.nodes[src].id) cannot serve: \(why)")
        case .success(let tariffs):
            // With sourcing rules, the model's tariffs carry the order's surcharges.
            let rules = network.rules(for: network.resolved(index))
            if !tariffs.map({ rules?.priced($0) ?? $0 }).contains(leg.tariff) {
                problems.append("tariff from \(network.nodes[src].id) is not one of the model's")
            }
        }
    }
    for (i, line) in order.lines.enumerated() where sent[i] > line.qty {
        problems.append("sends \(sent[i]) of \(line.sku), ordered \(line.qty)")
    }
    if !ledger.canApply(route) { problems.append("does not fit what the ledger has left") }
    return problems
}

/// Routes every order in arrival order like `OnlinePlanner`, but checks each route
/// before applying it (a bad route is reported instead of tripping a precondition).
func routeAll(_ router: some OrderRouter, network: Network) -> (routes: [OrderRoute], problems: [String]) {
    var router = router
    var ledger = InventoryLedger(network: network)
    var routes: [OrderRoute] = []
    var problems: [String] = []
    for index in network.scenario.ordersInArrivalOrder {
        let route = router.route(order: index, ledger: ledger)
        let p = routeProblems(route, order: index, network: network, ledger: ledger)
        if p.isEmpty {
            ledger.apply(route)
            routes.append(route)
        } else {
            problems.append(
                "\(router.name) \(BruteForce.describe(order: index, network: network)): \(p.joined(separator: "; ")) "
                    + "— route \(BruteForce.describe(route, network: network))"
            )
            routes.append(OrderRoute(order: index))
        }
    }
    return (routes, problems)
}

/// Checker findings on `plan`, both on its document and on that document written to
/// JSON text and parsed back.
func checkerFindings(_ plan: Plan, network: Network) -> [String] {
    var out: [String] = []
    let checker = PlanChecker(network: network)
    do {
        let report = try checker.check(plan.document)
        out += report.errors.map { "error: \($0)" } + report.mismatches.map { "mismatch: \($0)" }
        if !PlanChecker.close(report.recomputed.totalCost, plan.summary.totalCost) {
            out.append("recomputed total \(report.recomputed.totalCost) != plan total \(plan.summary.totalCost)")
        }
        let text = JSONWriter.write(plan.document)
        let reparsed = try checker.check(try JSONParser.parse(text))
        out += reparsed.errors.map { "json error: \($0)" } + reparsed.mismatches.map { "json mismatch: \($0)" }
    } catch {
        out.append("checker threw: \(error)")
    }
    return out
}

/// A random one-order scenario small enough for `BruteForce`.
struct SingleOrderInstance: Sendable {
    let seed: UInt64
    let network: Network
}

/// The first `count` single-order instances (seeds from 1) with at least one source
/// and a small enough brute-force search; also how many seeds were passed over.
func singleOrderInstances(count: Int, maxSearch: Int = 40_000) -> (
    instances: [SingleOrderInstance], trivial: Int, tooBig: Int
) {
    var out: [SingleOrderInstance] = []
    var trivial = 0
    var tooBig = 0
    var seed: UInt64 = 0
    while out.count < count && seed < UInt64(count * 20) {
        seed += 1
        let network = Network(RandomScenario.make(seed: seed, config: .singleOrder))
        guard network.orders.count == 1 else { continue }
        let sources = BruteForce.sources(network: network, order: 0)
        if sources.isEmpty {
            trivial += 1
            continue
        }
        if sources.count > 5 || BruteForce.searchBound(network: network, order: 0) > maxSearch {
            tooBig += 1
            continue
        }
        out.append(SingleOrderInstance(seed: seed, network: network))
    }
    return (out, trivial, tooBig)
}

func percent(_ a: Int, _ b: Int) -> String {
    guard b > 0 else { return "n/a" }
    return String(Double((a * 10_000 / b)) / 100) + "%"
}

// MARK: - tests

@Suite("Greedy and nearest properties on random scenarios")
struct GreedyPropertyTests {
    static let scenarioSeeds: ClosedRange<UInt64> = 1...240
    static let singleOrderCount = 320

    @Test("The random generator builds scenarios the strict decoder accepts")
    func generatorIsValid() throws {
        var failures: [String] = []
        for seed in Self.scenarioSeeds {
            let s = RandomScenario.make(seed: seed)
            do {
                let back = try Scenario(document: s.document)
                if back.orders != s.orders || back.nodes != s.nodes || back.inventory != s.inventory {
                    failures.append("seed \(seed): scenario does not read back equal")
                }
            } catch {
                failures.append("seed \(seed): \(error)")
            }
        }
        for seed in UInt64(1)...200 {
            let s = RandomScenario.make(seed: seed, config: .singleOrder)
            do { _ = try Scenario(document: s.document) } catch {
                failures.append("single-order seed \(seed): \(error)")
            }
        }
        #expect(failures.isEmpty, "\(failures.prefix(10).joined(separator: "\n"))")
        // Same seed, same scenario.
        #expect(RandomScenario.make(seed: 7).orders == RandomScenario.make(seed: 7).orders)
        #expect(RandomScenario.make(seed: 7).nodes != RandomScenario.make(seed: 8).nodes)
    }

    @Test("The generator covers the features it promises")
    func generatorCoverage() {
        var pickupOrders = 0
        var noSplit = 0
        var zeroCapacity = 0
        var unlimited = 0
        var zeroATPRows = 0
        var boundedServices = 0
        var capped = 0
        var outOfReach = 0
        var twoServices = 0
        var lanes = 0
        for seed in Self.scenarioSeeds {
            let s = RandomScenario.make(seed: seed)
            let network = Network(s)
            pickupOrders += s.orders.filter { if case .pickup = $0.delivery { true } else { false } }.count
            noSplit += s.orders.filter { !$0.allowSplit }.count
            zeroCapacity += s.nodes.filter { $0.capacityUnits == 0 }.count
            unlimited += s.nodes.filter { $0.capacityUnits == nil }.count
            zeroATPRows += s.inventory.filter { $0.availableToPromise == 0 }.count
            boundedServices += s.services.filter { $0.bands.last?.maxKm != nil }.count
            twoServices += s.services.count == 2 ? 1 : 0
            capped += s.policy.maxLegsPerOrder != nil ? 1 : 0
            lanes += s.lanes.count
            for (o, order) in s.orders.enumerated() where { if case .ship = order.delivery { true } else { false } }() {
                for n in s.nodes.indices {
                    if case .failure(.outOfReach) = network.tariffs(order: s.orders[o], source: n) { outOfReach += 1 }
                }
            }
        }
        #expect(pickupOrders > 50)
        #expect(noSplit > 50)
        #expect(zeroCapacity > 20)
        #expect(unlimited > 100)
        #expect(zeroATPRows > 50)
        #expect(boundedServices > 20)
        #expect(twoServices > 50)
        #expect(capped > 30)
        #expect(lanes > 50)
        #expect(outOfReach > 20)
    }

    @Test("Greedy and nearest plans pass the plan checker on random scenarios")
    func plansPassChecker() {
        var failures: [String] = []
        var orders = 0
        var legs = 0
        var unfulfilled = 0
        for seed in Self.scenarioSeeds {
            let network = Network(RandomScenario.make(seed: seed))
            let routers: [any OrderRouter] = [GreedyRouter(network: network), NearestRouter(network: network)]
            for router in routers {
                let (routes, problems) = routeAll(router, network: network)
                failures += problems.map { "seed \(seed): \($0)" }
                let plan = network.plan(routes: routes, strategy: router.name, solveSeconds: 0)
                failures += checkerFindings(plan, network: network).map { "seed \(seed) \(router.name): \($0)" }
                // The plan's total is the sum of the model's order costs.
                let total = routes.reduce(0.0) { $0 + network.cost(of: $1).total }
                if !PlanChecker.close(total, plan.summary.totalCost) {
                    failures.append(
                        "seed \(seed) \(router.name): plan total \(plan.summary.totalCost) != Σ route costs \(total)")
                }
                if problems.isEmpty {
                    // OnlinePlanner produces the same plan (it is safe to run now that every route fits).
                    let online = OnlinePlanner(network: network).plan(router)
                    if online.orders != plan.orders {
                        failures.append(
                            "seed \(seed) \(router.name): OnlinePlanner's plan differs from routing by hand")
                    }
                    failures += checkerFindings(online, network: network).map {
                        "seed \(seed) \(router.name) online: \($0)"
                    }
                }
                orders += plan.summary.orders
                legs += plan.summary.legs
                unfulfilled += plan.summary.unfulfilledUnits
            }
        }
        #expect(failures.isEmpty, "\(failures.count) failures:\n\(failures.prefix(15).joined(separator: "\n"))")
        // The scenarios are not trivial: things get shipped, and something is left unfulfilled.
        #expect(orders > 500)
        #expect(legs > 300)
        #expect(unfulfilled > 0)
    }

    @Test("A fresh ledger's candidates are exactly the nodes that could serve")
    func candidatesMatchModel() {
        var failures: [String] = []
        for seed in Self.scenarioSeeds {
            let network = Network(RandomScenario.make(seed: seed))
            let ledger = InventoryLedger(network: network)
            for o in network.orders.indices {
                let got = ledger.candidates(order: o)
                let want = BruteForce.sources(network: network, order: o)
                let a = got.map { "\($0.node):\($0.available):\($0.capacityLeft):\($0.tariffs.count)" }.sorted()
                let b = want.map { "\($0.node):\($0.available):\($0.capacity):\($0.tariffs.count)" }.sorted()
                if a != b { failures.append("seed \(seed) order \(o): candidates \(a) != model \(b)") }
            }
        }
        #expect(failures.isEmpty, "\(failures.prefix(10).joined(separator: "\n"))")
    }

    @Test("Releasing routes gives back exactly what applying them took")
    func releaseUndoesApply() {
        var routed = 0
        for seed in Self.scenarioSeeds {
            let network = Network(RandomScenario.make(seed: seed))
            let fresh = InventoryLedger(network: network)
            var ledger = fresh
            var router = GreedyRouter(network: network)
            var routes: [OrderRoute] = []
            for o in network.orders.indices {
                let route = router.route(order: o, ledger: ledger)
                ledger.apply(route)
                routes.append(route)
                routed += route.legs.count
            }
            // In another order than they were applied: each release is exact on its own.
            for route in routes.reversed() where route.order % 2 == 0 { ledger.release(route) }
            for route in routes where route.order % 2 == 1 { ledger.release(route) }
            for o in network.orders.indices {
                #expect(
                    ledger.candidates(order: o).map { "\($0.node):\($0.available):\($0.capacityLeft)" }
                        == fresh.candidates(order: o).map { "\($0.node):\($0.available):\($0.capacityLeft)" },
                    "seed \(seed) order \(o)")
            }
            #expect(ledger.capacityLeft == fresh.capacityLeft, "seed \(seed)")
        }
        #expect(routed > 100)
    }

    @Test("Greedy is never below and almost always at the brute-force optimum of one order")
    func greedyMatchesBruteForce() {
        let (instances, trivial, tooBig) = singleOrderInstances(count: Self.singleOrderCount)
        #expect(instances.count >= 300, "only \(instances.count) instances (trivial \(trivial), too big \(tooBig))")
        var matches = 0
        var priced = 0
        var split = 0
        var partial = 0
        var bySources = [Int](repeating: 0, count: 6)
        var below: [String] = []
        var misses: [String] = []
        var invalid: [String] = []
        for inst in instances {
            let network = inst.network
            let ledger = InventoryLedger(network: network)
            let opt = BruteForce.optimum(network: network, order: 0)
            priced += opt.routesPriced
            bySources[min(5, BruteForce.sources(network: network, order: 0).count)] += 1
            if opt.route.legs.count > 1 { split += 1 }
            let optProblems = routeProblems(opt.route, order: 0, network: network, ledger: ledger)
            if !optProblems.isEmpty { invalid.append("seed \(inst.seed): brute-force optimum invalid: \(optProblems)") }

            var greedyRouter = GreedyRouter(network: network)
            let greedy = greedyRouter.route(order: 0, ledger: ledger)
            let problems = routeProblems(greedy, order: 0, network: network, ledger: ledger)
            if !problems.isEmpty {
                invalid.append("seed \(inst.seed): greedy route invalid: \(problems.joined(separator: "; "))")
            }
            var nearestRouter = NearestRouter(network: network)
            let nearest = nearestRouter.route(order: 0, ledger: ledger)
            let nProblems = routeProblems(nearest, order: 0, network: network, ledger: ledger)
            if !nProblems.isEmpty {
                invalid.append("seed \(inst.seed): nearest route invalid: \(nProblems.joined(separator: "; "))")
            }

            let g = network.cost(of: greedy).total
            let n = network.cost(of: nearest).total
            let detail =
                "seed \(inst.seed) \(BruteForce.describe(order: 0, network: network))\n"
                + "  greedy:  \(BruteForce.describe(greedy, network: network))\n"
                + "  optimum: \(BruteForce.describe(opt.route, network: network))"
            if g < opt.cost - 1e-6 { below.append(detail) }
            if n < opt.cost - 1e-6 {
                below.append("(nearest) " + detail + "\n  nearest: \(BruteForce.describe(nearest, network: network))")
            }
            if abs(g - opt.cost) <= 1e-6 { matches += 1 } else { misses.append(detail) }
            if opt.route.legs.reduce(0, { $0 + $1.units }) < network.orders[0].units { partial += 1 }
        }
        let rate = percent(matches, instances.count)
        print(
            "greedy vs brute force: \(matches)/\(instances.count) = \(rate) at the optimum; \(priced) routes priced; "
                + "optimum split in \(split), partial in \(partial); instances by source count \(bySources); "
                + "passed over \(trivial) trivial and \(tooBig) too-big seeds"
        )
        for m in misses.prefix(10) { print("greedy above optimum: " + m) }
        #expect(invalid.isEmpty, "\(invalid.prefix(10).joined(separator: "\n"))")
        #expect(
            below.isEmpty,
            Comment(
                rawValue: "a route cheaper than the brute-force optimum (a bug in one of them):\n"
                    + below.prefix(10).joined(separator: "\n"))
        )
        #expect(
            matches * 10 >= instances.count * 9,
            Comment(
                rawValue: "greedy at the optimum in \(matches)/\(instances.count) = \(rate) "
                    + "of single-order instances (need ≥ 90%); misses:\n\(misses.prefix(10).joined(separator: "\n"))")
        )
        // The instances exercise splits and shortages, not just one-leg orders.
        #expect(split >= 10, "optimum splits in only \(split) instances")
        #expect(partial >= 10, "optimum leaves units unfulfilled in only \(partial) instances")
    }

    @Test("Greedy costs no more than nearest on one order with a fresh ledger")
    func greedyNoWorseThanNearest() {
        let (instances, _, _) = singleOrderInstances(count: Self.singleOrderCount)
        #expect(instances.count >= 300)
        var ok = 0
        var strictlyBetter = 0
        var worse: [String] = []
        for inst in instances {
            let network = inst.network
            let ledger = InventoryLedger(network: network)
            var greedyRouter = GreedyRouter(network: network)
            let greedy = greedyRouter.route(order: 0, ledger: ledger)
            var nearestRouter = NearestRouter(network: network)
            let nearest = nearestRouter.route(order: 0, ledger: ledger)
            let g = network.cost(of: greedy).total
            let n = network.cost(of: nearest).total
            if g <= n + 1e-6 {
                ok += 1
            } else {
                worse.append(
                    "seed \(inst.seed) \(BruteForce.describe(order: 0, network: network))\n"
                        + "  greedy:  \(BruteForce.describe(greedy, network: network))\n"
                        + "  nearest: \(BruteForce.describe(nearest, network: network))"
                )
            }
            if g < n - 1e-6 { strictlyBetter += 1 }
        }
        let rate = percent(ok, instances.count)
        print("greedy ≤ nearest: \(ok)/\(instances.count) = \(rate); strictly cheaper in \(strictlyBetter)")
        #expect(
            ok * 100 >= instances.count * 95,
            Comment(
                rawValue: "greedy ≤ nearest in \(ok)/\(instances.count) = \(rate) "
                    + "(need ≥ 95%):\n\(worse.prefix(10).joined(separator: "\n"))")
        )
    }
}

// MARK: - degenerate inputs

@Suite("Degenerate inputs")
struct DegenerateInputTests {
    /// Both routers on `scenario`: every route valid, checker clean, and the plan's
    /// figures returned for further expectations.
    func plans(_ scenario: Scenario, sourceLocation: SourceLocation = #_sourceLocation) -> [(String, Plan)] {
        let network = Network(scenario)
        var out: [(String, Plan)] = []
        let routers: [any OrderRouter] = [GreedyRouter(network: network), NearestRouter(network: network)]
        for router in routers {
            let (routes, problems) = routeAll(router, network: network)
            #expect(problems.isEmpty, "\(problems.prefix(5))", sourceLocation: sourceLocation)
            let plan = network.plan(routes: routes, strategy: router.name, solveSeconds: 0)
            let findings = checkerFindings(plan, network: network)
            #expect(
                findings.isEmpty, "\(scenario.name) \(router.name): \(findings.prefix(5))",
                sourceLocation: sourceLocation)
            #expect(plan.orders.count == scenario.orders.count, sourceLocation: sourceLocation)
            out.append((router.name, plan))
        }
        return out
    }

    /// Expects every unit of every order unfulfilled at exactly its lost-sale cost.
    func expectAllUnfulfilled(_ scenario: Scenario, sourceLocation: SourceLocation = #_sourceLocation) {
        let network = Network(scenario)
        let lostTotal = network.orders.indices.reduce(0.0) { $0 + network.cost(of: OrderRoute(order: $1)).total }
        let units = scenario.orders.reduce(0) { $0 + $1.units }
        for (name, plan) in plans(scenario, sourceLocation: sourceLocation) {
            #expect(plan.summary.legs == 0, "\(scenario.name) \(name)", sourceLocation: sourceLocation)
            #expect(plan.summary.units == 0, sourceLocation: sourceLocation)
            #expect(plan.summary.unfulfilledUnits == units, sourceLocation: sourceLocation)
            #expect(plan.summary.lateOrders == 0, sourceLocation: sourceLocation)
            #expect(PlanChecker.close(plan.summary.totalCost, lostTotal), sourceLocation: sourceLocation)
            #expect(plan.orders.allSatisfy { $0.eta == nil && $0.lateDays == 0 }, sourceLocation: sourceLocation)
        }
    }

    static let multiOrder = RandomScenario.Config(nodes: 3...7, skus: 2...5, orders: 3...10)

    @Test("No stock anywhere: everything is unfulfilled and the plan is valid", arguments: UInt64(1)...12)
    func noStock(seed: UInt64) {
        var s = RandomScenario.make(seed: seed, config: Self.multiOrder)
        s.inventory = []
        s.name = "no-stock-\(seed)"
        expectAllUnfulfilled(s)
        // Rows that exist but are all reserved or held as safety stock.
        var t = RandomScenario.make(seed: seed, config: Self.multiOrder).withNothingToPromise(
            onHand: 3, reserved: Int(seed % 4))
        t.name = "zero-atp-\(seed)"
        #expect(t.inventory.allSatisfy { $0.availableToPromise == 0 })
        expectAllUnfulfilled(t)
    }

    @Test("Capacity 0 everywhere: nothing can be picked", arguments: UInt64(1)...12)
    func zeroCapacity(seed: UInt64) {
        var s = RandomScenario.make(seed: seed, config: Self.multiOrder).withCapacity(0)
        s.name = "zero-capacity-\(seed)"
        let network = Network(s)
        let ledger = InventoryLedger(network: network)
        for o in network.orders.indices {
            var reasons: [(node: Int, reason: CandidateExclusion)] = []
            #expect(ledger.candidates(order: o, excluded: { reasons.append(($0, $1)) }).isEmpty)
            // A node that could never serve the order says why; the others ran out of capacity.
            for (node, reason) in reasons {
                switch network.tariffs(order: network.orders[o], source: node) {
                case .failure(let lasting): #expect(reason == .ineligible(lasting))
                case .success: #expect(reason == .capacityUsedUp)
                }
            }
        }
        expectAllUnfulfilled(s)
    }

    /// A warehouse in Boston holding everything, a store next to it that does not
    /// ship, one service that reaches 100 km; the customer is in Pittsburgh.
    static func unreachable() -> Scenario {
        let boston = GeoPoint(lat: 42.3601, lon: -71.0589)
        let nodes = [
            Node(
                id: "W-BOS", kind: .warehouse, location: boston, shipToHome: true, pickup: false,
                pickCostPerUnit: 0.5, handlingCostPerLeg: 1, handlingDays: 0, capacityUnits: nil),
            Node(
                id: "S-BOS", kind: .store, location: GeoPoint(lat: 42.35, lon: -71.07), shipToHome: false, pickup: true,
                pickCostPerUnit: 0.8, handlingCostPerLeg: 1, handlingDays: 0, capacityUnits: 10),
            Node(
                id: "S-CAM", kind: .store, location: GeoPoint(lat: 42.37, lon: -71.11), shipToHome: true, pickup: true,
                pickCostPerUnit: 0.8, handlingCostPerLeg: 1, handlingDays: 0, capacityUnits: 10),
        ]
        let skus = [SKU(id: "SKU-A", weightKg: 1.2, price: 30), SKU(id: "SKU-B", weightKg: 0.4, price: 12.5)]
        let inventory = [
            StockPosition(node: "W-BOS", sku: "SKU-A", onHand: 50),
            StockPosition(node: "W-BOS", sku: "SKU-B", onHand: 50, reserved: 5, safetyStock: 5),
            StockPosition(node: "S-BOS", sku: "SKU-A", onHand: 5),
        ]
        let services = [
            Service(
                id: "courier",
                bands: [
                    ServiceBand(maxKm: 40, transitDays: 0, baseCost: 9, costPerKg: 0.5),
                    ServiceBand(maxKm: 100, transitDays: 1, baseCost: 12, costPerKg: 0.8),
                ])
        ]
        let now = Timestamp(iso: "2026-11-23T08:00:00Z")!
        let orders = [
            Order(
                id: "O-PIT", channel: .web, customerId: "C-1", placedAt: Timestamp(iso: "2026-11-23T07:00:00Z")!,
                dueBy: CalendarDay(iso: "2026-11-25")!, delivery: .ship(to: GeoPoint(lat: 40.4406, lon: -79.9959)),
                lines: [OrderLine(sku: "SKU-A", qty: 2), OrderLine(sku: "SKU-B", qty: 1)]),
            // Pickup at S-CAM, which holds nothing and has no lanes in.
            Order(
                id: "O-CAM", channel: .app, customerId: "C-2", placedAt: Timestamp(iso: "2026-11-23T07:30:00Z")!,
                dueBy: CalendarDay(iso: "2026-11-24")!, delivery: .pickup(at: "S-CAM"), allowSplit: false,
                lines: [OrderLine(sku: "SKU-A", qty: 1)]),
        ]
        return Scenario(
            name: "unreachable", now: now, nodes: nodes, skus: skus, inventory: inventory, services: services,
            policy: Policy(splitPenalty: 2, latePenaltyPerDay: 5, lostSaleFactor: 1.5), orders: orders)
    }

    @Test("An order no node can serve is wholly unfulfilled")
    func unservable() throws {
        let s = Self.unreachable()
        _ = try Scenario(document: s.document)  // the hand-built scenario is valid
        let network = Network(s)
        let ledger = InventoryLedger(network: network)
        var reasons: [String: CandidateExclusion] = [:]
        #expect(ledger.candidates(order: 0, excluded: { reasons[network.nodes[$0].id] = $1 }).isEmpty)
        if case .ineligible(.outOfReach(let km))? = reasons["W-BOS"] {
            #expect(km > 400)
        } else {
            Issue.record("W-BOS should be out of reach, got \(String(describing: reasons["W-BOS"]))")
        }
        #expect(reasons["S-BOS"] == .ineligible(.doesNotShipToHome))
        var pickupReasons: [String: CandidateExclusion] = [:]
        #expect(ledger.candidates(order: 1, excluded: { pickupReasons[network.nodes[$0].id] = $1 }).isEmpty)
        #expect(pickupReasons["W-BOS"] == .ineligible(.noLane(to: "S-CAM")))
        #expect(pickupReasons["S-BOS"] == .ineligible(.noLane(to: "S-CAM")))
        expectAllUnfulfilled(s)
        // 2 × 30 × 1.5 + 12.5 × 1.5 and 30 × 1.5.
        #expect(abs(network.cost(of: OrderRoute(order: 0)).total - 108.75) < 1e-9)
        #expect(abs(network.cost(of: OrderRoute(order: 1)).total - 45) < 1e-9)
    }

    @Test("Zero orders: an empty, valid plan", arguments: UInt64(1)...8)
    func zeroOrders(seed: UInt64) {
        var s = RandomScenario.make(seed: seed)
        s.orders = []
        s.name = "zero-orders-\(seed)"
        for (name, plan) in plans(s) {
            #expect(plan.orders.isEmpty, "\(name)")
            #expect(plan.summary.orders == 0)
            #expect(plan.summary.totalCost == 0)
            #expect(plan.summary.legs == 0)
        }
        let network = Network(s)
        let run = OnlinePlanner(network: network).run(GreedyRouter(network: network))
        #expect(run.routes.isEmpty)
        #expect(run.orderSeconds.isEmpty)
    }
}
