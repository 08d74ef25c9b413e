import OmniRouteHeuristics
import OmniRouteModel

/// The routing problem of a set of orders as a MILP, on the stock and capacity a
/// ledger has left (FORMAT.md's model, exactly):
///
/// - `x[o,l,c,t]` integer units of line `l` of order `o` from candidate `c` by tariff `t`;
/// - `y[o,c,t]` binary: order `o` has a leg from `c` by tariff `t` (at most one per source);
/// - `u[o,l]` unfulfilled units; `late[o]` ≥ the late days of each open leg; `split[o]` ≥ legs − 1.
///
/// Minimize Σ y·(handling + per-leg carriage) + Σ x·(pick + per-unit carriage + per-kg
/// carriage × weight) + Σ u·price·lost_sale_factor + split_penalty·Σ split + late_penalty·Σ late,
/// subject to demand, linking, one leg per source, at least one unit per leg, legs per
/// order, stock per (node, sku) and capacity per node. Stock and capacity rows that no
/// choice could ever violate (their potential demand fits) are left out: that cannot
/// change the optimum.
///
/// In time a candidate is a node on one ship day (`Network.shipDayCandidates`), and the rows
/// are those of `Resource`: stock by day where inbound rows are (2′), capacity per (node,
/// day) (3′); the one-leg-per-source row spans a node's days.
///
/// Sourcing rules (docs/exact.md, "Sourcing rules"): a (line, node) a rule forbids has no
/// `x`, every tariff carries its surcharges (per leg in `y`'s cost, per unit in `x`'s),
/// the legs row is the rules' cap (`Network.maxLegs(for:)`), and each reserve class
/// (rule, node, sku) whose potential demand exceeds what it has left is a row over the
/// units of the rule's lines its orders send from that node.
public struct RoutingMILP: Sendable {
    /// One possible leg of an order and its columns.
    struct Leg: Sendable {
        var tariff: LegTariff
        var y: Int
        /// Column of each order line, or -1 when the source holds none of it.
        var x: [Int]
    }

    public let network: Network
    public let orders: [Int]
    public private(set) var model: LinearModel
    private(set) var legs: [[Leg]] = []
    private var unfulfilled: [[Int]] = []
    private var late: [Int] = []
    private var split: [Int] = []
    /// Stock and capacity rows kept (the rest provably cannot bind).
    public private(set) var couplingRows = 0

