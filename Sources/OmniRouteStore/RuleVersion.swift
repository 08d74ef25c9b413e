import OmniRouteModel

/// One stored version of the sourcing rules: the rule set as FORMAT.md writes it,
/// who stored it when, and each time checkout was switched to it.
public struct RuleVersion: Sendable {
    public struct Activation: Sendable {
        public var at: String
        public var actor: String?
    }

    public var version: Int
    /// `{"rules": [...]}`, as it was stored.
    public var rules: Document
    public var createdAt: String
    public var createdBy: String?
    public var activations: [Activation]
    /// Whether checkout routes under this version now.
    public var isActive: Bool

    /// `draft` (never activated), `active` or `retired` (activated once, since replaced).
    public var state: String { isActive ? "active" : activations.isEmpty ? "draft" : "retired" }

    /// Its rules, read against `nodes`; refused when they no longer read (a node they name is gone).
    func rules(for nodes: [Node]) throws(StoreError) -> [Rule] {
        do {
            return try Scenario.rules(rules, nodes: nodes)
        } catch {
            throw .conflict("rule version \(version) no longer fits the network: \(error)")
        }
    }
}
