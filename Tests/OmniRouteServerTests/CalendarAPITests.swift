import HTTPTypes
import Hummingbird
import HummingbirdTesting
import OmniRouteModel
import OmniRouteTestSupport
import Testing

@Suite("Node calendars through the API")
struct CalendarAPITests {
    typealias API = RulesAPITests

    static func shipsOn(_ response: TestResponse) -> Document? { response.json?["legs"]?[0]?["ships_on"] }

    @Test("a node's calendar changes through the API; a leg it strands moves to another day; a picked one is refused")
    func nodeCalendar() async throws {
        let app = try TinyNetwork.application()
        try await app.test(.router) { client in
            let plain = try await API.post(client, "/v1/quotes", API.cart)
            #expect(API.source(plain) == .string("S-BOS") && Self.shipsOn(plain) == nil)
            // Closed today (Monday 23 November 2026): S-BOS ships on Tuesday.
            let set = try await API.put(
                client, "/v1/nodes/S-BOS/calendar", #"{"closed_dates":["2026-11-23"],"actor":"ops-lead"}"#)
            #expect(set.status == .ok && set.json?["closed_dates"] == .array([.string("2026-11-23")]))
            #expect(set.json?["repromised"] == .array([]))
            let quoted = try await API.post(client, "/v1/quotes", API.cart)
            #expect(API.source(quoted) == .string("S-BOS") && Self.shipsOn(quoted) == .string("2026-11-24"))
            // An order now ships from S-BOS on Tuesday: closing Tuesday as well moves its leg, and says so.
            let placed = try await API.post(client, "/v1/orders", API.cart)
            #expect(placed.status == .created && Self.shipsOn(placed) == .string("2026-11-24"))
            guard case .string(let id)? = placed.json?["id"] else {
                Issue.record("no order: \(placed.text)")
                return
            }
            let closed = try await API.put(
                client, "/v1/nodes/S-BOS/calendar", #"{"closed_dates":["2026-11-23","2026-11-24"]}"#)
            #expect(closed.status == .ok, "\(closed.text)")
            #expect(closed.json?["repromised"]?[0]?["order"] == .string(id), "\(closed.text)")
            #expect(closed.json?["repromised"]?[0]?["previous_eta"] == placed.json?["eta"])
            let moved = try await client.execute(uri: "/v1/orders/\(id)", method: .get)
            let day = Self.shipsOn(moved)
            #expect(day != nil && day != .string("2026-11-23") && day != .string("2026-11-24"), "\(moved.text)")
            // Picked, the order's units cannot move: closing its new day is refused, changing nothing.
            guard case .int(let leg)? = moved.json?["legs"]?[0]?["id"], case .string(let from)? = API.source(moved),
                case .string(let shipDay)? = day
            else {
                Issue.record("no leg: \(moved.text)")
                return
            }
            _ = try await API.post(client, "/v1/release", #"{"orders":["\#(id)"]}"#)
            for event in ["accepted", "picked"] {
                let r = try await API.post(client, "/v1/legs/\(leg)/events", #"{"type":"\#(event)"}"#)
                #expect(r.status == .ok, "\(r.text)")
            }
            let refused = try await API.put(
                client, "/v1/nodes/\(from)/calendar", #"{"closed_dates":["2026-11-23","2026-11-24","\#(shipDay)"]}"#)
            #expect(refused.status == .conflict)
            #expect(
                refused.text.contains("1 picked leg from \(from) would no longer ship on its day"), "\(refused.text)")
            #expect(Self.shipsOn(try await client.execute(uri: "/v1/orders/\(id)", method: .get)) == day)
            // A later cutoff the held leg can live with is taken.
            let zoned = try await API.put(
                client, "/v1/nodes/S-BOS/calendar",
                #"{"timezone":"America/New_York","cutoff":"18:00","closed_dates":["2026-11-23"]}"#)
            #expect(zoned.status == .ok && zoned.json?["timezone"] == .string("America/New_York"))
            // Strict input, each field named; an unknown node.
            let bad = try await API.put(
                client, "/v1/nodes/S-BOS/calendar", #"{"timezone":"America/Gotham","cutoff":"25:00"}"#)
            #expect(bad.status == .unprocessableContent)
            #expect(bad.text.contains("timezone") && bad.text.contains("cutoff") && bad.text.contains("Gotham"))
            let every = #"{"closed_weekdays":["mon","tue","wed","thu","fri","sat","sun"]}"#
            #expect(try await API.put(client, "/v1/nodes/S-BOS/calendar", every).status == .unprocessableContent)
            #expect(try await API.put(client, "/v1/nodes/S-XXX/calendar", "{}").status == .notFound)
            #expect(Self.shipsOn(try await API.post(client, "/v1/quotes", API.cart)) == .string("2026-11-24"))
        }
    }
}
