import OmniRouteExact
import OmniRouteHeuristics
import OmniRouteModel
import OmniRouteTestSupport
import Testing

@Suite("The exact engine agrees with brute force", .tags(.slow), .skippedWhenFast)
struct BruteForceAgreementTests {
    static let jointCount = 600
    static let singleCount = 400
    /// Gap 0 in effect, so that a group with no unproven flag must have bound = cost.
    static let options = SolverOptions(timeLimit: 30, gap: 1e-9)

    @Test("batch() finds the joint brute-force optimum of 1–3 orders, with a valid bound")
    func batchMatchesJointBruteForce() {
        let (instances, trivial, tooBig) = BruteForceInstances.joint(count: Self.jointCount)
        #expect(instances.count >= 150, "only \(instances.count) instances (trivial \(trivial), too big \(tooBig))")
        var wrong: [String] = []
        var badBound: [String] = []
        var invalid: [String] = []
        var myopicWrong: [String] = []
        var wrongSeeds: [String] = []
        var coverage = (pickup: 0, ship: 0, noSplit: 0, capped: 0, twoServices: 0, lanes: 0, tight: 0, zeroCapacity: 0)
        var jointGroups = 0
        var shortcut = 0
        var unproven = 0
        var contended = 0
        var orders = 0
        for inst in instances {
            let network = inst.network
            let brute = BruteForce.jointOptimum(network: network)
            let planner = ExactPlanner(network: network, options: Self.options)
            let outcome = planner.batch()
            let cost = totalCost(outcome.routes, network: network)
            let header =
                "seed \(inst.seed) (\(network.orders.count) orders)\n\(describe(network: network))\n"
                + "  brute force \(brute.cost):\n\(describe(brute.routes, network: network))\n"
                + "  batch \(cost), bound \(outcome.bound), stats \(outcome.stats):\n"
                + describe(outcome.routes, network: network)

            let problems =
                planProblems(outcome.routes, network: network)
                + checkerFindings(outcome.routes, network: network, strategy: "exact", bound: outcome.bound)
            if !problems.isEmpty { invalid.append("\(header)\n  problems: \(problems.prefix(5))") }
            let bruteProblems = planProblems(brute.routes, network: network)
            if !bruteProblems.isEmpty {
                invalid.append("\(header)\n  brute-force plan invalid: \(bruteProblems.prefix(5))")
            }

            if abs(cost - brute.cost) > 1e-6 {
                wrong.append(header)
                wrongSeeds.append(
                    "\(inst.seed) (batch \(cost), optimum \(brute.cost), bound \(outcome.bound), "
                        + "\(outcome.stats.unprovenGroups) unproven)"
                )
            }
            if outcome.bound > cost + 1e-6 || outcome.bound > brute.cost + 1e-6 {
                badBound.append("bound above cost: " + header)
            }
            if outcome.stats.unprovenGroups == 0 && outcome.bound < cost - 1e-6 {
                badBound.append("no unproven group, yet bound < cost: " + header)
            }
            // Myopic-exact is a feasible plan too: never below the optimum, with a valid bound.
            let myopic = planner.myopic()
            let myopicCost = totalCost(myopic.routes, network: network)
            let myopicProblems = planProblems(myopic.routes, network: network)
            if !myopicProblems.isEmpty || myopicCost < brute.cost - 1e-6 || myopic.bound > brute.cost + 1e-6 {
                myopicWrong.append("myopic \(myopicCost) bound \(myopic.bound) \(myopicProblems.prefix(3)): \(header)")
            }

            jointGroups += outcome.stats.jointGroups.isEmpty ? 0 : 1
            shortcut += outcome.stats.ordersAlone == network.orders.count && outcome.stats.jointGroups.isEmpty ? 1 : 0
            unproven += outcome.stats.unprovenGroups
            orders += network.orders.count
            // Instances where the orders' separate optima do not fit together.
            var ledger = InventoryLedger(network: network)
            var fits = true
            for o in network.orders.indices {
                let alone = BruteForce.optimum(network: network, order: o).route
                if ledger.canApply(alone) { ledger.apply(alone) } else { fits = false }
            }
            if !fits { contended += 1 }
            for order in network.orders {
                if case .pickup = order.delivery { coverage.pickup += 1 } else { coverage.ship += 1 }
                if !order.allowSplit { coverage.noSplit += 1 }
            }
            coverage.capped += network.policy.maxLegsPerOrder != nil ? 1 : 0
            coverage.twoServices += network.services.count == 2 ? 1 : 0
            coverage.lanes += network.lanes.isEmpty ? 0 : 1
            coverage.tight +=
                network.nodes.contains { ($0.capacityUnits ?? 99) > 0 && ($0.capacityUnits ?? 99) <= 2 } ? 1 : 0
            coverage.zeroCapacity += network.nodes.contains { $0.capacityUnits == 0 } ? 1 : 0
        }
        print(
            "batch vs joint brute force: \(instances.count) instances, \(orders) orders; \(contended) "
                + "where the separate optima do not fit together, \(jointGroups) solved with joint groups, "
                + "\(shortcut) without; \(unproven) unproven groups; coverage \(coverage); "
                + "passed over \(trivial) trivial and \(tooBig) too-big seeds"
        )
        #expect(invalid.isEmpty, "\(invalid.count) invalid plans:\n\(invalid.prefix(5).joined(separator: "\n"))")
        #expect(
            wrong.isEmpty,
            Comment(
                rawValue:
                    "batch cost differs from the joint brute-force optimum in \(wrong.count) of \(instances.count) "
                    + "instances, seeds "
                    + "\(wrongSeeds.joined(separator: "; ")):\n\(wrong.prefix(3).joined(separator: "\n\n"))")
        )
        #expect(badBound.isEmpty, "\(badBound.count) invalid bounds:\n\(badBound.prefix(5).joined(separator: "\n\n"))")
        #expect(
            myopicWrong.isEmpty,
            "\(myopicWrong.count) bad myopic plans:\n\(myopicWrong.prefix(5).joined(separator: "\n\n"))")
        // The instances exercise competition for stock and capacity and every feature.
        #expect(contended >= 30, "orders compete in only \(contended) instances")
        #expect(jointGroups >= 20, "joint groups in only \(jointGroups) instances")
        #expect(
            coverage.pickup >= 20 && coverage.ship >= 100 && coverage.noSplit >= 20 && coverage.capped >= 20
                && coverage.twoServices >= 30 && coverage.lanes >= 30 && coverage.tight >= 30
                && coverage.zeroCapacity >= 10,
            "coverage \(coverage)")
    }

    @Test("The joint RoutingMILP of all orders, solved by GLPK, has the joint brute-force optimum")
    func compactMILPMatchesJointBruteForce() {
        let (instances, _, _) = BruteForceInstances.joint(count: Self.jointCount)
        var wrong: [String] = []
        for inst in instances {
            let network = inst.network
            let brute = BruteForce.jointOptimum(network: network)
            let milp = RoutingMILP(
                network: network, orders: Array(network.orders.indices), ledger: InventoryLedger(network: network))
            let r = GLPK.solve(milp.model, options: SolverOptions(timeLimit: 30, gap: 0))
            let routes = r.x.isEmpty ? [] : milp.routes(from: r.x)
            let cost = totalCost(routes, network: network)
            let problems = routes.isEmpty ? ["no solution"] : planProblems(routes, network: network)
            // The brute force's plan is a point of the model, at its own cost.
            let x = milp.vector(for: brute.routes)
            let pointOK =
                x.map { milp.model.violation($0) == nil && abs(milp.model.objective($0) - brute.cost) < 1e-6 } ?? false
            if r.status != .optimal || abs((r.objective ?? .nan) - brute.cost) > 1e-6 || abs(cost - brute.cost) > 1e-6
                || !problems.isEmpty || !pointOK
            {
                wrong.append(
                    "seed \(inst.seed): MILP \(r.status) \(String(describing: r.objective)), routes \(cost) "
                        + "\(problems.prefix(3)), brute force \(brute.cost) "
                        + "(its vector \(pointOK ? "fits" : "does not fit") the model)\n\(describe(network: network))\n"
                        + "  MILP:\n\(describe(routes, network: network))\n"
                        + "  brute force:\n\(describe(brute.routes, network: network))"
                )
            }
        }
        #expect(instances.count >= 150)
        #expect(wrong.isEmpty, "\(wrong.count) disagreements:\n\(wrong.prefix(5).joined(separator: "\n\n"))")
    }

    @Test("batch() keeping the greedy plan's promises finds the brute-force optimum over plans that keep them")
    func batchKeepsPromises() {
        let (instances, _, _) = BruteForceInstances.joint(count: 200, firstSeed: 30_001)
        var wrong: [String] = []
        var broken: [String] = []
        var invalid: [String] = []
        var binding = 0
        for inst in instances {
            let network = inst.network
            let greedy = OnlinePlanner(network: network).run(GreedyRouter(network: network)).routes
            var promises: [Int: Promise] = [:]
            for r in greedy { promises[r.order] = Promise(keeping: r, lines: network.orders[r.order].lines.count) }
            let brute = BruteForce.jointOptimum(network: network, promises: promises)
            let planner = ExactPlanner(network: network, options: Self.options, promises: promises)
            let outcome = planner.batch(warmStart: greedy)
            let cost = totalCost(outcome.routes, network: network)
            let header =
                "seed \(inst.seed): batch \(cost) (bound \(outcome.bound)), "
                + "optimum keeping promises "
                + "\(brute.cost)\n\(describe(network: network))\n\(describe(outcome.routes, network: network))"
            if abs(cost - brute.cost) > 1e-6 || outcome.bound > cost + 1e-6 { wrong.append(header) }
            for r in outcome.routes where !(promises[r.order]!.isKept(by: r)) {
                broken.append("\(network.orders[r.order].id): \(header)")
            }
            let problems = planProblems(outcome.routes, network: network)
            if !problems.isEmpty { invalid.append("\(header)\n  \(problems.prefix(3))") }
            if BruteForce.jointOptimum(network: network).cost < brute.cost - 1e-6 { binding += 1 }
        }
        #expect(wrong.isEmpty, "\(wrong.count) wrong:\n\(wrong.prefix(3).joined(separator: "\n\n"))")
        #expect(broken.isEmpty, "\(broken.count) promises broken:\n\(broken.prefix(3).joined(separator: "\n\n"))")
        #expect(invalid.isEmpty, "\(invalid.prefix(3).joined(separator: "\n\n"))")
        // The promises change the optimum often enough for this to test something.
        #expect(binding >= 10, "promises bind in only \(binding) of \(instances.count) instances")
    }

    @Test("solveOrder finds the single-order brute-force optimum")
    func solveOrderMatchesBruteForce() {
        let (instances, trivial, tooBig) = BruteForceInstances.singleOrder(count: Self.singleCount, firstSeed: 5_001)
        #expect(instances.count >= 380, "only \(instances.count) instances (trivial \(trivial), too big \(tooBig))")
        var wrong: [String] = []
        var badBound: [String] = []
        var invalid: [String] = []
        var split = 0
        var partial = 0
        var oneUnit = 0
        var warmDiffers = 0
        for inst in instances {
            let network = inst.network
            let ledger = InventoryLedger(network: network)
            let opt = BruteForce.optimum(network: network, order: 0)
            let planner = ExactPlanner(network: network, options: SolverOptions(timeLimit: 30))
            var greedy = GreedyRouter(network: network)
            let warm = greedy.route(order: 0, ledger: ledger)
            for (label, start) in [("cold", nil), ("greedy warm start", warm)] as [(String, OrderRoute?)] {
                let solved = planner.solveOrder(0, ledger: ledger, warmStart: start)
                let detail =
                    "seed \(inst.seed) \(label) \(BruteForce.describe(order: 0, network: network))\n  solveOrder: "
                    + "\(BruteForce.describe(solved.route, network: network)) (reported \(solved.cost), "
                    + "bound \(solved.bound), proven \(solved.proven))\n"
                    + "  optimum:    \(BruteForce.describe(opt.route, network: network))"
                let problems = planProblems([solved.route], network: network)
                if !problems.isEmpty { invalid.append("\(detail)\n  problems: \(problems)") }
                let cost = network.cost(of: solved.route).total
                if abs(cost - solved.cost) > 1e-9 {
                    invalid.append("\(detail)\n  reported cost is not the route's cost \(cost)")
                }
                if abs(cost - opt.cost) > 1e-6 || !solved.proven { wrong.append(detail) }
                if solved.bound > opt.cost + 1e-6 || (solved.proven && solved.bound < cost - 1e-6) {
                    badBound.append(detail)
                }
            }
            if opt.route.legs.count > 1 { split += 1 }
            if opt.route.legs.reduce(0, { $0 + $1.units }) < network.orders[0].units { partial += 1 }
            if network.orders[0].units == 1 { oneUnit += 1 }
            if abs(network.cost(of: warm).total - opt.cost) > 1e-6 { warmDiffers += 1 }
        }
        print(
            "solveOrder vs brute force: \(instances.count) instances; optimum split in \(split), "
                + "partial in \(partial); \(oneUnit) one-unit orders; greedy above the optimum in \(warmDiffers); "
                + "passed over \(trivial) trivial and \(tooBig) too-big seeds"
        )
        #expect(invalid.isEmpty, "\(invalid.prefix(5).joined(separator: "\n"))")
        #expect(
            wrong.isEmpty, "\(wrong.count) not optimal (or not proven):\n\(wrong.prefix(5).joined(separator: "\n"))")
        #expect(badBound.isEmpty, "\(badBound.count) invalid bounds:\n\(badBound.prefix(5).joined(separator: "\n"))")
        #expect(split >= 10 && partial >= 10 && oneUnit >= 5, "split \(split), partial \(partial), one unit \(oneUnit)")
    }

    @Test("solveOrder on a ledger that earlier orders drained matches brute force on what is left")
    func solveOrderOnDrainedLedger() {
        // The joint instances, each order solved on what the orders before it left,
        // against the brute force of that order alone on a scenario holding exactly that.
        let (instances, _, _) = BruteForceInstances.joint(count: 60, firstSeed: 20_001)
        var wrong: [String] = []
        var drained = 0
        for inst in instances {
            let network = inst.network
            let planner = ExactPlanner(network: network)
            var ledger = InventoryLedger(network: network)
            for o in network.scenario.ordersInArrivalOrder {
                // The same scenario with the stock and capacity the ledger has left, and only this order.
                var left = network.scenario
                left.inventory = network.skus.indices.flatMap { sku in
                    network.nodes.indices.compactMap { node -> StockPosition? in
                        let units = ledger.available(node: node, sku: sku)
                        return units > 0
                            ? StockPosition(node: network.nodes[node].id, sku: network.skus[sku].id, onHand: units)
                            : nil
                    }
                }
                left.nodes = network.nodes.enumerated().map { i, n in
                    var m = n
                    if n.capacityUnits != nil { m.capacityUnits = ledger.capacityLeft[i] }
                    return m
                }
                left.orders = [network.orders[o]]
                let alone = Network(left)
                let opt = BruteForce.optimum(network: alone, order: 0)
                let solved = planner.solveOrder(o, ledger: ledger, warmStart: nil)
                if !ledger.canApply(solved.route) || abs(solved.cost - opt.cost) > 1e-6 {
                    wrong.append(
                        "seed \(inst.seed) \(BruteForce.describe(order: o, network: network)): "
                            + "solveOrder \(BruteForce.describe(solved.route, network: network)), "
                            + "optimum on what is left \(BruteForce.describe(opt.route, network: alone))"
                    )
                }
                if ledger.capacityLeft != InventoryLedger(network: network).capacityLeft { drained += 1 }
                ledger.apply(solved.route)
            }
        }
        #expect(wrong.isEmpty, "\(wrong.prefix(5).joined(separator: "\n"))")
        #expect(drained > 10)
    }
}
