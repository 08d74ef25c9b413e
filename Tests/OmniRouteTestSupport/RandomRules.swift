import OmniRouteModel

/// Random sourcing rules (and the tags they select by) for a random scenario, so that the
/// exact engine can be compared with the brute force under every rule action.
public enum RandomRules {
    /// The six actions of FORMAT.md.
    public enum Action: String, Sendable, CaseIterable {
        case exclude, onlyFrom, surchargePerUnit, surchargePerLeg, maxLegs, reserve
    }

    static let nodeTags = ["outlet", "flagship"]
    static let skuTags = ["bulky", "fragile"]
    static let orderTags = ["vip"]

    /// `scenario` with random tags on its nodes, skus and orders and 1–3 random rules, each
    /// with every action of `actions` when `allActions`, else a random non-empty subset of them.
    public static func apply(
        to scenario: Scenario, seed: UInt64, actions: [Action], allActions: Bool = false
    ) -> Scenario {
        precondition(!actions.isEmpty)
        var rng = SplitMix64(seed: seed &* 0x9E37_79B9_7F4A_7C15 &+ 0xA11CE)
        var s = scenario
        for i in s.nodes.indices { s.nodes[i].tags = nodeTags.filter { _ in rng.chance(0.4) } }
        for i in s.skus.indices { s.skus[i].tags = skuTags.filter { _ in rng.chance(0.4) } }
        for i in s.orders.indices { s.orders[i].tags = orderTags.filter { _ in rng.chance(0.4) } }
        let ids = s.nodes.map(\.id)

        func selector() -> NodeSelector {
            switch rng.int(0...2) {
            case 0: return NodeSelector(kind: rng.chance(0.5) ? .warehouse : .store)
            case 1: return NodeSelector(ids: Array(rng.shuffled(ids).prefix(rng.int(1...min(2, ids.count)))))
            default: return NodeSelector(tagsAny: [rng.pick(nodeTags)])
            }
        }
        func condition() -> Rule.Condition {
            var c = Rule.Condition()
            if rng.chance(0.25) {
                c.channels = Array(rng.shuffled(Order.Channel.allCases).prefix(rng.int(1...3)))
            }
            if rng.chance(0.15) { c.modes = [rng.chance(0.5) ? .ship : .pickup] }
            if rng.chance(0.2) { c.orderTagsAny = orderTags }
            if rng.chance(0.15) { c.minUnits = rng.int(1...3) }
            if rng.chance(0.1) { c.minValue = rng.money(5...60) }
            return c
        }

        var rules: [Rule] = []
        for r in 0..<rng.int(1...3) {
            var chosen = allActions ? actions : actions.filter { _ in rng.chance(0.5) }
            if chosen.isEmpty { chosen = [rng.pick(actions)] }
            var rule = Rule(id: "rule-\(r + 1)", when: condition())
            if rng.chance(0.35) { rule.skuTagsAny = [rng.pick(skuTags)] }
            for action in chosen {
                switch action {
                case .exclude: rule.exclude = selector()
                case .onlyFrom: rule.onlyFrom = selector()
                case .surchargePerUnit:
                    rule.surchargePerUnit = Rule.Surcharge(nodes: selector(), amount: rng.money(0.2...4))
                case .surchargePerLeg:
                    rule.surchargePerLeg = Rule.Surcharge(nodes: selector(), amount: rng.money(0.5...8))
                case .maxLegs: rule.maxLegs = rng.chance(0.75) ? 1 : 2
                case .reserve: rule.reserve = Rule.Reserve(nodes: selector(), units: rng.int(1...2))
                }
            }
            rules.append(rule)
        }
        s.rules = rules
        return s
    }
}
