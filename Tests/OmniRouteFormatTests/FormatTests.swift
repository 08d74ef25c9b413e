import Foundation
import OmniRouteFormat
import OmniRouteModel
import Testing

/// The syntax error of `text`, or nil when it parses.
func jsonError(_ text: String) -> JSONParser.SyntaxError? {
    jsonError(Array(text.utf8))
}

func jsonError(_ bytes: [UInt8]) -> JSONParser.SyntaxError? {
    do {
        _ = try JSONParser.parse(bytes)
        return nil
    } catch {
        return error
    }
}

@Suite("JSON parser")
struct JSONParserTests {
    @Test("whole numbers and reals are kept apart")
    func intsAndDoubles() throws {
        #expect(try JSONParser.parse("2") == .int(2))
        #expect(try JSONParser.parse("2.0") == .double(2.0))
        #expect(try JSONParser.parse("1e3") == .double(1000))
        #expect(try JSONParser.parse("1E+2") == .double(100))
        #expect(try JSONParser.parse("-12") == .int(-12))
        #expect(try JSONParser.parse("-0") == .int(0))
        #expect(try JSONParser.parse("0") == .int(0))
        #expect(try JSONParser.parse("-0.5e-1") == .double(-0.05))
        #expect(try JSONParser.parse("0.1") == .double(0.1))
        #expect(try JSONParser.parse("9223372036854775807") == .int(Int.max))
        #expect(try JSONParser.parse("-9223372036854775808") == .int(Int.min))
        // Equal values of different kinds are different documents.
        #expect(Document.int(2) != Document.double(2.0))
        #expect(try JSONParser.parse("[2, 2.0]") == .array([.int(2), .double(2)]))
        #expect(try JSONParser.parse("[2, 2.0]") != .array([.double(2), .double(2)]))
    }

    @Test("literals, containers, whitespace and a byte order mark")
    func basics() throws {
        #expect(try JSONParser.parse(" \t\r\n true \n") == .bool(true))
        #expect(try JSONParser.parse("false") == .bool(false))
        #expect(try JSONParser.parse("null") == .null)
        #expect(try JSONParser.parse("[]") == .array([]))
        #expect(try JSONParser.parse("{}") == .object([]))
        #expect(
            try JSONParser.parse(#"{"z": 1, "a": [true, null, {"m": "x"}]}"#)
                == .object([("z", .int(1)), ("a", .array([.bool(true), .null, .object([("m", .string("x"))])]))]))
        // Key order is kept, and it matters.
        #expect(try JSONParser.parse(#"{"b": 1, "a": 2}"#) != .object([("a", .int(2)), ("b", .int(1))]))
        #expect(try JSONParser.parse([0xEF, 0xBB, 0xBF] + Array("{}".utf8)) == .object([]))
        // The same key in different objects is fine.
        #expect(
            try JSONParser.parse(#"[{"a": 1}, {"a": 2}]"#)
                == .array([.object([("a", .int(1))]), .object([("a", .int(2))])]))
    }

    @Test("string escapes, including surrogate pairs")
    func escapes() throws {
        #expect(try JSONParser.parse(#""a\"b\\c\/d\b\f\n\r\t""#) == .string("a\"b\\c/d\u{08}\u{0C}\n\r\t"))
        #expect(try JSONParser.parse(#""\u00e9\u00E9""#) == .string("éé"))
        #expect(try JSONParser.parse(#""\u20AC""#) == .string("€"))
        #expect(try JSONParser.parse(#""\uD83D\uDE00""#) == .string("😀"))
        #expect(try JSONParser.parse(#""x\ud834\udd1ey""#) == .string("x𝄞y"))
        #expect(try JSONParser.parse(#""\u0000""#) == .string("\u{0}"))
        #expect(try JSONParser.parse("\"héllo → 😀\"") == .string("héllo → 😀"))
        #expect(try JSONParser.parse(#""""#) == .string(""))
        // An escape in a key too.
        #expect(try JSONParser.parse(#"{"k\u0041": 1}"#) == .object([("kA", .int(1))]))
    }

