/// A network's sourcing rules compiled once for the engines and the checker: each
/// rule's selectors as a node mask, its `sku_tags_any` as a sku mask. `rules(for:)`
/// answers per order what the engines need (constraints 6, 7 and 8 of FORMAT.md and
/// the surcharges). A network without rules has no rule book at all (`Network.ruleBook`
/// is nil), so the engines' fast paths pay nothing for it.
public final class RuleBook: Sendable {
    public let rules: [Rule]
    /// Per rule, per node: the node matches the selector of `exclude`, `only_from`, the
    /// surcharges and `reserve` (nil when the rule has no such action).
    let excludes: [[Bool]?]
    let onlyFrom: [[Bool]?]
    let perUnitAt: [[Bool]?]
    let perLegAt: [[Bool]?]
    let reserveAt: [[Bool]?]
    /// Per rule, per sku: the sku has a tag of `sku_tags_any` (nil: every sku).
    let skuMatch: [[Bool]?]
    let prices: [Double]
    /// Per rule: the units its reserve keeps (-1 for a rule without a reserve).
    let reserveUnits: [Int]
    /// Per rule: the amounts of its surcharges (nil without one), read per candidate at checkout.
    let perLegAmount: [Double?]
    let perUnitAmount: [Double?]

    /// The rule book of `scenario`, or nil when it has no rules.
    public init?(_ scenario: Scenario) {
        guard !scenario.rules.isEmpty else { return nil }
        let rules = scenario.rules
        self.rules = rules
        let nodes = scenario.nodes
        func mask(_ selector: NodeSelector?) -> [Bool]? { selector.map { s in nodes.map(s.matches) } }
        excludes = rules.map { mask($0.exclude) }
        onlyFrom = rules.map { mask($0.onlyFrom) }
        perUnitAt = rules.map { mask($0.surchargePerUnit?.nodes) }
        perLegAt = rules.map { mask($0.surchargePerLeg?.nodes) }
        reserveAt = rules.map { mask($0.reserve?.nodes) }
        reserveUnits = rules.map { $0.reserve?.units ?? -1 }
        perLegAmount = rules.map { $0.surchargePerLeg?.amount }
        perUnitAmount = rules.map { $0.surchargePerUnit?.amount }
        skuMatch = rules.map { r in
            r.skuTagsAny.map { tags in scenario.skus.map { $0.tags.contains(where: tags.contains) } }
        }
        prices = scenario.skus.map(\.price)
    }

    /// The rules that apply to `order` (whose lines have the sku indices `skus`), with their lines.
    public func rules(for order: Order, skus: [Int]) -> OrderRules {
        var units = 0
        var value = 0.0
        for (i, line) in order.lines.enumerated() {
            units += line.qty
            value += Double(line.qty) * prices[skus[i]]
        }
        var applied: [OrderRules.Applied] = []
        for (r, rule) in rules.enumerated() {
            let w = rule.when
            if let channels = w.channels, !channels.contains(order.channel) { continue }
            if let modes = w.modes, !modes.contains(order.delivery.mode) { continue }
            if let tags = w.orderTagsAny, !order.tags.contains(where: tags.contains) { continue }
            if units < (w.minUnits ?? 1) || value < (w.minValue ?? 0) { continue }
            let lines = skus.map { skuMatch[r]?[$0] ?? true }
            if lines.contains(true) { applied.append(OrderRules.Applied(rule: r, lines: lines)) }
        }
        return OrderRules(book: self, applied: applied)
    }

    /// Whether `rule` reserves units at `node`.
    public func reserves(rule: Int, node: Int) -> Bool { reserveAt[rule]?[node] ?? false }

    /// The most units of a (node, sku) whose supply is `supply` that the orders `rule`
    /// applies to may take together, when the rule reserves at that node: `max(0, supply − units)`.
    public func reserveLimit(rule: Int, node: Int, supply: Int) -> Int? {
        guard reserves(rule: rule, node: node) else { return nil }
        return max(0, supply - reserveUnits[rule])
    }
}

/// The rules that apply to one order, and what they mean for it.
public struct OrderRules: Sendable {
    /// An applicable rule and which of the order's lines are its lines.
    public struct Applied: Sendable, Hashable {
        /// Index into `RuleBook.rules`.
        public let rule: Int
        /// By line index: the line is one of the rule's lines.
        public let lines: [Bool]
    }

    public let book: RuleBook
    public let applied: [Applied]

    /// No rule applies.
    public var isEmpty: Bool { applied.isEmpty }

