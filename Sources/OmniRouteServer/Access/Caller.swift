import OmniRouteModel
import OmniRouteStore

/// Who is calling, as the access check found: the key (nil when the server runs open
/// or the endpoint is open) and, when only the key's `node` role let it in, the nodes
/// it may touch.
struct Caller: Sendable {
    let key: APIKey?
    /// nil: every node; else the only nodes this request may touch.
    let nodes: Set<String>?

    static let anonymous = Caller(key: nil, nodes: nil)

    /// The actor of the events the request causes: the key's name, else what the request claims.
    func actor(claimed: String?) -> String? { key?.name ?? claimed }

    /// Refuses (403, naming the node) a node key that does not act for `node`.
    func requireNode(_ node: String) throws {
        guard let nodes, !nodes.contains(node) else { return }
        AuthRefusals.count(.node)
        throw Problem(
            .forbidden, "Forbidden",
            "key \"\(key?.name ?? "")\" acts for \(nodes.sorted().joined(separator: ", ")), not for node \"\(node)\"",
            extra: [("needed_node", .string(node))])
    }

    /// Refuses a node key that does not act for every one of `nodes`.
    func requireNodes(_ nodes: some Sequence<String>) throws { for node in nodes { try requireNode(node) } }
}
