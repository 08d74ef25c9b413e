import Foundation
import OmniRouteFormat
import OmniRouteModel
import Testing

/// The tiny scenario with `rules` (and any other top-level text) added before its closing brace.
func tinyDocument(adding json: String) throws -> Document {
    var text = tinyScenarioJSON.trimmingCharacters(in: .whitespacesAndNewlines)
    text.removeLast()
    return try JSONParser.parse(text + ", " + json + "}")
}

/// The tiny scenario with tags on a node, a sku and an order.
func taggedTinyDocument(nodeTags: String = #"["urban"]"#, skuTags: String = #"["oversize"]"#) throws -> Document {
    var text = tinyScenarioJSON
    text = text.replacingOccurrences(
        of: #""id": "S-BOS", "kind": "store","#, with: #""id": "S-BOS", "kind": "store", "tags": \#(nodeTags),"#)
    text = text.replacingOccurrences(
        of: #"{"id": "SKU-3", "weight_kg": 12,"#, with: #"{"id": "SKU-3", "tags": \#(skuTags), "weight_kg": 12,"#)
    text = text.replacingOccurrences(of: #"{"id": "O-1004","#, with: #"{"id": "O-1004", "tags": ["vip"],"#)
    return try JSONParser.parse(text)
}

@Suite("Sourcing rules: decoding")
struct RuleDecodingTests {
    static let allActions = #"""
        "rules": [
          {"id": "marketplace-from-warehouses", "when": {"channels": ["marketplace"]},
           "only_from": {"kind": "warehouse"}},
          {"id": "oversize", "sku_tags_any": ["oversize"], "when": {"modes": ["ship"]}, "exclude": {"kind": "store"}},
          {"id": "rank", "surcharge_per_leg": {"nodes": {"ids": ["S-BOS", "S-PHL"]}, "amount": 0.75}},
          {"id": "vip", "when": {"order_tags_any": ["vip"], "min_units": 2, "min_value": 10.5},
           "surcharge_per_unit": {"nodes": {"kind": "store", "tags_any": ["urban"]}, "amount": 1.25}},
          {"id": "keep-one", "reserve": {"nodes": {"tags_any": ["urban"]}, "units": 1}, "max_legs": 2}
        ]
        """#

    @Test("every action and condition decodes, and the scenario round-trips through JSON")
    func decodesAndRoundTrips() throws {
        var text = JSONWriter.write(try taggedTinyDocument(), pretty: false).trimmingCharacters(
            in: .whitespacesAndNewlines)
        text.removeLast()
        let doc = try JSONParser.parse(text + "," + Self.allActions + "}")
        let s = try Scenario(document: doc)
        #expect(s.rules.count == 5)
        #expect(s.rules[0].when.channels == [.marketplace])
        #expect(s.rules[0].onlyFrom == NodeSelector(kind: .warehouse))
        #expect(s.rules[1].skuTagsAny == ["oversize"] && s.rules[1].when.modes == [.ship])
        #expect(
            s.rules[2].surchargePerLeg == Rule.Surcharge(nodes: NodeSelector(ids: ["S-BOS", "S-PHL"]), amount: 0.75))
        #expect(s.rules[3].when.minUnits == 2 && s.rules[3].when.minValue == 10.5)
        #expect(s.rules[3].when.orderTagsAny == ["vip"])
        #expect(s.rules[4].reserve == Rule.Reserve(nodes: NodeSelector(tagsAny: ["urban"]), units: 1))
        #expect(s.rules[4].maxLegs == 2)
        #expect(s.nodes[2].tags == ["urban"] && s.skus[2].tags == ["oversize"] && s.orders[3].tags == ["vip"])
        #expect(s.nodes[0].tags == [] && s.orders[0].tags == [])
        let again = try Scenario(document: try JSONParser.parse(JSONWriter.write(s.document, pretty: true)))
        #expect(again.document == s.document)
        #expect(again.rules == s.rules && again.nodes == s.nodes && again.skus == s.skus && again.orders == s.orders)
    }

    @Test("a scenario without rules or tags encodes exactly as before (no new keys)")
    func noNewKeys() throws {
        let s = try Scenario(document: try tinyDocument())
        let text = JSONWriter.write(s.document, pretty: false)
        #expect(!text.contains("\"tags\"") && !text.contains("\"rules\""))
        #expect(s.rules.isEmpty)
    }

    @Test("the bundled rules scenarios decode and round-trip")
    func bundledRulesScenarios() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        for name in ["northeast-rules.json", "east-rules.json"] {
            let s = try DocumentFile.scenario(root.appendingPathComponent("scenarios/" + name).path)
            #expect(s.rules.count == 7, "\(name)")
            #expect(s.nodes.contains { $0.tags == ["outlet"] } && s.skus.contains { $0.tags == ["oversize"] })
            let again = try Scenario(document: s.document)
            #expect(again.rules == s.rules && again.nodes == s.nodes && again.orders == s.orders)
        }
    }

    struct Case: CustomTestStringConvertible, Sendable {
        var rules: String
        /// (path, fragment of the message) of each issue expected.
        var expected: [(String, String)]
        var testDescription: String { rules }
    }

    static let badCases: [Case] = [
        Case(
            rules: #"[{"id": "a", "exclude": {"kind": "store"}, "exlude": {}}]"#,
            expected: [("rules[0].exlude", "unknown field")]),
        Case(
            rules: #"[{"id": "a", "when": {"channel": ["web"]}, "max_legs": 1}]"#,
            expected: [("rules[0].when.channel", "unknown field")]),
        Case(
            rules: #"[{"id": "a", "exclude": {}}]"#,
            expected: [("rules[0].exclude", "a selector needs at least one of kind, ids, tags_any")]),
        Case(
            rules: #"[{"id": "a", "exclude": {"kind": "store", "size": 1}}]"#,
            expected: [("rules[0].exclude.size", "unknown field")]),
        Case(
            rules:
                #"[{"id": "a", "max_legs": 1}, {"id": "b", "when": {"channels": ["web"]}, "only_from": {"ids": "#
                + #"["W-NJ", "S-999"]}}]"#,
            expected: [("rules[1].only_from.ids[1]", "no node \"S-999\"")]),
        Case(
            rules: #"[{"id": "a", "surcharge_per_leg": {"nodes": {"ids": ["X"]}, "amount": 1}}]"#,
            expected: [("rules[0].surcharge_per_leg.nodes.ids[0]", "no node \"X\"")]),
        Case(
            rules: #"[{"id": "a", "max_legs": 1}, {"id": "b", "when": {"channels": ["web"]}}]"#,
            expected: [("rules[1]", "a rule needs at least one action")]),
        Case(
            rules: #"[{"id": "x", "max_legs": 1}, {"id": "y", "max_legs": 2}, {"id": "x", "max_legs": 3}]"#,
            expected: [("rules[2].id", "duplicate rule id \"x\"")]),
        Case(
            rules: #"[{"id": "a", "when": {"channels": ["email"]}, "max_legs": 1}]"#,
            expected: [("rules[0].when.channels[0]", "expected one of web, app, store, call_center, marketplace")]),
        Case(
            rules: #"[{"id": "a", "when": {"modes": ["drone"]}, "max_legs": 1}]"#,
            expected: [("rules[0].when.modes[0]", "expected \"ship\" or \"pickup\"")]),
        Case(rules: #"[{"id": "a", "max_legs": 0}]"#, expected: [("rules[0].max_legs", "must be ≥ 1")]),
        Case(
            rules: #"[{"id": "a", "when": {"min_units": 0, "min_value": -1}, "max_legs": 1}]"#,
            expected: [("rules[0].when.min_units", "must be ≥ 1"), ("rules[0].when.min_value", "must be ≥ 0")]),
        Case(
            rules: #"[{"id": "a", "surcharge_per_unit": {"nodes": {"kind": "shop"}, "amount": -2}}]"#,
            expected: [
                ("rules[0].surcharge_per_unit.nodes.kind", "expected \"warehouse\" or \"store\""),
                ("rules[0].surcharge_per_unit.amount", "must be ≥ 0"),
            ]),
        Case(
            rules: #"[{"id": "a", "reserve": {"nodes": {"kind": "store"}, "units": 0}}]"#,
            expected: [("rules[0].reserve.units", "must be ≥ 1")]),
        Case(
            rules: #"[{"id": "a", "reserve": {"nodes": {"kind": "store"}}}]"#,
            expected: [("rules[0].reserve", "missing required field 'units'")]),
        Case(
            rules: #"[{"id": "a", "sku_tags_any": ["x", "x"], "max_legs": 1}]"#,
            expected: [("rules[0].sku_tags_any[1]", "duplicate tag \"x\"")]),
        Case(
            rules: #"[{"id": "a", "exclude": {"tags_any": [""]}}]"#,
            expected: [("rules[0].exclude.tags_any[0]", "must not be empty")]),
        Case(rules: #"[{"id": "", "max_legs": 1}]"#, expected: [("rules[0].id", "must not be empty")]),
        Case(rules: #"[{"max_legs": 1}]"#, expected: [("rules[0]", "missing required field 'id'")]),
        Case(rules: #"{"id": "a"}"#, expected: [("rules", "expected a list")]),
    ]

    @Test("a bad rule reports exactly the expected issues with their paths", arguments: badCases)
    func badRule(_ c: Case) throws {
        let issues = decodingIssues(try tinyDocument(adding: #""rules": "# + c.rules))
        #expect(issues.count == c.expected.count, "issues: \(issues)")
        for (path, fragment) in c.expected {
            #expect(
                issues.contains { $0.path == path && $0.message.contains(fragment) },
                "\(path) … \(fragment) in \(issues)")
        }
    }

    @Test("tags are lists of distinct non-empty strings")
    func badTags() throws {
        let repeated = decodingIssues(try taggedTinyDocument(nodeTags: #"["a", "a"]"#))
        #expect(repeated.map(\.description) == [#"nodes[2].tags[1]: duplicate tag "a""#])
        let empty = decodingIssues(try taggedTinyDocument(skuTags: #"["a", ""]"#))
        #expect(empty.map(\.description) == ["skus[2].tags[1]: must not be empty"])
        let notList = decodingIssues(try taggedTinyDocument(nodeTags: #""urban""#))
        #expect(notList.map(\.path) == ["nodes[2].tags"])
    }
}
