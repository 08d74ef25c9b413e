import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import OmniRouteFormat
import OmniRouteModel
import OmniRouteServer
import OmniRouteStore
import OmniRouteTestSupport
import Testing

/// The requests a security review found to kill the process or answer wrongly
/// (issue 16), each kept as a regression test: numbers at the edge of 64 bits, a
/// database holding values no request can store any more, lossy idempotency keys,
/// methods a path does not have, and the float noise of written amounts.
@Suite("Hostile input")
struct HostileInputTests {
    static let huge = "9223372036854775807"

    static func send(
        _ client: some TestClientProtocol, _ method: HTTPRequest.Method, _ uri: String, _ body: String? = nil,
        headers: HTTPFields = jsonHeaders()
    ) async throws -> TestResponse {
        try await client.execute(uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) })
    }

    /// The first error's field of a problem answer.
    static func field(_ response: TestResponse) -> String? {
        guard case .array(let errors)? = response.json?["errors"], case .string(let f)? = errors.first?["field"] else {
            return nil
        }
        return f
    }

    @Test("a delta, a count or a day count of 2^63 - 1 is a 422 naming the field, and the service goes on")
    func hugeNumbers() async throws {
        let app = try TinyNetwork.application()
        try await app.test(.router) { client in
            let adjust = try await Self.send(
                client, .post, "/v1/inventory/adjustments",
                #"{"adjustments":[{"node":"DC-A","sku":"SCARCE","delta":\#(Self.huge)}],"reason":"x"}"#)
            #expect(adjust.status == .unprocessableContent, "\(adjust.text)")
            #expect(Self.field(adjust) == "adjustments[0].delta")
            let release = try await Self.send(client, .post, "/v1/release", #"{"due_within_days":\#(Self.huge)}"#)
            #expect(release.status == .unprocessableContent && Self.field(release) == "due_within_days")
            let count = try await Self.send(client, .put, "/v1/inventory/DC-A/SCARCE", #"{"on_hand":\#(Self.huge)}"#)
            #expect(count.status == .unprocessableContent && Self.field(count) == "on_hand")
            for node in ["DC-A", "DC-B"] {
                let big = try await Self.send(client, .put, "/v1/inventory/\(node)/SCARCE", #"{"on_hand":5e18}"#)
                #expect(big.status == .unprocessableContent && Self.field(big) == "on_hand", "\(big.text)")
            }
            let beyond = try await Self.send(client, .put, "/v1/inventory/DC-A/SCARCE", #"{"on_hand":1e30}"#)
            #expect(beyond.status == .unprocessableContent, "\(beyond.text)")
            // Nothing was stored: availability answers as before.
            let available = try await Self.send(client, .get, "/v1/availability?sku=SCARCE", nil, headers: [:])
            #expect(
                available.status == .ok && available.json?["available_to_promise"] == .int(3 + 4), "\(available.text)")
        }
    }

    @Test("the largest counts everywhere add up without overflow; an adjustment past them is refused whole")
    func largestCounts() async throws {
        let app = try TinyNetwork.application()
        try await app.test(.router) { client in
            for node in ["DC-A", "DC-B", "S-BOS", "S-NYC"] {
                let r = try await Self.send(client, .put, "/v1/inventory/\(node)/PLENTY", #"{"on_hand":1000000000}"#)
                #expect(r.status == .ok, "\(r.text)")
            }
            let available = try await Self.send(client, .get, "/v1/availability?sku=PLENTY", nil, headers: [:])
            #expect(available.json?["available_to_promise"] == .int(4 * Limits.units), "\(available.text)")
            let past = try await Self.send(
                client, .post, "/v1/inventory/adjustments",
                #"{"adjustments":[{"node":"DC-B","sku":"SCARCE","delta":-1},"#
                    + #"{"node":"DC-A","sku":"PLENTY","delta":1}]}"#)
            #expect(past.status == .unprocessableContent && Self.field(past) == "adjustments[1].delta", "\(past.text)")
            let unchanged = try await Self.send(client, .get, "/v1/inventory/DC-B/SCARCE", nil, headers: [:])
            #expect(unchanged.json?["on_hand"] == .int(6), "the batch is all or none: \(unchanged.text)")
        }
    }

    @Test("whole-valued reals are integers, as JSON Schema counts them; fractions are not")
    func wholeReals() async throws {
        let app = try TinyNetwork.application()
        try await app.test(.router) { client in
            let count = try await Self.send(client, .put, "/v1/inventory/DC-A/PLENTY", #"{"on_hand":241.0}"#)
            #expect(count.status == .ok && count.json?["on_hand"] == .int(241), "\(count.text)")
            let exponent = try await Self.send(client, .put, "/v1/inventory/DC-A/PLENTY", #"{"on_hand":2.42e2}"#)
            #expect(exponent.status == .ok && exponent.json?["on_hand"] == .int(242), "\(exponent.text)")
            let fraction = try await Self.send(client, .put, "/v1/inventory/DC-A/PLENTY", #"{"on_hand":241.5}"#)
            #expect(fraction.status == .unprocessableContent && Self.field(fraction) == "on_hand")
        }
    }

    @Test("due_within_days is compared as days: the largest allowed releases every order due, beyond it is a 422")
    func releaseHorizon() async throws {
        let app = try TinyNetwork.application()
        try await app.test(.router) { client in
            let cart = #"{"lines":[{"sku":"PLENTY","qty":1}],"delivery":{"mode":"pickup","pickup_node":"S-BOS"},"#
            let late = try await Self.send(client, .post, "/v1/orders", cart + #""due_by":"2036-11-01"}"#)
            #expect(late.status == .created, "\(late.text)")
            let none = try await Self.send(client, .post, "/v1/release", #"{"due_within_days":30}"#)
            #expect(none.json?["released"] == .array([]), "\(none.text)")
            let all = try await Self.send(client, .post, "/v1/release", #"{"due_within_days":3650}"#)
            #expect(all.json?["released"] == .array([late.json?["id"] ?? .null]), "\(all.text)")
            for days in ["3651", "3000000", "100000"] {
                let r = try await Self.send(client, .post, "/v1/release", #"{"due_within_days":\#(days)}"#)
                #expect(r.status == .unprocessableContent && Self.field(r) == "due_within_days", "\(days): \(r.text)")
            }
        }
    }

    @Test("idempotency keys are printable ASCII, compared byte for byte; anything else is a 400")
    func idempotencyKeys() async throws {
        let app = try TinyNetwork.application()
        let cart = #"{"lines":[{"sku":"PLENTY","qty":1}],"delivery":{"mode":"pickup","pickup_node":"S-BOS"}}"#
        try await app.test(.router) { client in
            let name = HTTPField.Name("Idempotency-Key")!
            for bytes: [UInt8] in [
                [0xFF, 0xFE, 0x2D, 0x6B, 0x31], [0xFE, 0xFF, 0x2D, 0x6B, 0x31], Array("é-k1".utf8), [0x09, 0x6B],
            ] {
                var headers = jsonHeaders()
                headers.append(HTTPField(name: name, lenientValue: bytes))
                let r = try await Self.send(client, .post, "/v1/orders", cart, headers: headers)
                #expect(r.status == .badRequest && Self.field(r) == "Idempotency-Key", "\(bytes): \(r.text)")
            }
            var twice = jsonHeaders([("Idempotency-Key", "k1")])
            twice.append(HTTPField(name: name, value: "k2"))
            #expect(try await Self.send(client, .post, "/v1/orders", cart, headers: twice).status == .badRequest)
            let long = String(repeating: "k", count: 256)
            #expect(
                try await Self.send(
                    client, .post, "/v1/orders", cart, headers: jsonHeaders([("Idempotency-Key", long)])
                )
                .status == .badRequest)
            let first = try await Self.send(
                client, .post, "/v1/orders", cart, headers: jsonHeaders([("Idempotency-Key", "a b~")]))
            let other = try await Self.send(
                client, .post, "/v1/orders", cart, headers: jsonHeaders([("Idempotency-Key", "a b}")]))
            #expect(first.status == .created && other.status == .created)
            #expect(first.json?["id"] != other.json?["id"], "two keys, two orders")
            // Nothing refused was placed.
            let events = try await Self.send(client, .get, "/v1/events?type=order.placed", nil, headers: [:])
            guard case .array(let placed)? = events.json?["events"] else {
                Issue.record("\(events.text)")
                return
            }
            #expect(placed.count == 2)
        }
    }

    @Test("a method a path does not have is a 405 with Allow; an unknown path a 404")
    func methodNotAllowed() async throws {
        let app = try TinyNetwork.application()
        try await app.test(.router) { client in
            for (method, uri, allow) in [
                (HTTPRequest.Method.delete, "/v1/orders/OR-00000001", "GET"), (.get, "/v1/quotes", "POST"),
                (.post, "/v1/inventory/DC-A/SCARCE", "GET, PUT"), (.put, "/healthz", "GET"),
                (.get, "/v1/orders/X/cancel", "POST"),
            ] {
                let r = try await Self.send(client, method, uri, nil, headers: [:])
                #expect(r.status == .methodNotAllowed, "\(method) \(uri): \(r.text)")
                #expect(r.headers[.allow] == allow, "\(method) \(uri)")
                #expect(r.headers[.contentType] == "application/problem+json")
            }
            for uri in ["/v1/nothing", "/v1/orders/X/Y/Z", "/"] {
                #expect(try await Self.send(client, .get, uri, nil, headers: [:]).status == .notFound, "\(uri)")
            }
            // A 404 of an endpoint that exists stays a 404.
            #expect(try await Self.send(client, .get, "/v1/orders/NOPE", nil, headers: [:]).status == .notFound)
        }
    }

    @Test("health does not expose the database path")
    func health() async throws {
        let app = try TinyNetwork.application()
        try await app.test(.router) { client in
            let r = try await Self.send(client, .get, "/healthz", nil, headers: [:])
            #expect(r.json == .object([("status", .string("ok"))]), "\(r.text)")
            #expect(!r.text.contains(".sqlite"))
        }
    }

    @Test("amounts are written without binary floating-point noise")
    func noFloatNoise() async throws {
        let app = try TinyNetwork.application()
        try await app.test(.router) { client in
            // Many quotes of awkward places: every real in every answer has at most 15 significant digits.
            var random = SeededRandom(seed: 16)
            for _ in 0..<40 {
                let lat = 39.5 + random.unit() * 3
                let lon = -75.5 + random.unit() * 4.5
                let qty = 1 + random.below(4)
                let body =
                    #"{"lines":[{"sku":"PLENTY","qty":\#(qty)}],"#
                    + #""delivery":{"mode":"ship","location":{"lat":\#(lat),"lon":\#(lon)}}}"#
                let r = try await Self.send(client, .post, "/v1/quotes", body)
                #expect(r.status == .ok, "\(r.text)")
                for number in Self.reals(in: r.text) {
                    let digits = number.prefix { $0 != "e" && $0 != "E" }.filter(\.isNumber).drop { $0 == "0" }
                    #expect(digits.reversed().drop { $0 == "0" }.count <= 15, "\(number) in \(r.text)")
                }
            }
        }
    }

    /// The reals (numbers with a fraction or an exponent) of a JSON text, outside strings.
    static func reals(in text: String) -> [Substring] {
        var out: [Substring] = []
        var inString = false
        var escaped = false
        var start: String.Index?
        for i in text.indices {
            let c = text[i]
            if inString {
                if escaped {
                    escaped = false
                } else if c == "\\" {
                    escaped = true
                } else if c == "\"" {
                    inString = false
                }
                continue
            }
            if c.isNumber || c == "-" || c == "." || c == "e" || c == "E" || c == "+" {
                if start == nil { start = i }
            } else {
                if let s = start, text[s..<i].contains(where: { $0 == "." || $0 == "e" }) { out.append(text[s..<i]) }
                start = nil
                if c == "\"" { inString = true }
            }
        }
        return out
    }
}

/// A database holding numbers out of range (written by hand or by an older version)
/// never traps at start: it is refused, naming table, row and column, and `db check`
/// reports the same.
@Suite("Poisoned database", .tags(.slow), .skippedWhenFast)
struct PoisonedDatabaseTests {
    static func poisoned(_ statement: String) throws -> String {
        let path = Paths.temporaryDirectory().appendingPathComponent("poisoned.sqlite").path
        _ = try RouteStore.create(
            path: path, seed: TinyNetwork.scenario(), clock: .fixed(TinyNetwork.now), placeOrders: false)
        var configuration = Configuration()
        configuration.busyMode = .timeout(30)  // the store just closed may still be letting go of its connections
        let queue = try DatabaseQueue(path: path, configuration: configuration)
        try queue.write { db in try db.execute(sql: statement) }
        try queue.close()
        return path
    }

    @Test(
        "values out of range are named when the store opens and by db check",
        arguments: [
            (
                "UPDATE inventory SET on_hand = 9223372036854775807 WHERE node_id = 'DC-A' AND sku_id = 'SCARCE'",
                "inventory (DC-A, SCARCE): on_hand = 9223372036854775807"
            ),
            (
                "UPDATE inventory SET reserved = 9.3e18 WHERE node_id = 'DC-A' AND sku_id = 'SCARCE'",
                "inventory (DC-A, SCARCE): reserved"
            ),
            (
                "UPDATE inventory SET safety_stock = 'lots' WHERE node_id = 'DC-A' AND sku_id = 'SCARCE'",
                "inventory (DC-A, SCARCE): safety_stock = \"lots\""
            ),
            ("UPDATE nodes SET capacity_units = 5000000000000000000 WHERE id = 'DC-B'", "nodes (DC-B): capacity_units"),
            (
                "UPDATE lanes SET lead_days = 1000000 WHERE from_node = 'DC-A' AND to_node = 'S-NYC'",
                "lanes (DC-A, S-NYC): lead_days = 1000000"
            ),
        ])
    func outOfRange(statement: String, named: String) throws {
        let path = try Self.poisoned(statement)
        do {
            _ = try RouteStore.open(path: path)
            Issue.record("the store opened a database holding \(named)")
        } catch .storedOutOfRange(let values) {
            #expect(values.contains { $0.hasPrefix(named) }, "\(values)")
        } catch {
            Issue.record("\(error)")
        }
        let problems = try RouteStore.check(path: path)
        #expect(problems.contains { $0.hasPrefix(named) }, "\(problems)")
    }

    @Test("omniroute serve and db check exit 1 on a poisoned database, naming the value")
    func commandLine() throws {
        let path = try Self.poisoned(
            "UPDATE inventory SET on_hand = 9223372036854775807 WHERE node_id = 'DC-A' AND sku_id = 'SCARCE'")
        let check = try OmniRouteBinary.run(["db", "check", "--db", path], timeout: 120)
        #expect(check.status == 1, "\(check.output)")
        #expect(check.output.contains("inventory (DC-A, SCARCE): on_hand = 9223372036854775807"), "\(check.output)")
        let serve = try OmniRouteBinary.run(["serve", "--db", path, "--port", "0"], timeout: 120)
        #expect(serve.status == 1, "\(serve.output)")
        #expect(serve.output.contains("on_hand = 9223372036854775807"), "\(serve.output)")
    }
}

@Suite("Checkout strategy flag", .tags(.slow), .skippedWhenFast)
struct CheckoutStrategyFlagTests {
    @Test("serve refuses an exact or unknown checkout strategy with exit 2 and the online ones named")
    func refused() throws {
        for name in ["exact", "myopic-exact", "simplex"] {
            let run = try OmniRouteBinary.run(["serve", "--checkout-strategy", name, "--port", "0"], timeout: 120)
            #expect(run.status == 2, "\(name): \(run.output)")
            #expect(run.output.contains("expected one of greedy, nearest, priority, fewest-splits"), "\(run.output)")
        }
    }
}