    /// Builds the model of `orders` (scenario indices) on what `ledger` has left.
    /// `surcharge(node, sku, day)` adds a price to every unit of `sku` taken at `node` on a leg shipping on `day`
    /// (the dual prices of column generation's pricing problems), `legCharge(node)` a
    /// price to every leg from `node` (a cut's dual; it may be negative). An order with a
    /// promise in `promises` (by scenario index) sends at least its units of each line
    /// and uses no tariff that arrives later.
    public init(
        network: Network, orders: [Int], ledger: InventoryLedger, names: Bool = false,
        surcharge: ((_ node: Int, _ sku: Int, _ day: Int) -> Double)? = nil,
        legCharge: ((_ node: Int) -> Double)? = nil,
        promises: [Int: Promise] = [:], reserves: ReserveLedger? = nil
    ) {
        self.network = network
        self.orders = orders
        let modelName = network.scenario.name.map { $0.isLetter || $0.isNumber ? $0 : "_" }.map(String.init).joined()
        var m = LinearModel(name: "omniroute_\(modelName)", recordsNames: names)
        let policy = network.policy
        var use: [Resource: [(column: Int, coefficient: Double)]] = [:]
        var potential: [Resource: Int] = [:]

        for o in orders {
            let order = network.orders[o]
            let skus = network.orderSKUs[o]
            let candidates = network.exactCandidates(order: o, ledger: ledger, reserves: reserves)
            let maxLegs = network.exactMaxLegs(order: o)
            let rules = network.rules(for: network.resolved(o))
            var orderLegs: [Leg] = []
            var demand = order.lines.map { _ in [(column: Int, coefficient: Double)]() }
            // One leg per source, whatever its day (a node's days are consecutive candidates).
            var ys: [Int] = []
            func closeSource(_ n: Int) {
                if ys.count > 1 {
                    m.addRow("source_\(order.id)_\(network.nodes[n].id)", upper: 1, terms: ys.map { ($0, 1) })
                }
                ys = []
            }
            let lateColumn =
                policy.latePenaltyPerDay > 0
                ? m.addColumn("late_\(order.id)", lower: 0, cost: policy.latePenaltyPerDay) : -1
            for (c, cand) in candidates.enumerated() {
                if c > 0, candidates[c - 1].node != cand.node { closeSource(candidates[c - 1].node) }
                let node = network.nodes[cand.node]
                let day = cand.shipsOn
                let unitRows = skus.enumerated().map { l, sku in
                    cand.available[l] > 0
                        ? network.resources(sku: sku, line: l, node: cand.node, day: day, rules: rules, skus: skus) : []
                }
                let dayTag = network.timetable.decidesShipDays ? "_d\(day)" : ""
                let allowed = promises[o].map { p in cand.tariffs.filter { p.allows($0) } } ?? cand.tariffs
                for tariff in Self.undominated(allowed, order: order, skus: skus, network: network) {
                    // Names are built only when the model records them.
                    let tag = {
                        "\(order.id)_\(node.id)\(tariff.service.map { "_" + network.services[$0].id } ?? "")\(dayTag)"
                    }
                    let y = m.addColumn(
                        "y_\(tag())", upper: 1, cost: tariff.fixedCost + (legCharge?(cand.node) ?? 0), kind: .binary)
                    ys.append(y)
                    var xs = [Int](repeating: -1, count: skus.count)
                    var legUnits: [(column: Int, coefficient: Double)] = []
                    for (l, sku) in skus.enumerated() where cand.available[l] > 0 {
                        let upper = min(order.lines[l].qty, cand.available[l])
                        let w = network.skus[sku].weightKg
                        let x = m.addColumn(
                            "x_\(tag())_\(order.lines[l].sku)", upper: Double(upper),
                            cost: tariff.pickPerUnit + tariff.carriagePerUnit + tariff.carriagePerKg * w
                                + (tariff.rulesPerUnit?[l] ?? 0) + (surcharge?(cand.node, sku, day) ?? 0),
                            kind: .integer)
                        xs[l] = x
                        demand[l].append((x, 1))
                        legUnits.append((x, 1))
                        m.addRow("link_\(tag())_\(order.lines[l].sku)", upper: 0, terms: [(x, 1), (y, -Double(upper))])
                        for r in unitRows[l] { use[r, default: []].append((x, 1)) }
                    }
                    // A leg carries at least one unit.
                    m.addRow("unit_\(tag())", upper: 0, terms: [(y, 1)] + legUnits.map { ($0.column, -1) })
                    if lateColumn >= 0 {
                        let lateDays = CostModel.lateDays(
                            today: network.today, etaDays: tariff.etaDays, dueBy: order.dueBy)
                        if lateDays > 0 {
                            m.addRow("late_\(tag())", lower: 0, terms: [(lateColumn, 1), (y, -Double(lateDays))])
                        }
                    }
                    orderLegs.append(Leg(tariff: tariff, y: y, x: xs))
                }
            }
            if let last = candidates.last { closeSource(last.node) }
            for (r, units) in network.potentials(order: o, candidates: candidates, rules: rules) {
                potential[r, default: 0] += units
            }
            var us: [Int] = []
            for (l, sku) in skus.enumerated() {
                let promised = promises[o].map { l < $0.units.count ? min($0.units[l], order.lines[l].qty) : 0 } ?? 0
                let u = m.addColumn(
                    "u_\(order.id)_\(order.lines[l].sku)", upper: Double(order.lines[l].qty - promised),
                    cost: CostModel.lostSaleCost(network.skus[sku], units: 1, policy: policy), kind: .integer)
                us.append(u)
                let q = Double(order.lines[l].qty)
                m.addRow("demand_\(order.id)_\(order.lines[l].sku)", lower: q, upper: q, terms: demand[l] + [(u, 1)])
            }
            if orderLegs.count > maxLegs {
                m.addRow("legs_\(order.id)", upper: Double(maxLegs), terms: orderLegs.map { ($0.y, 1) })
            }
            var splitColumn = -1
            if policy.splitPenalty > 0, maxLegs > 1, orderLegs.count > 1 {
                splitColumn = m.addColumn("split_\(order.id)", lower: 0, cost: policy.splitPenalty)
                m.addRow("splitdef_\(order.id)", lower: -1, terms: [(splitColumn, 1)] + orderLegs.map { ($0.y, -1) })
            }
            legs.append(orderLegs)
            unfulfilled.append(us)
            late.append(lateColumn)
            split.append(splitColumn)
        }
        var coupling = 0
        for r in use.keys.sorted(by: Resource.precedes) {
            let supply = network.supply(of: r, ledger: ledger, reserves: reserves)
            guard supply != Int.max, potential[r, default: 0] > supply else { continue }
            m.addRow(Self.rowName(r, network: network), upper: Double(max(0, supply)), terms: use[r]!)
            coupling += 1
        }
        couplingRows = coupling
        model = m
    }

