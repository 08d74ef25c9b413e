/// Reads the fields of one object strictly, recording every problem in a shared
/// list of issues instead of stopping at the first.
///
/// Unknown keys are issues; a missing required field is an issue; a value of the
/// wrong kind or out of range is an issue. Readers return `nil` on a problem so
/// that decoding goes on and finds the rest.
struct FieldReader {
    let at: DocPath
    let pairs: [(key: String, value: Document)]
    let issues: IssueLog

    /// The object's path, e.g. `orders[12]` (built only when an issue needs it).
    var path: String { at.description }

    /// Starts reading `document` as an object; records an issue and returns nil if it is not one.
    init?(_ document: Document, path: String, issues: IssueLog, required: [String], optional: [String] = []) {
        self.init(document, path: DocPath(path), issues: issues, required: required, optional: optional)
    }

    init?(_ document: Document, path: DocPath, issues: IssueLog, required: [String], optional: [String] = []) {
        guard case .object(let pairs) = document else {
            issues.add(path.description, "expected an object, got \(document.kindName)")
            return nil
        }
        self.at = path
        self.pairs = pairs
        self.issues = issues
        for key in required where !pairs.contains(where: { $0.key == key }) {
            issues.add(path.description, "missing required field '\(key)'")
        }
        for pair in pairs where !required.contains(pair.key) && !optional.contains(pair.key) {
            let known = (required + optional).joined(separator: ", ")
            issues.add(fieldPath(pair.key), "unknown field (expected one of: \(known))")
        }
    }

    func has(_ key: String) -> Bool { pairs.contains { $0.key == key } }

    func raw(_ key: String) -> Document? {
        for pair in pairs where pair.key == key { return pair.value }
        return nil
    }

    func fieldPath(_ key: String) -> String {
        let p = path
        return p.isEmpty ? key : p + "." + key
    }

    func string(_ key: String, nonEmpty: Bool = true) -> String? {
        guard let value = raw(key) else { return nil }
        guard case .string(let s) = value else {
            issues.add(fieldPath(key), "expected a string, got \(value.kindName)")
            return nil
        }
        if nonEmpty && s.isEmpty {
            issues.add(fieldPath(key), "must not be empty")
            return nil
        }
        return s
    }

    func bool(_ key: String) -> Bool? {
        guard let value = raw(key) else { return nil }
        guard case .bool(let b) = value else {
            issues.add(fieldPath(key), "expected true or false, got \(value.kindName)")
            return nil
        }
        return b
    }

    /// A whole number in `minimum...maximum` (`-maximum...maximum` without a minimum).
    /// A real with no fractional part (`241.0`, `1e3`) counts as a whole number, as in
    /// JSON Schema.
    func int(_ key: String, minimum: Int? = nil, maximum: Int = Limits.units) -> Int? {
        guard let value = raw(key) else { return nil }
        return Self.int(value, path: fieldPath(key), minimum: minimum, maximum: maximum, issues: issues)
    }

    static func int(
        _ value: Document, path: @autoclosure () -> String, minimum: Int?, maximum: Int = Limits.units,
        issues: IssueLog
    ) -> Int? {
        let lowest = minimum ?? -maximum
        let whole: Int
        switch value {
        case .int(let i): whole = i
        case .double(let x) where x.isFinite && x == x.rounded(.towardZero):
            guard x >= Double(lowest), x <= Double(maximum) else {
                let bound = x < Double(lowest) ? "≥ \(lowest)" : "≤ \(maximum)"
                issues.add(path(), "must be \(bound), got \(format(x))")
                return nil
            }
            whole = Int(x)
        default:
            issues.add(path(), "expected a whole number, got \(value.kindName)")
            return nil
        }
        if whole < lowest {
            issues.add(path(), "must be ≥ \(lowest), got \(whole)")
            return nil
        }
        if whole > maximum {
            issues.add(path(), "must be ≤ \(maximum), got \(whole)")
            return nil
        }
        return whole
    }

    func optionalInt(_ key: String, minimum: Int? = nil, maximum: Int = Limits.units) -> Int?? {
        guard let value = raw(key) else { return .some(nil) }
        if case .null = value { return .some(nil) }
        guard let i = int(key, minimum: minimum, maximum: maximum) else { return nil }
        return .some(i)
    }

    /// A finite number ≥ `minimum` (and > `above` when given), at most `maximum` in
    /// magnitude.
    func number(_ key: String, minimum: Double? = nil, above: Double? = nil, maximum: Double = Limits.amount) -> Double?
    {
        guard let value = raw(key) else { return nil }
        return Self.number(
            value, path: fieldPath(key), minimum: minimum, above: above, maximum: maximum, issues: issues)
    }

    static func number(
        _ value: Document, path: @autoclosure () -> String, minimum: Double? = nil, above: Double? = nil,
        maximum: Double = Limits.amount, issues: IssueLog
    ) -> Double? {
        let x: Double
        switch value {
        case .int(let i): x = Double(i)
        case .double(let d): x = d
        default:
            issues.add(path(), "expected a number, got \(value.kindName)")
            return nil
        }
        guard x.isFinite else {
            issues.add(path(), "must be a finite number")
            return nil
        }
        if let minimum, x < minimum {
            issues.add(path(), "must be ≥ \(format(minimum)), got \(format(x))")
            return nil
        }
        if let above, x <= above {
            issues.add(path(), "must be > \(format(above)), got \(format(x))")
            return nil
        }
        if abs(x) > maximum {
            let bound = x > 0 ? "≤ \(format(maximum))" : "≥ \(format(-maximum))"
            issues.add(path(), "must be \(bound), got \(format(x))")
            return nil
        }
        return x
    }

    func optionalNumber(_ key: String, minimum: Double? = nil, maximum: Double = Limits.amount) -> Double?? {
        guard let value = raw(key) else { return .some(nil) }
        if case .null = value { return .some(nil) }
        guard let x = number(key, minimum: minimum, maximum: maximum) else { return nil }
        return .some(x)
    }

    /// The elements of a list field with their paths; records an issue if it is not a list.
    func list(_ key: String) -> [(path: DocPath, value: Document)]? {
        guard let value = raw(key) else { return nil }
        guard case .array(let items) = value else {
            issues.add(fieldPath(key), "expected a list, got \(value.kindName)")
            return nil
        }
        let base = fieldPath(key)
        return items.enumerated().map { (DocPath(base, index: $0.offset), $0.element) }
    }

    static func format(_ x: Double) -> String {
        x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : String(x)
    }
}

/// The path of an element of a list (`orders[12]`), kept as its parts so that the
/// text is only built when an issue names it.
struct DocPath: CustomStringConvertible {
    let base: String
    let index: Int?

    init(_ base: String, index: Int? = nil) {
        self.base = base
        self.index = index
    }

    var description: String { index.map { "\(base)[\($0)]" } ?? base }

    static func + (path: DocPath, suffix: String) -> String { path.description + suffix }
}

/// The issues found so far while decoding one document (a reference type so that
/// nested readers share it).
final class IssueLog {
    private(set) var issues: [Issue] = []

    func add(_ path: String, _ message: String) {
        issues.append(Issue(path: path, message: message))
    }

    var isEmpty: Bool { issues.isEmpty }
}
