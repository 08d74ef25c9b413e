/// The project's own checker of a plan against its scenario: it recomputes every
/// leg, order and plan figure from the legs alone (through `CostModel`), checks the
/// constraints of FORMAT.md and compares what the plan reports.
///
/// Structural problems (missing or unknown keys, a wrong format) throw
/// `DocumentError`; infeasibilities are `errors`; wrong reported figures are
/// `mismatches`.
public struct PlanChecker {
    /// Relative tolerance of FORMAT.md (absolute near zero).
    public static let tolerance = 1e-6

    public let network: Network

    public init(network: Network) { self.network = network }

    /// What the check found.
    public struct Report: Sendable {
        public var errors: [String] = []
        public var mismatches: [String] = []
        public var recomputed = Totals()

        /// No constraint is violated.
        public var feasible: Bool { errors.isEmpty }
        /// Every reported figure matches the recomputed one.
        public var consistent: Bool { mismatches.isEmpty }
        public var ok: Bool { feasible && consistent }
    }

    /// The plan-level figures as recomputed.
    public struct Totals: Sendable, Equatable {
        public var totalCost = 0.0
        public var orders = 0
        public var legs = 0
        public var units = 0
        public var splitOrders = 0
        public var lateOrders = 0
        public var unfulfilledUnits = 0
    }

    public static func close(_ a: Double, _ b: Double) -> Bool {
        abs(a - b) <= tolerance * max(1.0, abs(a), abs(b))
    }

    /// Checks the plan in `document`.
    public func check(_ document: Document) throws(DocumentError) -> Report {
        let log = IssueLog()
        var report = Report()
        guard
            let root = FieldReader(
                document, path: "plan", issues: log,
                required: ["format", "scenario", "strategy", "orders", "summary"])
        else {
            throw DocumentError(issues: log.issues)
        }
        if let format = root.string("format"), format != Plan.format {
            log.add("plan.format", "expected \"\(Plan.format)\", got \"\(format)\"")
        }
        let ordersById = Dictionary(
            network.orders.enumerated().map { ($0.element.id, $0.offset) }, uniquingKeysWith: { a, _ in a })
        var seen = Set<Int>()
        var used: [Int: Int] = [:]  // node * skuCount + sku → units
        var capacityUsed: [Int: Int] = [:]
        var reserved: [Int: Int] = [:]  // (rule * nodeCount + node) * skuCount + sku → units (constraint 8)
        var time = TimeUse()
        for (w, value) in root.list("orders") ?? [] {
            guard
                let po = FieldReader(
                    value, path: w, issues: log,
                    required: ["order", "legs", "unfulfilled", "eta", "late_days", "cost"])
            else { continue }
            guard case .string(let oid)? = po.raw("order"), let orderIndex = ordersById[oid] else {
                report.errors.append("\(w): order \(Self.show(po.raw("order"))) is not in the scenario")
                continue
            }
            guard seen.insert(orderIndex).inserted else {
                report.errors.append("\(w): order \(oid) appears twice")
                continue
            }
            checkOrder(
                po, path: w.description, orderIndex: orderIndex, log: log, report: &report, used: &used,
                capacityUsed: &capacityUsed, reserved: &reserved, time: &time)
        }
        for (i, o) in network.orders.enumerated() where !seen.contains(i) {
            report.errors.append("plan: order \(o.id) is missing")
        }
        let k = network.skuCount
        for (key, q) in used.sorted(by: {
            (network.nodes[$0.key / k].id, network.skus[$0.key % k].id) < (
                network.nodes[$1.key / k].id, network.skus[$1.key % k].id
            )
        }) {
            let available = network.initialATP[key] ?? 0
            if let rows = network.timetable.inbound[key] {
                if let problem = Self.timelineProblem(available, rows, time.sent[key] ?? []) {
                    report.errors.append(
                        "inventory: \(network.nodes[key / k].id)/\(network.skus[key % k].id) sends \(problem.sent) "
                            + "by \(network.today + problem.day) > \(problem.supply) available by then")
                }
            } else if q > available {
                report.errors.append(
                    "inventory: \(network.nodes[key / k].id)/\(network.skus[key % k].id) takes \(q) "
                        + "> available \(available)"
                )
            }
        }
        if let book = network.ruleBook {
            let nodes = network.nodeCount
            for (key, q) in reserved.sorted(by: { $0.key < $1.key }) {
                let rule = key / k / nodes
                let node = key / k % nodes
                let sku = key % k
                let supply = network.reserveSupply(node: node, sku: sku)
                if let limit = book.reserveLimit(rule: rule, node: node, supply: supply), q > limit {
                    let r = book.rules[rule]
                    report.errors.append(
                        "rule \(r.id): orders it applies to take \(q) "
                            + "of \(network.nodes[node].id)/\(network.skus[sku].id), "
                            + "leaving fewer than \(r.reserve!.units) of \(supply)")
                }
            }
        }
        for (node, byDay) in time.daily.sorted(by: { network.nodes[$0.key].id < network.nodes[$1.key].id }) {
            guard let cap = network.timetable.capacityPerDay[node] else { continue }
            for (day, q) in byDay.sorted(by: { $0.key < $1.key }) where q > cap {
                report.errors.append(
                    "capacity: \(network.nodes[node].id) sends \(q) on \(network.today + day) > capacity_per_day \(cap)"
                )
            }
        }
        for (n, q) in capacityUsed.sorted(by: { network.nodes[$0.key].id < network.nodes[$1.key].id }) {
            if let cap = network.nodes[n].capacityUnits, q > cap {
                report.errors.append("capacity: \(network.nodes[n].id) picks \(q) > \(cap)")
            }
        }
        let tot = report.recomputed
        let summary = root.raw("summary")
        let expected: [(String, Double)] = [
            ("total_cost", tot.totalCost), ("orders", Double(tot.orders)), ("legs", Double(tot.legs)),
            ("units", Double(tot.units)),
            ("split_orders", Double(tot.splitOrders)), ("late_orders", Double(tot.lateOrders)),
            ("unfulfilled_units", Double(tot.unfulfilledUnits)),
        ]
        for (key, v) in expected {
            let reported = summary?[key].flatMap(Self.number)
            if reported == nil || !Self.close(reported!, v) {
                report.mismatches.append("summary.\(key): \(Self.show(summary?[key])) != \(Self.fixed(v))")
            }
        }
        if let b = summary?["bound"].flatMap(Self.number),
            b > tot.totalCost + Self.tolerance * max(1.0, abs(tot.totalCost))
        {
            report.errors.append("summary.bound \(b) exceeds the plan's own cost \(Self.fixed(tot.totalCost))")
        }
        guard log.isEmpty else { throw DocumentError(issues: log.issues) }
        return report
    }

