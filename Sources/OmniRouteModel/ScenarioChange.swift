/// One edit of a what-if variant, applied to a scenario in order by
/// `Scenario.applying(_:)`. Each names the nodes, services or settings it changes;
/// a name that does not exist when the change is applied is an error with its path.
public enum ScenarioChange: Sendable, Equatable {
    /// Closes nodes: they stop shipping (`ship_to_home: false`) and pick nothing
    /// (`capacity_units: 0`); pickup orders at a closed store move to the nearest store
    /// that still offers pickup (a parcel to the store's location if none is left).
    case closeNodes([NodeReference])
    /// Opens nodes: `ship_to_home: true` and `capacity_units` as given (nil = unlimited).
    case openNodes([NodeReference], capacityUnits: Int?)
    /// Turns ship-from-store (`ship_to_home` of stores) on or off in a scope of stores.
    case shipFromStore(enabled: Bool, NodeScope)
    /// Turns pickup on or off in a scope of stores. Turning it off removes the lanes
    /// into those stores and moves their pickup orders as closing does.
    case pickup(enabled: Bool, NodeScope)
    /// Multiplies `base_cost` and `cost_per_kg` of every band of a service (nil = all services).
    case scaleServiceRates(service: String?, factor: Double)
    /// Multiplies `on_hand` of the stock in a scope (rounded to whole units).
    case scaleStock(NodeScope, factor: Double)
    /// Multiplies `capacity_units` in a scope (rounded; unlimited stays unlimited).
    case scaleCapacity(NodeScope, factor: Double)
    /// More (or fewer) orders drawn from the existing ones, with seeded jitter.
    case scaleDemand(DemandScaling)
    /// Sets some of the policy's fields.
    case setPolicy(PolicyChange)
    /// Adds a node like an existing one at another place, with stock copied from a node.
    case addNode(NewNode)
    /// Adds a sourcing rule (a rule object as in a scenario's `rules`, read against the
    /// scenario as it is when the change is applied; its id must be new).
    case addRule(Document)
    /// Replaces the rule with the same id by this one.
    case replaceRule(Document)
    /// Removes the rule with this id.
    case removeRule(id: String)
    /// Adds tags to the nodes of a scope (a tag a node has already is kept once).
    case tagNodes([String], NodeScope)
    /// Removes tags from the nodes of a scope.
    case untagNodes([String], NodeScope)
    /// Adds tags to the named skus (`skus: [ID, …]`), so that `sku_tags_any` rules take them in.
    case tagSKUs([String], skus: [String])
    /// Removes tags from the named skus.
    case untagSKUs([String], skus: [String])
    /// Closes the nodes of a scope on these dates (a storm shuts a state's stores for two days).
    case closeDates([CalendarDay], NodeScope)
    /// Sets the IANA time zone (nil: UTC) of the nodes of a scope.
    case setTimeZone(String?, NodeScope)
    /// Sets the cutoff (minutes after local midnight; nil removes it) of the nodes of a scope.
    case setCutoff(Int?, NodeScope)
    /// Multiplies `capacity_per_day` in a scope (rounded; unlimited stays unlimited).
    case scaleDailyCapacity(NodeScope, factor: Double)
    /// Every inbound row at a node of the scope (of the named skus, if any) arrives `days` later
    /// (earlier when negative).
    case delayInbound(days: Int, skus: [String]?, NodeScope)
    /// A carrier (nil: every one) does not run on these dates.
    case closeCarrier(service: String?, dates: [CalendarDay])

