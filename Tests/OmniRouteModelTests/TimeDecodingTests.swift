import Foundation
import OmniRouteFormat
import OmniRouteModel
import OmniRouteTestSupport
import Testing

/// Keys of time are read strictly: each bad one is an issue naming its field.
@Suite("Scenario keys of time: strict reading")
struct TimeDecodingTests {
    static func issues(_ replace: String, with text: String) throws -> [String] {
        // Compact, so that each key and its value are on one line.
        let original = JSONWriter.write(try DocumentFile.read(Paths.scenario("time/worked-example.scenario.json")))
        #expect(original.contains(replace), "the worked example holds \(replace)")
        let document = try DocumentFile.parse(
            Data(original.replacingOccurrences(of: replace, with: text).utf8), path: "x")
        do {
            _ = try Scenario(document: document)
            return []
        } catch {
            return error.issues.map(\.description)
        }
    }

    @Test(
        "bad zones, cutoffs, weekdays, dates, capacities, departures, horizons and inbound rows name their field",
        arguments: [
            (
                #""timezone":"America/New_York""#, #""timezone":"America/Gotham""#,
                "nodes[0].timezone: unknown time zone"
            ),
            (#""cutoff":"14:00""#, #""cutoff":"2pm""#, "nodes[0].cutoff: expected a local time HH:MM"),
            (#""cutoff":"14:00""#, #""cutoff":"24:00""#, "nodes[0].cutoff: expected a local time HH:MM"),
            (#""sun""#, #""sunday""#, "nodes[0].closed_weekdays[0]: expected one of mon"),
            (#""closed_dates":["#, #""closed_dates":["2026-02-30","#, "nodes[1].closed_dates[0]: expected a date"),
            (#""capacity_per_day":3"#, #""capacity_per_day":-1"#, "nodes[1].capacity_per_day"),
            (#""departs_weekdays":["#, #""departs_weekdays":[],"old":["#, "lanes[0]"),
            (#""arrives":"2026-12-05""#, #""arrives":"soon""#, "inbound[0].arrives: expected a date"),
            (#""qty":3,"#, #""qty":0,"#, "inbound[0].qty"),
        ])
    func badKeys(replace: String, with text: String, expected: String) throws {
        let found = try Self.issues(replace, with: text)
        #expect(found.contains { $0.hasPrefix(expected) }, "\(found)")
    }

    @Test("a node closed every weekday, an empty departure list and a horizon of 0 are refused")
    func neverOpen() throws {
        let closed = try Self.issues(
            #""closed_weekdays":["#, with: #""closed_weekdays":["mon","tue","wed","thu","fri","sat","#)
        #expect(closed.contains { $0.hasPrefix("nodes[0].closed_weekdays: closes every weekday") }, "\(closed)")
        let lane = try Self.issues(#""departs_weekdays":["tue","thu"]"#, with: #""departs_weekdays":[]"#)
        #expect(lane.contains { $0.hasPrefix("lanes[0].departs_weekdays: needs at least one weekday") }, "\(lane)")
        let horizon = try Self.issues(#""policy":{"#, with: #""policy":{"horizon_days":0,"#)
        #expect(horizon.contains { $0.hasPrefix("policy.horizon_days") }, "\(horizon)")
    }
}
