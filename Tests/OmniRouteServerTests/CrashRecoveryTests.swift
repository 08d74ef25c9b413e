import Foundation
import OmniRouteFormat
import OmniRouteModel
import OmniRouteStore
import OmniRouteTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite("Crash recovery")
struct CrashRecoveryTests {
    @Test("SIGKILL in the middle of a stream of orders loses no order that got a 201, and db check passes after restart")
    func killDuringOrders() async throws {
        guard let binary = OmniRouteBinary.path else {
            Issue.record("the omniroute executable was not built")
            return
        }
        let dir = Paths.temporaryDirectory()
        let db = try Self.initDatabase(binary, TinyNetwork.scenario(scarceA: 5000, scarceB: 5000), in: dir)

        let (server, port) = try Self.startServer(binary, db: db, log: dir.appendingPathComponent("server.log"))
        // Four clients stream orders; the server is killed while they run.
        let confirmed = LockedIds()
        let clients = (0..<4).map { c in
            Thread.detachNewThreadWithResult {
                var i = 0
                while true {
                    let body = #"{"lines":[{"sku":"SCARCE","qty":1},{"sku":"PLENTY","qty":1}],"delivery":{"mode":"ship","location":{"lat":42.36,"lon":-71.06}}}"#
                    guard let reply = RawHTTP.request(port: port, method: "POST", path: "/v1/orders", body: body,
                                                      headers: ["Idempotency-Key": "c\(c)-\(i)"]) else { return }
                    if reply.status == 201, let doc = try? JSONParser.parse(reply.body), case .string(let id)? = doc["id"] {
                        confirmed.insert(id)
                    }
                    i += 1
                }
            }
        }
        while confirmed.count < 150 { usleep(2_000) }
        kill(server.processIdentifier, SIGKILL)
        server.waitUntilExit()
        for client in clients { client.wait() }
        let ids = confirmed.all
        #expect(ids.count >= 150)

        do {
            let store = try RouteStore.open(path: db)
            #expect(try store.check().isEmpty)
            for id in ids { #expect(try store.order(id: id).status == .planned) }
            #expect(store.stats.openOrders >= ids.count)  // orders committed but killed before their reply count too
        }
        // And the restarted server serves them (once this process has closed the database).
        let (again, port2) = try Self.startServer(binary, db: db, log: dir.appendingPathComponent("server2.log"))
        defer { kill(again.processIdentifier, SIGTERM); again.waitUntilExit() }
        #expect(RawHTTP.request(port: port2, method: "GET", path: "/v1/orders/\(ids.first!)")?.status == 200)
    }

    /// A database in `dir` seeded with `scenario` by `omniroute db init` (clocked at `TinyNetwork.now`).
    static func initDatabase(_ binary: String, _ scenario: Scenario, in dir: URL) throws -> String {
        let db = dir.appendingPathComponent("store.sqlite").path
        let file = dir.appendingPathComponent("scenario.json").path
        try DocumentFile.write(scenario.document, to: file)
        let initialized = Process()
        initialized.executableURL = URL(fileURLWithPath: binary)
        initialized.arguments = ["db", "init", "--seed", file, "--db", db, "--clock", TinyNetwork.now.text]
        try initialized.run()
        initialized.waitUntilExit()
        #expect(initialized.terminationStatus == 0)
        return db
    }

    static func startServer(_ binary: String, db: String, log: URL) throws -> (Process, Int) {
        FileManager.default.createFile(atPath: log.path, contents: nil)
        let out = try FileHandle(forWritingTo: log)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["serve", "--db", db, "--port", "0", "--log-level", "warning"]
        process.standardOutput = out
        process.standardError = out
        try process.run()
        for _ in 0..<600 {
            let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            if let range = text.range(of: "on http://127.0.0.1:") {
                let digits = text[range.upperBound...].prefix { $0.isNumber }
                if let port = Int(digits) { return (process, port) }
            }
            usleep(50_000)
        }
        process.terminate()
        throw CocoaError(.fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: "the server did not start: \((try? String(contentsOf: log, encoding: .utf8)) ?? "")"])
    }
}

final class LockedIds: @unchecked Sendable {
    private let lock = NSLock()
    private var ids: [String] = []
    func insert(_ id: String) { lock.withLock { ids.append(id) } }
    var count: Int { lock.withLock { ids.count } }
    var all: [String] { lock.withLock { ids } }
}

extension Thread {
    /// Runs `body` on a new thread; `wait()` on the result joins it.
    static func detachNewThreadWithResult(_ body: @escaping @Sendable () -> Void) -> Joinable {
        let done = Joinable()
        Thread.detachNewThread {
            body()
            done.semaphore.signal()
        }
        return done
    }

    final class Joinable: @unchecked Sendable {
        let semaphore = DispatchSemaphore(value: 0)
        func wait() { semaphore.wait() }
    }
}
