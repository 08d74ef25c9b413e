import OmniRouteModel

/// Stock and picking capacity left while orders are routed one after another.
/// Starts from the scenario's available to promise and each node's capacity; a
/// live store keeps it exact with `setAvailable`, `setCapacityLeft` and `release`.
///
/// With sourcing rules that reserve units, the ledger has one more row per reserve class
/// (rule, node, sku): the units the orders the rule applies to may still take there,
/// starting at `RuleBook.reserveLimit(rule:node:supply:)` of `Network.reserveSupply`. Routes
/// applied with their order (`apply(_:for:)`, or `apply(_:)` for a scenario order) take from
/// these rows; a network without reserves has none and pays nothing for them.
public struct InventoryLedger: Sendable {
    public let network: Network
    /// For each sku, the nodes that hold (or held) some, in node order.
    private var holders: [[Int]]
    /// Units left, parallel to `holders[sku]`.
    private var stock: [[Int]]
    /// Units each node can still pick (`Int.max` when unlimited).
    public private(set) var capacityLeft: [Int]
    /// Whether some rule of the network reserves units (the reserve rows exist).
    public let hasReserves: Bool
    /// Units taken so far from each reserve class that has been touched, by `reserveKey`.
    private var reserveTaken: [Int: Int] = [:]
    /// With reserves, `Network.reserveSupply` of each holding, parallel to `holders[sku]`
    /// (so that checkout's candidates never look it up by key); empty without.
    private var supply: [[Int]] = []
    /// Whether the network plans in time (`Timetable.isTimed`): then legs ship on a day, and
    /// the ledger keeps daily capacity and stock on its way by day.
    public let isTimed: Bool
    /// Units each node can still send on each day, by `node * horizonSpan + slot`; empty when no
    /// node has a capacity per day.
    private var dailyLeft: [Int] = []
    /// For each (node, sku) with inbound rows (by `node * skuCount + sku`): units taken by ship
    /// day. Its `stock` counts the inbound units too; what a leg on a day may take is
    /// `availableBy(_:_:_:day:)` (constraint 2′).
    private var takenByDay: [Int: [Int: Int]] = [:]
    /// For positions with inbound rows a store has set (`setPhased`): the units there before any
    /// leg counted in `takenByDay` (the network's atp otherwise).
    private var phasedBase: [Int: Int] = [:]

    public init(network: Network) {
        self.network = network
        holders = network.holders
        let inbound = network.timetable.inboundUnits
        stock = network.holders.enumerated().map { sku, nodes in
            nodes.map { network.atp(node: $0, sku: sku) + (inbound[$0 * network.skuCount + sku] ?? 0) }
        }
        capacityLeft = network.nodes.map { $0.capacityUnits ?? Int.max }
        let timetable = network.timetable
        isTimed = timetable.isTimed
        if timetable.capacityPerDay.contains(where: { $0 != nil }) {
            dailyLeft = timetable.capacityPerDay.flatMap { repeatElement($0 ?? Int.max, count: timetable.horizonSpan) }
        }
        hasReserves = network.ruleBook?.rules.contains { $0.reserve != nil } ?? false
        if hasReserves {
            supply = network.holders.enumerated().map { sku, nodes in
                nodes.map { network.reserveSupply(node: $0, sku: sku) }
            }
        }
    }

    // MARK: time

    /// Units `node` can still send on `day` (`Int.max`: no capacity per day).
    @inline(__always)
    public func dailyCapacityLeft(node: Int, day: Int) -> Int {
        guard !dailyLeft.isEmpty, let slot = network.timetable.slot(ofDay: day) else { return Int.max }
        return dailyLeft[node * network.timetable.horizonSpan + slot]
    }

    /// Units of `sku` at `node` a leg shipping on `day` may still take: with inbound rows, the
    /// least over every day from `day` on of what has arrived by then less what has left by then
    /// (constraint 2′); otherwise what is left.
    public func availableBy(node: Int, sku: Int, day: Int) -> Int {
        let key = node * network.skuCount + sku
        guard let rows = network.timetable.inbound[key] else { return available(node: node, sku: sku) }
        let taken = takenByDay[key] ?? [:]
        var slack = stockLeft(node: node, sku: sku, through: day)
        var least = slack
        // Later days: arrivals raise the slack, departures lower it; the least is reached after a departure.
        var later: [(day: Int, delta: Int)] = []
        for row in rows where row.day > day && row.day != Int.max { later.append((row.day, row.units)) }
        for (d, q) in taken where d > day { later.append((d, -q)) }
        later.sort { $0.day == $1.day ? $0.delta > $1.delta : $0.day < $1.day }
        var i = 0
        while i < later.count {
            let d = later[i].day
            while i < later.count, later[i].day == d {
                slack += later[i].delta
                i += 1
            }
            least = min(least, slack)
        }
        return max(0, least)
    }

