/// One problem found in a document, with the path of the field it concerns,
/// for example `orders[12].lines[1].qty: must be ≥ 1`.
public struct Issue: Sendable, Equatable, CustomStringConvertible {
    public var path: String
    public var message: String

    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    public var description: String { "\(path): \(message)" }
}

/// Thrown when a document is not a valid scenario or plan; carries every issue found.
public struct DocumentError: Error, Sendable, CustomStringConvertible {
    public var issues: [Issue]

    public init(issues: [Issue]) { self.issues = issues }

    public var description: String { issues.map(\.description).joined(separator: "\n") }
}
