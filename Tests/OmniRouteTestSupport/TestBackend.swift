import Foundation

/// Which backend the store and API tests run on: SQLite unless `OMNIROUTE_TEST_BACKEND=postgres`
/// (then `OMNIROUTE_TEST_POSTGRES_URL` names a server the tests may create databases on;
/// `scripts/test.sh` starts one and runs those suites a second time so).
public enum TestBackend: String, Sendable {
    case sqlite
    case postgres

    public static var current: TestBackend {
        ProcessInfo.processInfo.environment["OMNIROUTE_TEST_BACKEND"].flatMap(TestBackend.init) ?? .sqlite
    }

    /// The PostgreSQL server the tests may use (a URL to any of its databases), or nil.
    public static var serverURL: String? {
        ProcessInfo.processInfo.environment["OMNIROUTE_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Creates an empty database on `server` and returns its URL.
    public static func freshDatabase(on server: String) -> String {
        let name = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        psql(server, "CREATE DATABASE \(name)")
        guard let slash = server.range(of: "/", options: .backwards) else { return server }
        let query = server[slash.upperBound...].firstIndex(of: "?").map { String(server[$0...]) } ?? ""
        return server[..<slash.upperBound] + name + query
    }

    /// Drops the database `url` names, cutting off whoever is connected to it (from `server`).
    public static func dropDatabase(_ url: String, on server: String) {
        let name = url.split(separator: "/").last!.split(separator: "?").first!
        psql(server, "DROP DATABASE \(name) WITH (FORCE)")
    }

    /// Runs `sql` on `server` with psql, which must succeed.
    private static func psql(_ server: String, _ sql: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["psql", "-q", "-v", "ON_ERROR_STOP=1", server, "-c", sql]
        do {
            try process.run()
            process.waitUntilExit()
        } catch {
            preconditionFailure("psql could not run (\(sql)): \(error)")
        }
        precondition(process.terminationStatus == 0, "psql could not run \(sql) on \(server)")
    }
}
