import Foundation
import OmniRouteExact
import OmniRouteFormat
import OmniRouteHeuristics
import OmniRouteModel
import OmniRouteTestSupport

/// Σ of the model's order costs.
func totalCost(_ routes: [OrderRoute], network: Network) -> Double {
    routes.reduce(0.0) { $0 + network.cost(of: $1).total }
}

/// Everything wrong with `routes` as a whole plan: one valid route per order, each
/// through a tariff the model offers, all of them fitting stock and capacity together.
func planProblems(_ routes: [OrderRoute], network: Network) -> [String] {
    var problems: [String] = []
    var seen = Set<Int>()
    for r in routes where !seen.insert(r.order).inserted { problems.append("order \(r.order) routed twice") }
    if seen != Set(network.orders.indices) {
        problems.append("routes cover orders \(seen.sorted()), expected all \(network.orders.count)")
    }
    var ledger = InventoryLedger(network: network)
    for route in routes {
        let order = network.orders[route.order]
        let maxLegs = network.maxLegs(for: network.resolved(route.order))
        let rules = network.rules(for: network.resolved(route.order))
        if route.legs.count > maxLegs { problems.append("\(order.id): \(route.legs.count) legs > max \(maxLegs)") }
        var sources = Set<Int>()
        var sent = [Int](repeating: 0, count: order.lines.count)
        for leg in route.legs {
            let src = leg.tariff.source
            if !sources.insert(src).inserted { problems.append("\(order.id): two legs from \(network.nodes[src].id)") }
            if leg.quantities.count != order.lines.count || leg.quantities.contains(where: { $0 < 0 }) || leg.units < 1
            {
                problems.append("\(order.id): bad quantities \(leg.quantities) from \(network.nodes[src].id)")
                continue
            }
            for (i, q) in leg.quantities.enumerated() { sent[i] += q }
            switch network.tariffs(order: order, source: src) {
            case .failure(let why): problems.append("\(order.id): \(network.nodes[src].id) cannot serve: \(why)")
            case .success(let tariffs):
                // Under rules, the model's tariffs priced with the order's surcharges; in time, on the leg's day.
                let day = leg.tariff.shipsOn
                let timed = network.timetable.isTimed
                if !tariffs.map({ t in
                    let priced = rules?.priced(t) ?? t
                    return timed && priced.shipsOn != day ? network.retimed(priced, shipsOn: day) : priced
                }).contains(leg.tariff) {
                    problems.append("\(order.id): tariff from \(network.nodes[src].id) is not the model's")
                }
            }
        }
        for (i, line) in order.lines.enumerated() where sent[i] > line.qty {
            problems.append("\(order.id): sends \(sent[i]) of \(line.sku), ordered \(line.qty)")
        }
        if problems.isEmpty {
            if ledger.canApply(route) {
                ledger.apply(route)
            } else {
                problems.append("\(order.id): does not fit what the orders before it left")
            }
        }
    }
    return problems
}

/// Plan-checker findings on the plan of `routes` (with `bound`), on its document and
/// on that document written to JSON and parsed back.
func checkerFindings(_ routes: [OrderRoute], network: Network, strategy: String, bound: Double?) -> [String] {
    let plan = network.plan(routes: routes, strategy: strategy, solveSeconds: 0, bound: bound)
    var out: [String] = []
    let checker = PlanChecker(network: network)
    do {
        let report = try checker.check(plan.document)
        out += report.errors.map { "error: \($0)" } + report.mismatches.map { "mismatch: \($0)" }
        if !PlanChecker.close(report.recomputed.totalCost, totalCost(routes, network: network)) {
            out.append(
                "recomputed total \(report.recomputed.totalCost) "
                    + "!= Σ route costs \(totalCost(routes, network: network))"
            )
        }
        let reparsed = try checker.check(try JSONParser.parse(JSONWriter.write(plan.document)))
        out += reparsed.errors.map { "json error: \($0)" } + reparsed.mismatches.map { "json mismatch: \($0)" }
    } catch {
        out.append("checker threw: \(error)")
    }
    return out
}

/// A plan's routes in a compact form, for failure messages.
func describe(_ routes: [OrderRoute], network: Network) -> String {
    routes.sorted { $0.order < $1.order }.map {
        "    \(network.orders[$0.order].id): \(BruteForce.describe($0, network: network))"
    }
    .joined(separator: "\n")
}

/// A scenario's orders and stock in a compact form, for failure messages.
func describe(network: Network) -> String {
    var lines: [String] = []
    lines += network.orders.indices.map { "    " + BruteForce.describe(order: $0, network: network) }
    let stock = network.initialATP.sorted { $0.key < $1.key }.map { key, units in
        "\(network.nodes[key / network.skuCount].id):\(network.skus[key % network.skuCount].id)=\(units)"
    }
    lines.append("    atp " + stock.joined(separator: " "))
    lines.append(
        "    capacity "
            + network.nodes.map { "\($0.id)=\($0.capacityUnits.map(String.init) ?? "∞")" }.joined(separator: " "))
    lines.append(
        "    policy split=\(network.policy.splitPenalty) late=\(network.policy.latePenaltyPerDay) "
            + "lost×\(network.policy.lostSaleFactor) "
            + "maxLegs=\(network.policy.maxLegsPerOrder.map(String.init) ?? "nil")"
    )
    return lines.joined(separator: "\n")
}

/// A mutex-guarded box for results gathered from several threads.
final class Locked<Value>: @unchecked Sendable {
    private var value: Value
    private let lock = NSLock()
    init(_ value: Value) { self.value = value }
    func withLock<R>(_ body: (inout Value) -> R) -> R {
        lock.lock()
        defer { lock.unlock() }
        return body(&value)
    }
}
