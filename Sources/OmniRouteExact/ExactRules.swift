import OmniRouteHeuristics
import OmniRouteModel

/// A reserve class of constraint 8: the units of `sku` that the orders `rule` applies to
/// take together from `node` on the rule's lines, at most the rule's reserve limit there.
public struct ReserveClass: Hashable, Sendable, Comparable {
    public let rule: Int
    public let node: Int
    public let sku: Int

    public static func < (a: ReserveClass, b: ReserveClass) -> Bool {
        (a.rule, a.node, a.sku) < (b.rule, b.node, b.sku)
    }
}

/// What the reserve classes have left while orders are routed one after another (the
/// reserves' counterpart of `InventoryLedger`). A class starts at its limit,
/// `RuleBook.reserveLimit(… supply: Network.reserveSupply(node, sku))`; only the routes
/// of the orders its rule applies to count against it.
public struct ReserveLedger: Sendable {
    public let network: Network
    /// Units taken from each class so far.
    private(set) var used: [ReserveClass: Int] = [:]

    public init(network: Network) { self.network = network }

    /// The limit of a class on the scenario's supply.
    public static func limit(_ c: ReserveClass, network: Network) -> Int {
        network.reserveLimit(rule: c.rule, node: c.node, sku: c.sku) ?? Int.max
    }

    /// Units a class has left.
    public func left(_ c: ReserveClass) -> Int { max(0, Self.limit(c, network: network) - used[c, default: 0]) }

    /// The reserve classes that units of line `line` sent from `node` count against, for an
    /// order whose rules are `rules` and whose lines are skus `skus`.
    static func classes(rules: OrderRules, skus: [Int], node: Int, line: Int) -> [ReserveClass] {
        var out: [ReserveClass] = []
        for a in rules.applied where a.lines[line] && rules.book.reserves(rule: a.rule, node: node) {
            out.append(ReserveClass(rule: a.rule, node: node, sku: skus[line]))
        }
        return out
    }

    /// Each class `route` takes from, with its units.
    public func usage(of route: OrderRoute) -> [ReserveClass: Int] {
        guard let rules = network.rules(for: network.resolved(route.order)), !rules.reserves.isEmpty else { return [:] }
        let skus = network.orderSKUs[route.order]
        var out: [ReserveClass: Int] = [:]
        for leg in route.legs {
            for (l, q) in leg.quantities.enumerated() where q > 0 {
                for c in Self.classes(rules: rules, skus: skus, node: leg.tariff.source, line: l) {
                    out[c, default: 0] += q
                }
            }
        }
        return out
    }

    /// Whether `route` fits what the classes have left.
    public func canApply(_ route: OrderRoute) -> Bool { usage(of: route).allSatisfy { left($0.key) >= $0.value } }

    /// Takes `route` out of the classes.
    public mutating func apply(_ route: OrderRoute) { for (c, q) in usage(of: route) { used[c, default: 0] += q } }

    /// Gives back what `route` took.
    public mutating func release(_ route: OrderRoute) { for (c, q) in usage(of: route) { used[c, default: 0] -= q } }
}

extension Network {
    /// The candidate sources of order `o` on what `ledger` has left, as the exact engine
    /// sees them under the sourcing rules: a line a node may not send (constraint 7) is
    /// held there by none, a line no candidate can send more of than its reserve classes
    /// leave (`reserves`, or every class's full limit when nil), a candidate left with
    /// nothing is dropped, and every tariff is priced with the order's surcharges. Without
    /// rules (or none applying), exactly `ledger.candidates(order: o)`, each node on the ship
    /// days `shipDayCandidates` gives it where ship days are decisions.
    func exactCandidates(order o: Int, ledger: InventoryLedger, reserves: ReserveLedger? = nil) -> [Candidate] {
        var base = ledger.candidates(order: o)
        if timetable.decidesShipDays { base = shipDayCandidates(order: o, base, ledger: ledger) }
        guard let rules = rules(for: resolved(o)), !rules.isEmpty else { return base }
        let skus = orderSKUs[o]
        var out: [Candidate] = []
        out.reserveCapacity(base.count)
        for var cand in base {
            for l in skus.indices where cand.available[l] > 0 {
                guard rules.allows(node: cand.node, line: l) else {
                    cand.available[l] = 0
                    continue
                }
                for c in ReserveLedger.classes(rules: rules, skus: skus, node: cand.node, line: l) {
                    let left = reserves?.left(c) ?? ReserveLedger.limit(c, network: self)
                    cand.available[l] = min(cand.available[l], left)
                }
            }
            guard cand.available.contains(where: { $0 > 0 }) else { continue }
            cand.tariffs = cand.tariffs.map(rules.priced)
            out.append(cand)
        }
        return out
    }

