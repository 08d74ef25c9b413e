/// A value bound to a statement or read from a row, in the few kinds both backends share:
/// whole numbers, reals, text and null (booleans are stored as 0 and 1).
enum SQLValue: Sendable, Equatable, CustomStringConvertible {
    case null
    case int(Int64)
    case double(Double)
    case text(String)

    var description: String {
        switch self {
        case .null: "NULL"
        case .int(let x): String(x)
        case .double(let x): String(x)
        case .text(let s): "\"\(s)\""
        }
    }
}

/// A Swift value a statement can take as an argument.
protocol SQLBindable {
    var sqlValue: SQLValue { get }
}

/// A Swift value a row's column can be read as.
protocol SQLReadable {
    /// The value, or nil when the column holds something it cannot be read from.
    init?(sqlValue: SQLValue)
}

/// A statement's arguments, in the order of its `?` placeholders.
typealias SQLArguments = [any SQLBindable]

extension Int: SQLBindable, SQLReadable {
    var sqlValue: SQLValue { .int(Int64(self)) }
    init?(sqlValue: SQLValue) {
        guard let x = Int64(sqlValue: sqlValue) else { return nil }
        self.init(exactly: x)
    }
}

extension Int64: SQLBindable, SQLReadable {
    var sqlValue: SQLValue { .int(self) }
    init?(sqlValue: SQLValue) {
        switch sqlValue {
        case .int(let x): self = x
        case .double(let x): self.init(exactly: x)
        default: return nil
        }
    }
}

extension Double: SQLBindable, SQLReadable {
    var sqlValue: SQLValue { .double(self) }
    init?(sqlValue: SQLValue) {
        switch sqlValue {
        case .int(let x): self = Double(x)
        case .double(let x): self = x
        default: return nil
        }
    }
}

extension String: SQLBindable, SQLReadable {
    var sqlValue: SQLValue { .text(self) }
    init?(sqlValue: SQLValue) {
        guard case .text(let s) = sqlValue else { return nil }
        self = s
    }
}

extension Bool: SQLBindable, SQLReadable {
    var sqlValue: SQLValue { .int(self ? 1 : 0) }
    init?(sqlValue: SQLValue) {
        guard case .int(let x) = sqlValue else { return nil }
        self = x != 0
    }
}

extension SQLValue: SQLBindable, SQLReadable {
    var sqlValue: SQLValue { self }
    init?(sqlValue: SQLValue) { self = sqlValue }
}

extension Optional: SQLBindable where Wrapped: SQLBindable {
    var sqlValue: SQLValue { self?.sqlValue ?? .null }
}

extension Optional: SQLReadable where Wrapped: SQLReadable {
    init?(sqlValue: SQLValue) {
        if case .null = sqlValue {
            self = .none
        } else if let value = Wrapped(sqlValue: sqlValue) {
            self = .some(value)
        } else {
            return nil
        }
    }
}
