import OmniRouteStore

/// Who may call an endpoint. Every endpoint declares one (`Endpoint.access`), and the
/// OpenAPI document states the same per operation (a test compares the two).
struct Access: Sendable, Hashable {
    enum Kind: Sendable, Hashable {
        /// Anyone, always (`/healthz`, `/healthz/ready`).
        case open
        /// Operations' reading (`/metrics`, `/openapi.yaml`): open when the server says so
        /// (on loopback by default), else any valid key.
        case operational
        /// Keys holding one of `roles`, or `admin`.
        case roles
    }

    let kind: Kind
    /// The roles that may call it besides `admin`. With `.node`, a node key may call it for
    /// its own nodes: the endpoint checks the nodes it touches (`Caller.requireNode`).
    let roles: Set<APIKey.Role>

    static let open = Access(kind: .open, roles: [])
    static let operational = Access(kind: .operational, roles: [])
    static func roles(_ roles: APIKey.Role...) -> Access { Access(kind: .roles, roles: Set(roles)) }

    /// The roles that may call it, `admin` included, in their declared order (empty when open).
    var allowedRoles: [APIKey.Role] { kind == .roles ? (roles.union([.admin])).sorted() : [] }
}
