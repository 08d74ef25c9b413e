import OmniRouteHeuristics
import OmniRouteModel

/// Which orders a rules preview routes.
public enum RulePreviewSelection: Sendable, Hashable {
    /// The orders in state `planned` (what a release would send next).
    case pending
    /// The last `n` placed orders that were not cancelled.
    case last(Int)
}

/// What a draft rule set would change: the same orders routed under it and under the
/// active rules, on the same stock, by the checkout strategy. Nothing is written.
public struct RulePreview: Sendable {
    /// One order whose route differs between the two rule sets.
    public struct Change: Sendable {
        public var order: String
        public var active: PlannedOrder
        public var draft: PlannedOrder
    }

    public var version: Int
    /// The active version it is compared with (nil: no rules were ever active).
    public var activeVersion: Int?
    public var ordersConsidered = 0
    public var active = CostBreakdown([])
    public var draft = CostBreakdown([])
    /// Units left unfulfilled under each.
    public var activeUnfulfilled = 0
    public var draftUnfulfilled = 0
    public var changes: [Change] = []
}

extension RouteStore {
    /// A rule set as stored: `{"rules": [...]}`.
    static func ruleSet(_ rules: [Rule]) -> Document { .object([("rules", .array(rules.map(\.document)))]) }

    /// The version checkout routes under now; nil for a database seeded before rules were stored
    /// (it routes under none).
    public func activeRules() throws(StoreError) -> RuleVersion? {
        try read { tx in try tx.rules.activeVersion().flatMap { try tx.rules.find($0) } }
    }

    /// Version `version`, or nil.
    public func ruleVersion(_ version: Int) throws(StoreError) -> RuleVersion? {
        try read { tx in try tx.rules.find(version) }
    }

    /// Up to `limit` versions from `version` on, oldest first.
    public func ruleVersions(from version: Int = 1, limit: Int = 100) throws(StoreError) -> [RuleVersion] {
        try read { tx in try tx.rules.versions(from: version, limit: limit) }
    }

    /// Stores `document` (`{"rules": [...]}`) as a new draft version, read strictly against
    /// the network's nodes. A draft changes nothing until it is activated.
    public func draftRules(_ document: Document, actor: String?) throws(StoreError) -> RuleVersion {
        let nodes = network.scenario.nodes
        let rules: [Rule]
        do {
            rules = try Scenario.rules(document, nodes: nodes)
        } catch {
            throw .invalid(error.issues)
        }
        let now = clock.now
        let version = try write { tx in
            let version = try tx.rules.insert(Self.ruleSet(rules), by: actor, at: now)
            try tx.events.append(
                "rules.drafted", actor: actor, at: now,
                payload: .object([("version", .int(version)), ("rules", .int(rules.count))]))
            return try tx.rules.find(version)
        }
        guard let version else { throw .database("the draft just stored cannot be read back") }
        return version
    }

    /// Switches checkout to version `version` at once: placements routed from here on use
    /// its rules; those already routed keep theirs. Checkout waits only for the switch itself.
    public func activateRules(_ version: Int, actor: String?) throws(StoreError) -> RuleVersion {
        let now = clock.now
        return try withState { (s: inout State) throws(StoreError) -> RuleVersion in
            guard let stored = try read({ tx in try tx.rules.find(version) }) else {
                throw .notFound("no rule version \(version)")
            }
            var scenario = s.network.scenario
            scenario.rules = try stored.rules(for: scenario.nodes)
            let activated = try write { tx in
                try tx.rules.activate(version, by: actor, at: now)
                try tx.events.append(
                    "rules.activated", actor: actor, at: now,
                    payload: .object([("version", .int(version)), ("rules", .int(scenario.rules.count))]))
                return try tx.rules.find(version)
            }
            s.replaceNetwork(with: scenario, strategy: checkoutStrategy)
            guard let activated else { throw .database("the activated version cannot be read back") }
            return activated
        }
    }

