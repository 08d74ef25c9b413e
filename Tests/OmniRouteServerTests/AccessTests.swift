import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import OmniRouteFormat
import OmniRouteModel
import OmniRouteServer
import OmniRouteStore
import OmniRouteTestSupport
import Synchronization
import Testing

@Suite("Access control: keys, roles, node scopes, limits")
struct AccessTests {
    /// A store with one key of each role (the node key for every node of the tiny network).
    static func keyedStore() throws -> (RouteStore, [APIKey.Role: String]) {
        let store = try TinyNetwork.store()
        var secrets: [APIKey.Role: String] = [:]
        for role in APIKey.Role.allCases {
            let nodes = role == .node ? store.network.nodes.map(\.id) : []
            let request = try APIKeyRequest(name: "key-\(role.rawValue)", roles: [role.rawValue], nodes: nodes)
            secrets[role] = try store.createKey(request, actor: "test").secret
        }
        return (store, secrets)
    }

    static func send(
        _ client: some TestClientProtocol, _ method: HTTPRequest.Method, _ uri: String, key: String?,
        body: String? = nil
    ) async throws -> TestResponse {
        var headers = jsonHeaders()
        if let key { headers[.authorization] = "Bearer \(key)" }
        return try await client.execute(
            uri: uri, method: method,
            headers: body == nil ? (key.map { [.authorization: "Bearer \($0)"] } ?? [:]) : headers,
            body: body.map { ByteBuffer(string: $0) })
    }

    /// A request URI for a route pattern: ids that exist where a node or sku is asked for.
    static func uri(_ path: String) -> String {
        var uri = path.replacingOccurrences(of: "{node}", with: "S-BOS").replacingOccurrences(
            of: "{sku}", with: "PLENTY"
        )
        .replacingOccurrences(of: "{id}", with: "1").replacingOccurrences(of: "{version}", with: "1")
        .replacingOccurrences(of: "{name}", with: "nobody")
        if path == "/v1/events" { uri += "?node=S-BOS" }
        if path == "/v1/availability" { uri += "?sku=PLENTY" }
        return uri
    }