    /// Units of `sku` at `node` that have arrived by `day` (on hand and inbound rows that can
    /// leave by then) less those taken by legs shipping on or before it: the slack of
    /// constraint 2′ on that day (what is left, for a position without inbound rows).
    public func stockLeft(node: Int, sku: Int, through day: Int) -> Int {
        let key = node * network.skuCount + sku
        guard let rows = network.timetable.inbound[key] else { return available(node: node, sku: sku) }
        var left = phasedBase[key] ?? network.atp(node: node, sku: sku)
        for row in rows where row.day <= day { left += row.units }
        for (d, q) in takenByDay[key] ?? [:] where d <= day { left -= q }
        return left
    }

    /// The first day, from `node`'s earliest ship day to the horizon, on which it is open, has
    /// capacity left that day and can send some of `sku`; nil when there is none.
    public func shipDay(node: Int, sku: Int) -> Int? {
        let timetable = network.timetable
        guard var d = timetable.earliest[node] else { return nil }
        let phased = !timetable.inbound.isEmpty && timetable.inbound[node * network.skuCount + sku] != nil
        // Checkout's common case: no capacity per day here and nothing on its way, so the earliest day
        // (an open day) it is, if the node may ship at all.
        if !phased, dailyLeft.isEmpty || timetable.capacityPerDay[node] == nil {
            return d <= timetable.horizon ? d : nil
        }
        while let day = timetable.nextShipDay(node: node, from: d) {
            if dailyCapacityLeft(node: node, day: day) > 0, !phased || availableBy(node: node, sku: sku, day: day) > 0 {
                return day
            }
            d = day + 1
        }
        return nil
    }

    /// Adds `sign` × the units of `route` to the counts by day (daily capacity, inbound positions).
    private mutating func takeDays(_ route: OrderRoute, skus: [Int], sign: Int) {
        guard isTimed else { return }
        let timetable = network.timetable
        for leg in route.legs {
            let node = leg.tariff.source
            let day = leg.tariff.shipsOn
            if !dailyLeft.isEmpty, timetable.capacityPerDay[node] != nil, let slot = timetable.slot(ofDay: day) {
                dailyLeft[node * timetable.horizonSpan + slot] -= sign * leg.units
            }
            for (i, q) in leg.quantities.enumerated() where q > 0 {
                let key = node * network.skuCount + skus[i]
                guard timetable.inbound[key] != nil else { continue }
                takenByDay[key, default: [:]][day, default: 0] += sign * q
            }
        }
    }

    /// Whether `route`'s legs fit their days: daily capacity, and stock by day where inbound.
    private func fitsDays(_ route: OrderRoute, skus: [Int]) -> Bool {
        guard isTimed else { return true }
        for leg in route.legs {
            let node = leg.tariff.source
            let day = leg.tariff.shipsOn
            if network.timetable.shipDayProblem(node: node, day: day) != nil { return false }
            if leg.units > dailyCapacityLeft(node: node, day: day) { return false }
            for (i, q) in leg.quantities.enumerated() where q > 0 {
                if availableBy(node: node, sku: skus[i], day: day) < q { return false }
            }
        }
        return true
    }

    // MARK: reserves

    private func reserveKey(rule: Int, node: Int, sku: Int) -> Int {
        (rule * network.nodeCount + node) * network.skus.count + sku
    }

    /// Units of `sku` at `node` the orders `rule` applies to may still take, nil when the
    /// rule reserves nothing there.
    public func reserveLeft(rule: Int, node: Int, sku: Int) -> Int? {
        guard hasReserves, let limit = network.reserveLimit(rule: rule, node: node, sku: sku) else { return nil }
        return limit - reserveTaken[reserveKey(rule: rule, node: node, sku: sku), default: 0]
    }