    /// The name of a coupling row.
    static func rowName(_ r: Resource, network: Network) -> String {
        let nodes = network.nodes
        let skus = network.skus
        return switch r {
        case .stock(let n, let k): "stock_\(nodes[n].id)_\(skus[k].id)"
        case .stockThrough(let n, let k, let d): "stock_\(nodes[n].id)_\(skus[k].id)_by\(d)"
        case .capacity(let n): "capacity_\(nodes[n].id)"
        case .dailyCapacity(let n, let d): "capacity_\(nodes[n].id)_d\(d)"
        case .reserve(let rule, let n, let k):
            "reserve_\(network.ruleBook!.rules[rule].id)_\(nodes[n].id)_\(skus[k].id)"
        }
    }

    /// The tariffs of one source that some optimum may use: a tariff is dropped when
    /// another costs no more per leg, no more per unit of every line, and is late no
    /// more days (the order's lateness is a max over its legs, so swapping the
    /// dominated tariff for the dominating one never costs more).
    static func undominated(_ tariffs: [LegTariff], order: Order, skus: [Int], network: Network) -> [LegTariff] {
        guard tariffs.count > 1 else { return tariffs }
        func late(_ t: LegTariff) -> Int {
            CostModel.lateDays(today: network.today, etaDays: t.etaDays, dueBy: order.dueBy)
        }
        func unitCost(_ t: LegTariff, _ sku: Int) -> Double {
            t.pickPerUnit + t.carriagePerUnit + t.carriagePerKg * network.skus[sku].weightKg
        }
        func dominates(_ a: LegTariff, _ b: LegTariff) -> Bool {
            a.fixedCost <= b.fixedCost && late(a) <= late(b) && skus.allSatisfy { unitCost(a, $0) <= unitCost(b, $0) }
        }
        var kept: [LegTariff] = []
        for (i, t) in tariffs.enumerated() {
            // Of two equal tariffs keep the first.
            let beaten = tariffs.enumerated().contains { j, other in
                j != i && dominates(other, t) && (!dominates(t, other) || j < i)
            }
            if !beaten { kept.append(t) }
        }
        return kept
    }

    /// The routes a solution vector describes.
    public func routes(from x: [Double]) -> [OrderRoute] {
        orders.enumerated().map { k, o in
            var route = OrderRoute(order: o)
            for leg in legs[k] where x[leg.y] > 0.5 {
                let q = leg.x.map { $0 >= 0 ? Int(x[$0].rounded()) : 0 }
                if q.contains(where: { $0 > 0 }) {
                    route.legs.append(OrderRoute.Leg(tariff: leg.tariff, quantities: q))
                }
            }
            return route
        }
    }

    /// The solution vector of `routes` (one per order of the model, in any order), or
    /// nil when a route uses a leg the model does not have.
    public func vector(for routes: [OrderRoute]) -> [Double]? {
        var x = [Double](repeating: 0, count: model.columnCount)
        let byOrder = Dictionary(routes.map { ($0.order, $0) }, uniquingKeysWith: { a, _ in a })
        for (k, o) in orders.enumerated() {
            let order = network.orders[o]
            let route = byOrder[o] ?? OrderRoute(order: o)
            var sent = [Int](repeating: 0, count: order.lines.count)
            var maxEta = -1
            for routed in route.legs {
                // The route's own tariff, or the one that dominates it from the same source.
                guard
                    let leg = legs[k].first(where: { $0.tariff == routed.tariff })
                        ?? legs[k].first(where: {
                            $0.tariff.source == routed.tariff.source && $0.tariff.shipsOn == routed.tariff.shipsOn
                                && Self.undominated(
                                    [$0.tariff, routed.tariff], order: order, skus: network.orderSKUs[o],
                                    network: network) == [$0.tariff]
                        })
                else { return nil }
                x[leg.y] = 1
                for (l, q) in routed.quantities.enumerated() where q > 0 {
                    guard leg.x[l] >= 0 else { return nil }
                    x[leg.x[l]] = Double(q)
                    sent[l] += q
                }
                maxEta = max(maxEta, routed.tariff.etaDays)
            }
            for l in order.lines.indices { x[unfulfilled[k][l]] = Double(order.lines[l].qty - sent[l]) }
            if late[k] >= 0, maxEta >= 0 {
                x[late[k]] = Double(CostModel.lateDays(today: network.today, etaDays: maxEta, dueBy: order.dueBy))
            }
            if split[k] >= 0 { x[split[k]] = Double(max(0, route.legs.count - 1)) }
        }
        return x
    }
}
