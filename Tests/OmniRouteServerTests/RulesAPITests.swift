import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import OmniRouteFormat
import OmniRouteModel
import OmniRouteServer
import OmniRouteStore
import OmniRouteTestSupport
import Testing

@Suite("Sourcing rules in the service")
struct RulesAPITests {
    /// One unit of PLENTY to Boston: the Boston store sends it unless a rule keeps it out.
    static let cart =
        #"{"lines":[{"sku":"PLENTY","qty":1}],"delivery":{"mode":"ship","location":{"lat":42.36,"lon":-71.06}}}"#
    static let noBoston = #"{"rules":[{"id":"no-boston","exclude":{"ids":["S-BOS"]}}],"actor":"planner-1"}"#

    static func put(_ client: some TestClientProtocol, _ uri: String, _ body: String) async throws -> TestResponse {
        try await client.execute(uri: uri, method: .put, headers: jsonHeaders(), body: ByteBuffer(string: body))
    }

    static func post(_ client: some TestClientProtocol, _ uri: String, _ body: String = "{}") async throws
        -> TestResponse
    {
        try await client.execute(uri: uri, method: .post, headers: jsonHeaders(), body: ByteBuffer(string: body))
    }

    static func source(_ response: TestResponse) -> Document? { response.json?["legs"]?[0]?["from"] }

