/// The SQL a backend speaks where the two differ. Statements are written once, in the
/// common subset with `?` placeholders; a backend rewrites what it must.
enum SQLDialect: Sendable {
    case sqlite
    case postgres

    /// A condition true where `column` holds a value that is not a number (or, with
    /// `integer`, not a whole number). SQLite keeps any value in any column; PostgreSQL's
    /// columns hold only their type, so there it is never true.
    func notOfKind(_ column: String, integer: Bool) -> String {
        switch self {
        case .sqlite: "typeof(\(column)) NOT IN (\(integer ? "'integer'" : "'integer', 'real'"))"
        case .postgres: "FALSE"
        }
    }
}

/// One connection of the store's database inside a transaction: what every table's
/// operations run their statements through. `SQLiteConnection` and `PostgresConnection`
/// implement it; nothing outside `Persistence/` sees it.
protocol SQLConnection {
    var dialect: SQLDialect { get }

    /// Runs a statement and returns how many rows it changed.
    @discardableResult
    func run(_ sql: String, _ arguments: SQLArguments) throws -> Int

    /// The rows of a query.
    func rows(_ sql: String, _ arguments: SQLArguments) throws -> [SQLRow]

    /// Runs an `INSERT` into a table whose key `column` the database numbers, and returns that number.
    func insert(_ sql: String, _ arguments: SQLArguments, returning column: String) throws -> Int64

    /// Runs `body` in a savepoint: what it wrote stays if it returns and is undone if it throws.
    func inSavepoint(_ body: () throws -> Void) throws
}

extension SQLConnection {
    /// Runs a statement without arguments.
    @discardableResult
    func run(_ sql: String) throws -> Int { try run(sql, []) }

    /// The rows of a query without arguments.
    func rows(_ sql: String) throws -> [SQLRow] { try rows(sql, []) }

    /// The first row of a query, or nil.
    func row(_ sql: String, _ arguments: SQLArguments = []) throws -> SQLRow? { try rows(sql, arguments).first }

    /// The first column of a query's first row, or nil when there is no row (or it holds null).
    func value<T: SQLReadable>(_ sql: String, _ arguments: SQLArguments = []) throws -> T? {
        guard let row = try row(sql, arguments) else { return nil }
        let value: T? = row[0]
        return value
    }

    /// The first column of every row of a query.
    func values<T: SQLReadable>(_ sql: String, _ arguments: SQLArguments = []) throws -> [T] {
        try rows(sql, arguments).map { $0[0] }
    }
}
