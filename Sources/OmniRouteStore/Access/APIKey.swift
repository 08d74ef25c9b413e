import OmniRouteModel

/// An API key as the store keeps it: who holds it, what it may do, and when it was
/// used. The secret itself is never kept, only its SHA-256 (`KeySecret`).
public struct APIKey: Sendable, Hashable {
    /// What a key may do. A key holds one or more roles; `admin` may do everything.
    public enum Role: String, Sendable, Hashable, CaseIterable, Comparable {
        /// A channel's checkout: quotes, placing orders, reading and cancelling orders.
        case checkout
        /// The handhelds of stores (or a warehouse's system), scoped to `nodes`: events on
        /// those nodes' legs, their pick lists in the event feed, their stock.
        case node
        /// Stock feeds for every node.
        case feeds
        /// Customer service: customers' order histories across channels, cancellations.
        case service
        /// Planners: re-plan jobs, rule drafts and previews, reading everything.
        case planner
        /// Operations: keys, activating rules, node settings, releases; everything.
        case admin

        public static func < (a: Role, b: Role) -> Bool {
            allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
        }
    }

    /// The key's name, unique in the database: the actor of the events it causes.
    public var name: String
    public var roles: Set<Role>
    /// The nodes a `node` key acts for (empty for a key without that role).
    public var nodes: [String]
    /// The secret's first characters (`omr_` and 8 more): how logs and lists name the key.
    public var prefix: String
    public var createdAt: String
    public var lastUsedAt: String?
    /// When it was revoked; a revoked key is refused.
    public var revokedAt: String?

    public init(
        name: String, roles: Set<Role>, nodes: [String], prefix: String, createdAt: String,
        lastUsedAt: String? = nil, revokedAt: String? = nil
    ) {
        self.name = name
        self.roles = roles
        self.nodes = nodes
        self.prefix = prefix
        self.createdAt = createdAt
        self.lastUsedAt = lastUsedAt
        self.revokedAt = revokedAt
    }

    public var isRevoked: Bool { revokedAt != nil }

    /// The roles in their declared order (for lists and documents).
    public var sortedRoles: [Role] { roles.sorted() }
}

/// What a new key should be: read strictly, each problem naming its field.
public struct APIKeyRequest: Sendable, Hashable {
    public var name: String
    public var roles: Set<APIKey.Role>
    public var nodes: [String]

    /// Longest key name.
    public static let maxName = 64
    /// Most nodes one key may act for.
    public static let maxNodes = 1_000

    /// A request from its parts, checked: a name of 1–64 letters, digits, `.`, `_` or `-`;
    /// at least one role; `nodes` exactly when the roles include `node`, no node twice.
    public init(name: String, roles: [String], nodes: [String]) throws(StoreError) {
        var issues: [Issue] = []
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")
        if name.isEmpty || name.count > Self.maxName || !name.allSatisfy(allowed.contains) {
            issues.append(
                Issue(path: "name", message: "expected 1 to \(Self.maxName) letters, digits, '.', '_' or '-'"))
        }
        var parsed: Set<APIKey.Role> = []
        for (i, text) in roles.enumerated() {
            if let role = APIKey.Role(rawValue: text) {
                parsed.insert(role)
            } else {
                let names = APIKey.Role.allCases.map(\.rawValue).joined(separator: ", ")
                issues.append(
                    Issue(path: "roles[\(i)]", message: "unknown role \"\(text)\" (expected one of: \(names))"))
            }
        }
        if roles.isEmpty { issues.append(Issue(path: "roles", message: "a key needs at least one role")) }
        if parsed.contains(.node), nodes.isEmpty {
            issues.append(Issue(path: "nodes", message: "a node key names the nodes it acts for"))
        }
        if !parsed.contains(.node), !nodes.isEmpty, !roles.isEmpty {
            issues.append(Issue(path: "nodes", message: "only a key with the node role is scoped to nodes"))
        }
        if nodes.count > Self.maxNodes {
            issues.append(Issue(path: "nodes", message: "at most \(Self.maxNodes) nodes, got \(nodes.count)"))
        }
        var seen: Set<String> = []
        for (i, node) in nodes.enumerated() where !seen.insert(node).inserted {
            issues.append(Issue(path: "nodes[\(i)]", message: "node \"\(node)\" is named twice"))
        }
        guard issues.isEmpty else { throw .invalid(issues) }
        self.name = name
        self.roles = parsed
        self.nodes = nodes
    }
}
