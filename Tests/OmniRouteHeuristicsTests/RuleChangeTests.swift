import Foundation
import OmniRouteFormat
import OmniRouteModel
import OmniRouteTestSupport
import Testing

/// The what-if changes of sourcing rules and tags: add_rule, replace_rule, remove_rule,
/// tag_nodes and untag_nodes, applied to the rules scenario and read back strictly.
@Suite("What-if changes of rules and tags")
struct RuleChangeTests {
    static let rules: Scenario = try! DocumentFile.scenario(Paths.scenario("northeast-rules.json"))

    static func changes(_ yaml: String) throws -> [ScenarioChange] {
        try ScenarioChange.list(document: YAMLReader.parse(yaml))
    }

    static func issues(_ scenario: Scenario, _ yaml: String) throws -> [String] {
        let list = try changes(yaml)
        do {
            _ = try scenario.applying(list)
            return []
        } catch {
            return error.issues.map(\.description)
        }
    }

    @Test("add_rule adds a rule read strictly against the nodes; remove_rule and replace_rule find it by id")
    func addReplaceRemove() throws {
        let added = try Self.rules.applying(
            Self.changes(
                """
                - change: add_rule
                  rule: {id: marketplace-no-outlets, when: {channels: [marketplace]}, exclude: {tags_any: [outlet]}}
                """))
        #expect(added.rules.count == Self.rules.rules.count + 1)
        #expect(added.rules.last?.id == "marketplace-no-outlets")
        #expect(added.rules.last?.exclude?.tagsAny == ["outlet"])
        // The network compiles it: it applies to marketplace orders only.
        #expect(Network(added).ruleBook != nil)

        let replaced = try added.applying(
            Self.changes("- {change: replace_rule, rule: {id: marketplace-no-outlets, max_legs: 1}}"))
        #expect(replaced.rules.last?.maxLegs == 1 && replaced.rules.last?.exclude == nil)
        let removed = try replaced.applying(Self.changes("- {change: remove_rule, id: marketplace-no-outlets}"))
        #expect(removed.rules.map(\.id) == Self.rules.rules.map(\.id))
        let none = try Self.rules.applying(
            Self.changes(Self.rules.rules.map { "- {change: remove_rule, id: \($0.id)}" }.joined(separator: "\n")))
        #expect(none.rules.isEmpty && Network(none).ruleBook == nil)
    }

    @Test("tag_nodes and untag_nodes change the tags of a scope, and rules select by them")
    func tags() throws {
        let store = try #require(Self.rules.nodes.first { $0.kind == .store && !$0.tags.contains("outlet") })
        let tagged = try Self.rules.applying(
            Self.changes("- {change: tag_nodes, tags: [outlet, vip-only], node: \(store.id)}"))
        let node = try #require(tagged.nodes.first { $0.id == store.id })
        #expect(node.tags == store.tags + ["outlet", "vip-only"])
        let again = try tagged.applying(Self.changes("- {change: tag_nodes, tags: [outlet], kind: store}"))
        #expect(again.nodes.filter { $0.kind == .store }.allSatisfy { $0.tags.filter { $0 == "outlet" }.count == 1 })
        let untagged = try again.applying(Self.changes("- {change: untag_nodes, tags: [outlet, vip-only]}"))
        #expect(untagged.nodes.allSatisfy { !$0.tags.contains("outlet") && !$0.tags.contains("vip-only") })
    }

    @Test("tag_skus and untag_skus change the tags of the named skus, and sku_tags_any rules follow them")
    func skuTags() throws {
        let plain = try #require(Self.rules.skus.first { !$0.tags.contains("oversize") })
        let oversize = try #require(Self.rules.skus.first { $0.tags.contains("oversize") })
        let tagged = try Self.rules.applying(
            Self.changes("- {change: tag_skus, tags: [oversize, fragile], skus: [\(plain.id), \(oversize.id)]}"))
        #expect(tagged.skus.first { $0.id == plain.id }?.tags == plain.tags + ["oversize", "fragile"])
        #expect(tagged.skus.first { $0.id == oversize.id }?.tags == oversize.tags + ["fragile"])
        // The oversize rule now keeps the newly tagged sku's parcels away from stores.
        var order = try #require(Self.rules.orders.first { $0.channel == .web && !$0.tags.contains("vip") })
        order.delivery = .ship(to: GeoPoint(lat: 40.7, lon: -74.0))
        order.lines = [OrderLine(sku: plain.id, qty: 1)]
        let store = try #require(Self.rules.nodes.firstIndex { $0.kind == .store && !$0.tags.contains("outlet") })
        func blocking(_ scenario: Scenario) throws -> String? {
            let network = Network(scenario)
            let rules = try #require(network.rules(for: network.resolve(order)))
            return rules.blockingRule(node: store, line: 0).map { rules.book.rules[$0].id }
        }
        #expect(try blocking(Self.rules) == nil)
        #expect(try blocking(tagged) == "oversize-not-from-stores")
        let untagged = try tagged.applying(Self.changes("- {change: untag_skus, tags: [fragile], skus: [\(plain.id)]}"))
        #expect(untagged.skus.first { $0.id == plain.id }?.tags == plain.tags + ["oversize"])
        let found = try Self.issues(Self.rules, "- {change: tag_skus, tags: [x], skus: [\(plain.id), SKU-NOPE]}")
        #expect(found == ["changes[0].skus[1]: no sku \"SKU-NOPE\""], "\(found)")
    }

    @Test("bad rule changes are errors with their paths, every one at once")
    func badChanges() throws {
        let found = try Self.issues(
            Self.rules,
            """
            - {change: add_rule, rule: {id: prefer-warehouses, max_legs: 2}}
            - {change: add_rule, rule: {id: x, exclude: {ids: [S-999]}}}
            - {change: add_rule, rule: {id: y}}
            - {change: replace_rule, rule: {id: nope, max_legs: 1}}
            - {change: remove_rule, id: nope}
            """)
        #expect(found.contains { $0.hasPrefix("changes[0].rule.id: a rule \"prefer-warehouses\" exists already") })
        #expect(found.contains { $0.hasPrefix("changes[1].rule.exclude.ids[0]: no node \"S-999\"") }, "\(found)")
        #expect(found.contains { $0.hasPrefix("changes[2].rule: a rule needs at least one action") }, "\(found)")
        #expect(found.contains { $0.hasPrefix("changes[3].rule.id: no rule \"nope\"") })
        #expect(found.contains { $0.hasPrefix("changes[4].id: no rule \"nope\"") })
        #expect(found.count == 5, "\(found)")
        for (yaml, path) in [
            ("- {change: add_rule, rule: 3}", "changes[0].rule"),
            ("- {change: tag_nodes, tags: []}", "changes[0].tags"),
            ("- {change: untag_nodes, tags: [\"\"]}", "changes[0].tags[0]"), ("- {change: remove_rule}", "changes[0]"),
            ("- {change: tag_skus, tags: [x]}", "changes[0]"),
            ("- {change: tag_skus, tags: [x], skus: []}", "changes[0].skus"),
            ("- {change: untag_skus, tags: [x], skus: [A, A]}", "changes[0].skus[1]"),
        ] {
            #expect(throws: DocumentError.self, "\(yaml)") { try Self.changes(yaml) }
            do {
                _ = try ScenarioChange.list(document: YAMLReader.parse(yaml))
            } catch let error as DocumentError {
                #expect(error.issues.contains { $0.path.hasPrefix(path) }, "\(yaml): \(error.issues)")
            }
        }
    }
}
