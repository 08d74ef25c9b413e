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
        // Counted before Yams composes: its duplicate-key check hashes keys built of aliases in full.
        let limit = maxValues(forTextOf: text.utf8.count)
        if YAMLExpansion.values(of: text, limit: limit) > limit {
            throw Failure(
                message: "document: the document expands to too many values "
                    + "(aliases repeat their anchors too often)")
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
        return try convert(node, path: "")
    }

    /// Most values a document of `bytes` bytes may expand to. Without aliases a document has
    /// fewer values than bytes; an alias repeats its anchor's values, and aliases of aliases
    /// multiply them ("billion laughs"), so a few hundred bytes could expand past memory.
    static func maxValues(forTextOf bytes: Int) -> Int { bytes + 10_000 }

    private static func convert(_ node: Yams.Node, path: String) throws(Failure) -> Document {
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
                items.append(try convert(item, path: "\(path)[\(k)]"))
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
                pairs.append((key, try convert(valueNode, path: sub)))
            }
            return .object(pairs)
        case .alias:
            throw Failure(message: "\(path): unresolved alias")
        }
    }
}
