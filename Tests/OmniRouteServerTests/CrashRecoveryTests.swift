import Foundation
import OmniRouteFormat
import OmniRouteModel
import OmniRouteStore
import OmniRouteTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

@Suite("Crash recovery", .tags(.slow), .skippedWhenFast)
struct CrashRecoveryTests {
    @Test(
        "SIGKILL in the middle of a stream of orders loses no order that got a 201, and db check passes after restart")
    func killDuringOrders() async throws {
        guard let binary = OmniRouteBinary.path else {
            Issue.record("the omniroute executable was not built")
            return
        }
        let dir = Paths.temporaryDirectory()
        let db = try Self.initDatabase(binary, TinyNetwork.scenario(scarceA: 5000, scarceB: 5000), in: dir)

        let server = try ServerProcess(db: db, log: dir.appendingPathComponent("server.log"))
        // Four clients stream orders; the server is killed while they run.
        let confirmed = LockedIds()
        let clients = Self.streamOrders(port: server.port, clients: 4, into: confirmed)
        confirmed.wait(forAtLeast: 150)
        server.kill()
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
        let again = try ServerProcess(db: db, log: dir.appendingPathComponent("server2.log"))
        #expect(RawHTTP.request(port: again.port, method: "GET", path: "/v1/orders/\(ids.first!)")?.status == 200)
    }

    @Test(
        "SIGTERM amid a stream of orders: the server answers what it took, exits 0, leaves a checkpointed database"
    )
    func terminateDuringOrders() async throws {
        guard OmniRouteBinary.path != nil else {
            Issue.record("the omniroute executable was not built")
            return
        }
        let dir = Paths.temporaryDirectory()
        let db = try Self.initDatabase(
            OmniRouteBinary.path!, TinyNetwork.scenario(scarceA: 5000, scarceB: 5000), in: dir)
        let server = try ServerProcess(db: db, log: dir.appendingPathComponent("server.log"))
        let confirmed = LockedIds()
        let clients = Self.streamOrders(port: server.port, clients: 4, into: confirmed)
        confirmed.wait(forAtLeast: 100)
        let status = server.stop(signal: SIGTERM)
        for client in clients { client.wait() }
        let log = (try? String(contentsOf: server.log, encoding: .utf8)) ?? ""
        #expect(status == 0, "\(log)")
        // The write-ahead log was copied into the database and emptied.
        let wal = (try? FileManager.default.attributesOfItem(atPath: db + "-wal")[.size] as? Int) ?? 0
        #expect(wal == 0)
        let store = try RouteStore.open(path: db)
        #expect(try store.check().isEmpty)
        let ids = confirmed.all
        for id in ids { #expect(try store.order(id: id).status == .planned) }
        #expect(store.stats.openOrders >= ids.count)
    }

    /// `clients` threads that place orders on `port` until the server stops answering,
    /// collecting the ids of the confirmed ones.
    static func streamOrders(port: Int, clients: Int, into confirmed: LockedIds) -> [Thread.Joinable] {
        (0..<clients).map { c in
            Thread.detachNewThreadWithResult {
                var i = 0
                while true {
                    let body =
                        #"{"lines":[{"sku":"SCARCE","qty":1},{"sku":"PLENTY","qty":1}],"delivery":{"mode":"ship","#
                        + #""location":{"lat":42.36,"lon":-71.06}}}"#
                    guard
                        let reply = RawHTTP.request(
                            port: port, method: "POST", path: "/v1/orders", body: body,
                            headers: ["Idempotency-Key": "c\(c)-\(i)"])
                    else { break }
                    if reply.status == 201, let doc = try? JSONParser.parse(reply.body),
                        case .string(let id)? = doc["id"]
                    {
                        confirmed.insert(id)
                    }
                    i += 1
                }
                confirmed.finish()
            }
        }
    }

    /// A database in `dir` seeded with `scenario` by `omniroute db init` (clocked at `TinyNetwork.now`).
    /// (`binary` must be `OmniRouteBinary.path`; the run is killed after two minutes.)
    static func initDatabase(_ binary: String, _ scenario: Scenario, in dir: URL) throws -> String {
        let db = dir.appendingPathComponent("store.sqlite").path
        let file = dir.appendingPathComponent("scenario.json").path
        try DocumentFile.write(scenario.document, to: file)
        let initialized = try OmniRouteBinary.run(
            ["db", "init", "--seed", file, "--db", db, "--clock", TinyNetwork.now.text],
            timeout: 120)
        #expect(initialized.status == 0, "\(initialized.output)")
        return db
    }

}

/// Ids collected by several threads; `wait(forAtLeast:)` blocks until enough have come
/// or every client has finished.
final class LockedIds: @unchecked Sendable {
    private let condition = NSCondition()
    private var ids: [String] = []
    private var finished = 0
    private let clients: Int

    init(clients: Int = 4) { self.clients = clients }

    func insert(_ id: String) {
        condition.withLock { ids.append(id) }
        condition.broadcast()
    }

    /// Called by each client when it stops.
    func finish() {
        condition.withLock { finished += 1 }
        condition.broadcast()
    }

    /// (At most `timeout` seconds: the test then fails on the count instead of hanging.)
    func wait(forAtLeast count: Int, timeout: Double = 300) {
        let deadline = Date(timeIntervalSinceNow: timeout)
        condition.withLock {
            while ids.count < count && finished < clients {
                guard condition.wait(until: deadline) else { return }
            }
        }
    }

    var count: Int { condition.withLock { ids.count } }
    var all: [String] { condition.withLock { ids } }
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