    private func checkOrder(
        _ po: FieldReader, path w: String, orderIndex: Int, log: IssueLog, report: inout Report,
        used: inout [Int: Int], capacityUsed: inout [Int: Int], reserved: inout [Int: Int], time: inout TimeUse
    ) {
        let order = network.orders[orderIndex]
        let rules = network.rules(for: network.resolved(orderIndex))
        let lineOf = Dictionary(
            order.lines.enumerated().map { ($0.element.sku, $0.offset) }, uniquingKeysWith: { a, _ in a })
        let skuIdx = network.orderSKUs[orderIndex]
        var got = [Int](repeating: 0, count: order.lines.count)
        var legsCost = 0.0
        var maxEta: Int?
        var sources = Set<Int>()
        let legItems = po.list("legs") ?? []
        for (lw, legValue) in legItems {
            guard
                let leg = FieldReader(
                    legValue, path: lw, issues: log, required: ["type", "from", "lines", "eta", "cost"],
                    optional: ["service", "to", "ships_on"])
            else { continue }
            guard case .string(let fromId)? = leg.raw("from"), let src = network.nodeIndex[fromId] else {
                report.errors.append("\(lw): unknown node \(Self.show(leg.raw("from")))")
                continue
            }
            // Constraint 9: the day the leg leaves (absent: the node's earliest ship day).
            let timetable = network.timetable
            guard let earliest = timetable.earliest[src] else {
                report.errors.append("\(lw): \(fromId) is not open within a year")
                continue
            }
            var shipsOn = earliest
            if leg.has("ships_on") {
                guard case .string(let text)? = leg.raw("ships_on"), let day = CalendarDay(iso: text) else {
                    log.add(lw + ".ships_on", "expected a date YYYY-MM-DD, got \(leg.raw("ships_on")!.brief)")
                    continue
                }
                shipsOn = day - network.today
            }
            switch timetable.shipDayProblem(node: src, day: shipsOn) {
            case .beforeEarliest(let first)?:
                report.errors.append(
                    "\(lw): ships_on \(network.today + shipsOn) is before the earliest ship day "
                        + "\(network.today + first) of \(fromId)")
            case .closed?: report.errors.append("\(lw): \(fromId) is closed on ships_on \(network.today + shipsOn)")
            case .afterHorizon(let last)?:
                report.errors.append(
                    "\(lw): ships_on \(network.today + shipsOn) is after the horizon \(network.today + last)")
            case .neverOpen?, nil: break
            }
            if !sources.insert(src).inserted {
                report.errors.append("\(lw): second leg from \(fromId) for order \(order.id)")
            }
            var units = 0
            var weight = 0.0
            var quantities = [Int](repeating: 0, count: order.lines.count)
            for (pathK, lineValue) in leg.list("lines") ?? [] {
                guard let ln = FieldReader(lineValue, path: pathK, issues: log, required: ["sku", "qty"]) else {
                    continue
                }
                guard case .string(let sku)? = ln.raw("sku"), let li = lineOf[sku] else {
                    report.errors.append("\(lw): sku \(Self.show(ln.raw("sku"))) is not on order \(order.id)")
                    continue
                }
                // Bounded as in a scenario, so that no sum of quantities can overflow.
                guard case .int(let q)? = ln.raw("qty"), (1...Limits.units).contains(q) else {
                    let qty = Self.show(ln.raw("qty"))
                    report.errors.append("\(lw): qty \(qty) must be a whole number from 1 to \(Limits.units)")
                    continue
                }
                got[li] += q
                quantities[li] += q
                let position = src * network.skuCount + skuIdx[li]
                used[position, default: 0] += q
                if network.timetable.inbound[position] != nil { time.sent[position, default: []].append((shipsOn, q)) }
                if let rules {
                    checkRules(
                        rules, leg: lw.description, node: src, line: li, sku: skuIdx[li], qty: q,
                        report: &report, reserved: &reserved)
                }
                units += q
                weight += Double(q) * network.skus[skuIdx[li]].weightKg
            }
            if units == 0 { report.errors.append("\(lw): a leg carries at least one unit") }
            capacityUsed[src, default: 0] += units
            if timetable.capacityPerDay[src] != nil { time.daily[src, default: [:]][shipsOn, default: 0] += units }

            let node = network.nodes[src]
            let expectType = LegType.of(source: node, delivery: order.delivery)
            var tariff: LegTariff?
            switch order.delivery {
            case .ship(let point):
                if !node.shipToHome { report.errors.append("\(lw): \(node.id) does not ship to home") }
                if case .string(let sid)? = leg.raw("service"), let s = network.serviceIndex[sid] {
                    let km = node.location.distanceKm(to: point)
                    if let band = network.services[s].band(forKm: km) {
                        tariff = network.parcelTariff(source: src, service: s, band: band)
                    } else {
                        report.errors.append("\(lw): service \(sid) does not reach \(String(format1: km)) km")
                    }
                } else {
                    report.errors.append("\(lw): ship leg needs a known service, got \(Self.show(leg.raw("service")))")
                }
            case .pickup(let storeId):
                if leg.has("service") { report.errors.append("\(lw): pickup legs have no service") }
                if fromId == storeId {
                    tariff = network.storePickupTariff(source: src)
                } else if let store = network.nodeIndex[storeId], let lane = network.laneIndex(from: src, to: store) {
                    tariff = network.transferTariff(lane: lane)
                } else {
                    report.errors.append("\(lw): no lane \(fromId) -> \(storeId)")
                }
            }
            if case .string(let t)? = leg.raw("type"), t == expectType.rawValue {
            } else {
                report.errors.append("\(lw): type \(Self.show(leg.raw("type"))), expected '\(expectType.rawValue)'")
            }
            // A leg whose carriage is unknown is priced on picking, handling and the rules alone, as the
            // reference checker does (the store-pickup tariff is exactly that).
            var priced = tariff ?? network.storePickupTariff(source: src)
            if let rules { priced = rules.priced(priced) }
            let cost = priced.cost(units: units, weightKg: weight, quantities: quantities)
            legsCost += cost.total
            // The eta of the leg as it ships (the checker reads the day as given, even an infeasible one).
            if let t = tariff, shipsOn != t.shipsOn { tariff = network.retimed(t, shipsOn: shipsOn) }
            if let tariff {
                maxEta = max(maxEta ?? tariff.etaDays, tariff.etaDays)
                let eta = (network.today + tariff.etaDays).description
                if case .string(eta)? = leg.raw("eta") {
                } else {
                    report.mismatches.append("\(lw): eta \(Self.show(leg.raw("eta"))) != \(eta)")
                }
            }
            // `rules` absent means 0 (FORMAT.md, "Leg cost with rules").
            var reportedCost = leg.raw("cost")
            if case .object(let pairs)? = reportedCost, !pairs.contains(where: { $0.key == "rules" }) {
                reportedCost = .object(pairs + [("rules", .int(0))])
            }
            compare(
                reportedCost,
                [
                    ("pick", cost.pick), ("handling", cost.handling), ("shipping", cost.shipping),
                    ("transfer", cost.transfer), ("rules", cost.rules), ("total", cost.total),
                ],
                path: lw.description, report: &report)
        }
        let legCount = legItems.count
        if legCount > 1 && !order.allowSplit {
            report.errors.append("\(w): order \(order.id) may not be split, has \(legCount) legs")
        }
        if let cap = network.policy.maxLegsPerOrder, legCount > cap {
            report.errors.append("\(w): \(legCount) legs > max_legs_per_order \(cap)")
        }
        for a in rules?.applied ?? [] {
            let rule = network.ruleBook!.rules[a.rule]
            if let cap = rule.maxLegs, legCount > cap {
                report.errors.append("\(w): \(legCount) legs > max_legs \(cap) of rule \(rule.id)")
            }
        }
        var unfulfilled = [Int](repeating: 0, count: order.lines.count)
        for (uw, value) in po.list("unfulfilled") ?? [] {
            guard let ln = FieldReader(value, path: uw, issues: log, required: ["sku", "qty"]) else { continue }
            guard case .string(let sku)? = ln.raw("sku"), let li = lineOf[sku] else {
                report.errors.append("\(uw): sku \(Self.show(ln.raw("sku"))) is not on the order")
                continue
            }
            guard case .int(let q)? = ln.raw("qty"), (0...Limits.units).contains(q) else {
                let qty = Self.show(ln.raw("qty"))
                report.errors.append("\(uw): qty \(qty) must be a whole number from 0 to \(Limits.units)")
                continue
            }
            unfulfilled[li] += q
        }
        var unfulfilledUnits = 0
        var lost = 0.0
        for (i, line) in order.lines.enumerated() {
            if got[i] + unfulfilled[i] != line.qty {
                report.errors.append(
                    "\(w): sku \(line.sku): \(got[i]) sent + \(unfulfilled[i]) unfulfilled != \(line.qty) ordered")
            }
            unfulfilledUnits += unfulfilled[i]
            lost += CostModel.lostSaleCost(network.skus[skuIdx[i]], units: unfulfilled[i], policy: network.policy)
        }
        var late = 0
        if let maxEta {
            late = CostModel.lateDays(today: network.today, etaDays: maxEta, dueBy: order.dueBy)
            let eta = (network.today + maxEta).description
            if case .string(eta)? = po.raw("eta") {
            } else {
                report.mismatches.append("\(w): eta \(Self.show(po.raw("eta"))) != \(eta)")
            }
        } else if let eta = po.raw("eta"), eta != .null {
            report.mismatches.append("\(w): eta \(Self.show(eta)) for an order with no legs, expected null")
        }
        if po.raw("late_days").flatMap(Self.number) != Double(late) {
            report.mismatches.append("\(w): late_days \(Self.show(po.raw("late_days"))) != \(late)")
        }
        let cost = CostModel.orderCost(
            legs: legsCost, legCount: legCount, lateDays: late, unfulfilled: lost, policy: network.policy)
        compare(
            po.raw("cost"),
            [
                ("legs", cost.legs), ("split_penalty", cost.splitPenalty), ("late_penalty", cost.latePenalty),
                ("unfulfilled", cost.unfulfilled), ("total", cost.total),
            ], path: w, report: &report)
        report.recomputed.totalCost += cost.total
        report.recomputed.orders += 1
        report.recomputed.legs += legCount
        report.recomputed.units += got.reduce(0, +)
        report.recomputed.splitOrders += legCount > 1 ? 1 : 0
        report.recomputed.lateOrders += late > 0 ? 1 : 0
        report.recomputed.unfulfilledUnits += unfulfilledUnits
    }