    @Test("a draft changes nothing until it is activated; activation switches checkout and is kept in the history")
    func draftThenActivate() async throws {
        let app = try TinyNetwork.application()
        try await app.test(.router) { client in
            let seeded = try await client.execute(uri: "/v1/rules", method: .get)
            #expect(seeded.status == .ok && seeded.json?["version"] == .int(1))
            #expect(seeded.json?["rules"] == .array([]) && seeded.json?["state"] == .string("active"))
            #expect(Self.source(try await Self.post(client, "/v1/quotes", Self.cart)) == .string("S-BOS"))

            let draft = try await Self.put(client, "/v1/rules", Self.noBoston)
            #expect(draft.status == .created && draft.json?["version"] == .int(2))
            #expect(draft.json?["state"] == .string("draft") && draft.headers[.location] == "/v1/rules/versions/2")
            #expect(draft.json?["created_by"] == .string("planner-1"))
            // Stored, not active: checkout and GET /v1/rules are as before.
            #expect(Self.source(try await Self.post(client, "/v1/quotes", Self.cart)) == .string("S-BOS"))
            #expect(try await client.execute(uri: "/v1/rules", method: .get).json?["version"] == .int(1))

            let activated = try await Self.post(client, "/v1/rules/2/activate", #"{"actor":"ops-lead"}"#)
            #expect(activated.status == .ok && activated.json?["state"] == .string("active"))
            #expect(Self.source(try await Self.post(client, "/v1/quotes", Self.cart)) == .string("DC-A"))
            let placed = try await Self.post(client, "/v1/orders", Self.cart)
            #expect(placed.status == .created && Self.source(placed) == .string("DC-A"))
            let active = try await client.execute(uri: "/v1/rules", method: .get)
            #expect(active.json?["version"] == .int(2) && active.json?["rules"]?[0]?["id"] == .string("no-boston"))

            let versions = try await client.execute(uri: "/v1/rules/versions", method: .get)
            let list = versions.json?["versions"]
            #expect(list?[0]?["state"] == .string("retired") && list?[1]?["state"] == .string("active"))
            #expect(list?[0]?["rules"] == .int(0) && list?[1]?["rules"] == .int(1))
            #expect(list?[1]?["activations"]?[0]?["actor"] == .string("ops-lead"))
            // Back to version 1: a version may be activated again.
            #expect(try await Self.post(client, "/v1/rules/1/activate").status == .ok)
            #expect(Self.source(try await Self.post(client, "/v1/quotes", Self.cart)) == .string("S-BOS"))
            let again = try await client.execute(uri: "/v1/rules/versions/1", method: .get)
            #expect(again.json?["activations"].map { if case .array(let a) = $0 { a.count } else { 0 } } == 2)
        }
    }

    @Test("rules are read strictly: a problem names each field by its JSON pointer, and nothing is stored")
    func strictDrafts() async throws {
        let app = try TinyNetwork.application()
        try await app.test(.router) { client in
            let cases: [(String, String)] = [
                (#"{"rules":[{"id":"x","only_from":{"ids":["S-999"]}}]}"#, "/rules/0/only_from/ids/0"),
                (#"{"rules":[{"id":"x"}]}"#, "/rules/0"),
                (#"{"rules":[{"id":"x","exclude":{}}]}"#, "/rules/0/exclude"),
                (#"{"rules":[{"id":"x","max_legs":1},{"id":"x","max_legs":2}]}"#, "/rules/1/id"),
                (#"{"rules":[{"id":"x","max_legs":1,"when":{"channels":["fax"]}}]}"#, "/rules/0/when/channels/0"),
                (#"{"rules":[{"id":"x","max_legs":1,"colour":"red"}]}"#, "/rules/0/colour"),
                (#"{"rulez":[]}"#, "/rulez"),
            ]
            for (body, pointer) in cases {
                let r = try await Self.put(client, "/v1/rules", body)
                #expect(r.status == .unprocessableContent, "\(body)")
                let pointers: [Document] =
                    if case .array(let errors)? = r.json?["errors"] { errors.compactMap { $0["pointer"] } } else { [] }
                #expect(pointers.contains(.string(pointer)), "\(body): \(r.text)")
            }
            let versions = try await client.execute(uri: "/v1/rules/versions", method: .get)
            #expect(versions.json?["versions"].map { if case .array(let a) = $0 { a.count } else { 0 } } == 1)
            #expect(try await Self.post(client, "/v1/rules/7/activate").status == .notFound)
            #expect(try await Self.post(client, "/v1/rules/0/activate").status == .badRequest)
            #expect(try await Self.post(client, "/v1/rules/1/preview?orders=last:0").status == .badRequest)
        }
    }

    @Test("a preview routes the orders under both versions and writes nothing")
    func previewWritesNothing() async throws {
        let store = try TinyNetwork.store()
        for i in 0..<4 {
            _ = try await store.place(TinyNetwork.cart("PLENTY", customer: "C-\(i)"))
        }
        _ = try await store.place(TinyNetwork.cart(customer: "C-9"))
        let draft = try store.draftRules(try JSONParser.parse(Self.noBoston).removingActor, actor: nil)
        let events = try store.events(after: 0, limit: 1000).count
        let before = try Self.everything(store)

        let app = Application(router: RouteAPI(store: store).router())
        try await app.test(.router) { client in
            for query in ["", "?orders=pending", "?orders=last:3"] {
                let r = try await Self.post(client, "/v1/rules/\(draft.version)/preview\(query)")
                #expect(r.status == .ok, "\(r.text)")
                #expect(r.json?["version"] == .int(2) && r.json?["active_version"] == .int(1))
                let considered = query.hasSuffix("last:3") ? 3 : 5
                #expect(r.json?["orders_considered"] == .int(considered))
                // The PLENTY orders move from the Boston store to DC-A; the SCARCE one keeps its route.
                guard case .array(let changes)? = r.json?["changes"] else {
                    Issue.record("no changes: \(r.text)")
                    continue
                }
                #expect(changes.count == (query.hasSuffix("last:3") ? 2 : 4))
                for c in changes {
                    #expect(c["active"]?["legs"]?[0]?["from"] == .string("S-BOS"))
                    #expect(c["draft"]?["legs"]?[0]?["from"] == .string("DC-A"))
                }
                guard case .double(let delta)? = r.json?["delta"]?["total"],
                    case .double(let active)? = r.json?["active"]?["total"],
                    case .double(let drafted)? = r.json?["draft"]?["total"]
                else {
                    Issue.record("no totals: \(r.text)")
                    continue
                }
                #expect(abs(delta - (drafted - active)) < 1e-9 && delta > 0)
            }
        }
        #expect(try store.events(after: 0, limit: 1000).count == events)
        #expect(try Self.everything(store) == before)
        #expect(try store.activeRules()?.version == 1)
    }

    @Test("node tags change through the API and rules that select by tag apply at once")
    func nodeTags() async throws {
        let app = try TinyNetwork.application()
        try await app.test(.router) { client in
            let rule = #"{"rules":[{"id":"outlets-do-not-ship","exclude":{"tags_any":["outlet"]}}]}"#
            #expect(try await Self.put(client, "/v1/rules", rule).status == .created)
            #expect(try await Self.post(client, "/v1/rules/2/activate").status == .ok)
            #expect(Self.source(try await Self.post(client, "/v1/quotes", Self.cart)) == .string("S-BOS"))
            let tagged = try await Self.put(client, "/v1/nodes/S-BOS/tags", #"{"tags":["outlet","urban"]}"#)
            #expect(tagged.status == .ok && tagged.json?["tags"] == .array([.string("outlet"), .string("urban")]))
            #expect(Self.source(try await Self.post(client, "/v1/quotes", Self.cart)) == .string("DC-A"))
            #expect(try await Self.put(client, "/v1/nodes/S-BOS/tags", #"{"tags":[]}"#).status == .ok)
            #expect(Self.source(try await Self.post(client, "/v1/quotes", Self.cart)) == .string("S-BOS"))
            #expect(try await Self.put(client, "/v1/nodes/S-XXX/tags", #"{"tags":[]}"#).status == .notFound)
            let bad = try await Self.put(client, "/v1/nodes/S-BOS/tags", #"{"tags":["a","a",""]}"#)
            #expect(bad.status == .unprocessableContent)
        }
    }

    @Test("an order's tags select the rules that apply to it at checkout, and its record shows them")
    func orderTags() async throws {
        let app = try TinyNetwork.application()
        try await app.test(.router) { client in
            let rule =
                #"{"rules":[{"id":"vip-from-dc","when":{"order_tags_any":["vip"]},"only_from":{"ids":["DC-A"]}}]}"#
            #expect(try await Self.put(client, "/v1/rules", rule).status == .created)
            #expect(try await Self.post(client, "/v1/rules/2/activate").status == .ok)
            let vip = String(Self.cart.dropLast()) + #","tags":["vip"]}"#
            #expect(Self.source(try await Self.post(client, "/v1/quotes", vip)) == .string("DC-A"))
            #expect(Self.source(try await Self.post(client, "/v1/quotes", Self.cart)) == .string("S-BOS"))
            let placed = try await Self.post(client, "/v1/orders", vip)
            #expect(placed.status == .created && Self.source(placed) == .string("DC-A"))
            #expect(placed.json?["tags"] == .array([.string("vip")]))
            let id = try #require(placed.json?["id"].flatMap { if case .string(let s) = $0 { s } else { nil } })
            let read = try await client.execute(uri: "/v1/orders/\(id)", method: .get)
            #expect(read.json?["tags"] == .array([.string("vip")]) && Self.source(read) == .string("DC-A"))
            let plain = try await Self.post(client, "/v1/orders", Self.cart)
            #expect(plain.json?["tags"] == .array([]) && Self.source(plain) == .string("S-BOS"))
            let bad = try await Self.post(
                client, "/v1/orders", String(Self.cart.dropLast()) + #","tags":["vip","vip"]}"#)
            #expect(bad.status == .unprocessableContent)
        }
    }

    @Test("activating rules in the middle of a stream of checkouts loses no order and oversells nothing")
    func activationDuringCheckouts() async throws {
        let store = try TinyNetwork.store()
        let draft = try store.draftRules(try JSONParser.parse(Self.noBoston).removingActor, actor: nil)
        /// Places `count` carts at once (PLENTY and SCARCE in turn); the ids of those placed, with their sources.
        func stream(_ count: Int, from first: Int) async -> [(id: String, sources: [String])] {
            await withTaskGroup(of: (id: String, sources: [String])?.self) { group in
                for i in first..<(first + count) {
                    group.addTask {
                        let cart = TinyNetwork.cart(i % 2 == 0 ? "PLENTY" : "SCARCE", customer: "C-\(i)")
                        guard let p = try? await store.place(cart, idempotencyKey: "k-\(i)", fingerprint: "f") else {
                            return nil
                        }
                        return (p.order.order.id, p.order.plan.legs.map(\.from))
                    }
                }
                var placed: [(id: String, sources: [String])] = []
                for await p in group { if let p { placed.append(p) } }
                return placed
            }
        }
        async let during = stream(40, from: 0)
        let activation = Task { try store.activateRules(draft.version, actor: "ops") }
        let first = await during
        _ = try await activation.value
        let after = await stream(40, from: 40)
        // Once the switch has returned, no placement uses the excluded node.
        #expect(after.allSatisfy { !$0.sources.contains("S-BOS") })
        // Every PLENTY cart is placed, and exactly the 7 SCARCE units are sold; every placed order is stored.
        #expect(first.count + after.count == 40 + 7)
        for p in first + after { #expect(try store.order(id: p.id).order.id == p.id) }
        #expect(try store.check().isEmpty)
        #expect(try store.availability(sku: "SCARCE").total == 0)
        #expect(store.network.scenario.rules.map(\.id) == ["no-boston"])
    }

    @Test("db init --seed keeps a scenario's rules as version 1, active; the store reopens with them")
    func seededRules() throws {
        let scenario = try DocumentFile.scenario(Paths.scenario("northeast-rules.json"))
        let path = Paths.database("rules.sqlite")
        do {
            let store = try RouteStore.create(
                path: path, seed: scenario, clock: .fixed(scenario.now), placeOrders: true)
            #expect(try store.activeRules()?.version == 1)
            #expect(store.network.scenario.rules == scenario.rules)
            #expect(try store.check().isEmpty)
            store.shutDown()
        }
        let reopened = try RouteStore.open(path: path)
        #expect(reopened.network.scenario.rules == scenario.rules)
        #expect(reopened.network.scenario.nodes.map(\.tags) == scenario.nodes.map(\.tags))
        #expect(reopened.network.scenario.skus.map(\.tags) == scenario.skus.map(\.tags))
        // Order tags are kept too, so a re-plan sees the orders its rules select.
        let pending = try reopened.pendingPlan().scenario.orders
        let tagged = scenario.orders.filter { !$0.tags.isEmpty }
        #expect(!tagged.isEmpty)
        for o in tagged {
            if let stored = pending.first(where: { $0.id == o.id }) { #expect(stored.tags == o.tags) }
        }
    }

    /// Every order, stock position and rule version, as the API would show them.
    static func everything(_ store: RouteStore) throws -> String {
        var text = ""
        for o in try store.pendingPlan().plan.orders { text += JSONWriter.write(o.document) }
        let network = store.network
        for node in network.scenario.nodes {
            for sku in network.scenario.skus { text += "\(try store.stock(node: node.id, sku: sku.id))" }
        }
        for v in try store.ruleVersions() { text += "\(v.version) \(v.state) \(v.activations.count)" }
        return text
    }
}

extension Document {
    /// The object without its `actor` member.
    fileprivate var removingActor: Document {
        guard case .object(let pairs) = self else { return self }
        return .object(pairs.filter { $0.key != "actor" })
    }
}
