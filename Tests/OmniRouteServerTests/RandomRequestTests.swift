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

/// The handlers in process, fuzzed: seeded random requests to every operation of the
/// OpenAPI document, with valid bodies mutated at random (values replaced by extreme
/// numbers, deep nesting, wrong kinds, unknown keys, cut bytes) and random path and
/// query values. Whatever comes in, the answer is never a 5xx, every error is a
/// problem document, and the database keeps its invariants.
@Suite("Random requests")
struct RandomRequestTests {
    static let bodies: [String] = [
        #"{"lines":[{"sku":"SCARCE","qty":1},{"sku":"PLENTY","qty":2}],"delivery":{"mode":"ship","#
            + #""location":{"lat":42.36,"lon":-71.06}},"customer_id":"C-1","channel":"web"}"#,
        #"{"lines":[{"sku":"PLENTY","qty":1}],"delivery":{"mode":"pickup","pickup_node":"S-1"}}"#,
        #"{"lines":[{"sku":"PLENTY","qty":1}],"reason":"changed mind","actor":"agent"}"#,
        #"{"due_within_days":3}"#, #"{"orders":["OR-00000001"]}"#, #"{"type":"accepted"}"#,
        #"{"type":"shipped","tracking_id":"T1"}"#, #"{"type":"rejected","lines":[{"sku":"SCARCE","qty":1}]}"#,
        #"{"on_hand":5,"safety_stock":1,"source":"count"}"#,
        #"{"adjustments":[{"node":"DC-A","sku":"PLENTY","delta":-2}],"reason":"damage"}"#,
        #"{"node":"DC-A","positions":[{"sku":"PLENTY","on_hand":40}]}"#,
        #"{"node":"S-1","lines":[{"sku":"PLENTY","qty":1}]}"#, #"{"time_limit":0.2,"dry_run":true}"#, "{}",
        #"{"node":"DC-A","sku":"SCARCE","qty":3,"arrives":"2026-11-26","reference":"PO-1"}"#,
        #"{"arrives":"2026-11-30","qty":2,"reason":"late"}"#, #"{"capacity_units":50,"capacity_per_day":4}"#,
    ]
    static let pathValues = [
        "OR-00000001", "OR-00000002", "DC-A", "DC-B", "S-1", "SCARCE", "PLENTY", "1", "2", "0", "-1",
        "99999999999999999999", "C-1", "%00", "%FF%FE", String(repeating: "x", count: 300), "1.5", "..",
        "IN-00000001",
    ]
    static let queryValues = [
        "0", "1", "-1", "500", "501", "9223372036854775807", "9223372036854775808", "true", "false", "null", "",
        "SCARCE", "42.3,-71.0", "91,0", "abc", "%00", "1e308", "c3VyZQ",
    ]
    static let extremes: [Document] = [
        .int(Int.max), .int(Int.min), .int(0), .int(-1), .int(1_000_000_001), .double(1e308), .double(-1e-308),
        .double(0.5), .string(""), .string(String(repeating: "é", count: 500)), .string("\u{0}"), .null, .bool(true),
        .array([]), .object([]), .array([.int(1), .string("x")]),
    ]