    /// Units of line `line` (sku `sku`, held in slot `slot` of `holdings(sku:)`) that an order
    /// with `rules` may take at `node`: the least of `units` (its stock) and every applicable
    /// reserve class covering the line there.
    @inline(__always)
    func reserveCapped(_ units: Int, rules: OrderRules, node: Int, line: Int, sku: Int, slot: Int) -> Int {
        var u = units
        for a in rules.applied where a.lines[line] {
            guard let limit = rules.book.reserveLimit(rule: a.rule, node: node, supply: supply[sku][slot]) else {
                continue
            }
            u = min(u, max(0, limit - reserveTaken[reserveKey(rule: a.rule, node: node, sku: sku), default: 0]))
        }
        return u
    }

    /// Adds `sign` × the units of `route` (an order with `skus` and `rules`) to the reserve rows.
    private mutating func takeReserves(_ route: OrderRoute, skus: [Int], rules: OrderRules?, sign: Int) {
        guard hasReserves, let rules, let book = network.ruleBook else { return }
        for a in rules.reserves {
            for leg in route.legs where book.reserves(rule: a.rule, node: leg.tariff.source) {
                for (i, q) in leg.quantities.enumerated() where q > 0 && a.lines[i] {
                    reserveTaken[reserveKey(rule: a.rule, node: leg.tariff.source, sku: skus[i]), default: 0] +=
                        sign * q
                }
            }
        }
    }

    /// Whether `route` keeps within every reserve row (for an order with `skus` and `rules`).
    private func fitsReserves(_ route: OrderRoute, skus: [Int], rules: OrderRules?) -> Bool {
        guard hasReserves, let rules, let book = network.ruleBook else { return true }
        for a in rules.reserves {
            for leg in route.legs where book.reserves(rule: a.rule, node: leg.tariff.source) {
                for (i, q) in leg.quantities.enumerated() where q > 0 && a.lines[i] {
                    // Lines of one sku share the row.
                    var sent = 0
                    for (j, r) in leg.quantities.enumerated() where skus[j] == skus[i] && a.lines[j] { sent += r }
                    let left = reserveLeft(rule: a.rule, node: leg.tariff.source, sku: skus[i]) ?? Int.max
                    if sent > left { return false }
                }
            }
        }
        return true
    }

    /// The nodes holding `sku` and what each has left, in node order (entries may be 0).
    @inline(__always)
    public func holdings(sku: Int) -> (nodes: [Int], units: [Int]) { (holders[sku], stock[sku]) }

    /// Units of `sku` left at `node`.
    public func available(node: Int, sku: Int) -> Int {
        guard let slot = slot(node: node, sku: sku) else { return 0 }
        return stock[sku][slot]
    }

    private func slot(node: Int, sku: Int) -> Int? {
        let s = insertionPoint(node: node, sku: sku)
        return s < holders[sku].count && holders[sku][s] == node ? s : nil
    }