    /// Each of `candidates` (one per node, on the day the ledger chose) once on every day some
    /// optimum may ship its leg: every ship day through the horizon at a node with a capacity
    /// per day (any day may be where its capacity is left); else its earliest ship day and the
    /// first ship day on which each inbound row of the order's skus there can leave (between two
    /// such days nothing it holds changes, and an earlier day costs the same and arrives no
    /// later). A candidate keeps the tariffs retimed to its day, what it holds by that day and
    /// its capacity that day; days with nothing to send are left out.
    func shipDayCandidates(order o: Int, _ candidates: [Candidate], ledger: InventoryLedger) -> [Candidate] {
        let timetable = self.timetable
        let skus = orderSKUs[o]
        var out: [Candidate] = []
        for cand in candidates {
            let n = cand.node
            let phased = skus.indices.filter { timetable.inbound[n * skuCount + skus[$0]] != nil }
            var days: [Int] = []
            if timetable.capacityPerDay[n] != nil {
                var d = timetable.earliest[n] ?? Int.max
                while d <= timetable.horizon, let day = timetable.nextShipDay(node: n, from: d) {
                    days.append(day)
                    d = day + 1
                }
            } else if phased.isEmpty {
                out.append(cand)
                continue
            } else {
                var set = Set<Int>()
                if let first = timetable.earliest[n].flatMap({ timetable.nextShipDay(node: n, from: $0) }) {
                    set.insert(first)
                }
                for l in phased {
                    for row in timetable.inbound[n * skuCount + skus[l]]! where row.day != Int.max {
                        if let day = timetable.nextShipDay(node: n, from: row.day) { set.insert(day) }
                    }
                }
                days = set.sorted()
            }
            for day in days {
                var c = cand
                c.capacityLeft = min(ledger.capacityLeft[n], ledger.dailyCapacityLeft(node: n, day: day))
                guard c.capacityLeft > 0 else { continue }
                for l in phased { c.available[l] = ledger.availableBy(node: n, sku: skus[l], day: day) }
                guard c.available.contains(where: { $0 > 0 }) else { continue }
                if c.tariffs.first?.shipsOn != day { c.tariffs = c.tariffs.map { retimed($0, shipsOn: day) } }
                out.append(c)
            }
        }
        return out
    }

    /// Most legs order `o` may have (constraint 6, with the rules' caps).
    func exactMaxLegs(order o: Int) -> Int { maxLegs(for: resolved(o)) }

    /// `route` with every tariff priced with its order's surcharges (unchanged without rules).
    func pricedRoute(_ route: OrderRoute) -> OrderRoute {
        guard let rules = rules(for: resolved(route.order)), !rules.isEmpty else { return route }
        var r = route
        for i in r.legs.indices { r.legs[i].tariff = rules.priced(r.legs[i].tariff) }
        return r
    }

    /// Whether `route` keeps its order's filters (constraint 7) and cap on legs (constraint 6);
    /// reserves are joint and checked by `ReserveLedger`.
    func honoursOrderRules(_ route: OrderRoute) -> Bool {
        guard let rules = rules(for: resolved(route.order)) else { return true }
        guard route.legs.count <= maxLegs(for: resolved(route.order)) else { return false }
        for leg in route.legs {
            for (l, q) in leg.quantities.enumerated() where q > 0 {
                if !rules.allows(node: leg.tariff.source, line: l) { return false }
            }
        }
        return true
    }
}