    @Test("every route and every role: allowed, 403 for a role it does not need, 401 without a key")
    func everyRouteEveryRole() async throws {
        let (store, secrets) = try Self.keyedStore()
        let api = RouteAPI(store: store)
        let app = Application(router: api.router(access: AccessPolicy(openOperations: false)))
        try await app.test(.router) { client in
            for route in api.accessTable {
                let method = HTTPRequest.Method(route.method)!
                let uri = Self.uri(route.path)
                // A body every endpoint reads as JSON; most refuse its content (422), which is past the check.
                let body: String? = method == .get ? nil : "{}"
                let anonymous = try await Self.send(client, method, uri, key: nil, body: body)
                if route.kind == "open" {
                    #expect(anonymous.status == .ok, "\(route.method) \(route.path)")
                    continue
                }
                #expect(anonymous.status == .unauthorized, "\(route.method) \(route.path): \(anonymous.text)")
                #expect(anonymous.headers[.wwwAuthenticate]?.hasPrefix("Bearer") == true)
                for role in APIKey.Role.allCases {
                    let r = try await Self.send(client, method, uri, key: secrets[role], body: body)
                    let allowed = route.kind == "operational" || route.roles.contains(role.rawValue)
                    if allowed {
                        #expect(
                            r.status != .unauthorized && r.status != .forbidden,
                            "\(role) on \(route.method) \(route.path): \(r.status) \(r.text)")
                    } else {
                        #expect(r.status == .forbidden, "\(role) on \(route.method) \(route.path): \(r.status)")
                        #expect(r.json?["needed_roles"] == .array(route.roles.map(Document.string)))
                    }
                }
            }
        }
    }

    @Test("the OpenAPI document declares, for every route of the router, exactly the roles the router enforces")
    func openAPIDeclaresEveryRoute() throws {
        let text = try String(contentsOf: Paths.root.appendingPathComponent("docs/openapi.yaml"), encoding: .utf8)
        let document = try YAMLReader.parse(text)
        let api = RouteAPI(store: try TinyNetwork.store())
        var declared = 0
        for route in api.accessTable {
            let operation = document["paths"]?[route.path]?[route.method.lowercased()]
            guard case .array(let security)? = operation?["security"] else {
                Issue.record("\(route.method) \(route.path) declares no security in docs/openapi.yaml")
                continue
            }
            declared += 1
            var roles: [String] = []
            var optional = false
            for requirement in security {
                guard case .object(let pairs) = requirement else { continue }
                if pairs.isEmpty { optional = true }
                for (_, value) in pairs {
                    if case .array(let names) = value {
                        roles += names.compactMap { if case .string(let s) = $0 { s } else { nil } }
                    }
                }
            }
            switch route.kind {
            case "open": #expect(security.isEmpty, "\(route.path)")
            case "operational": #expect(optional && roles.isEmpty, "\(route.path)")
            default: #expect(roles == route.roles, "\(route.method) \(route.path): \(roles) vs \(route.roles)")
            }
        }
        #expect(declared == api.accessTable.count)
        // And no operation of the document is missing from the router.
        guard case .object(let paths)? = document["paths"] else { return }
        let operations = paths.flatMap { path, item -> [String] in
            guard case .object(let methods) = item else { return [] }
            return methods.filter { ["get", "put", "post", "patch", "delete"].contains($0.key) }.map {
                "\($0.key.uppercased()) \(path)"
            }
        }
        #expect(Set(operations) == Set(api.accessTable.map { "\($0.method) \($0.path)" }))
    }

    @Test("a node key touches only its own nodes' stock and legs, even by guessing a leg id")
    func nodeScope() async throws {
        let store = try TinyNetwork.store()
        let admin = try store.createKey(try APIKeyRequest(name: "ops", roles: ["admin"], nodes: []), actor: nil)
        let boston = try store.createKey(
            try APIKeyRequest(name: "bos-handhelds", roles: ["node"], nodes: ["S-BOS"]), actor: nil)
        let dc = try store.createKey(try APIKeyRequest(name: "dc-a-wms", roles: ["node"], nodes: ["DC-A"]), actor: nil)
        let app = Application(router: RouteAPI(store: store).router())
        try await app.test(.router) { client in
            // PLENTY to Boston ships from the Boston store.
            let placed = try await Self.send(client, .post, "/v1/orders", key: admin.secret, body: RulesAPITests.cart)
            guard case .int(let leg)? = placed.json?["legs"]?[0]?["id"] else {
                Issue.record("no leg: \(placed.text)")
                return
            }
            #expect(placed.json?["legs"]?[0]?["from"] == .string("S-BOS"))
            _ = try await Self.send(client, .post, "/v1/release", key: admin.secret, body: "{}")
            let accept = #"{"type":"accepted","actor":"someone else"}"#
            let guessed = try await Self.send(client, .post, "/v1/legs/\(leg)/events", key: dc.secret, body: accept)
            #expect(guessed.status == .notFound, "\(guessed.text)")
            let own = try await Self.send(client, .post, "/v1/legs/\(leg)/events", key: boston.secret, body: accept)
            #expect(own.status == .ok, "\(own.text)")
            // The event's actor is the key's name, whatever the body claims.
            let history = try await Self.send(client, .get, "/v1/events?node=S-BOS", key: boston.secret)
            guard case .array(let events)? = history.json?["events"] else {
                Issue.record("no events: \(history.text)")
                return
            }
            let accepted = events.first { $0["type"] == .string("leg.accepted") }
            #expect(accepted?["actor"] == .string("bos-handhelds"))
            let placedEvent = try store.events(after: 0, limit: 100).first { $0.type == "order.placed" }
            #expect(placedEvent?.actor == "ops")

            let count = #"{"on_hand":3}"#
            #expect(
                try await Self.send(client, .put, "/v1/inventory/S-BOS/PLENTY", key: dc.secret, body: count)
                    .status == .forbidden)
            #expect(
                try await Self.send(client, .get, "/v1/inventory/S-BOS/PLENTY", key: dc.secret).status == .forbidden)
            let other = try await Self.send(client, .get, "/v1/inventory/DC-A/PLENTY", key: dc.secret)
            #expect(other.status == .ok)
            let adjust =
                #"{"adjustments":[{"node":"DC-A","sku":"PLENTY","delta":1},"#
                + #"{"node":"S-BOS","sku":"PLENTY","delta":-1}]}"#
            let refused = try await Self.send(client, .post, "/v1/inventory/adjustments", key: dc.secret, body: adjust)
            #expect(refused.status == .forbidden && refused.json?["needed_node"] == .string("S-BOS"))
            #expect(try await Self.send(client, .get, "/v1/events?node=S-BOS", key: dc.secret).status == .forbidden)
            #expect(try await Self.send(client, .get, "/v1/events", key: dc.secret).status == .forbidden)
            // Nothing the refused requests asked for happened.
            #expect(try store.stock(node: "S-BOS", sku: "PLENTY").onHand == 5)
            #expect(try store.stock(node: "DC-A", sku: "PLENTY").onHand == 1000)
        }
    }

    @Test("a key revoked while the server runs is refused from the next request on; names are never reused")
    func revocation() async throws {
        let store = try TinyNetwork.store()
        let admin = try store.createKey(try APIKeyRequest(name: "ops", roles: ["admin"], nodes: []), actor: nil)
        let app = Application(router: RouteAPI(store: store).router())
        try await app.test(.router) { client in
            let made = try await Self.send(
                client, .post, "/v1/keys", key: admin.secret, body: #"{"name":"web-checkout","roles":["checkout"]}"#)
            #expect(made.status == .created && made.headers[.cacheControl] == "no-store")
            guard case .string(let secret)? = made.json?["secret"] else {
                Issue.record("no secret: \(made.text)")
                return
            }
            let quote = RulesAPITests.cart
            #expect(try await Self.send(client, .post, "/v1/quotes", key: secret, body: quote).status == .ok)
            let revoked = try await Self.send(client, .post, "/v1/keys/web-checkout/revoke", key: admin.secret)
            #expect(revoked.status == .ok && revoked.json?["revoked_at"] != .null)
            let after = try await Self.send(client, .post, "/v1/quotes", key: secret, body: quote)
            #expect(after.status == .unauthorized && after.text.contains("revoked"))
            let again = try await Self.send(
                client, .post, "/v1/keys", key: admin.secret, body: #"{"name":"web-checkout","roles":["checkout"]}"#)
            #expect(again.status == .conflict)
            let bad = try await Self.send(
                client, .post, "/v1/keys", key: admin.secret,
                body: #"{"name":"x y","roles":["root"],"nodes":["S-BOS"]}"#)
            #expect(bad.status == .unprocessableContent)
            let pointers = (bad.json?["errors"]).map { e -> [Document] in
                if case .array(let a) = e { a.compactMap { $0["pointer"] } } else { [] }
            }
            #expect(pointers == [.string("/name"), .string("/roles/0"), .string("/nodes")], "\(bad.text)")
        }
        // Revocation is stored: a server started later refuses the key too.
        #expect(try store.keys().first { $0.name == "web-checkout" }?.isRevoked == true)
    }

    @Test("secrets appear in no log line, no event, no key listing")
    func secretsStayOut() async throws {
        let lines = LogLines()
        let (store, secrets) = try Self.keyedStore()
        let logger = Logger(label: "test") { _ in CollectingLogHandler(lines: lines) }
        let app = Application(router: RouteAPI(store: store).router(), logger: logger)
        _ = try store.revokeKey("key-service", actor: nil)
        try await app.test(.router) { client in
            for (role, secret) in secrets {
                _ = try await Self.send(client, .get, "/v1/keys", key: secret)  // 403 for all but admin
                _ = try await Self.send(client, .get, "/v1/orders/nope", key: secret)
                _ = try await Self.send(client, .get, "/v1/keys", key: String(secret.dropLast()) + "A")
                if role == .admin {
                    let listing = try await Self.send(client, .get, "/v1/keys", key: secret)
                    #expect(listing.status == .ok)
                    for s in secrets.values { #expect(!listing.text.contains(s)) }
                }
            }
        }
        let logged = lines.all.joined(separator: "\n")
        #expect(logged.contains("access refused"), "the refusals are logged")
        let events = try store.events(after: 0, limit: 1000).map { JSONWriter.write($0.payload) }.joined()
        let listed = try store.keys().map { JSONWriter.write($0.document) }.joined()
        for secret in secrets.values {
            #expect(!logged.contains(secret) && !events.contains(secret) && !listed.contains(secret))
            #expect(!logged.contains(String(secret.dropFirst(12))))
        }
    }

    @Test("a key over its role's limit gets 429 with Retry-After; checkout has no limit by default")
    func rateLimit() async throws {
        let (store, secrets) = try Self.keyedStore()
        // A token per thousand seconds and a burst of two: the third request is over, on any machine.
        var policy = AccessPolicy.forBinding("127.0.0.1")
        policy.limits[.planner] = RateLimit(perSecond: 0.001, burst: 2)
        let app = Application(router: RouteAPI(store: store).router(access: policy))
        try await app.test(.router) { client in
            for _ in 0..<2 {
                #expect(try await Self.send(client, .get, "/v1/rules", key: secrets[.planner]).status == .ok)
            }
            let over = try await Self.send(client, .get, "/v1/rules", key: secrets[.planner])
            #expect(over.status == .tooManyRequests)
            #expect(over.headers[.retryAfter].flatMap { Int($0) }.map { $0 >= 1 } == true)
            // Other keys have their own buckets; checkout is not limited.
            #expect(try await Self.send(client, .get, "/v1/rules", key: secrets[.admin]).status == .ok)
            for _ in 0..<150 {
                let r = try await Self.send(
                    client, .post, "/v1/quotes", key: secrets[.checkout], body: RulesAPITests.cart)
                #expect(r.status == .ok)
            }
        }
    }

    @Test("with no key in the database the API runs open; the first key closes it; /healthz stays open")
    func openUntilTheFirstKey() async throws {
        let store = try TinyNetwork.store()
        let app = Application(router: RouteAPI(store: store).router(access: AccessPolicy(openOperations: false)))
        try await app.test(.router) { client in
            #expect(try await Self.send(client, .get, "/metrics", key: nil).status == .ok)
            let made = try await Self.send(
                client, .post, "/v1/keys", key: nil, body: #"{"name":"ops","roles":["admin"]}"#)
            #expect(made.status == .created)
            #expect(try await Self.send(client, .get, "/metrics", key: nil).status == .unauthorized)
            #expect(try await Self.send(client, .get, "/v1/keys", key: nil).status == .unauthorized)
            #expect(try await Self.send(client, .get, "/healthz", key: nil).status == .ok)
            guard case .string(let secret)? = made.json?["secret"] else { return }
            #expect(try await Self.send(client, .get, "/metrics", key: secret).status == .ok)
            let events = try store.events(after: 0, limit: 100)
            #expect(events.contains { $0.type == "key.created" })
        }
    }

    @Test("serve on a non-loopback address without keys refuses to start, with the reason", .tags(.slow))
    func refusesOpenOffLoopback() throws {
        let dir = Paths.temporaryDirectory()
        let db = dir.appendingPathComponent("open.sqlite").path
        let scenario = Paths.scenario("northeast-small.json")
        #expect(try OmniRouteBinary.run(["db", "init", "--seed", scenario, "--db", db], timeout: 300).status == 0)
        let refused = try OmniRouteBinary.run(["serve", "--db", db, "--host", "0.0.0.0", "--port", "0"], timeout: 300)
        #expect(refused.status == 1, "\(refused.output)")
        #expect(refused.output.contains("refusing to serve 0.0.0.0 without API keys"), "\(refused.output)")
        let created = try OmniRouteBinary.run(
            ["keys", "create", "--name", "ops", "--role", "admin", "--db", db], timeout: 300)
        #expect(created.status == 0 && created.output.contains("omr_"), "\(created.output)")
        let listed = try OmniRouteBinary.run(["keys", "list", "--db", db], timeout: 300)
        #expect(listed.status == 0 && listed.output.contains("ops") && listed.output.contains("admin"))
        let secret = created.output.split(separator: "\n").first { $0.hasPrefix("omr_") }.map(String.init) ?? "?"
        #expect(!listed.output.contains(secret))
        let bad = try OmniRouteBinary.run(
            ["keys", "create", "--name", "n", "--role", "node", "--db", db], timeout: 300)
        #expect(bad.status == 2 && bad.output.contains("--node"), "\(bad.output)")
        let revoked = try OmniRouteBinary.run(["keys", "revoke", "ops", "--db", db], timeout: 300)
        #expect(revoked.status == 0, "\(revoked.output)")
    }
}

/// Log lines kept for a test.
final class LogLines: Sendable {
    private let lines = Mutex<[String]>([])
    func add(_ line: String) { lines.withLock { $0.append(line) } }
    var all: [String] { lines.withLock { $0 } }
}

struct CollectingLogHandler: LogHandler {
    let lines: LogLines
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        lines.add("\(event.level) \(event.message) \(event.metadata ?? [:]) \(metadata)")
    }
}
