import Foundation
import OmniRouteFormat
import OmniRouteModel
import OmniRouteTestSupport
import Testing

/// What-if variant files: `extends:` chains relative to the file, cycles, errors naming the file and field.
@Suite("What-if variant files")
struct ScenarioVariantFileTests {
    static let small = Paths.scenario("northeast-small.json")

    /// A fresh directory with `files` (name → text) written into it.
    static func directory(_ files: [String: String]) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
            "omniroute-variants-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: dir.appendingPathComponent("sub"), withIntermediateDirectories: true)
        for (name, text) in files { try Data(text.utf8).write(to: dir.appendingPathComponent(name)) }
        return dir
    }

    @Test("A chain of variants resolves relative to each file and applies every change in order")
    func chain() throws {
        let dir = try Self.directory([
            "sub/surge.yaml": """
            # a comment
            name: surge
            question: What if demand doubles?
            extends: \(Self.small)
            changes:
              - {change: scale_demand, factor: 2, seed: 5}
            """,
            "surge-no-sfs.yaml": """
            format: omniroute.whatif/1
            name: surge-no-sfs
            extends: sub/surge.yaml
            changes:
              - {change: ship_from_store, enabled: false}
            """,
        ])
        defer { try? FileManager.default.removeItem(at: dir) }
        let v = try DocumentFile.variant(dir.appendingPathComponent("surge-no-sfs.yaml").path)
        #expect(v.name == "surge-no-sfs" && v.scenario.name == "surge-no-sfs")
        #expect(v.chain.count == 3 && v.baselinePath.hasSuffix("northeast-small.json"))
        #expect(v.baseline.orders.count == 200 && v.scenario.orders.count == 400)
        #expect(v.scenario.nodes.filter { $0.kind == .store }.allSatisfy { !$0.shipToHome })
        // A plain scenario reads as a variant of itself; DocumentFile.scenario reads a variant applied.
        let plain = try DocumentFile.variant(Self.small)
        #expect(plain.changes.isEmpty && plain.chain.count == 1)
        #expect(try DocumentFile.scenario(dir.appendingPathComponent("sub/surge.yaml").path).orders.count == 400)
    }

    @Test("An extends cycle is an error naming the cycle; a missing parent names the field")
    func cycleAndMissing() throws {
        let dir = try Self.directory([
            "a.yaml": "name: a\nextends: b.yaml\nchanges: []\n",
            "b.yaml": "name: b\nextends: a.yaml\nchanges: []\n",
            "c.yaml": "name: c\nextends: nowhere.json\nchanges: []\n",
        ])
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect { try DocumentFile.variant(dir.appendingPathComponent("a.yaml").path) } throws: { error in
            "\(error)".contains("extends cycle: a.yaml → b.yaml → a.yaml")
        }
        #expect { try DocumentFile.variant(dir.appendingPathComponent("c.yaml").path) } throws: { error in
            "\(error)".contains("extends: no such file \"nowhere.json\"")
        }
    }

    @Test("Errors name the file and every bad field at once")
    func errors() throws {
        let dir = try Self.directory([
            "bad.yaml": """
            name: bad
            extends: \(Self.small)
            colour: blue
            changes:
              - {change: close_node, node: S-999}
              - {change: scale_stock, factor: 0.5, kind: shed}
            """,
            "ref.yaml": """
            name: ref
            extends: \(Self.small)
            changes:
              - {change: close_node, node: S-999}
              - {change: open_node, nodes: [S-NY-002, S-998]}
            """,
        ])
        defer { try? FileManager.default.removeItem(at: dir) }
        let bad = dir.appendingPathComponent("bad.yaml").path
        #expect { try DocumentFile.variant(bad) } throws: { error in
            let text = "\(error)"
            return text.hasPrefix(bad + ": not a valid what-if variant") && text.contains("colour: unknown field")
                && text.contains("changes[1].kind: expected \"warehouse\" or \"store\", got \"shed\"")
        }
        #expect { try DocumentFile.variant(dir.appendingPathComponent("ref.yaml").path) } throws: { error in
            let text = "\(error)"
            return text.contains("changes[0].node: no node \"S-999\"")
                && text.contains("changes[1].nodes[1]: no node \"S-998\"")
        }
    }
}
