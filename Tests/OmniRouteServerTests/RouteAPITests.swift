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

@Suite("Route API")
struct RouteAPITests {
    static let cart =
        #"{"lines":[{"sku":"SCARCE","qty":1}],"delivery":{"mode":"ship","location":{"lat":42.36,"#
        + #""lon":-71.06}},"customer_id":"C-1"}"#

    @Test("quote, order with an idempotency key, replay, fetch, cancel")
    func journey() async throws {
        let app = try TinyNetwork.application()
        try await app.test(.router) { client in
            let quote = try await client.execute(
                uri: "/v1/quotes?explain=true", method: .post, headers: jsonHeaders(),
                body: ByteBuffer(string: Self.cart))
            #expect(quote.status == .ok)
            #expect(quote.json?["promise_date"] != nil && quote.json?["explanation"]?["sources"] != nil)
            let placed = try await client.execute(
                uri: "/v1/orders", method: .post, headers: jsonHeaders([("Idempotency-Key", "abc")]),
                body: ByteBuffer(string: Self.cart))
            #expect(placed.status == .created)
            guard case .string(let id)? = placed.json?["id"] else {
                Issue.record("no id: \(placed.text)")
                return
            }
            #expect(placed.headers[.location] == "/v1/orders/\(id)")
            #expect(quote.json?["legs"] == placed.json?["legs"].map(Self.withoutIds))
            let replay = try await client.execute(
                uri: "/v1/orders", method: .post, headers: jsonHeaders([("Idempotency-Key", "abc")]),
                body: ByteBuffer(string: Self.cart))
            #expect(replay.status == .created && replay.headers[HTTPField.Name("Idempotent-Replayed")!] == "true")
            #expect(replay.json?["id"] == .string(id))
            let reused = try await client.execute(
                uri: "/v1/orders", method: .post, headers: jsonHeaders([("Idempotency-Key", "abc")]),
                body: ByteBuffer(string: Self.cart.replacingOccurrences(of: "C-1", with: "C-2")))
            #expect(reused.status == .unprocessableContent)
            let fetched = try await client.execute(uri: "/v1/orders/\(id)", method: .get)
            #expect(fetched.status == .ok && fetched.json?["status"] == .string("planned"))
            let cancelled = try await client.execute(
                uri: "/v1/orders/\(id)/cancel", method: .post, headers: jsonHeaders(),
                body: ByteBuffer(string: #"{"reason":"customer changed mind"}"#))
            #expect(cancelled.status == .ok && cancelled.json?["status"] == .string("cancelled"))
        }
    }

    /// Stored legs without what a quote's legs do not have (their id and status).
    static func withoutIds(_ legs: Document) -> Document {
        guard case .array(let items) = legs else { return legs }
        return .array(
            items.map { leg in
                guard case .object(let pairs) = leg else { return leg }
                return .object(pairs.filter { $0.key != "id" && $0.key != "status" })
            })
    }

    @Test(
        "bad input is a 4xx problem naming the field, never a 5xx",
        arguments: [
            (
                #"{"lines":[{"sku":"SCARCE","qty":0}],"delivery":{"mode":"ship","location":{"lat":42,"lon":-71}}}"#,
                422, "/lines/0/qty"
            ),
            (
                #"{"lines":[{"sku":"NOPE","qty":1}],"delivery":{"mode":"ship","location":{"lat":42,"lon":-71}}}"#, 422,
                "/lines/0/sku"
            ),
            (
                #"{"lines":[{"sku":"SCARCE","qty":1}],"delivery":{"mode":"pickup","pickup_node":"DC-A"}}"#, 422,
                "/delivery/pickup_node"
            ),
            (
                #"{"lines":[{"sku":"SCARCE","qty":1}],"delivery":{"mode":"ship","location":{"lat":142,"lon":-71}}}"#,
                422, "/delivery/location/lat"
            ),
            (
                #"{"lines":[],"delivery":{"mode":"ship","location":{"lat":42,"lon":-71}},"colour":"red"}"#, 422,
                "/colour"
            ),
            (#"{"lines":[{"sku":"SCARCE","qty":1}],"delivery":{"mode":"drone"}}"#, 422, "/delivery/mode"),
            (#"{"lines": [ {"sku": "SCARCE", "qty": 1}"#, 400, ""),
            ("", 400, ""),
            (#"[1,2]"#, 422, ""),
        ])
    func badInput(body: String, status: Int, pointer: String) async throws {
        let app = try TinyNetwork.application()
        try await app.test(.router) { client in
            for uri in ["/v1/quotes", "/v1/orders"] {
                let r = try await client.execute(
                    uri: uri, method: .post, headers: jsonHeaders(), body: ByteBuffer(string: body))
                #expect(Int(r.status.code) == status, "\(uri): \(r.text)")
                #expect(r.headers[.contentType] == "application/problem+json")
                #expect(r.json?["status"] == .int(status))
                if !pointer.isEmpty {
                    guard case .array(let errors)? = r.json?["errors"] else {
                        Issue.record("no errors: \(r.text)")
                        continue
                    }
                    #expect(errors.contains { $0["pointer"] == .string(pointer) }, "\(r.text)")
                }
            }
        }
    }

    @Test(
        "unknown routes, orders, nodes and skus are 404; oversized bodies 413; out of stock 409 with the best route"
    )
    func otherErrors() async throws {
        let app = try TinyNetwork.application()
        try await app.test(.router) { client in
            for (uri, method) in [
                ("/v2/nothing", HTTPRequest.Method.get), ("/v1/orders/NOPE", .get), ("/v1/orders/NOPE/cancel", .post),
                ("/v1/inventory/NOWHERE/SCARCE", .get), ("/v1/availability?sku=NOPE", .get),
            ] {
                let r = try await client.execute(uri: uri, method: method)
                #expect(r.status == .notFound, "\(uri)")
                #expect(r.headers[.contentType] == "application/problem+json")
            }
            let huge = #"{"lines":[{"sku":"SCARCE","qty":1}],"pad":""# + String(repeating: "x", count: 100_000) + "\"}"
            let big = try await client.execute(
                uri: "/v1/orders", method: .post, headers: jsonHeaders(), body: ByteBuffer(string: huge))
            #expect(big.status == .contentTooLarge)
            let tooMany = Self.cart.replacingOccurrences(of: #""qty":1"#, with: #""qty":50"#)
            let short = try await client.execute(
                uri: "/v1/orders", method: .post, headers: jsonHeaders(), body: ByteBuffer(string: tooMany))
            #expect(short.status == .conflict)
            #expect(short.json?["best_route"]?["legs"] != nil && short.json?["short"] != nil)
            let badKey = try await client.execute(
                uri: "/v1/orders", method: .post, headers: jsonHeaders([("Idempotency-Key", "")]),
                body: ByteBuffer(string: Self.cart))
            #expect(badKey.status == .badRequest)
            let badNear = try await client.execute(uri: "/v1/availability?sku=SCARCE&near=north", method: .get)
            #expect(badNear.status == .badRequest)
        }
    }

    @Test("inventory: counts, adjustments, availability near a place")
    func inventory() async throws {
        let app = try TinyNetwork.application()
        try await app.test(.router) { client in
            let set = try await client.execute(
                uri: "/v1/inventory/S-NYC/SCARCE", method: .put, headers: jsonHeaders(),
                body: ByteBuffer(string: #"{"on_hand":4,"source":"pos"}"#))
            #expect(set.status == .ok && set.json?["available_to_promise"] == .int(4))
            let negative = try await client.execute(
                uri: "/v1/inventory/S-NYC/SCARCE", method: .put, headers: jsonHeaders(),
                body: ByteBuffer(string: #"{"on_hand":-1}"#))
            #expect(negative.status == .unprocessableContent)
            let adjust = try await client.execute(
                uri: "/v1/inventory/adjustments", method: .post, headers: jsonHeaders(),
                body: ByteBuffer(
                    string: #"{"adjustments":[{"node":"S-NYC","sku":"SCARCE","delta":-1}],"reason":"sale"}"#))
            #expect(adjust.status == .ok)
            let below = try await client.execute(
                uri: "/v1/inventory/adjustments", method: .post, headers: jsonHeaders(),
                body: ByteBuffer(string: #"{"adjustments":[{"node":"S-NYC","sku":"SCARCE","delta":-9}]}"#))
            #expect(below.status == .conflict)
            let availability = try await client.execute(
                uri: "/v1/availability?sku=SCARCE&near=40.75,-73.99", method: .get)
            #expect(availability.json?["available_to_promise"] == .int(10))
            guard case .array(let nodes)? = availability.json?["nodes"] else {
                Issue.record("no nodes")
                return
            }
            #expect(nodes.first?["node"] == .string("S-NYC"))
        }
    }

    @Test("many concurrent clients ordering the same few units: 201 for exactly the units there are, 409 for the rest")
    func concurrentClients() async throws {
        let store = try TinyNetwork.store()
        let app = Application(router: RouteAPI(store: store).router())
        try await app.test(.router) { client in
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for i in 0..<40 {
                    group.addTask {
                        let r = try await client.execute(
                            uri: "/v1/orders", method: .post, headers: jsonHeaders([("Idempotency-Key", "c\(i)")]),
                            body: ByteBuffer(string: Self.cart))
                        return Int(r.status.code)
                    }
                }
                var all: [Int] = []
                for try await s in group { all.append(s) }
                return all
            }
            #expect(statuses.filter { $0 == 201 }.count == 7)
            #expect(statuses.filter { $0 == 409 }.count == 33)
        }
        #expect(try store.check().isEmpty)
    }

    @Test("health, Prometheus metrics by route, and the OpenAPI document as kept in docs/")
    func operations() async throws {
        let app = try TinyNetwork.application()
        try await app.test(.router) { client in
            #expect(try await client.execute(uri: "/healthz", method: .get).status == .ok)
            _ = try await client.execute(
                uri: "/v1/quotes", method: .post, headers: jsonHeaders(), body: ByteBuffer(string: Self.cart))
            _ = try await client.execute(
                uri: "/v1/orders", method: .post, headers: jsonHeaders(), body: ByteBuffer(string: Self.cart))
            let metrics = try await client.execute(uri: "/metrics", method: .get).text
            #expect(metrics.contains("omniroute_orders_placed_total"))
            #expect(metrics.contains("omniroute_reservations_held_units"))
            #expect(metrics.contains(#"http_route="/v1/quotes""#))
            #expect(metrics.contains("_bucket"))
            let openapi = try await client.execute(uri: "/openapi.yaml", method: .get)
            #expect(openapi.status == .ok)
            let kept = try String(contentsOf: Paths.root.appendingPathComponent("docs/openapi.yaml"), encoding: .utf8)
            #expect(openapi.text == kept, "Sources/OmniRouteServer/Resources/openapi.yaml must equal docs/openapi.yaml")
            #expect(kept.hasPrefix("openapi: 3.1"))
        }
    }

    /// The re-plan job at `location` once it is no longer running (polled for up to 10 s).
    static func ended(_ location: String, _ client: some TestClientProtocol) async throws -> Document? {
        var job: Document?
        for _ in 0..<200 where job?["state"] ?? .string("running") == .string("running") {
            try await Task.sleep(for: .milliseconds(50))
            job = try await client.execute(uri: location, method: .get).json
        }
        return job
    }

    @Test("a re-plan runs as a job: 202 with its location, then its state, progress and result")
    func replanJob() async throws {
        let app = try TinyNetwork.application()
        try await app.test(.router) { client in
            _ = try await client.execute(
                uri: "/v1/orders", method: .post, headers: jsonHeaders(), body: ByteBuffer(string: Self.cart))
            let bad = try await client.execute(
                uri: "/v1/replan", method: .post, headers: jsonHeaders(),
                body: ByteBuffer(string: #"{"time_limit":-1}"#))
            #expect(bad.status == .unprocessableContent)
            let started = try await client.execute(
                uri: "/v1/replan", method: .post, headers: jsonHeaders(),
                body: ByteBuffer(string: #"{"time_limit":5}"#))
            #expect(started.status == .accepted)
            guard let location = started.headers[.location] else {
                Issue.record("no location")
                return
            }
            let job = try await Self.ended(location, client)
            #expect(job?["state"] == .string("succeeded"))
            #expect(job?["result"]?["orders_considered"] == .int(1))
            #expect(job?["result"]?["written"] == .bool(false))
            #expect(try await client.execute(uri: "/v1/replan/RP-999", method: .get).status == .notFound)
        }
    }

    @Test(
        "re-plan jobs outlive the process: a finished one is answered after a restart, one cut short fails, ids go on"
    )
    func replanJobsOutliveTheProcess() async throws {
        let path = Paths.database("api.sqlite")
        do {
            let store = try RouteStore.create(
                path: path, seed: TinyNetwork.scenario(), clock: .fixed(TinyNetwork.now), placeOrders: false)
            try await Application(router: RouteAPI(store: store).router()).test(.router) { client in
                _ = try await client.execute(
                    uri: "/v1/orders", method: .post, headers: jsonHeaders(), body: ByteBuffer(string: Self.cart))
                let started = try await client.execute(
                    uri: "/v1/replan", method: .post, headers: jsonHeaders(),
                    body: ByteBuffer(string: #"{"time_limit":5}"#))
                #expect(started.status == .accepted && started.headers[.location] == "/v1/replan/RP-1")
                #expect(try await Self.ended("/v1/replan/RP-1", client)?["state"] == .string("succeeded"))
            }
            // A job whose process stops before it ends: recorded as running, never finished. The
            // re-plan's thread lets go of its claim just after recording that its job ended.
            var claim: ReplanClaim?
            for _ in 0..<100 where claim == nil {
                claim = try store.claimReplan()
                if claim == nil { try await Task.sleep(for: .milliseconds(20)) }
            }
            #expect(try store.beginReplanJob(options: .object([]), holding: #require(claim)).id == "RP-2")
        }
        // The re-plan's thread lets go of the store just after the job ends.
        var reopened: RouteStore?
        for _ in 0..<100 where reopened == nil {
            reopened = try? RouteStore.open(path: path, clock: .fixed(TinyNetwork.now))
            if reopened == nil { try await Task.sleep(for: .milliseconds(20)) }
        }
        guard let reopened else {
            Issue.record("the database did not reopen")
            return
        }
        try await Application(router: RouteAPI(store: reopened).router()).test(.router) { client in
            let first = try await client.execute(uri: "/v1/replan/RP-1", method: .get).json
            #expect(first?["state"] == .string("succeeded") && first?["result"]?["orders_considered"] == .int(1))
            #expect(first?["options"]?["time_limit"] == .double(5) && first?["progress"] == .array([]))
            let cut = try await client.execute(uri: "/v1/replan/RP-2", method: .get).json
            #expect(cut?["state"] == .string("failed"))
            guard case .string(let error)? = cut?["error"] else {
                Issue.record("no error: \(String(describing: cut))")
                return
            }
            #expect(error.hasPrefix("interrupted"))
            let next = try await client.execute(
                uri: "/v1/replan", method: .post, headers: jsonHeaders(),
                body: ByteBuffer(string: #"{"time_limit":1,"dry_run":true}"#))
            #expect(next.status == .accepted && next.headers[.location] == "/v1/replan/RP-3")
            #expect(try await Self.ended("/v1/replan/RP-3", client)?["state"] == .string("succeeded"))
        }
    }
}