    /// The change's `change:` key in a document.
    public var kindName: String {
        switch self {
        case .closeNodes: "close_node"
        case .openNodes: "open_node"
        case .shipFromStore: "ship_from_store"
        case .pickup: "pickup"
        case .scaleServiceRates: "scale_service_rates"
        case .scaleStock: "scale_stock"
        case .scaleCapacity: "scale_capacity"
        case .scaleDemand: "scale_demand"
        case .setPolicy: "policy"
        case .addNode: "add_node"
        case .addRule: "add_rule"
        case .replaceRule: "replace_rule"
        case .removeRule: "remove_rule"
        case .tagNodes: "tag_nodes"
        case .untagNodes: "untag_nodes"
        case .tagSKUs: "tag_skus"
        case .untagSKUs: "untag_skus"
        case .closeDates: "close_dates"
        case .setTimeZone: "timezone"
        case .setCutoff: "cutoff"
        case .scaleDailyCapacity: "scale_daily_capacity"
        case .delayInbound: "delay_inbound"
        case .closeCarrier: "close_carrier"
        }
    }
}

/// A node named by a change, with the field that names it (`node`, `nodes[2]`) for errors.
public struct NodeReference: Sendable, Hashable {
    public var id: String
    /// The field of the change that names the node, e.g. `nodes[2]`.
    public var field: String

    public init(_ id: String, field: String = "node") {
        self.id = id
        self.field = field
    }
}

/// The nodes a change applies to.
public enum NodeScope: Sendable, Hashable {
    /// Every node the change can apply to.
    case all
    /// Nodes of one kind.
    case kind(Node.Kind)
    /// Nodes in a US state, read from the node id's second part (`S-NY-001`, `DC-PA-ALL`):
    /// FORMAT.md has no state field, and the bundled ids follow this convention.
    case state(String)
    /// The named nodes.
    case nodes([NodeReference])
}

/// How `scale_demand` draws more orders.
public struct DemandScaling: Sendable, Hashable {
    /// New order count ÷ old order count (1.5 adds half as many orders again; 0.5 keeps half).
    public var factor: Double
    public var seed: UInt64
    /// A drawn ship order's location moves up to this far (uniformly over the disc).
    public var jitterKm: Double
    /// A drawn order's `placed_at` moves up to this many hours either way (never after `now`).
    public var jitterHours: Double

    public init(factor: Double, seed: UInt64 = 1, jitterKm: Double = 25, jitterHours: Double = 12) {
        self.factor = factor
        self.seed = seed
        self.jitterKm = jitterKm
        self.jitterHours = jitterHours
    }
}

/// New values for some fields of the policy (nil: unchanged).
public struct PolicyChange: Sendable, Hashable {
    public var splitPenalty: Double?
    public var latePenaltyPerDay: Double?
    public var lostSaleFactor: Double?
    /// `.some(nil)` removes the cap.
    public var maxLegsPerOrder: Int??

    public init(
        splitPenalty: Double? = nil, latePenaltyPerDay: Double? = nil, lostSaleFactor: Double? = nil,
        maxLegsPerOrder: Int?? = nil
    ) {
        self.splitPenalty = splitPenalty
        self.latePenaltyPerDay = latePenaltyPerDay
        self.lostSaleFactor = lostSaleFactor
        self.maxLegsPerOrder = maxLegsPerOrder
    }
}

/// A node added by `add_node`: a copy of `like` (kind, flags, costs, days, capacity and
/// its lanes) at `location`, holding the stock of `stockFrom` times `stockFactor`.
public struct NewNode: Sendable, Hashable {
    public var id: String
    public var like: String
    public var location: GeoPoint
    public var name: String?
    /// nil: the capacity of `like`; `.some(nil)`: unlimited.
    public var capacityUnits: Int??
    /// The node whose stock rows are copied (nil: `like`).
    public var stockFrom: String?
    public var stockFactor: Double

    public init(
        id: String, like: String, location: GeoPoint, name: String? = nil, capacityUnits: Int?? = nil,
        stockFrom: String? = nil, stockFactor: Double = 1
    ) {
        self.id = id
        self.like = like
        self.location = location
        self.name = name
        self.capacityUnits = capacityUnits
        self.stockFrom = stockFrom
        self.stockFactor = stockFactor
    }
}
