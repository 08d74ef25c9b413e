import Foundation
import Hummingbird
import HummingbirdTesting
import OmniRouteServer
import OmniRouteStore
import OmniRouteTestSupport
import Testing

/// `/healthz` answers while the process runs; `/healthz/ready` only while its database does.
@Suite("Liveness and readiness")
struct ReadinessTests {
    @Test("ready while the database answers, without a key even once keys exist")
    func ready() async throws {
        let store = try TinyNetwork.store()
        _ = try store.createKey(try APIKeyRequest(name: "ops", roles: ["admin"], nodes: []), actor: nil)
        try await Application(router: RouteAPI(store: store).router()).test(.router) { client in
            let ready = try await client.execute(uri: "/healthz/ready", method: .get)
            #expect(ready.status == .ok && ready.json?["status"] == .string("ready"))
        }
    }

    @Test(
        "a PostgreSQL database gone: alive (200) but not ready (503, saying why)",
        .enabled(
            if: TestBackend.serverURL != nil, "needs OMNIROUTE_TEST_POSTGRES_URL (scripts/test.sh starts a server)"))
    func notReady() async throws {
        let server = TestBackend.serverURL!
        let url = TestBackend.freshDatabase(on: server)
        let store = try RouteStore.create(
            path: url, seed: TinyNetwork.scenario(), clock: .fixed(TinyNetwork.now), placeOrders: false)
        try await Application(router: RouteAPI(store: store).router()).test(.router) { client in
            #expect(try await client.execute(uri: "/healthz/ready", method: .get).status == .ok)
            TestBackend.dropDatabase(url, on: server)
            let ready = try await client.execute(uri: "/healthz/ready", method: .get)
            #expect(ready.status == .serviceUnavailable && ready.json?["status"] == .string("unavailable"))
            guard case .string(let detail)? = ready.json?["detail"] else {
                Issue.record("no detail: \(ready.text)")
                return
            }
            #expect(detail.contains(store.path.split(separator: "/").last!))
            #expect(try await client.execute(uri: "/healthz", method: .get).status == .ok)
        }
    }
}
