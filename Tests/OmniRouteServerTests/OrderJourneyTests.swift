import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import OmniRouteFormat
import OmniRouteModel
import OmniRouteServer
import OmniRouteStore
import OmniRouteTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

@Suite("Order journeys through the API")
struct OrderJourneyTests {
    static func cart(
        _ sku: String, ship: Bool, pickupAt store: String = "", customer: String = "C-1", channel: String = "web"
    ) -> String {
        let delivery =
            ship
            ? #"{"mode":"ship","location":{"lat":42.36,"lon":-71.06}}"#
            : #"{"mode":"pickup","pickup_node":"\#(store)"}"#
        return
            #"{"lines":[{"sku":"\#(sku)","qty":1}],"delivery":\#(delivery),"customer_id":"\#(customer)","#
            + #""channel":"\#(channel)"}"#
    }

    /// One journey per leg type: the cart, the leg type it gets, and the events to its end.
    static let journeys: [(cart: String, type: String, events: [String])] = [
        (cart("SCARCE", ship: true), "direct_to_home", ["accepted", "picked", "shipped", "delivered"]),
        (cart("PLENTY", ship: true), "ship_from_store", ["accepted", "picked", "shipped", "delivered"]),
        (
            cart("PLENTY", ship: false, pickupAt: "S-BOS"), "store_pickup",
            ["accepted", "picked", "ready_for_pickup", "collected"]
        ),
        (
            cart("SCARCE", ship: false, pickupAt: "S-NYC"), "warehouse_to_store_pickup",
            ["accepted", "picked", "in_transit", "ready_for_pickup", "collected"]
        ),
        (
            cart("PLENTY", ship: false, pickupAt: "S-NYC"), "store_to_store_pickup",
            ["accepted", "picked", "in_transit", "ready_for_pickup", "collected"]
        ),
    ]

    static func body(_ text: String) -> ByteBuffer { ByteBuffer(string: text) }

