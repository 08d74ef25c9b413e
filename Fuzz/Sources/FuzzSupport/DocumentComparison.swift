import OmniRouteModel

/// Compares documents after a trip through JSON text, where reals keep 15 significant digits
/// (see `JSONWriter`): everything else must be equal, reals within a relative 10⁻¹⁴.
public enum DocumentComparison {
    public static func close(_ a: Document, _ b: Document) -> Bool {
        switch (a, b) {
        case (.double(let x), .double(let y)): abs(x - y) <= 1e-14 * max(abs(x), abs(y))
        case (.array(let x), .array(let y)): x.count == y.count && zip(x, y).allSatisfy { close($0, $1) }
        case (.object(let x), .object(let y)):
            x.count == y.count && zip(x, y).allSatisfy { $0.key == $1.key && close($0.value, $1.value) }
        default: a == b
        }
    }
}