    /// What the legs of a plan use in time: units sent by ship day of each (node, sku) with
    /// inbound rows (constraint 2′), and units by (node, ship day) of nodes with a capacity per day (3′).
    struct TimeUse {
        var sent: [Int: [(day: Int, units: Int)]] = [:]
        /// Units by node, then by ship day.
        var daily: [Int: [Int: Int]] = [:]
    }

    /// The first day by which more units of a (node, sku) have left than were there (its atp
    /// and its inbound rows ready by then), or nil: constraint 2′. On one day arrivals count first.
    static func timelineProblem(_ atp: Int, _ inbound: [(day: Int, units: Int)], _ sent: [(day: Int, units: Int)])
        -> (day: Int, sent: Int, supply: Int)?
    {
        let events = (inbound.map { ($0.day, 0, $0.units) } + sent.map { ($0.day, 1, $0.units) }).sorted {
            ($0.0, $0.1) < ($1.0, $1.1)
        }
        var supply = atp
        var total = 0
        for (day, kind, units) in events {
            if kind == 0 {
                supply += units
            } else {
                total += units
                if total > supply { return (day, total, supply) }
            }
        }
        return nil
    }

    /// Constraint 7 for `qty` units of `line` from `node`, and their share of every
    /// applicable reserve at that node (constraint 8, summed over orders by `check`).
    private func checkRules(
        _ rules: OrderRules, leg lw: String, node: Int, line: Int, sku: Int, qty: Int,
        report: inout Report, reserved: inout [Int: Int]
    ) {
        let book = rules.book
        for a in rules.applied where a.lines[line] {
            let rule = book.rules[a.rule]
            let skuId = network.skus[sku].id
            if book.excludes[a.rule]?[node] == true {
                report.errors.append("\(lw): rule \(rule.id) excludes \(network.nodes[node].id) for \(skuId)")
            }
            if let only = book.onlyFrom[a.rule], !only[node] {
                report.errors.append("\(lw): rule \(rule.id) allows only other nodes for \(skuId)")
            }
            if book.reserves(rule: a.rule, node: node) {
                let key = (a.rule * network.nodeCount + node) * network.skuCount + sku
                reserved[key, default: 0] += qty
            }
        }
    }

    private func compare(_ reported: Document?, _ expected: [(String, Double)], path: String, report: inout Report) {
        for (name, v) in expected {
            let r = reported?[name].flatMap(Self.number)
            if r == nil || !Self.close(r!, v) {
                report.mismatches.append("\(path): cost.\(name) \(Self.show(reported?[name])) != \(Self.fixed(v))")
            }
        }
    }

    static func number(_ d: Document) -> Double? {
        switch d {
        case .int(let i): Double(i)
        case .double(let x): x
        default: nil
        }
    }

    static func show(_ d: Document?) -> String {
        switch d {
        case nil: "(missing)"
        case .string(let s)?: "'\(s)'"
        case .int(let i)?: String(i)
        case .double(let x)?: String(x)
        case .null?: "null"
        case .bool(let b)?: String(b)
        case .array?: "[…]"
        case .object?: "{…}"
        }
    }

    static func fixed(_ x: Double) -> String {
        if x == x.rounded(), abs(x) < 1e15 { return String(Int(x)) }
        return String((x * 1_000_000).rounded() / 1_000_000)
    }
}