    @Test("a duplicate key is an error at its line and column")
    func duplicateKey() throws {
        let e1 = try #require(jsonError(#"{"a": 1, "a": 2}"#))
        #expect(e1.message == "duplicate key \"a\"")
        #expect(e1.line == 1)
        #expect(e1.column == 10)

        let e2 = try #require(jsonError("{\n  \"a\": 1,\n  \"b\": {\"c\": 1, \"c\": 2}\n}"))
        #expect(e2.message.contains("duplicate key \"c\""))
        #expect(e2.line == 3)
        #expect(e2.column == 17)
        #expect(e2.description == "line 3, column 17: duplicate key \"c\"")

        // Columns count characters, not bytes.
        let e3 = try #require(jsonError(#"{"é": 1, "é": 2}"#))
        #expect(e3.line == 1)
        #expect(e3.column == 10)

        // Keys equal after unescaping are the same key.
        #expect(jsonError(#"{"A": 1, "\u0041": 2}"#)?.message.contains("duplicate key") == true)
    }

    /// Texts that are not JSON: each must throw a `SyntaxError`, never crash.
    static let invalidTexts: [String] = [
        "", "   ", "[1,2,]", #"{"a":1,}"#, "[,1]", "01", "-01", "00", "-", "+1", ".5", "1.", "1e", "1e+", "1.e3",
        #""abc"#, "\"a\u{01}b\"", "\"a\nb\"", "\"tab\there\"", "1 2", "{} x", "[1]]", "nulll", "true false",
        "tru", "nul", "True", "NULL", "NaN", "Infinity", "-Infinity", "'a'", "{a: 1}", #"{"a" 1}"#, #"{"a":1 "b":2}"#,
        "[1 2]", "[", "{", #"{"a":"#, #"{"a""#, "[1,", #"""#, #""\"#, #""\x""#, #""\u12""#, #""\u12G4""#, #""\uD83D""#,
        #""\uDE00""#, #""\uD83D\u0041""#, #""\uD83Dx""#, "1e400", "-1e400", "/* c */ 1", "[1] // c", "{\"a\":1}}",
    ]

    @Test("invalid JSON is an error, never a crash", arguments: invalidTexts)
    func invalid(_ text: String) {
        #expect(jsonError(text) != nil, "parsed: \(text.debugDescription)")
    }

    @Test("invalid bytes and very deep nesting are errors, never crashes")
    func invalidBytes() {
        #expect(jsonError([0x22, 0xFF, 0x22]) != nil)  // invalid UTF-8 in a string
        #expect(jsonError([0x22, 0x5C, 0x22, 0xC3, 0x22]) != nil)  // … after an escape
        #expect(jsonError([0xFF]) != nil)
        #expect(jsonError([0x5B, 0x80, 0x5D]) != nil)
        #expect(jsonError([0x31, 0x00]) != nil)
        #expect(jsonError(String(repeating: "[", count: 100_000)) != nil)
        #expect(jsonError(String(repeating: "{\"a\":", count: 100_000)) != nil)
        let deep = String(repeating: "[", count: 513) + String(repeating: "]", count: 513)
        #expect(jsonError(deep)?.message.contains("nesting") == true)
        let ok = String(repeating: "[", count: 200) + "1" + String(repeating: "]", count: 200)
        #expect(jsonError(ok) == nil)
    }

    @Test("error positions")
    func positions() throws {
        let trailing = try #require(jsonError("[1,2,]"))
        #expect((trailing.line, trailing.column) == (1, 6))
        let garbage = try #require(jsonError("{}\n  x"))
        #expect((garbage.line, garbage.column) == (2, 3))
        #expect(garbage.message.contains("after the JSON value"))
        #expect(try #require(jsonError("01")).message.contains("leading zero"))
        #expect(try #require(jsonError(#""abc"#)).message.contains("unterminated"))
        #expect(try #require(jsonError("\"a\u{01}\"")).message.contains("control character"))
        #expect(try #require(jsonError(#""\uD83D""#)).message.contains("surrogate"))
    }

