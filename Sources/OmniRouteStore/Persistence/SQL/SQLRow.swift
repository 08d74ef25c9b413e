/// One row of a statement's result: its values by column name or position.
struct SQLRow: Sendable {
    /// The result's column names and where each is (shared by its rows).
    final class Columns: Sendable {
        let names: [String]
        let index: [String: Int]

        init(_ names: [String]) {
            self.names = names
            var index: [String: Int] = [:]
            for (i, name) in names.enumerated() where index[name] == nil { index[name] = i }
            self.index = index
        }
    }

    let columns: Columns
    let values: [SQLValue]

    /// The value of column `name`, read as `T`. A column the statement does not select, or
    /// one that holds a value of another kind, is a programming error (the schema fixes
    /// both; `StoredRanges` refuses a database whose values are not of their column's kind).
    subscript<T: SQLReadable>(_ name: String) -> T {
        guard let i = columns.index[name] else { preconditionFailure("no column \(name) in \(columns.names)") }
        return self[i]
    }

    /// The value at position `i`, read as `T`.
    subscript<T: SQLReadable>(_ i: Int) -> T {
        guard let value = T(sqlValue: values[i]) else {
            preconditionFailure("column \(columns.names[i]) holds \(values[i]), not a \(T.self)")
        }
        return value
    }
}
