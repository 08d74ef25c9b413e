import OmniRouteModel
import Yams

/// Reads YAML (through Yams) into the same `Document` tree as JSON, so scenarios
/// may be written in either with one schema.
public enum YAMLReader {
    public struct Failure: Error, CustomStringConvertible, Sendable {
        public var message: String
        public var description: String { message }
    }

    public static func parse(_ text: String) throws(Failure) -> Document {
        // Yams hashes every mapping key for its duplicate check; an alias as a key (of an
        // anchor built of aliases) makes that exponential, before any budget of ours applies.
        if let line = aliasKeyLine(text) {
            throw Failure(message: "line \(line): an alias may not be a mapping key")
        }
        let node: Yams.Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch {
            // Yams quotes the offending source line, which may be huge: keep the message short.
            let text = "\(error)"
            throw Failure(message: text.count > 400 ? String(text.prefix(400)) + " …" : text)
        }
        guard let node else { return .null }
        var budget = maxValues(forTextOf: text.utf8.count)
        return try convert(node, path: "", budget: &budget)
    }

    /// The first line (from 1) with an alias used as a mapping key (`*a: x`, `? *a`), outside
    /// quotes and comments; nil when there is none. No document of the project needs one.
    static func aliasKeyLine(_ text: String) -> Int? {
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let chars = Array(line.unicodeScalars)
            var quote: Unicode.Scalar?
            var i = 0
            var previous: Unicode.Scalar = " "
            while i < chars.count {
                let c = chars[i]
                if let q = quote {
                    if c == q { quote = nil }
                } else if c == "\"" || c == "'" {
                    quote = c
                } else if c == "#" && (previous == " " || previous == "\t" || i == 0) {
                    break
                } else if c == "?" && (i + 1 == chars.count || chars[i + 1] == " ") {
                    var j = i + 1
                    while j < chars.count, chars[j] == " " { j += 1 }
                    if j < chars.count, chars[j] == "*" { return number + 1 }
                } else if c == "*" && " \t[{,-".unicodeScalars.contains(previous) {
                    var j = i + 1
                    while j < chars.count, !" \t,[]{}".unicodeScalars.contains(chars[j]) { j += 1 }
                    if j > i + 1, chars[j - 1] == ":" { return number + 1 }  // `*a:` with the colon in the name
                    while j < chars.count, chars[j] == " " || chars[j] == "\t" { j += 1 }
                    if j < chars.count, chars[j] == ":",
                        j + 1 == chars.count || " \t,]}".unicodeScalars.contains(chars[j + 1])
                    {
                        return number + 1
                    }
                }
                previous = c
                i += 1
            }
        }
        return nil
    }

    /// Most values a document of `bytes` bytes may expand to. Without aliases a document has
    /// fewer values than bytes; an alias repeats its anchor's values, and aliases of aliases
    /// multiply them ("billion laughs"), so a few hundred bytes could expand past memory.
    static func maxValues(forTextOf bytes: Int) -> Int { bytes + 10_000 }

    private static func convert(_ node: Yams.Node, path: String, budget: inout Int) throws(Failure) -> Document {
        budget -= 1
        guard budget >= 0 else {
            throw Failure(
                message: "\(path.isEmpty ? "document" : path): the document expands to too many values "
                    + "(aliases repeat their anchors too often)")
        }
        switch node {
        case .scalar(let scalar):
            switch Tag.Name(rawValue: node.tag.rawValue) {
            case .null: return .null
            case .bool: return node.bool.map(Document.bool) ?? .string(scalar.string)
            case .int: return node.int.map(Document.int) ?? .string(scalar.string)
            case .float: return node.float.map(Document.double) ?? .string(scalar.string)
            default: return .string(scalar.string)
            }
        case .sequence(let seq):
            var items: [Document] = []
            for (k, item) in seq.enumerated() {
                items.append(try convert(item, path: "\(path)[\(k)]", budget: &budget))
            }
            return .array(items)
        case .mapping(let map):
            var pairs: [(key: String, value: Document)] = []
            for (keyNode, valueNode) in map {
                guard case .scalar(let k) = keyNode else {
                    throw Failure(message: "\(path.isEmpty ? "document" : path): keys must be plain strings")
                }
                let key = k.string
                let sub = path.isEmpty ? key : path + "." + key
                if pairs.contains(where: { $0.key == key }) { throw Failure(message: "\(sub): duplicate key") }
                pairs.append((key, try convert(valueNode, path: sub, budget: &budget)))
            }
            return .object(pairs)
        case .alias:
            throw Failure(message: "\(path): unresolved alias")
        }
    }
}
