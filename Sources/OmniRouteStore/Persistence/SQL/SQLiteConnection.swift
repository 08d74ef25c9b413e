import GRDB

/// A GRDB connection inside a transaction, as the store's tables see it. Statements run
/// through GRDB's statement cache (the checkout path runs the same few thousands of times).
struct SQLiteConnection: SQLConnection {
    let database: Database

    var dialect: SQLDialect { .sqlite }

    func run(_ sql: String, _ arguments: SQLArguments) throws -> Int {
        try database.cachedStatement(sql: sql).execute(arguments: Self.arguments(arguments))
        return database.changesCount
    }

    func rows(_ sql: String, _ arguments: SQLArguments) throws -> [SQLRow] {
        let statement = try database.cachedStatement(sql: sql)
        let columns = SQLRow.Columns(statement.columnNames)
        let cursor = try Row.fetchCursor(statement, arguments: Self.arguments(arguments))
        var rows: [SQLRow] = []
        while let row = try cursor.next() {
            rows.append(SQLRow(columns: columns, values: row.databaseValues.map(Self.value)))
        }
        return rows
    }

    func insert(_ sql: String, _ arguments: SQLArguments, returning column: String) throws -> Int64 {
        _ = try run(sql, arguments)
        return database.lastInsertedRowID
    }

    func inSavepoint(_ body: () throws -> Void) throws {
        try database.inSavepoint {
            try body()
            return .commit
        }
    }

    private static func arguments(_ arguments: SQLArguments) -> StatementArguments {
        StatementArguments(
            arguments.map { argument -> DatabaseValue in
                switch argument.sqlValue {
                case .null: .null
                case .int(let x): x.databaseValue
                case .double(let x): x.databaseValue
                case .text(let s): s.databaseValue
                }
            })
    }

    private static func value(_ value: DatabaseValue) -> SQLValue {
        switch value.storage {
        case .null: .null
        case .int64(let x): .int(x)
        case .double(let x): .double(x)
        case .string(let s): .text(s)
        case .blob(let data): .text(String(decoding: data, as: UTF8.self))
        }
    }
}
