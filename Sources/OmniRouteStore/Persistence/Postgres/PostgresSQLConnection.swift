import Foundation
import Logging
import PostgresNIO
import Synchronization

/// A PostgreSQL connection inside a transaction, as the store's tables see it. Its calls
/// block the calling thread until the server answers: the store runs its transactions on
/// its own threads (the group committer's, or a caller's off Swift's cooperative pool),
/// never on an event loop.
final class PostgresSQLConnection: SQLConnection {
    let connection: PostgresConnection
    private let logger: Logger
    private var savepoints = 0

    init(_ connection: PostgresConnection, logger: Logger) {
        self.connection = connection
        self.logger = logger
    }

    var dialect: SQLDialect { .postgres }

    @discardableResult
    func run(_ sql: String, _ arguments: SQLArguments) throws -> Int {
        try execute(sql, arguments).metadata.rows ?? 0
    }

    func rows(_ sql: String, _ arguments: SQLArguments) throws -> [SQLRow] {
        let result = try execute(sql, arguments)
        guard let first = result.rows.first else { return [] }
        let columns = SQLRow.Columns(first.map(\.columnName))
        return try result.rows.map { row in SQLRow(columns: columns, values: try row.map(Self.value)) }
    }

    func insert(_ sql: String, _ arguments: SQLArguments, returning column: String) throws -> Int64 {
        guard let row = try rows(sql + " RETURNING " + column, arguments).first else {
            throw StoreError.database("an insert returned no \(column)")
        }
        return row[0]
    }

    func inSavepoint(_ body: () throws -> Void) throws {
        savepoints += 1
        let name = "s\(savepoints)"
        defer { savepoints -= 1 }
        try run("SAVEPOINT " + name)
        do {
            try body()
            try run("RELEASE SAVEPOINT " + name)
        } catch {
            try run("ROLLBACK TO SAVEPOINT " + name)
            try run("RELEASE SAVEPOINT " + name)
            throw error
        }
    }

    /// Runs statements separated by `;`, one after the other, without arguments.
    func script(_ sql: String) throws {
        for statement in Self.statements(sql) { try run(statement) }
    }

    /// The statements of a script: split at each `;` outside quotes and `$$` bodies.
    static func statements(_ sql: String) -> [String] {
        var statements: [String] = []
        var current = ""
        var quote: Character?
        var inBody = false
        var previous: Character = " "
        for c in sql {
            current.append(c)
            if inBody {
                if c == "$" && previous == "$" { inBody = false }
            } else if let q = quote {
                if c == q { quote = nil }
            } else if c == "'" || c == "\"" {
                quote = c
            } else if c == "$" && previous == "$" {
                inBody = true
            } else if c == ";" {
                statements.append(String(current.dropLast()))
                current = ""
            }
            previous = c == "$" && previous == "$" ? " " : c
        }
        statements.append(current)
        return statements.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
    }

    private func execute(_ sql: String, _ arguments: SQLArguments) throws -> PostgresQueryResult {
        var bindings = PostgresBindings(capacity: arguments.count)
        for argument in arguments {
            switch argument.sqlValue {
            case .null: bindings.appendNull()
            case .int(let x): bindings.append(x)
            case .double(let x): bindings.append(x)
            case .text(let s): bindings.append(s)
            }
        }
        let query = PostgresQuery(unsafeSQL: Self.numbered(sql), binds: bindings)
        do {
            return try connection.query(query, logger: logger).wait()
        } catch let error as PSQLError {
            throw StoreError.database(Self.message(error))
        }
    }

    /// The server's own words for a failed statement (postgres-nio's description hides them).
    static func message(_ error: PSQLError) -> String {
        if let server = error.serverInfo, let text = server[.message] {
            let code = server[.sqlState].map { " (SQLSTATE \($0))" } ?? ""
            let detail = server[.detail].map { ": \($0)" } ?? ""
            return text + detail + code
        }
        return String(reflecting: error)
    }

    private static let numberedCache = Mutex<[String: String]>([:])

    /// `sql` with its `?` placeholders numbered `$1`, `$2`, … as PostgreSQL wants them
    /// (a `?` inside a quoted string or identifier is left alone).
    static func numbered(_ sql: String) -> String {
        if let cached = numberedCache.withLock({ $0[sql] }) { return cached }
        var out = ""
        out.reserveCapacity(sql.utf8.count + 16)
        var n = 0
        var quote: Character?
        for c in sql {
            if let q = quote {
                if c == q { quote = nil }
                out.append(c)
            } else if c == "'" || c == "\"" {
                quote = c
                out.append(c)
            } else if c == "?" {
                n += 1
                out += "$\(n)"
            } else {
                out.append(c)
            }
        }
        numberedCache.withLock { if $0.count < 4096 { $0[sql] = out } }
        return out
    }

    private static func value(_ cell: PostgresCell) throws -> SQLValue {
        guard cell.bytes != nil else { return .null }
        switch cell.dataType {
        case .int2, .int4, .int8: return .int(try cell.decode(Int64.self))
        case .float4, .float8: return .double(try cell.decode(Double.self))
        case .bool: return .int(try cell.decode(Bool.self) ? 1 : 0)
        case .numeric:
            let decimal = try cell.decode(Decimal.self)
            let double = NSDecimalNumber(decimal: decimal).doubleValue
            if let whole = Int64(exactly: double) { return .int(whole) }
            return .double(double)
        default: return .text(try cell.decode(String.self))
        }
    }
}