    @Test("2,000 random requests to every documented operation: never a 5xx, errors as problems, invariants kept")
    func randomRequests() async throws {
        let operations = try Self.operations()
        #expect(operations.count >= 20)
        let store = try TinyNetwork.store()
        let app = Application(router: RouteAPI(store: store).router())
        var random = SeededRandom(seed: 16)
        var requests: [(method: HTTPRequest.Method, uri: String, body: [UInt8]?)] = []
        for _ in 0..<2000 {
            let (method, template, query) = operations[Int(random.next() % UInt64(operations.count))]
            var uri = Self.fill(template, &random)
            if !query.isEmpty, random.next() % 2 == 0 {
                let name = query[Int(random.next() % UInt64(query.count))]
                uri += "?\(name)=\(Self.queryValues[Int(random.next() % UInt64(Self.queryValues.count))])"
            }
            requests.append((method, uri, method == .get ? nil : Self.body(&random)))
        }
        let all = requests
        let answered = try await app.test(.router) { client in
            var succeeded = 0
            for (i, r) in all.enumerated() {
                let response = try await client.execute(
                    uri: r.uri, method: r.method, headers: [.contentType: "application/json"],
                    body: r.body.map { ByteBuffer(bytes: $0) })
                let text = r.body.map { String(decoding: $0.prefix(300), as: UTF8.self) } ?? ""
                let request = "#\(i) \(r.method) \(r.uri) \(text)"
                #expect(response.status.code < 500, "\(request) → \(response.status): \(response.text)")
                if response.status.code >= 400 {
                    #expect(response.headers[.contentType] == "application/problem+json", "\(request)")
                } else {
                    succeeded += 1
                }
            }
            return succeeded
        }
        // Enough of them get through to reach the handlers' work, not only their refusals.
        #expect(answered >= 100, "only \(answered) requests succeeded")
        #expect(try store.check().isEmpty)
    }

    /// Method, path template and query parameter names of every operation in docs/openapi.yaml.
    static func operations() throws -> [(HTTPRequest.Method, String, [String])] {
        let text = try String(contentsOf: Paths.root.appendingPathComponent("docs/openapi.yaml"), encoding: .utf8)
        guard case .object(let paths)? = try YAMLReader.parse(text)["paths"] else { return [] }
        var operations: [(HTTPRequest.Method, String, [String])] = []
        for (path, item) in paths {
            guard case .object(let methods) = item else { continue }
            for (name, operation) in methods {
                guard let method = HTTPRequest.Method(name.uppercased()) else { continue }
                var query: [String] = []
                if case .array(let parameters)? = operation["parameters"] {
                    for p in parameters where p["in"] == .string("query") {
                        if case .string(let n)? = p["name"] { query.append(n) }
                    }
                }
                operations.append((method, path, query))
            }
        }
        return operations
    }

    static func fill(_ template: String, _ random: inout SeededRandom) -> String {
        var out = ""
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            out += rest[..<open]
            out += pathValues[Int(random.next() % UInt64(pathValues.count))]
            rest = rest[rest.index(after: close)...]
        }
        return out + rest
    }

    /// A valid body, mutated one to three times, or cut or flipped as bytes.
    static func body(_ random: inout SeededRandom) -> [UInt8] {
        let text = bodies[Int(random.next() % UInt64(bodies.count))]
        guard var document = try? JSONParser.parse(Array(text.utf8)) else { return Array(text.utf8) }
        for _ in 0...(random.next() % 3) { document = mutate(document, &random) }
        var bytes = Array(JSONWriter.write(document).utf8)
        switch random.next() % 8 {
        case 0 where !bytes.isEmpty: bytes.removeLast(Int(random.next() % UInt64(bytes.count)))
        case 1 where !bytes.isEmpty: bytes[Int(random.next() % UInt64(bytes.count))] ^= UInt8(random.next() % 255 + 1)
        case 2: bytes = Array(String(repeating: "[", count: 600).utf8)
        default: break
        }
        return bytes
    }

    static func mutate(_ document: Document, _ random: inout SeededRandom) -> Document {
        switch document {
        case .object(var pairs) where !pairs.isEmpty:
            let i = Int(random.next() % UInt64(pairs.count))
            switch random.next() % 5 {
            case 0: pairs.remove(at: i)
            case 1: pairs.append((key: "unknown_\(random.next() % 10)", value: .int(1)))
            case 2: pairs[i].value = extremes[Int(random.next() % UInt64(extremes.count))]
            default: pairs[i].value = mutate(pairs[i].value, &random)
            }
            return .object(pairs)
        case .array(var items) where !items.isEmpty:
            let i = Int(random.next() % UInt64(items.count))
            switch random.next() % 4 {
            case 0: items.append(items[i])
            case 1: items = Array(repeating: items[i], count: 300)
            default: items[i] = mutate(items[i], &random)
            }
            return .array(items)
        default:
            return extremes[Int(random.next() % UInt64(extremes.count))]
        }
    }
}