    @Test(
        "every leg type from checkout to the customer: place, release, node events; history, customer and feed agree"
    )
    func everyLegType() async throws {
        let app = try TinyNetwork.application(TinyNetwork.scenario(storeLane: true))
        try await app.test(.router) { client in
            var ids: [String] = []
            for (i, journey) in Self.journeys.enumerated() {
                let placed = try await client.execute(
                    uri: "/v1/orders", method: .post, headers: jsonHeaders(), body: Self.body(journey.cart))
                #expect(placed.status == .created, "\(placed.text)")
                guard case .string(let id)? = placed.json?["id"], case .array(let legs)? = placed.json?["legs"],
                    case .int(let leg)? = legs.first?["id"]
                else {
                    Issue.record("no order: \(placed.text)")
                    return
                }
                #expect(legs.first?["type"] == .string(journey.type), "journey \(i)")
                ids.append(id)
                let release = try await client.execute(
                    uri: "/v1/release", method: .post, headers: jsonHeaders(),
                    body: Self.body(#"{"orders":["\#(id)"]}"#))
                #expect(release.json?["released"] == .array([.string(id)]))
                for event in journey.events {
                    let extra = event == "shipped" ? #","tracking_id":"1Z-\#(i)""# : ""
                    let r = try await client.execute(
                        uri: "/v1/legs/\(leg)/events", method: .post, headers: jsonHeaders(),
                        body: Self.body(#"{"type":"\#(event)","actor":"associate 7"\#(extra)}"#))
                    #expect(r.status == .ok, "\(journey.type) \(event): \(r.text)")
                }
                let done = try await client.execute(uri: "/v1/orders/\(id)", method: .get)
                #expect(done.json?["status"] == .string("completed"), "\(journey.type): \(done.text)")
                let history = try await client.execute(uri: "/v1/orders/\(id)/history", method: .get)
                guard case .array(let events)? = history.json?["events"] else {
                    Issue.record("no history")
                    return
                }
                let types = events.compactMap { e -> String? in if case .string(let t)? = e["type"] { t } else { nil } }
                #expect(
                    types == ["order.placed", "order.released", "leg.released"] + journey.events.map { "leg." + $0 } + [
                        "order.completed"
                    ])
                #expect(events.dropFirst(3).first?["actor"] == .string("associate 7"))
            }
            let mine = try await client.execute(uri: "/v1/customers/C-1/orders?limit=2", method: .get)
            guard case .array(let page)? = mine.json?["orders"], case .string(let next)? = mine.json?["next"] else {
                Issue.record("no page: \(mine.text)")
                return
            }
            #expect(
                page.compactMap { if case .string(let id)? = $0["id"] { id } else { nil } }
                    == Array(ids.reversed().prefix(2)))
            let older = try await client.execute(uri: "/v1/customers/C-1/orders?limit=10&cursor=\(next)", method: .get)
            #expect(older.json?["next"] == .null)
            let feed = try await client.execute(uri: "/v1/events?after=0&limit=500", method: .get)
            guard case .array(let all)? = feed.json?["events"] else {
                Issue.record("no feed")
                return
            }
            let seqs = all.compactMap { if case .int(let s)? = $0["seq"] { s } else { nil } }
            #expect(seqs == seqs.sorted() && Set(seqs).count == seqs.count)
            let tail = try await client.execute(uri: "/v1/events?after=\(seqs[seqs.count - 3])", method: .get)
            #expect(tail.json?["events"].map { if case .array(let a) = $0 { a.count } else { 0 } } == 2)
            #expect(tail.json?["next"] == .string(String(seqs.last!)))
        }
    }

    @Test(
        "node events the state machine does not allow are 409 problems listing the allowed ones; a rejection re-sources"
    )
    func illegalAndRejected() async throws {
        let app = try TinyNetwork.application()
        try await app.test(.router) { client in
            let placed = try await client.execute(
                uri: "/v1/orders", method: .post, headers: jsonHeaders(),
                body: Self.body(Self.cart("SCARCE", ship: true)))
            guard case .string(let id)? = placed.json?["id"], case .array(let legs)? = placed.json?["legs"],
                case .int(let leg)? = legs.first?["id"]
            else {
                Issue.record("no order: \(placed.text)")
                return
            }
            let early = try await client.execute(
                uri: "/v1/legs/\(leg)/events", method: .post, headers: jsonHeaders(),
                body: Self.body(#"{"type":"accepted"}"#))
            #expect(early.status == .conflict && early.text.contains("release it first"))
            _ = try await client.execute(uri: "/v1/release", method: .post)
            let skip = try await client.execute(
                uri: "/v1/legs/\(leg)/events", method: .post, headers: jsonHeaders(),
                body: Self.body(#"{"type":"delivered"}"#))
            #expect(skip.status == .conflict && skip.headers[.contentType] == "application/problem+json")
            #expect(skip.json?["allowed"] == .array([.string("accepted"), .string("rejected")]))
            #expect(skip.json?["leg_status"] == .string("released"))
            for (bad, pointer) in [
                (#"{"type":"teleported"}"#, "/type"), (#"{"type":"shipped"}"#, "/tracking_id"),
                (#"{"type":"picked","lines":[{"sku":"SCARCE","qty":1}]}"#, "/lines"),
                (#"{"type":"rejected","lines":[{"sku":"SCARCE","qty":0}]}"#, "/lines/0/qty"),
            ] {
                let r = try await client.execute(
                    uri: "/v1/legs/\(leg)/events", method: .post, headers: jsonHeaders(), body: Self.body(bad))
                #expect(r.status == .unprocessableContent, "\(bad)")
                #expect(r.json?["errors"]?[0]?["pointer"] == .string(pointer), "\(bad): \(r.text)")
            }
            #expect(
                try await client.execute(
                    uri: "/v1/legs/999999/events", method: .post, headers: jsonHeaders(),
                    body: Self.body(#"{"type":"accepted"}"#)
                ).status == .notFound)
            let rejected = try await client.execute(
                uri: "/v1/legs/\(leg)/events", method: .post, headers: jsonHeaders(),
                body: Self.body(#"{"type":"rejected","reason":"damaged"}"#))
            #expect(rejected.status == .ok)
            guard case .array(let after)? = rejected.json?["order"]?["legs"] else {
                Issue.record("no legs: \(rejected.text)")
                return
            }
            #expect(after.map { $0["status"] } == [.string("rejected"), .string("released")])
            #expect(after.last?["from"] == .string("DC-B"))
            let pickList = try await client.execute(uri: "/v1/events?after=0&node=DC-B&type=leg.released", method: .get)
            #expect(pickList.json?["events"]?[0]?["leg"] == after.last?["id"] && pickList.json?["events"]?[1] == nil)
            let stock = try await client.execute(uri: "/v1/inventory/DC-A/SCARCE", method: .get)
            #expect(stock.json?["on_hand"] == .int(2))
            let sale = try await client.execute(
                uri: "/v1/inventory/sales", method: .post, headers: jsonHeaders(),
                body: Self.body(#"{"node":"S-BOS","lines":[{"sku":"PLENTY","qty":2}],"reference":"till 4"}"#))
            #expect(sale.status == .ok && sale.json?["positions"]?[0]?["on_hand"] == .int(3))
            let snapshot = try await client.execute(
                uri: "/v1/inventory/snapshots", method: .post, headers: jsonHeaders(),
                body: Self.body(#"{"node":"DC-B","positions":[{"sku":"SCARCE","on_hand":1}]}"#))
            #expect(snapshot.status == .ok && snapshot.json?["resourced"] == .array([.string(id)]))
            // DC-B counted 1, held outside the store: the order's unit had nowhere left to go.
            let lost = try await client.execute(uri: "/v1/orders/\(id)", method: .get)
            #expect(lost.json?["status"] == .string("unfulfilled") && lost.json?["unfulfilled"]?[0]?["qty"] == .int(1))
            #expect(try await client.execute(uri: "/v1/orders/\(id)/cancel", method: .post).status == .conflict)
            // Cancelling some units of a planned order.
            let two =
                #"{"lines":[{"sku":"PLENTY","qty":2}],"delivery":{"mode":"ship","#
                + #""location":{"lat":42.36,"lon":-71.06}}}"#
            let other = try await client.execute(
                uri: "/v1/orders", method: .post, headers: jsonHeaders(), body: Self.body(two))
            guard case .string(let otherId)? = other.json?["id"] else {
                Issue.record("no order: \(other.text)")
                return
            }
            let cancel = try await client.execute(
                uri: "/v1/orders/\(otherId)/cancel", method: .post, headers: jsonHeaders(),
                body: Self.body(#"{"lines":[{"sku":"PLENTY","qty":1}],"actor":"agent 3"}"#))
            #expect(cancel.status == .ok, "\(cancel.text)")
            #expect(cancel.json?["cancelled"] == .array([.object([("sku", .string("PLENTY")), ("qty", .int(1))])]))
            #expect(cancel.json?["lines"]?[0]?["qty"] == .int(1) && cancel.json?["status"] == .string("planned"))
        }
    }

    @Test(
        "a server killed in the middle of orders' journeys loses nothing: the restarted one carries them to the end",
        .tags(.slow), .skippedWhenFast)
    func restartMidJourney() async throws {
        guard let binary = OmniRouteBinary.path else {
            Issue.record("the omniroute executable was not built")
            return
        }
        let dir = Paths.temporaryDirectory()
        let db = try CrashRecoveryTests.initDatabase(binary, TinyNetwork.scenario(scarceA: 50, scarceB: 50), in: dir)

        let server = try ServerProcess(db: db, log: dir.appendingPathComponent("server.log"))
        let port = server.port
        var legs: [Int] = []
        for _ in 0..<6 {
            let r = RawHTTP.request(
                port: port, method: "POST", path: "/v1/orders", body: Self.cart("SCARCE", ship: true))
            guard let r, r.status == 201, case .array(let l)? = (try? JSONParser.parse(r.body))?["legs"],
                case .int(let leg)? = l.first?["id"]
            else {
                Issue.record("order failed")
                break
            }
            legs.append(leg)
        }
        #expect(RawHTTP.request(port: port, method: "POST", path: "/v1/release", body: "{}")?.status == 200)
        // While it serves, the command line may not write the database behind its back.
        let second = try OmniRouteBinary.run(["release", "--db", db], timeout: 120)
        let message = second.output
        let holder = "is open in another process (pid \(server.process.processIdentifier))"
        #expect(
            second.status != 0 && message.contains(holder),
            "\(message)")
        // Checking only reads, and may run beside it.
        let check = try OmniRouteBinary.run(["db", "check", "--db", db], timeout: 120)
        #expect(check.status == 0, "\(check.output)")
        for (i, leg) in legs.enumerated() {
            for event in ["accepted", "picked"].prefix(i % 3) {
                #expect(
                    RawHTTP.request(
                        port: port, method: "POST", path: "/v1/legs/\(leg)/events", body: #"{"type":"\#(event)"}"#)?
                        .status == 200)
            }
        }
        let feedBefore = RawHTTP.request(port: port, method: "GET", path: "/v1/events?after=0&limit=500").flatMap {
            try? JSONParser.parse($0.body)
        }
        server.kill()

        let again = try ServerProcess(db: db, log: dir.appendingPathComponent("server2.log"))
        let port2 = again.port
        let feedAfter = RawHTTP.request(port: port2, method: "GET", path: "/v1/events?after=0&limit=500").flatMap {
            try? JSONParser.parse($0.body)
        }
        #expect(feedBefore?["events"] == feedAfter?["events"])  // the outbox survived as it was
        for (i, leg) in legs.enumerated() {
            for event in ["accepted", "picked", "shipped", "delivered"].dropFirst(i % 3) {
                let body = event == "shipped" ? #"{"type":"shipped","tracking_id":"T\#(i)"}"# : #"{"type":"\#(event)"}"#
                let r = RawHTTP.request(port: port2, method: "POST", path: "/v1/legs/\(leg)/events", body: body)
                #expect(r?.status == 200, "leg \(leg) \(event): \(r?.body ?? "no reply")")
            }
        }
        #expect(again.stop(signal: SIGTERM) == 0)
        let store = try RouteStore.open(path: db)
        #expect(try store.check().isEmpty)
        #expect(store.stats.openOrders == 0 && store.stats.heldUnits == 0)
        #expect(try store.stock(node: "DC-A", sku: "SCARCE").onHand == 44)
    }
}
