import OmniRouteFormat
import OmniRouteHeuristics
import OmniRouteModel
import OmniRouteTestSupport
import Testing

@testable import OmniRouteExact

/// The branch and bound over legs that prices one order (for `solveOrder` and column
/// generation's pricing) must give the optimum of the order's MILP, surcharges included.
@Suite("Route enumeration equals the order's MILP")
struct RouteEnumerationTests {
    /// Compares the enumeration with GLPK on every order of `network`, on full stock,
    /// with surcharges per (node, sku) drawn from `rng` (none for about a third of the
    /// pairs) and charges per leg from some nodes; returns the disagreements and how many orders the
    /// enumeration settled.
    /// With `promising`, about half the orders must keep the promise of their greedy route.
    static func compare(_ network: Network, orders: [Int], rng: inout SeededRandom, promising: Bool = false)
        -> (wrong: [String], settled: Int, multiLeg: Int)
    {
        let ledger = InventoryLedger(network: network)
        var greedy = GreedyRouter(network: network)
        var extra: [Int: Double] = [:]
        for node in network.nodes.indices {
            for sku in network.skus.indices where rng.unit() > 0.33 {
                extra[node * network.skuCount + sku] = rng.unit() * 12
            }
        }
        let surcharge = { (node: Int, sku: Int, _: Int) -> Double in extra[node * network.skuCount + sku] ?? 0 }
        // Charges per leg, as flow cover cuts' duals give (negative ones may send the order to its MILP).
        var legExtra: [Int: Double] = [:]
        for node in network.nodes.indices where rng.unit() < 0.3 { legExtra[node] = rng.unit() * 8 - 3 }
        let legCharge = { (node: Int) -> Double in legExtra[node] ?? 0 }
        var wrong: [String] = []
        var settled = 0
        var multiLeg = 0
        for o in orders {
            let promise =
                promising && rng.unit() < 0.5
                ? Promise(keeping: greedy.route(order: o, ledger: ledger), lines: network.orders[o].lines.count) : nil
            guard
                let enumerated = ExactPlanner.enumeratedOptimum(
                    network: network, order: o, ledger: ledger, surcharge: surcharge,
                    legCharge: legCharge, promise: promise)
            else { continue }
            settled += 1
            if enumerated.route.legs.count > 1 { multiLeg += 1 }
            if let promise, !promise.isKept(by: enumerated.route) {
                wrong.append("\(network.orders[o].id): promise broken")
            }
            let milp = RoutingMILP(
                network: network, orders: [o], ledger: ledger, surcharge: surcharge, legCharge: legCharge,
                promises: promise.map { [o: $0] } ?? [:])
            let result = GLPK.solve(milp.model, options: SolverOptions(timeLimit: 30, gap: 0, presolve: true))
            let skus = network.orderSKUs[o]
            var routeValue = network.cost(of: enumerated.route).total
            for leg in enumerated.route.legs {
                routeValue += legCharge(leg.tariff.source)
                for (l, q) in leg.quantities.enumerated() {
                    routeValue += Double(q) * surcharge(leg.tariff.source, skus[l], leg.tariff.shipsOn)
                }
            }
            if result.status != .optimal || abs((result.objective ?? .nan) - enumerated.value) > 1e-6
                || abs(routeValue - enumerated.value) > 1e-6 || !ledger.canApply(enumerated.route)
            {
                wrong.append(
                    "\(network.orders[o].id): enumeration \(enumerated.value) (its route \(routeValue), "
                        + "\(enumerated.route.legs.count) legs), MILP \(result.status) "
                        + "\(String(describing: result.objective))"
                )
            }
        }
        return (wrong, settled, multiLeg)
    }

    @Test("random scenarios: every order, random surcharges, half of them keeping a promise")
    func randomScenarios() {
        let config = RandomScenario.Config(
            nodes: 4...12, skus: 2...5, orders: 3...10, maxLines: 4, maxQty: 4,
            stockDensity: 0.6, maxOnHand: 4, storeShipRate: 0.7, laneRate: 0.6)
        var rng = SeededRandom(seed: 7)
        var wrong: [String] = []
        var settled = 0
        var multiLeg = 0
        var orders = 0
        for seed in UInt64(1)...150 {
            let network = Network(RandomScenario.make(seed: seed, config: config))
            let r = Self.compare(network, orders: Array(network.orders.indices), rng: &rng, promising: seed % 2 == 0)
            wrong += r.wrong.map { "seed \(seed) \($0)" }
            settled += r.settled
            multiLeg += r.multiLeg
            orders += network.orders.count
        }
        #expect(wrong.isEmpty, "\(wrong.count) disagreements:\n\(wrong.prefix(5).joined(separator: "\n"))")
        // Most orders are settled without GLPK (the rest have a capacity that could bind), and enough of them
        // need more than one leg.
        #expect(settled * 10 >= orders * 6, "settled \(settled) of \(orders)")
        #expect(multiLeg >= 30, "only \(multiLeg) optima with several legs")
    }

    @Test("east-medium's orders of several units, with surcharges")
    func bundledScenario() throws {
        let network = Network(try DocumentFile.scenario(Paths.scenario("east-medium.json")))
        var rng = SeededRandom(seed: 11)
        let orders = network.orders.indices.filter { network.orders[$0].units > 1 }.prefix(400)
        let r = Self.compare(network, orders: Array(orders), rng: &rng)
        #expect(r.wrong.isEmpty, "\(r.wrong.count) disagreements:\n\(r.wrong.prefix(5).joined(separator: "\n"))")
        #expect(r.settled >= 380, "settled \(r.settled) of \(orders.count)")
        #expect(r.multiLeg >= 20, "only \(r.multiLeg) optima with several legs")
    }
}
