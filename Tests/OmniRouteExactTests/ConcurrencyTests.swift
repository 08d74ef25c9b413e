import Dispatch
import Foundation
import OmniRouteExact
import OmniRouteHeuristics
import OmniRouteModel
import OmniRouteTestSupport
import Testing

@Suite("Solving on several threads at once")
struct ConcurrencyTests {
    /// What one run produced: each order's solveOrder cost and bound on full stock,
    /// the batch routes, cost and bound.
    struct Result: Equatable, Sendable {
        var orderCosts: [Double]
        var orderBounds: [Double]
        var batchRoutes: [OrderRoute]
        var batchCost: Double
        var batchBound: Double
        var myopicCost: Double
    }

    static let config = RandomScenario.Config(
        nodes: 4...8, skus: 2...4, orders: 6...12, maxLines: 3, maxQty: 3,
        stockDensity: 0.6, maxOnHand: 4)

    static func run(seed: UInt64) -> Result {
        let network = Network(RandomScenario.make(seed: seed, config: config))
        // No time limit: the results must not depend on how fast a thread got going.
        let planner = ExactPlanner(network: network)
        let ledger = InventoryLedger(network: network)
        var costs: [Double] = []
        var bounds: [Double] = []
        for o in network.orders.indices {
            let s = planner.solveOrder(o, ledger: ledger, warmStart: nil)
            costs.append(s.cost)
            bounds.append(s.bound)
        }
        let batch = planner.batch()
        let myopic = planner.myopic()
        return Result(
            orderCosts: costs, orderBounds: bounds, batchRoutes: batch.routes,
            batchCost: totalCost(batch.routes, network: network),
            batchBound: batch.bound, myopicCost: totalCost(myopic.routes, network: network))
    }

    static let seeds: [UInt64] = [101, 202, 303, 404, 505, 606, 707, 808]

    @Test("Four threads at once give the same results as one at a time")
    func threads() {
        let alone = Self.seeds.map { Self.run(seed: $0) }
        let results = Locked([UInt64: Result]())
        let done = DispatchSemaphore(value: 0)
        // Four dedicated threads, each taking every fourth seed.
        for t in 0..<4 {
            let thread = Thread {
                for (i, seed) in Self.seeds.enumerated() where i % 4 == t {
                    let r = Self.run(seed: seed)
                    results.withLock { $0[seed] = r }
                }
                GLPK.freeThreadEnvironment()
                done.signal()
            }
            thread.stackSize = 8 << 20
            thread.start()
        }
        for _ in 0..<4 { done.wait() }
        let concurrent = results.withLock { $0 }
        for (seed, want) in zip(Self.seeds, alone) {
            let got = concurrent[seed]
            #expect(
                got == want,
                Comment(
                    rawValue: "seed \(seed): concurrent \(String(describing: got).prefix(300)) "
                        + "≠ sequential \(String(describing: want).prefix(300))")
            )
        }
        // The runs did real work.
        #expect(alone.reduce(0) { $0 + $1.orderCosts.count } >= 40)
    }

    @Test("concurrentPerform over many single-order solves matches the sequential answers")
    func concurrentPerform() {
        let (instances, _, _) = BruteForceInstances.singleOrder(count: 48, firstSeed: 30_001)
        let sequential = instances.map { inst in
            ExactPlanner(network: inst.network).solveOrder(
                0, ledger: InventoryLedger(network: inst.network), warmStart: nil)
        }
        let parallel = Locked([Int: (route: OrderRoute, cost: Double, bound: Double, proven: Bool)]())
        DispatchQueue.concurrentPerform(iterations: instances.count) { i in
            let inst = instances[i]
            let s = ExactPlanner(network: inst.network).solveOrder(
                0, ledger: InventoryLedger(network: inst.network), warmStart: nil)
            parallel.withLock { $0[i] = s }
        }
        let got = parallel.withLock { $0 }
        for (i, want) in sequential.enumerated() {
            let g = got[i]
            #expect(
                g?.cost == want.cost && g?.bound == want.bound && g?.route == want.route && g?.proven == want.proven,
                "seed \(instances[i].seed): \(String(describing: g)) vs \(want)")
        }
    }
}
