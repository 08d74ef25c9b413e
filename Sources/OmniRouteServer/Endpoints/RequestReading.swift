import Foundation
import HTTPTypes
import Hummingbird
import OmniRouteFormat
import OmniRouteModel

/// Reading a request's JSON body strictly.
enum RequestBody {
    /// The JSON body, or an empty object when there is none.
    static func optional(_ request: Request) async throws -> Document {
        let body = try await request.body.collect(upTo: RouteAPI.maxBody)
        return body.readableBytes > 0 ? try parse(body) : .object([])
    }

    /// The JSON body, of at most `limit` bytes.
    static func parse(_ request: Request, limit: Int) async throws -> Document {
        try parse(try await request.body.collect(upTo: limit))
    }

    static func parse(_ buffer: ByteBuffer) throws -> Document {
        let bytes = Array(buffer.readableBytesView)
        guard !bytes.isEmpty else { throw Problem(.badRequest, "Malformed JSON", "the request needs a JSON body") }
        do {
            return try JSONParser.parse(bytes)
        } catch {
            throw Problem(.badRequest, "Malformed JSON", "the body is not JSON: \(error)")
        }
    }

    /// A decoded request, or a 422 naming every field at fault.
    static func decode<T>(_ body: () throws(DocumentError) -> T) throws(Problem) -> T {
        do {
            return try body()
        } catch {
            throw Problem(
                .unprocessableContent, "Invalid request", error.issues.map(\.description).joined(separator: "; "),
                issues: error.issues)
        }
    }

    /// A stable hash of a request document (FNV-1a, 64 bits, over its canonical JSON,
    /// object members sorted): a retry with the same key must carry the same request.
    static func fingerprint(_ document: Document) -> String {
        func canonical(_ d: Document) -> Document {
            switch d {
            case .object(let pairs):
                .object(
                    pairs.map { ($0.key, canonical($0.value)) }.sorted { $0.0 < $1.0 }.map { (key: $0.0, value: $0.1) })
            case .array(let items): .array(items.map(canonical))
            case .int(let i): .double(Double(i))
            default: d
            }
        }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in JSONWriter.write(canonical(document)).utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return String(hash, radix: 16)
    }
}

/// Reading query parameters strictly.
enum QueryParameter {
    /// A whole-number query parameter in `range`, or `default` when absent.
    static func int(_ request: Request, _ name: String, default value: Int, range: ClosedRange<Int>) throws -> Int {
        guard let text = request.uri.queryParameters.get(name) else { return value }
        guard let n = Int(text), range.contains(n) else {
            let bounds =
                range.upperBound == Int.max
                ? "≥ \(range.lowerBound)" : "from \(range.lowerBound) to \(range.upperBound)"
            throw Problem(
                .badRequest, "Invalid request", "\(name) must be a whole number \(bounds), got \"\(text)\"",
                issues: [Issue(path: name, message: "expected a whole number \(bounds)")])
        }
        return n
    }

    /// A yes-or-no query parameter: `true` or `1`, `false` or `0`; `default` when absent.
    static func bool(_ request: Request, _ name: String, default value: Bool) throws -> Bool {
        guard let text = request.uri.queryParameters.get(name) else { return value }
        switch text {
        case "true", "1": return true
        case "false", "0": return false
        default:
            throw Problem(
                .badRequest, "Invalid request", "\(name) must be true or false, got \"\(text)\"",
                issues: [Issue(path: name, message: "expected true or false")])
        }
    }

    /// `lat,lon` in degrees (`near=40.7,-74.0`).
    static func point(_ text: String) throws -> GeoPoint {
        let parts = text.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.count == 2, let lat = parts[0], let lon = parts[1], (-90...90).contains(lat),
            (-180...180).contains(lon)
        else {
            throw Problem(
                .badRequest, "Invalid request", "near must be lat,lon in degrees, got \"\(text)\"",
                issues: [Issue(path: "near", message: "expected lat,lon")])
        }
        return GeoPoint(lat: lat, lon: lon)
    }
}

/// The `Idempotency-Key` of a placement: 1 to 255 printable ASCII characters
/// (space to tilde). Anything else is refused rather than decoded lossily, so that
/// two different byte strings can never name the same key.
enum IdempotencyKey {
    static let header = HTTPField.Name("Idempotency-Key")!
    static let replayedHeader = HTTPField.Name("Idempotent-Replayed")!
    static let maxLength = 255

    /// The key, nil when the request has none, or a 400.
    static func read(_ headers: HTTPFields) throws -> String? {
        let values = headers[values: header]
        guard let key = values.first else { return nil }
        let printable = key.unicodeScalars.allSatisfy { (0x20...0x7E).contains($0.value) }
        guard values.count == 1, printable, (1...maxLength).contains(key.utf8.count) else {
            let detail =
                values.count > 1
                ? "send one Idempotency-Key header, got \(values.count)"
                : "Idempotency-Key must be 1 to \(maxLength) printable ASCII characters"
            throw Problem(
                .badRequest, "Invalid request", detail,
                issues: [Issue(path: "Idempotency-Key", message: "1 to \(maxLength) printable ASCII characters")])
        }
        return key
    }
}
