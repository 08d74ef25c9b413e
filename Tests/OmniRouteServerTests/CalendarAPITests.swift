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

    @Test("a node's calendar changes through the API; a change that strands a held leg is refused and changes nothing")
    func nodeCalendar() async throws {
        let app = try TinyNetwork.application()
        try await app.test(.router) { client in
            let plain = try await API.post(client, "/v1/quotes", API.cart)
            #expect(API.source(plain) == .string("S-BOS") && Self.shipsOn(plain) == nil)
            // Closed today (Monday 23 November 2026): S-BOS ships on Tuesday.
            let set = try await API.put(
                client, "/v1/nodes/S-BOS/calendar", #"{"closed_dates":["2026-11-23"],"actor":"ops-lead"}"#)
            #expect(set.status == .ok && set.json?["closed_dates"] == .array([.string("2026-11-23")]))
            let quoted = try await API.post(client, "/v1/quotes", API.cart)
            #expect(API.source(quoted) == .string("S-BOS") && Self.shipsOn(quoted) == .string("2026-11-24"))
            // An order now ships from S-BOS on Tuesday: closing Tuesday as well would strand its leg.
            let placed = try await API.post(client, "/v1/orders", API.cart)
            #expect(placed.status == .created && Self.shipsOn(placed) == .string("2026-11-24"))
            let refused = try await API.put(
                client, "/v1/nodes/S-BOS/calendar", #"{"closed_dates":["2026-11-23","2026-11-24"]}"#)
            #expect(refused.status == .conflict)
            #expect(refused.text.contains("1 leg from S-BOS would no longer ship on its day"), "\(refused.text)")
            #expect(Self.shipsOn(try await API.post(client, "/v1/quotes", API.cart)) == .string("2026-11-24"))
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