    /// Replaces node `node`'s tags (which rules select nodes by; `NodeTagsRequest` reads them);
    /// checkout uses them at once.
    public func setTags(_ tags: [String], node: String, actor: String?) throws(StoreError) -> Node {
        let now = clock.now
        return try withState { (s: inout State) throws(StoreError) -> Node in
            guard let index = s.network.nodeIndex[node] else { throw .notFound("no node \"\(node)\"") }
            var scenario = s.network.scenario
            let before = scenario.nodes[index].tags
            scenario.nodes[index].tags = tags
            try write { tx in
                try tx.networkTables.setTags(tags, node: node)
                try tx.events.append(
                    "node.tags_changed", node: node, actor: actor, at: now,
                    payload: .object([
                        ("before", .array(before.map(Document.string))), ("tags", .array(tags.map(Document.string))),
                    ]))
            }
            s.replaceNetwork(with: scenario, strategy: checkoutStrategy)
            return scenario.nodes[index]
        }
    }

    /// Routes the selected orders under version `version` and under the active rules, each
    /// from the same stock (what is free now plus what those orders hold), in placement order,
    /// with the checkout strategy. Reads one state of the database and writes nothing.
    public func previewRules(_ version: Int, orders selection: RulePreviewSelection) throws(StoreError)
        -> RulePreview
    {
        let base = network.scenario
        let now = clock.now
        let (snapshot, stored, activeVersion) = try read { tx in
            (try Snapshot.read(tx, selection), try tx.rules.find(version), try tx.rules.activeVersion())
        }
        guard let stored else { throw .notFound("no rule version \(version)") }
        let draftRules = try stored.rules(for: base.nodes)
        var preview = RulePreview(version: version, activeVersion: activeVersion)
        preview.ordersConsidered = snapshot.orders.count
        var scenario = Self.pendingScenario(snapshot, base: base, now: now)
        let active = plannedOrders(scenario)
        scenario.rules = draftRules
        let draft = plannedOrders(scenario)
        preview.active = CostBreakdown(active)
        preview.draft = CostBreakdown(draft)
        preview.activeUnfulfilled = active.reduce(0) { $0 + $1.unfulfilledUnits }
        preview.draftUnfulfilled = draft.reduce(0) { $0 + $1.unfulfilledUnits }
        for (a, d) in zip(active, draft) where !Self.sameRoute(a, d) {
            preview.changes.append(.init(order: a.order, active: a, draft: d))
        }
        return preview
    }

    /// The scenario's orders as the checkout strategy routes them, in the scenario's order.
    private func plannedOrders(_ scenario: Scenario) -> [PlannedOrder] {
        let network = Network(scenario)
        let routes = OnlinePlanner(network: network).run(checkoutStrategy.router(network)).routes
        return routes.sorted { $0.order < $1.order }.map { network.plannedOrder($0) }
    }

    /// Whether two plans of one order send the same units from the same nodes the same way
    /// (their legs alike but for the eta and the cost, which the rules' surcharges change).
    static func sameRoute(_ a: PlannedOrder, _ b: PlannedOrder) -> Bool {
        func way(_ o: PlannedOrder) -> [[AnyHashable]] { o.legs.map { [$0.type, $0.from, $0.service, $0.lines] } }
        return way(a) == way(b)
    }
}

extension RouteStore.State {
    /// Routes from here on over `scenario`'s network (new rules or tags, a new day), the stock unchanged.
    mutating func replaceNetwork(with scenario: Scenario, strategy: OnlineStrategy) {
        replaceNetwork(with: Network(scenario), strategy: strategy)
    }

    /// Routes from here on over `network` (of the same nodes and skus), the stock unchanged.
    mutating func replaceNetwork(with network: Network, strategy: OnlineStrategy) {
        self.network = network
        book = book.moved(to: network)
        router = strategy.router(network)
    }
}