    /// The first applicable rule that forbids `node` to send `line` (it excludes the node,
    /// or has `only_from` without it), nil when the node may send it (constraint 7).
    public func blockingRule(node: Int, line: Int) -> Int? {
        for a in applied where a.lines[line] {
            if book.excludes[a.rule]?[node] == true { return a.rule }
            if let only = book.onlyFrom[a.rule], !only[node] { return a.rule }
        }
        return nil
    }

    /// Whether `node` may send units of `line` (constraint 7).
    public func allows(node: Int, line: Int) -> Bool { blockingRule(node: node, line: line) == nil }

    /// The least applicable `max_legs`, nil when none applies.
    public var maxLegs: Int? {
        applied.compactMap { book.rules[$0.rule].maxLegs }.min()
    }

    /// The applicable rules with a reserve.
    public var reserves: [Applied] { applied.filter { book.reserveUnits[$0.rule] >= 0 } }

    /// Σ of the applicable `surcharge_per_leg` whose selector matches `node`.
    public func surchargePerLeg(node: Int) -> Double {
        var total = 0.0
        for a in applied {
            if let amount = book.perLegAmount[a.rule], book.perLegAt[a.rule]![node] { total += amount }
        }
        return total
    }

    /// Per line: Σ of the applicable `surcharge_per_unit` matching `node` whose lines include it;
    /// nil when none does.
    public func surchargePerUnit(node: Int) -> [Double]? {
        var rates: [Double]?
        for a in applied {
            guard let amount = book.perUnitAmount[a.rule], book.perUnitAt[a.rule]![node] else { continue }
            var r = rates ?? [Double](repeating: 0, count: a.lines.count)
            for (i, covered) in a.lines.enumerated() where covered { r[i] += amount }
            rates = r
        }
        return rates
    }

    /// `tariff` with the rules' surcharges of its source for this order.
    public func priced(_ tariff: LegTariff) -> LegTariff {
        var t = tariff
        t.rulesPerLeg = surchargePerLeg(node: tariff.source)
        t.rulesPerUnit = surchargePerUnit(node: tariff.source)
        return t
    }
}

extension Network {
    /// The rules that apply to `order`; nil when the network has no rules.
    public func rules(for order: ResolvedOrder) -> OrderRules? {
        guard let ruleBook else { return nil }
        if order.index >= 0 { return orderRules[order.index] }
        return ruleBook.rules(for: order.order, skus: order.skus)
    }

    /// Most legs `order` may have: the least of `max_legs_per_order`, 1 when it may not be
    /// split, and every applicable `max_legs` (constraint 6).
    public func maxLegs(for order: ResolvedOrder) -> Int {
        let cap = CostModel.maxLegs(for: order.order, policy: policy)
        guard let applicable = rules(for: order), let m = applicable.maxLegs else { return cap }
        return min(cap, m)
    }

    /// Supply of a (node, sku) for a reserve: its atp and every inbound unit of it.
    public func reserveSupply(node: Int, sku: Int) -> Int {
        atp(node: node, sku: sku)
            + (timetable.inboundUnits.isEmpty ? 0 : timetable.inboundUnits[node * skuCount + sku] ?? 0)
    }

    /// The limit of reserve class (`rule`, `node`, `sku`) on the scenario's supply; nil when
    /// the rule reserves nothing at `node` (or the network has no rules).
    public func reserveLimit(rule: Int, node: Int, sku: Int) -> Int? {
        // The supply is looked up only for a class that exists: this runs per candidate at checkout.
        guard let ruleBook, ruleBook.reserves(rule: rule, node: node) else { return nil }
        return ruleBook.reserveLimit(rule: rule, node: node, supply: reserveSupply(node: node, sku: sku))
    }
}

/// A strategy asked to plan a scenario with parts of the model it does not honour yet
/// (sourcing rules; ship days to decide under daily capacity or inbound stock), refusing
/// rather than returning a plan that breaks them.
public struct StrategyRefusal: Error, Sendable, CustomStringConvertible {
    public var strategy: String
    /// What the strategy does not honour, and how to proceed.
    public var reason: String

    public init(strategy: String, reason: String) {
        self.strategy = strategy
        self.reason = reason
    }

    /// The refusal of a strategy that does not honour sourcing rules, for a scenario with `rules`.
    public static func rules(strategy: String, count rules: Int) -> StrategyRefusal {
        StrategyRefusal(
            strategy: strategy,
            reason: "does not honour sourcing rules yet, and the scenario has \(rules) "
                + (rules == 1 ? "rule" : "rules") + "; choose a strategy that does, or remove the rules")
    }

    public var description: String { "strategy \(strategy) \(reason)" }
}
