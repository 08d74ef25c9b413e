import HTTPTypes
import Hummingbird
import OmniRouteModel
import OmniRouteStore

extension RouteAPI {
    /// API keys: list, create (the secret is in that answer only), revoke.
    var keysEndpoints: [Endpoint] {
        [
            Endpoint(.get, "v1/keys", .roles()) { _, _ in
                let keys = try await self.blocking { try self.store.keys() }
                return self.json(.object([("keys", .array(keys.map(\.document)))]))
            },
            Endpoint(.post, "v1/keys", .roles()) { request, context in
                let document = try await RequestBody.parse(request, limit: Self.maxBody)
                let wanted = try Self.keyRequest(document)
                let actor = context.caller.key?.name
                let created = try await self.blocking { try self.store.createKey(wanted, actor: actor) }
                guard case .object(let pairs) = created.key.document else { return self.json(created.key.document) }
                var headers = HTTPFields()
                headers[.location] = "/v1/keys/\(created.key.name)"
                headers[.cacheControl] = "no-store"
                return self.json(
                    .object(pairs + [("secret", .string(created.secret))]), status: .created, headers: headers)
            },
            Endpoint(.post, "v1/keys/{name}/revoke", .roles()) { _, context in
                let name = try context.parameters.require("name")
                let actor = context.caller.key?.name
                let key = try await self.blocking { try self.store.revokeKey(name, actor: actor) }
                return self.json(key.document)
            },
        ]
    }

    /// `{"name": "...", "roles": ["node"], "nodes": ["S-NY-001"]}`, read strictly.
    static func keyRequest(_ document: Document) throws -> APIKeyRequest {
        guard case .object(let pairs) = document else {
            throw Problem(
                .unprocessableContent, "Invalid request", "expected an object",
                issues: [Issue(path: "", message: "expected an object, got \(document.kindName)")])
        }
        var issues: [Issue] = []
        for pair in pairs where !["name", "roles", "nodes"].contains(pair.key) {
            issues.append(Issue(path: pair.key, message: "unknown field (expected name, roles, nodes)"))
        }
        func strings(_ key: String) -> [String] {
            guard let value = document[key] else { return [] }
            guard case .array(let items) = value else {
                issues.append(Issue(path: key, message: "expected a list of strings, got \(value.kindName)"))
                return []
            }
            return items.enumerated().compactMap { i, item in
                if case .string(let s) = item { return s }
                issues.append(Issue(path: "\(key)[\(i)]", message: "expected a string, got \(item.kindName)"))
                return nil
            }
        }
        var name = ""
        switch document["name"] {
        case .string(let s)?: name = s
        case nil: issues.append(Issue(path: "name", message: "missing required field 'name'"))
        case let other?: issues.append(Issue(path: "name", message: "expected a string, got \(other.kindName)"))
        }
        let roles = strings("roles")
        let nodes = strings("nodes")
        if document["roles"] == nil { issues.append(Issue(path: "roles", message: "missing required field 'roles'")) }
        guard issues.isEmpty else {
            throw Problem(
                .unprocessableContent, "Invalid request", issues.map(\.description).joined(separator: "; "),
                issues: issues)
        }
        return try APIKeyRequest(name: name, roles: roles, nodes: nodes)
    }
}

extension APIKey {
    /// A key as the API and `keys list` show it: never its secret.
    public var document: Document {
        func text(_ s: String?) -> Document { s.map(Document.string) ?? .null }
        return .object([
            ("name", .string(name)), ("prefix", .string(prefix)),
            ("roles", .array(sortedRoles.map { .string($0.rawValue) })), ("nodes", .array(nodes.map(Document.string))),
            ("created_at", .string(createdAt)), ("last_used_at", text(lastUsedAt)), ("revoked_at", text(revokedAt)),
        ])
    }
}
