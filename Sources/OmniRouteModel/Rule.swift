/// A sourcing rule of the retailer (FORMAT.md, "Extensions: sourcing rules and time"):
/// conditions on the order, an optional choice of its lines, and at least one action.
/// Rules are hard filters (`exclude`, `onlyFrom`, `maxLegs`, `reserve`) or priced
/// preferences (the surcharges). `RuleBook` compiles them for a network.
public struct Rule: Sendable, Hashable {
    public var id: String
    public var when: Condition
    /// The rule's lines are the order lines whose sku has one of these tags; nil: every line.
    public var skuTagsAny: [String]?
    /// These nodes may not send the rule's lines.
    public var exclude: NodeSelector?
    /// Only these nodes may send the rule's lines.
    public var onlyFrom: NodeSelector?
    /// Per unit of the rule's lines sent from a matching node.
    public var surchargePerUnit: Surcharge?
    /// Per leg of the order from a matching node.
    public var surchargePerLeg: Surcharge?
    /// A cap on the order's legs.
    public var maxLegs: Int?
    /// The last units at matching nodes stay for everyone else.
    public var reserve: Reserve?

    public init(
        id: String, when: Condition = Condition(), skuTagsAny: [String]? = nil, exclude: NodeSelector? = nil,
        onlyFrom: NodeSelector? = nil, surchargePerUnit: Surcharge? = nil, surchargePerLeg: Surcharge? = nil,
        maxLegs: Int? = nil, reserve: Reserve? = nil
    ) {
        self.id = id
        self.when = when
        self.skuTagsAny = skuTagsAny
        self.exclude = exclude
        self.onlyFrom = onlyFrom
        self.surchargePerUnit = surchargePerUnit
        self.surchargePerLeg = surchargePerLeg
        self.maxLegs = maxLegs
        self.reserve = reserve
    }

    /// The keys of the six actions, in FORMAT.md's order.
    public static let actionKeys = [
        "exclude", "only_from", "surcharge_per_unit", "surcharge_per_leg", "max_legs", "reserve",
    ]

    /// Whether the rule has at least one action.
    public var hasAction: Bool {
        exclude != nil || onlyFrom != nil || surchargePerUnit != nil || surchargePerLeg != nil || maxLegs != nil
            || reserve != nil
    }

    /// Conditions on an order, all of which must hold; an absent one always holds.
    public struct Condition: Sendable, Hashable {
        public var channels: [Order.Channel]?
        public var modes: [DeliveryMode]?
        /// The order has one of these tags.
        public var orderTagsAny: [String]?
        /// Σ qty of the order ≥ this.
        public var minUnits: Int?
        /// Σ qty × sku price of the order ≥ this.
        public var minValue: Double?

        public init(
            channels: [Order.Channel]? = nil, modes: [DeliveryMode]? = nil, orderTagsAny: [String]? = nil,
            minUnits: Int? = nil, minValue: Double? = nil
        ) {
            self.channels = channels
            self.modes = modes
            self.orderTagsAny = orderTagsAny
            self.minUnits = minUnits
            self.minValue = minValue
        }

        public var isEmpty: Bool {
            channels == nil && modes == nil && orderTagsAny == nil && minUnits == nil && minValue == nil
        }
    }

    /// An amount charged at the nodes a selector matches.
    public struct Surcharge: Sendable, Hashable {
        public var nodes: NodeSelector
        public var amount: Double

        public init(nodes: NodeSelector, amount: Double) {
            self.nodes = nodes
            self.amount = amount
        }
    }

    /// Units kept back at the nodes a selector matches.
    public struct Reserve: Sendable, Hashable {
        public var nodes: NodeSelector
        public var units: Int

        public init(nodes: NodeSelector, units: Int) {
            self.nodes = nodes
            self.units = units
        }
    }
}

/// How an order is received: the `mode` of its delivery.
public enum DeliveryMode: String, Sendable, Hashable, CaseIterable {
    case ship
    case pickup
}

extension Delivery {
    public var mode: DeliveryMode {
        switch self {
        case .ship: .ship
        case .pickup: .pickup
        }
    }
}

/// A set of nodes: a node matches when every key given holds (its kind is `kind`,
/// its id is in `ids`, it has a tag in `tagsAny`). At least one key is given.
public struct NodeSelector: Sendable, Hashable {
    public var kind: Node.Kind?
    public var ids: [String]?
    public var tagsAny: [String]?

    public init(kind: Node.Kind? = nil, ids: [String]? = nil, tagsAny: [String]? = nil) {
        self.kind = kind
        self.ids = ids
        self.tagsAny = tagsAny
    }

    public func matches(_ node: Node) -> Bool {
        if let kind, node.kind != kind { return false }
        if let ids, !ids.contains(node.id) { return false }
        if let tagsAny, !node.tags.contains(where: tagsAny.contains) { return false }
        return true
    }
}