    private func insertionPoint(node: Int, sku: Int) -> Int {
        let nodes = holders[sku]
        var lo = 0
        var hi = nodes.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if nodes[mid] < node { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// Sets the units of `sku` left at `node` (a node new to the sku becomes a holder).
    public mutating func setAvailable(node: Int, sku: Int, units: Int) {
        precondition(units >= 0, "available units cannot be negative")
        let s = insertionPoint(node: node, sku: sku)
        if s < holders[sku].count && holders[sku][s] == node {
            stock[sku][s] = units
        } else if units > 0 {
            holders[sku].insert(node, at: s)
            stock[sku].insert(units, at: s)
            if hasReserves { supply[sku].insert(network.reserveSupply(node: node, sku: sku), at: s) }
        }
    }

    /// Sets the units `node` can still send on `day` (a store counting its planned legs); ignored
    /// for a node without capacity per day or a day outside the horizon.
    public mutating func setDailyCapacityLeft(node: Int, day: Int, units: Int) {
        let timetable = network.timetable
        guard !dailyLeft.isEmpty, timetable.capacityPerDay[node] != nil, let slot = timetable.slot(ofDay: day) else {
            return
        }
        dailyLeft[node * timetable.horizonSpan + slot] = max(0, units)
    }

    /// Sets a position with inbound rows as a store holds it: `base` units there free of other
    /// holds (on hand less external holds and safety stock) and `heldByDay`, the units its own
    /// legs hold by ship day. Ignored for a position without inbound rows (use `setAvailable`).
    public mutating func setPhased(node: Int, sku: Int, base: Int, heldByDay: [Int: Int]) {
        let key = node * network.skuCount + sku
        guard let inbound = network.timetable.inboundUnits[key] else { return }
        phasedBase[key] = base
        takenByDay[key] = heldByDay.isEmpty ? nil : heldByDay
        setAvailable(node: node, sku: sku, units: max(0, base + inbound - heldByDay.values.reduce(0, +)))
    }

    /// Sets the units `node` can still pick (`Int.max`: unlimited).
    public mutating func setCapacityLeft(node: Int, units: Int) { capacityLeft[node] = max(0, units) }

    /// Whether the route of scenario order `route.order` fits in what is left (reserves included).
    public func canApply(_ route: OrderRoute) -> Bool {
        guard hasReserves else { return canApply(route, skus: network.orderSKUs[route.order]) }
        return canApply(route, for: network.resolved(route.order))
    }

    /// Whether the route of `resolved` fits in what is left, its reserve rows included.
    public func canApply(_ route: OrderRoute, for resolved: ResolvedOrder) -> Bool {
        canApply(route, skus: resolved.skus)
            && fitsReserves(route, skus: resolved.skus, rules: hasReserves ? network.rules(for: resolved) : nil)
    }

    /// Whether a route whose lines are skus `skus` fits in stock and capacity (reserves are not
    /// looked at: use `canApply(_:for:)` on a network with reserves).
    public func canApply(_ route: OrderRoute, skus: [Int]) -> Bool {
        guard fitsDays(route, skus: skus) else { return false }
        for leg in route.legs {
            if leg.units > capacityLeft[leg.tariff.source] { return false }
            for (i, q) in leg.quantities.enumerated() where q > 0 {
                if available(node: leg.tariff.source, sku: skus[i]) < q { return false }
            }
        }
        return true
    }

    /// Gives back what the route of scenario order `route.order` took (it must have been applied).
    public mutating func release(_ route: OrderRoute) {
        if hasReserves {
            release(route, for: network.resolved(route.order))
        } else {
            release(route, skus: network.orderSKUs[route.order])
        }
    }

    /// Gives back what the route of `resolved` took, reserve rows included (it must have been applied).
    public mutating func release(_ route: OrderRoute, for resolved: ResolvedOrder) {
        release(route, skus: resolved.skus)
        if hasReserves { takeReserves(route, skus: resolved.skus, rules: network.rules(for: resolved), sign: -1) }
    }

    /// Gives back the stock and capacity of a route whose lines are skus `skus` (not its reserve rows).
    public mutating func release(_ route: OrderRoute, skus: [Int]) {
        takeDays(route, skus: skus, sign: -1)
        for leg in route.legs {
            let node = leg.tariff.source
            if capacityLeft[node] != Int.max { capacityLeft[node] += leg.units }
            for (i, q) in leg.quantities.enumerated() where q > 0 {
                guard let s = slot(node: node, sku: skus[i]) else {
                    preconditionFailure("route returns stock a node does not hold")
                }
                stock[skus[i]][s] += q
            }
        }
    }

    /// Takes the route of scenario order `route.order` out of stock, capacity and reserves. The route must fit.
    public mutating func apply(_ route: OrderRoute) {
        if hasReserves {
            apply(route, for: network.resolved(route.order))
        } else {
            apply(route, skus: network.orderSKUs[route.order])
        }
    }

    /// Takes the route of `resolved` out of stock, capacity and its reserve rows. The route must fit.
    public mutating func apply(_ route: OrderRoute, for resolved: ResolvedOrder) {
        guard hasReserves else { return apply(route, skus: resolved.skus) }
        let rules = network.rules(for: resolved)
        precondition(fitsReserves(route, skus: resolved.skus, rules: rules), "route takes reserved units")
        apply(route, skus: resolved.skus)
        takeReserves(route, skus: resolved.skus, rules: rules, sign: 1)
    }

    /// Takes a route whose lines are skus `skus` out of stock and capacity (not its reserve rows: use
    /// `apply(_:for:)` on a network with reserves). The route must fit (`canApply`).
    public mutating func apply(_ route: OrderRoute, skus: [Int]) {
        takeDays(route, skus: skus, sign: 1)
        for leg in route.legs {
            let node = leg.tariff.source
            if capacityLeft[node] != Int.max { capacityLeft[node] -= leg.units }
            for (i, q) in leg.quantities.enumerated() where q > 0 {
                guard let s = slot(node: node, sku: skus[i]) else {
                    preconditionFailure("route takes stock a node does not hold")
                }
                stock[skus[i]][s] -= q
                precondition(
                    stock[skus[i]][s] >= 0, "route oversells \(network.skus[skus[i]].id) at \(network.nodes[node].id)")
            }
        }
    }
}
