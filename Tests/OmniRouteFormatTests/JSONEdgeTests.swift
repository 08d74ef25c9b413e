import OmniRouteFormat
import OmniRouteModel
import Testing

@Suite("JSON parser at its edges")
struct JSONEdgeTests {
    @Test("whole numbers at the edge of Int64 stay whole; one beyond becomes a real")
    func int64Edges() throws {
        #expect(try JSONParser.parse("9223372036854775807") == .int(Int.max))
        #expect(try JSONParser.parse("-9223372036854775808") == .int(Int.min))
        #expect(try JSONParser.parse("-9223372036854775809") == .double(-9_223_372_036_854_775_809.0))
        #expect(
            try JSONParser.parse("[9223372036854775807, -9223372036854775808]") == .array([.int(.max), .int(.min)]))
        #expect(try JSONParser.parse("-0") == .int(0))
        guard case .double(let negativeZero) = try JSONParser.parse("-0.0") else {
            Issue.record("-0.0 is not a real")
            return
        }
        #expect(negativeZero == 0 && negativeZero.sign == .minus)
    }

    @Test("huge exponents are an error at the number; tiny ones underflow to zero")
    func exponents() throws {
        for text in ["1e400", "-1e400", "1E+309", "1e99999999999999999999", "123456789e999"] {
            let error = try #require(jsonError(text), "\(text) parsed")
            #expect(error.message.contains("out of range"), "\(text): \(error)")
        }
        let inArray = try #require(jsonError("[1, 2e400]"))
        #expect((inArray.line, inArray.column) == (1, 5))
        #expect(try JSONParser.parse("1e-400") == .double(0))
        #expect(try JSONParser.parse("1.7976931348623157e308") == .double(.greatestFiniteMagnitude))
        #expect(try JSONParser.parse("5e-324") == .double(.leastNonzeroMagnitude))
        #expect(try JSONParser.parse("1E+2") == .double(100))
    }

    @Test("nesting up to 512 levels parses, one more is an error, for arrays and objects alike")
    func nestingLimit() throws {
        func arrays(_ n: Int) -> String { String(repeating: "[", count: n) + String(repeating: "]", count: n) }
        func objects(_ n: Int) -> String {
            String(repeating: #"{"k":"#, count: n) + "1" + String(repeating: "}", count: n)
        }
        #expect(jsonError(arrays(512)) == nil)
        #expect(jsonError(objects(512)) == nil)
        #expect(jsonError(arrays(513))?.message.contains("nesting") == true)
        #expect(jsonError(objects(513))?.message.contains("nesting") == true)
        // Depth is the current nesting, not the count of containers seen.
        let wide = "[" + Array(repeating: arrays(500), count: 20).joined(separator: ",") + "]"
        #expect(jsonError(wide) == nil)
    }

    @Test(
        "invalid UTF-8 inside a string is an error",
        arguments: [
            [0xC0, 0xAF],  // overlong '/'
            [0xE0, 0x80, 0xAF],  // overlong, three bytes
            [0xED, 0xA0, 0x80],  // a UTF-16 surrogate encoded in UTF-8
            [0xF0, 0x9F, 0x98],  // truncated four-byte sequence
            [0xF4, 0x90, 0x80, 0x80],  // beyond U+10FFFF
            [0xF8, 0x88, 0x80, 0x80, 0x80],
            [0x80],  // a lone continuation byte
        ] as [[UInt8]])
    func invalidUTF8(_ sequence: [UInt8]) {
        let quoted: [UInt8] = [0x22] + sequence + [0x22]
        #expect(jsonError(quoted) != nil, "\(sequence) parsed")
        // … also where the string has an escape (decoded on the slow path).
        let escaped: [UInt8] = [0x22, 0x5C, 0x6E] + sequence + [0x22]
        #expect(jsonError(escaped) != nil, "\(sequence) after an escape parsed")
    }

    @Test("valid multi-byte UTF-8 reads back as written")
    func validUTF8() throws {
        #expect(try JSONParser.parse(Array("\"é€😀\"".utf8)) == .string("é€😀"))
        #expect(try JSONParser.parse(Array("\"\\n😀\"".utf8)) == .string("\n😀"))
    }

    @Test("a key may repeat in sibling and nested objects; only within one object is it a duplicate")
    func keysPerObject() throws {
        let doc = try JSONParser.parse(#"{"a": {"a": 1}, "b": [{"a": 2}, {"a": 3}]}"#)
        #expect(doc["a"]?["a"] == .int(1))
        #expect(doc["b"]?[1]?["a"] == .int(3))
        #expect(jsonError(#"{"a": 1, "b": 2, "a": 3}"#)?.message == "duplicate key \"a\"")
        // Keys differing in case are different keys; keys are compared as Swift strings,
        // by canonical equivalence, so a precomposed and a decomposed "é" are one key.
        #expect(jsonError(#"{"a": 1, "A": 2}"#) == nil)
        #expect(jsonError("{\"\u{E9}\": 1, \"e\u{301}\": 2}")?.message.contains("duplicate key") == true)
    }
}

@Suite("JSON writer round trip of random documents")
struct JSONRandomRoundTripTests {
    /// A random document of at most `depth` levels: every kind of value, keys and strings
    /// from awkward characters, reals of at most 15 significant digits (which read back
    /// bit for bit).
    static func document(_ random: inout SeededRandom, depth: Int) -> Document {
        switch random.below(depth > 0 ? 9 : 6) {
        case 0: return .null
        case 1: return .bool(random.below(2) == 0)
        case 2:
            let edges = [0, 1, -1, Int.max, Int.min, Int(Int32.max), Int(Int32.min)]
            return .int(random.below(3) == 0 ? edges[random.below(edges.count)] : random.below(2_000_001) - 1_000_000)
        case 3:
            let mantissa = random.below(1_000_000_000_000) - 500_000_000_000
            let exponent = random.below(61) - 30
            return .double(Double("\(mantissa)e\(exponent)")!)
        case 4, 5: return .string(string(&random))
        case 6, 7:
            return .array((0..<random.below(5)).map { _ in document(&random, depth: depth - 1) })
        default:
            var pairs: [(key: String, value: Document)] = []
            for _ in 0..<random.below(5) {
                let key = string(&random)
                guard !pairs.contains(where: { $0.key == key }) else { continue }
                pairs.append((key, document(&random, depth: depth - 1)))
            }
            return .object(pairs)
        }
    }

    static let alphabet: [Unicode.Scalar] = [
        "a", "Z", "0", " ", "\"", "\\", "/", "\n", "\r", "\t", "\u{0}", "\u{1F}",
        "\u{7F}", "é", "€", "\u{2028}", "\u{FFFD}", "😀", "𝄞", "\u{10FFFF}",
    ]

    static func string(_ random: inout SeededRandom) -> String {
        var s = String.UnicodeScalarView()
        for _ in 0..<random.below(8) { s.append(alphabet[random.below(alphabet.count)]) }
        return String(s)
    }

    @Test("parse(write(x)) == x for 300 random documents, compact and pretty", arguments: [1, 2, 3] as [UInt64])
    func randomRoundTrip(seed: UInt64) throws {
        var random = SeededRandom(seed: seed)
        for n in 0..<100 {
            let doc = Self.document(&random, depth: 5)
            for pretty in [false, true] {
                let text = JSONWriter.write(doc, pretty: pretty)
                let back = try JSONParser.parse(text)
                #expect(back == doc, "seed \(seed), document \(n), pretty \(pretty): \(text)")
                // Writing is deterministic: the same document gives the same text.
                #expect(JSONWriter.write(back, pretty: pretty) == text)
            }
        }
    }
}
