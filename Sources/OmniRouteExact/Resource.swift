import OmniRouteHeuristics
import OmniRouteModel

/// A row orders compete for: stock, capacity, daily capacity or a reserve class
/// (constraint 8: a rule's orders taking a sku at a node).
///
/// In time (FORMAT.md, constraints 2′ and 3′) a (node, sku) with inbound rows has, in
/// place of one stock row, a row per day `t` on which an arrival is about to change what
/// it holds (`Timetable.stockCheckDays`): the units of legs shipping on or before `t` are at
/// most what has arrived by `t`. A node with a capacity per day has a row per ship day.
public enum Resource: Hashable, Sendable {
    case stock(node: Int, sku: Int)
    case stockThrough(node: Int, sku: Int, day: Int)
    case capacity(node: Int)
    case dailyCapacity(node: Int, day: Int)
    case reserve(rule: Int, node: Int, sku: Int)

    /// The node whose stock or capacity this is.
    var node: Int {
        switch self {
        case .stock(let n, _), .stockThrough(let n, _, _), .capacity(let n), .dailyCapacity(let n, _),
            .reserve(_, let n, _):
            n
        }
    }

    /// Stock rows, then stock by day, capacity, daily capacity and reserve rows, each in index order.
    var sortKey: [Int] {
        switch self {
        case .stock(let n, let s): [0, n, s]
        case .stockThrough(let n, let s, let d): [1, n, s, d]
        case .capacity(let n): [2, n]
        case .dailyCapacity(let n, let d): [3, n, d]
        case .reserve(let r, let n, let s): [4, r, n, s]
        }
    }

    /// Whether `a` comes before `b` in row order.
    static func precedes(_ a: Resource, _ b: Resource) -> Bool { a.sortKey.lexicographicallyPrecedes(b.sortKey) }
}

extension Network {
    /// The rows a unit of line `line` (sku `sku`) of an order with `rules` uses when it is sent
    /// from `node` on a leg shipping on `day`: its stock (by day where it has inbound rows), the
    /// node's capacity and capacity that day where it has them, and the reserve classes.
    func resources(sku: Int, line: Int, node: Int, day: Int, rules: OrderRules?, skus: [Int]) -> [Resource] {
        var out: [Resource] = []
        let timetable = self.timetable
        if let days = timetable.stockCheckDays[node * skuCount + sku] {
            for t in days where t >= day { out.append(.stockThrough(node: node, sku: sku, day: t)) }
        } else {
            out.append(.stock(node: node, sku: sku))
        }
        if nodes[node].capacityUnits != nil { out.append(.capacity(node: node)) }
        if timetable.capacityPerDay[node] != nil { out.append(.dailyCapacity(node: node, day: day)) }
        if let rules {
            for c in ReserveLedger.classes(rules: rules, skus: skus, node: node, line: line) {
                out.append(.reserve(rule: c.rule, node: c.node, sku: c.sku))
            }
        }
        return out
    }

    /// What `resource` has left on `ledger` (and `reserves`; nil: every class's full limit).
    func supply(of resource: Resource, ledger: InventoryLedger, reserves: ReserveLedger?) -> Int {
        switch resource {
        case .stock(let node, let sku): ledger.available(node: node, sku: sku)
        case .stockThrough(let node, let sku, let day): ledger.stockLeft(node: node, sku: sku, through: day)
        case .capacity(let node): ledger.capacityLeft[node]
        case .dailyCapacity(let node, let day): ledger.dailyCapacityLeft(node: node, day: day)
        case .reserve(let rule, let node, let sku):
            reserves?.left(ReserveClass(rule: rule, node: node, sku: sku))
                ?? ReserveLedger.limit(ReserveClass(rule: rule, node: node, sku: sku), network: self)
        }
    }

    /// The most units order `o` (with `rules`) could put into each row through `candidates`,
    /// not counting capacity: a candidate gives a row the units of the lines it holds that use
    /// it, and as an order has at most one leg per node, the most over its candidates counts.
    /// A row whose potential over all orders fits its supply can never bind. `capped`: each
    /// candidate's units at most its capacity left (the most a route could take, not a potential).
    func potentials(order o: Int, candidates: [Candidate], rules: OrderRules?, capped: Bool = false)
        -> [Resource: Int]
    {
        let lines = orders[o].lines
        let skus = orderSKUs[o]
        var most: [Resource: Int] = [:]
        for cand in candidates {
            var here: [Resource: Int] = [:]
            let day = cand.shipsOn
            for (l, sku) in skus.enumerated() where cand.available[l] > 0 {
                let units = min(lines[l].qty, cand.available[l])
                for r in resources(sku: sku, line: l, node: cand.node, day: day, rules: rules, skus: skus) {
                    here[r, default: 0] += units
                }
            }
            for (r, units) in here { most[r] = max(most[r] ?? 0, capped ? min(units, cand.capacityLeft) : units) }
        }
        return most
    }
}
