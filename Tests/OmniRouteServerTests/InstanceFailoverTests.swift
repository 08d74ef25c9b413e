import Foundation
import OmniRouteFormat
import OmniRouteStore
import OmniRouteTestSupport
import Testing

/// Three `omniroute serve` processes on one PostgreSQL database, one of them killed and
/// started again, three times over, while clients stream orders through all three.
@Suite(
    "Instance failover on PostgreSQL", .tags(.slow), .skippedWhenFast,
    .enabled(if: TestBackend.serverURL != nil, "needs OMNIROUTE_TEST_POSTGRES_URL (scripts/test.sh starts a server)"))
struct InstanceFailoverTests {
    @Test(
        "SIGKILL of one of three instances under orders: keys retried elsewhere get their answer, no 201 is lost"
    )
    func killOneOfThree() throws {
        guard OmniRouteBinary.path != nil else {
            Issue.record("the omniroute executable was not built")
            return
        }
        let dir = Paths.temporaryDirectory()
        let db = TestBackend.freshDatabase(on: TestBackend.serverURL!)
        let file = dir.appendingPathComponent("scenario.json").path
        try DocumentFile.write(TinyNetwork.scenario(scarceA: 5000, scarceB: 5000).document, to: file)
        let initialized = try OmniRouteBinary.run(
            ["db", "init", "--seed", file, "--db", db, "--clock", TinyNetwork.now.text], timeout: 120)
        try #require(initialized.status == 0, "\(initialized.output)")

        var servers = try (0..<3).map { i in
            try ServerProcess(db: db, log: dir.appendingPathComponent("server-\(i).log"))
        }
        let fleet = Fleet(ports: servers.map(\.port))
        let confirmed = LockedIds(clients: 6)
        let replies = KeyedReplies()
        let clients = (0..<6).map { c in
            Thread.detachNewThreadWithResult { Self.stream(client: c, fleet, confirmed, replies) }
        }
        var seen = 0
        for cycle in 0..<3 {
            let victim = cycle % 3
            seen += 40
            confirmed.wait(forAtLeast: seen)
            servers[victim].kill()
            seen += 40  // the two others go on confirming orders
            confirmed.wait(forAtLeast: seen)
            servers[victim] = try ServerProcess(
                db: db, log: dir.appendingPathComponent("server-\(victim)-\(cycle + 1).log"))
            fleet.replace(victim, port: servers[victim].port)
        }
        seen += 40
        confirmed.wait(forAtLeast: seen)
        fleet.stop()
        for client in clients { client.wait() }

        let ids = confirmed.all
        #expect(ids.count >= seen)
        #expect(Set(ids).count == ids.count)
        #expect(replies.retriedElsewhere > 0)
        for server in servers { server.kill() }
        let store = try RouteStore.open(path: db)
        #expect(try store.check().isEmpty)
        for id in ids { #expect(try store.order(id: id).status == .planned) }
        // One order at most per key: a key whose instance died after committing was replayed
        // by the next, not placed twice (only keys never confirmed may have left an order).
        #expect(store.stats.openOrders >= ids.count)
        #expect(store.stats.openOrders <= ids.count + replies.unconfirmed)
    }

    /// Client `c` places orders through instance `c % 3` until the fleet stops; a request
    /// that gets no answer (its instance died) is sent again, with its key, to the next one.
    static func stream(client c: Int, _ fleet: Fleet, _ confirmed: LockedIds, _ replies: KeyedReplies) {
        let body =
            #"{"lines":[{"sku":"SCARCE","qty":1},{"sku":"PLENTY","qty":1}],"delivery":{"mode":"ship","#
            + #""location":{"lat":42.36,"lon":-71.06}}}"#
        var i = 0
        while !fleet.isStopped {
            let key = "c\(c)-\(i)"
            var slot = c % 3
            var answered = false
            for attempt in 0..<50 {
                if let reply = RawHTTP.request(
                    port: fleet.port(slot), method: "POST", path: "/v1/orders", body: body,
                    headers: ["Idempotency-Key": key])
                {
                    if reply.status == 201, let doc = try? JSONParser.parse(reply.body),
                        case .string(let id)? = doc["id"]
                    {
                        replies.confirm(retried: attempt > 0)
                        confirmed.insert(id)
                        answered = true
                    }
                    break
                }
                slot = (slot + 1) % 3
            }
            if !answered { replies.leaveUnconfirmed() }
            i += 1
        }
        confirmed.finish()
    }
}

/// The instances' ports by slot, as they are restarted, and whether the clients should stop.
final class Fleet: @unchecked Sendable {
    private let lock = NSLock()
    private var ports: [Int]
    private var stopped = false

    init(ports: [Int]) { self.ports = ports }

    func port(_ slot: Int) -> Int { lock.withLock { ports[slot] } }
    func replace(_ slot: Int, port: Int) { lock.withLock { ports[slot] = port } }
    var isStopped: Bool { lock.withLock { stopped } }
    func stop() { lock.withLock { stopped = true } }
}

/// How the clients' keys were answered: confirmed after a retry on another instance, or never confirmed.
final class KeyedReplies: @unchecked Sendable {
    private let lock = NSLock()
    private var retried = 0
    private var missing = 0

    func confirm(retried: Bool) { if retried { lock.withLock { self.retried += 1 } } }
    func leaveUnconfirmed() { lock.withLock { missing += 1 } }

    var retriedElsewhere: Int { lock.withLock { retried } }
    var unconfirmed: Int { lock.withLock { missing } }
}