    @Test("a whole number beyond Int is read as a real, not an error and not a wrap")
    func hugeInteger() throws {
        #expect(try JSONParser.parse("9223372036854775808") == .double(9_223_372_036_854_775_808.0))
        #expect(try JSONParser.parse("-99999999999999999999") == .double(-1e20))
    }
}

@Suite("JSON writer")
struct JSONWriterTests {
    static let awkwardDoubles: [Double] = [
        0.1, 0.2, 0.30000000000000004, 1e-7, 123456.789, 2.0, -2.5, 1e16, 1e21, 1e300, -2.5e-300,
        .leastNonzeroMagnitude,
        Double.greatestFiniteMagnitude, Double.leastNormalMagnitude, 1.0 / 3.0, 6371.0, 0.0, 42.3601, -71.0589,
        8.299999999999999,
    ]

    @Test("reals read back within one part in 10^15 and stay reals", arguments: awkwardDoubles)
    func doubleRoundTrip(_ x: Double) throws {
        let text = JSONWriter.write(.double(x))
        let back = try JSONParser.parse(text)
        guard case .double(let y) = back else {
            Testing.Issue.record("\(x) came back as \(back) from \(text.debugDescription)")
            return
        }
        #expect(abs(y - x) <= abs(x) * 1e-15, "\(x) wrote \(text.debugDescription) read \(y)")
        // A value of at most 15 significant digits reads back bit for bit.
        if String(x).filter(\.isNumber).count <= 15 {
            #expect(y.bitPattern == x.bitPattern, "\(x) wrote \(text.debugDescription) read \(y)")
        }
    }

    @Test("binary floating-point noise is not written")
    func noNoise() {
        #expect(JSONWriter.write(.double(7.313000000000001)) == "7.313\n")
        #expect(JSONWriter.write(.double(0.1 + 0.2)) == "0.3\n")
        #expect(JSONWriter.write(.double(8.299999999999999)) == "8.3\n")
        #expect(JSONWriter.write(.double(-1234.5600000000002)) == "-1234.56\n")
        #expect(JSONWriter.write(.double(1.0 / 3.0)) == "0.333333333333333\n")
        #expect(JSONWriter.write(.double(Double.greatestFiniteMagnitude)) == "\(Double.greatestFiniteMagnitude)\n")
    }

