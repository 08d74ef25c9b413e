import Foundation
import OmniRouteModel

/// Where a PostgreSQL database is: `postgres://user[:password]@host[:port]/dbname`
/// (also `postgresql://`); `?sslmode=require` asks for TLS. The password may come
/// from `PGPASSWORD` instead of the URL.
struct PostgresLocation: Sendable, Equatable {
    var host: String
    var port: Int
    var user: String
    var password: String?
    var database: String
    var requireTLS: Bool

    /// Whether `text` names a PostgreSQL database rather than a file.
    static func isURL(_ text: String) -> Bool {
        text.hasPrefix("postgres://") || text.hasPrefix("postgresql://")
    }

    /// Reads a URL, naming what is wrong with one that does not read.
    init(url text: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws(StoreError) {
        guard Self.isURL(text), let url = URLComponents(string: text) else {
            throw .invalid([Issue(path: "--db", message: "\(text) is not a postgres://user@host:port/dbname URL")])
        }
        guard let host = url.host, !host.isEmpty else {
            throw .invalid([Issue(path: "--db", message: "the URL names no host")])
        }
        let database = url.path.hasPrefix("/") ? String(url.path.dropFirst()) : url.path
        guard !database.isEmpty, !database.contains("/") else {
            throw .invalid([
                Issue(path: "--db", message: "the URL names no database (postgres://user@host:port/dbname)")
            ])
        }
        guard let user = url.user ?? environment["PGUSER"], !user.isEmpty else {
            throw .invalid([Issue(path: "--db", message: "the URL names no user (postgres://user@host:port/dbname)")])
        }
        let port = url.port ?? 5432
        guard (1...65535).contains(port) else {
            throw .invalid([Issue(path: "--db", message: "port \(port) is not a TCP port")])
        }
        let sslmode = url.queryItems?.first { $0.name == "sslmode" }?.value ?? "disable"
        guard ["disable", "require"].contains(sslmode) else {
            throw .invalid([Issue(path: "--db", message: "sslmode=\(sslmode) is not one of disable, require")])
        }
        self.host = host
        self.port = port
        self.user = user.removingPercentEncoding ?? user
        password = url.password.map { $0.removingPercentEncoding ?? $0 } ?? environment["PGPASSWORD"]
        self.database = database
        requireTLS = sslmode == "require"
    }

    /// The URL without its password, for messages and logs.
    var description: String { "postgres://\(user)@\(host):\(port)/\(database)" }
}
