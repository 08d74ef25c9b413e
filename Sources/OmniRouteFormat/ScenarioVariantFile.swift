import Foundation
import OmniRouteModel

/// A what-if variant read from a file: a scenario that `extends:` another file
/// (a scenario or another variant, its path relative to this file) and lists
/// `changes:` applied in order.
///
/// ```yaml
/// name: holiday-surge
/// question: What does a 50 % holiday surge cost, and where does it hurt?
/// extends: ../east-medium.json
/// changes:
///   - {change: scale_demand, factor: 1.5, seed: 7}
/// ```
public struct ScenarioVariant: Sendable {
    /// The variant's file.
    public var path: String
    /// Its name (also the name of `scenario`).
    public var name: String
    /// The question it answers, if it says.
    public var question: String?
    /// Its own changes (not those of the files it extends).
    public var changes: [ScenarioChange]
    /// The scenario with every change of the chain applied.
    public var scenario: Scenario
    /// The plain scenario at the root of the chain, and its file.
    public var baseline: Scenario
    public var baselinePath: String
    /// The files from this one to the root of the chain.
    public var chain: [String]
}

extension DocumentFile {
    /// The keys of a variant document.
    static let variantRequired = ["name", "extends", "changes"]
    static let variantOptional = ["format", "question", "description"]
    /// The format name a variant document may carry.
    public static let variantFormat = "omniroute.whatif/1"

    /// Whether a document is a variant (it has `extends`) rather than a plain scenario.
    public static func isVariant(_ document: Document) -> Bool { document["extends"] != nil }

    /// Reads a variant file and every file it extends. A plain scenario file reads as a
    /// variant of itself with no changes. Errors name the file and the field:
    /// `whatif/x.yaml: changes[2].node: no node "S-999"`; a chain that comes back to a
    /// file is an error naming the cycle.
    public static func variant(_ path: String) throws(ReadError) -> ScenarioVariant {
        try variant(path, visiting: [])
    }

    private static func variant(_ path: String, visiting: [String]) throws(ReadError) -> ScenarioVariant {
        let key = URL(fileURLWithPath: path).standardizedFileURL.path
        if let first = visiting.firstIndex(of: key) {
            let cycle = (visiting[first...] + [key]).map { URL(fileURLWithPath: $0).lastPathComponent }.joined(
                separator: " → ")
            throw ReadError(path: path, message: "extends cycle: \(cycle)")
        }
        let document = try read(path)
        guard isVariant(document) else {
            let scenario: Scenario
            do { scenario = try Scenario(document: document) } catch {
                throw ReadError(
                    path: path,
                    message: "not a valid scenario:\n" + error.issues.map { "  \($0)" }.joined(separator: "\n"))
            }
            return ScenarioVariant(
                path: path, name: scenario.name, question: scenario.description, changes: [], scenario: scenario,
                baseline: scenario, baselinePath: path, chain: [path])
        }
        func invalid(_ issues: [Issue]) -> ReadError {
            ReadError(
                path: path, message: "not a valid what-if variant:\n" + issues.map { "  \($0)" }.joined(separator: "\n")
            )
        }
        var issues: [Issue] = []
        guard case .object(let pairs) = document else {
            throw invalid([Issue(path: "", message: "expected an object")])
        }
        let known = variantRequired + variantOptional
        for pair in pairs where !known.contains(pair.key) {
            issues.append(
                Issue(path: pair.key, message: "unknown field (expected one of: \(known.joined(separator: ", ")))"))
        }
        for k in variantRequired where document[k] == nil {
            issues.append(Issue(path: "", message: "missing required field '\(k)'"))
        }
        func text(_ k: String) -> String? {
            guard let v = document[k] else { return nil }
            guard case .string(let s) = v, !s.isEmpty else {
                issues.append(Issue(path: k, message: "expected a non-empty string, got \(v.kindName)"))
                return nil
            }
            return s
        }
        if let format = text("format"), format != variantFormat {
            issues.append(Issue(path: "format", message: "expected \"\(variantFormat)\", got \"\(format)\""))
        }
        let name = text("name")
        let question = text("question")
        let description = text("description")
        let extends = text("extends")
        var changes: [ScenarioChange] = []
        if let list = document["changes"] {
            do { changes = try ScenarioChange.list(document: list) } catch { issues += error.issues }
        }
        guard issues.isEmpty, let name, let extends else { throw invalid(issues) }

        let dir = URL(fileURLWithPath: path).deletingLastPathComponent()
        let parentPath = extends.hasPrefix("/") ? extends : dir.appendingPathComponent(extends).standardizedFileURL.path
        guard FileManager.default.fileExists(atPath: parentPath) else {
            throw invalid([Issue(path: "extends", message: "no such file \"\(extends)\" (looked for \(parentPath))")])
        }
        let parent = try variant(parentPath, visiting: visiting + [key])
        var scenario: Scenario
        do { scenario = try parent.scenario.applying(changes) } catch { throw invalid(error.issues) }
        scenario.name = name
        scenario.description = question ?? description ?? scenario.description
        return ScenarioVariant(
            path: path, name: name, question: question ?? description, changes: changes, scenario: scenario,
            baseline: parent.baseline, baselinePath: parent.baselinePath, chain: [path] + parent.chain)
    }
}