    @Test("written forms")
    func writtenForms() {
        #expect(JSONWriter.write(.double(2.0)) == "2.0\n")
        #expect(JSONWriter.write(.int(2)) == "2\n")
        #expect(JSONWriter.write(.double(0.1)) == "0.1\n")
        #expect(JSONWriter.write(.double(123456.789)) == "123456.789\n")
        #expect(JSONWriter.write(.string("a\"b\\c\n\u{01}")) == "\"a\\\"b\\\\c\\n\\u0001\"\n")
        #expect(
            JSONWriter.write(.object([("a", .array([.int(1), .null])), ("b", .bool(false))]))
                == "{\"a\":[1,null],\"b\":false}\n")
        #expect(JSONWriter.write(.array([]), pretty: true) == "[]\n")
        #expect(JSONWriter.write(.object([]), pretty: true) == "{}\n")
        // JSON has no infinities or NaN: they are written as null.
        #expect(JSONWriter.write(.double(.infinity)) == "null\n")
        #expect(JSONWriter.write(.double(.nan)) == "null\n")
    }

    @Test("parse(write(x)) == x for nested documents, compact and pretty")
    func nestedRoundTrip() throws {
        let strings = [
            "", "plain", "quote \" backslash \\ slash /", "line\nfeed\r\ttab", "\u{0}\u{1}\u{1F}\u{7F}",
            "é € 😀 𝄞", "\u{2028}\u{2029}",
        ]
        let doc: Document = .object([
            ("z-first", .int(1)),
            ("ints", .array([.int(0), .int(-1), .int(Int.max), .int(Int.min)])),
            // Reals of at most 15 significant digits read back bit for bit.
            (
                "reals",
                .array(Self.awkwardDoubles.filter { String($0).filter(\.isNumber).count <= 15 }.map(Document.double))
            ),
            ("strings", .array(strings.map(Document.string))),
            ("flags", .array([.bool(true), .bool(false), .null])),
            ("empty", .object([])),
            ("emptyList", .array([])),
            ("deep", .array([.object([("a", .object([("b", .array([.array([.object([("c", .double(0.1))])])]))]))])])),
            ("small object", .object([("x", .int(1)), ("y", .double(1e-7))])),
            ("big object", .object((0..<10).map { ("k\($0)", .int($0)) })),
            ("strings as keys \u{1}\"\\é", .string("v")),
        ])
        for pretty in [false, true] {
            let text = JSONWriter.write(doc, pretty: pretty)
            #expect(try JSONParser.parse(text) == doc, "pretty: \(pretty)")
        }
        for s in strings {
            #expect(try JSONParser.parse(JSONWriter.write(.string(s))) == .string(s))
        }
    }
}

@Suite("YAML reader")
struct YAMLReaderTests {
    @Test("scalars resolve to whole numbers, reals, booleans, null and strings")
    func scalarResolution() throws {
        let doc = try YAMLReader.parse(
            """
            i: 1
            neg: -7
            zero: 0
            r: 1.5
            r2: 2.0
            e: 1e3
            t: true
            f: false
            n1: null
            n2: ~
            n3:
            s: hello
            qi: "1"
            qr: '2.5'
            qb: "true"
            qn: "null"
            date: 2026-11-27
            stamp: 2026-11-23T08:00:00Z
            list: [1, 2.5, x]
            obj: {a: 1}
            """)
        let expected: Document = .object([
            ("i", .int(1)), ("neg", .int(-7)), ("zero", .int(0)), ("r", .double(1.5)), ("r2", .double(2.0)),
            ("e", .double(1000)), ("t", .bool(true)), ("f", .bool(false)), ("n1", .null), ("n2", .null), ("n3", .null),
            ("s", .string("hello")), ("qi", .string("1")), ("qr", .string("2.5")), ("qb", .string("true")),
            ("qn", .string("null")), ("date", .string("2026-11-27")), ("stamp", .string("2026-11-23T08:00:00Z")),
            ("list", .array([.int(1), .double(2.5), .string("x")])), ("obj", .object([("a", .int(1))])),
        ])
        #expect(doc == expected)
    }

    @Test("a duplicate key is an error")
    func duplicateKey() {
        for text in ["a: 1\na: 2\n", "top:\n  b: 1\n  c: 2\n  b: 3\n", "- {x: 1, x: 2}\n"] {
            #expect(throws: YAMLReader.Failure.self, "\(text.debugDescription)") { try YAMLReader.parse(text) }
            do {
                _ = try YAMLReader.parse(text)
            } catch {
                #expect(error.message.lowercased().contains("duplicate"), "\(error.message)")
            }
        }
    }

    @Test("invalid YAML and non-string keys are errors; empty text is null")
    func failures() throws {
        #expect(throws: YAMLReader.Failure.self) { try YAMLReader.parse("a: [1, 2\n") }
        #expect(throws: YAMLReader.Failure.self) { try YAMLReader.parse("a: b: c\n") }
        #expect(throws: YAMLReader.Failure.self) { try YAMLReader.parse("? [a, b]\n: 1\n") }
        #expect(try YAMLReader.parse("") == .null)
    }
}
