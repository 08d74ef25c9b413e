// libyaml, as Yams vendors it: its event parser is the one Yams composes from.
internal import CYaml

/// How many values a YAML text expands to once every alias is replaced by its anchor's values,
/// counted from libyaml's events in one linear pass, before Yams builds (and hashes) the tree.
///
/// An alias repeats its anchor's values; aliases of aliases multiply them ("billion laughs"), so a
/// few hundred bytes can expand past memory. Yams composes such a document as a tree that shares
/// the repeated parts, but hashes every mapping key in full for its duplicate check, so a key built
/// of aliases of aliases (`[*h]: 1`, `? - *h`) takes exponential time. Counting first bounds both.
enum YAMLExpansion {
    /// The values `text` expands to, stopping at the first count past `limit` (then `limit + 1`).
    /// A text libyaml cannot parse is counted up to its error, which Yams then reports.
    static func values(of text: String, limit: Int) -> Int {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else { return 0 }
        defer { yaml_parser_delete(&parser) }
        yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
        var bytes = Array(text.utf8)
        return bytes.withUnsafeMutableBufferPointer { buffer in
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            var counter = Counter(limit: limit)
            while counter.total <= limit {
                var event = yaml_event_t()
                guard yaml_parser_parse(&parser, &event) == 1 else { break }
                defer { yaml_event_delete(&event) }
                if event.type == YAML_STREAM_END_EVENT { break }
                counter.take(event)
            }
            return counter.total
        }
    }

    /// The values of the collections still open and of every anchor seen so far.
    private struct Counter {
        let limit: Int
        var total = 0
        /// Each open collection's anchor and its values so far (itself included).
        var open: [(anchor: String?, values: Int)] = []
        var anchors: [String: Int] = [:]

        init(limit: Int) { self.limit = limit }

        mutating func take(_ event: yaml_event_t) {
            switch event.type {
            case YAML_SCALAR_EVENT:
                close(values: 1, anchor: Self.name(event.data.scalar.anchor))
            case YAML_ALIAS_EVENT:
                // An undefined alias is Yams' error to report; count it as one value meanwhile.
                close(values: Self.name(event.data.alias.anchor).flatMap { anchors[$0] } ?? 1, anchor: nil)
            case YAML_SEQUENCE_START_EVENT:
                open.append((Self.name(event.data.sequence_start.anchor), 1))
            case YAML_MAPPING_START_EVENT:
                open.append((Self.name(event.data.mapping_start.anchor), 1))
            case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                if let collection = open.popLast() { close(values: collection.values, anchor: collection.anchor) }
            default:
                break
            }
        }

        /// A node of `values` values is complete: its anchor (a later one of the same name shadows
        /// it) and its parent (or the document) count them, saturating just past the limit.
        private mutating func close(values: Int, anchor: String?) {
            let values = min(values, limit + 1)
            if let anchor { anchors[anchor] = values }
            if open.isEmpty {
                total = min(total + values, limit + 1)
            } else {
                open[open.count - 1].values = min(open[open.count - 1].values + values, limit + 1)
                // A collection past the limit already makes the document too large.
                if open[open.count - 1].values > limit { total = limit + 1 }
            }
        }

        private static func name(_ anchor: UnsafeMutablePointer<yaml_char_t>?) -> String? {
            anchor.map { String(cString: $0) }
        }
    }
}
