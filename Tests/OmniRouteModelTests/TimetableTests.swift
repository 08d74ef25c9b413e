import OmniRouteFormat
import OmniRouteModel
import OmniRouteTestSupport
import Testing

/// The latency model in time, on cases worked by hand (FORMAT.md, "Calendars, cutoffs and
/// time zones", "Legs in time"); local times checked against Python's zoneinfo.
@Suite("Timetable: zones, cutoffs, calendars, lanes, inbound")
struct TimetableTests {
    static func day(_ text: String) -> CalendarDay { CalendarDay(iso: text)! }

    /// A one-store scenario at `now`, the store changed by `node`.
    static func network(
        now: String, horizon: Int? = nil, lanes: [Lane] = [], services: [Service]? = nil,
        inbound: [InboundLine] = [], _ change: (inout Node) -> Void
    ) -> Network {
        var scenario = TinyNetwork.scenario()
        scenario.now = Timestamp(iso: now)!
        change(&scenario.nodes[2])
        scenario.policy.horizonDays = horizon
        scenario.lanes += lanes
        if let services { scenario.services = services }
        scenario.inbound = inbound
        return Network(scenario)
    }

    @Test("the worked example: DC starts Saturday and ships Monday; S1 ships Friday; etas across Sunday and the lane")
    func workedExample() throws {
        let scenario = try DocumentFile.scenario(Paths.scenario("time/worked-example.scenario.json"))
        let network = Network(scenario)
        let t = network.timetable
        let dc = network.nodeIndex["DC"]!
        let s1 = network.nodeIndex["S1"]!
        #expect(network.today == Self.day("2026-12-04"))
        #expect(t.start[dc] == 1, "15:00 in New York is past the 14:00 cutoff: Saturday")
        #expect(t.earliest[dc].map { network.today + $0 } == Self.day("2026-12-07"), "Sunday closed: Monday")
        #expect(t.earliest[s1] == 0)
        let ground = network.serviceIndex["ground"]!
        #expect(
            t.parcelEta(service: ground, transitDays: 2, shipsOn: 0).map { network.today + $0 }
                == Self.day("2026-12-07"))
        #expect(
            t.parcelEta(service: ground, transitDays: 2, shipsOn: 3).map { network.today + $0 }
                == Self.day("2026-12-09"))
        let lane = network.laneIndex(from: dc, to: s1)!
        let eta = t.transferEta(lane: lane, shipsOn: 3)
        #expect(eta.map { network.today + $0 } == Self.day("2026-12-09"), "ready Monday, leaves Tuesday")
        let a = network.skuIndex["A"]!
        #expect(t.inbound[s1 * network.skuCount + a]?.first.map { network.today + $0.day } == Self.day("2026-12-06"))
        let report = try PlanChecker(network: network).check(
            try DocumentFile.read(Paths.scenario("time/worked-example.plan.json")))
        #expect(report.ok, "\(report.errors) \(report.mismatches)")
        #expect(PlanChecker.close(report.recomputed.totalCost, 34.5))
    }

    @Test(
        "a cutoff in another zone: Los Angeles' evening is the UTC morning after; Tokyo's night is the next day",
        arguments: [
            ("2026-03-10T03:30:00Z", "America/Los_Angeles", nil as Int?, -1),  // 20:30 on the 9th
            ("2026-03-10T03:30:00Z", "America/Los_Angeles", 20 * 60, 0),  // past 20:00: the 10th
            ("2026-03-10T03:30:00Z", "America/Los_Angeles", 21 * 60, -1),
            ("2026-03-10T16:00:00Z", "Asia/Tokyo", nil, 1),  // 01:00 on the 11th
            ("2026-03-10T16:00:00Z", "Asia/Tokyo", 0, 2),  // at or after 00:00: the 12th
        ])
    func cutoffAcrossZones(now: String, zone: String, cutoff: Int?, start: Int) {
        let network = Self.network(now: now) {
            $0.timeZone = zone
            $0.cutoffMinutes = cutoff
        }
        #expect(network.timetable.start[2] == start)
    }

    @Test(
        "the days clocks change in New York: the offset of the instant decides the local time",
        arguments: [
            ("2026-03-08T07:30:00Z", 3 * 60, 1),  // 03:30 EDT, just sprung forward: past a 03:00 cutoff
            ("2026-03-08T06:30:00Z", 2 * 60, 0),  // 01:30 EST: before 02:00
            ("2026-11-01T06:50:00Z", 2 * 60, 0),  // 01:50 EST, the second 01:50 of the night: before 02:00
            ("2026-11-01T05:50:00Z", 60 + 45, 1),  // 01:50 EDT: past 01:45
        ])
    func daylightSaving(now: String, cutoff: Int, start: Int) {
        let network = Self.network(now: now) {
            $0.timeZone = "America/New_York"
            $0.cutoffMinutes = cutoff
        }
        #expect(network.timetable.start[2] == start)
    }

    @Test("a lane that departs Tuesdays and Thursdays: ready Friday, it leaves Tuesday; Wednesday, Thursday")
    func twiceAWeek() {
        // 2026-12-04 is a Friday.
        let lane = Lane(
            from: "DC-B", to: "S-BOS", leadDays: 1, costPerUnit: 0, costPerLeg: 0,
            departsWeekdays: Weekdays(names: ["tue", "thu"]))
        let network = Self.network(now: "2026-12-04T09:00:00Z", lanes: [lane]) { _ in }
        let t = network.timetable
        let index = network.scenario.lanes.count - 1
        #expect(t.transferEta(lane: index, shipsOn: 0) == 5, "Tuesday + 1 = Wednesday the 9th")
        #expect(t.transferEta(lane: index, shipsOn: 5) == 7, "Thursday + 1 = Friday the 11th")
    }

    @Test("a node closed for a week ships after it; within the horizon only")
    func closedForAWeek() {
        let week = Set((0..<7).map { Self.day("2026-12-04") + $0 })
        let network = Self.network(now: "2026-12-04T09:00:00Z", horizon: 10) {
            $0.calendar = WorkCalendar(closedDates: week)
            $0.handlingDays = 1
        }
        let t = network.timetable
        #expect(t.earliest[2] == 8, "open on the 11th, ready a working day later")
        #expect(t.shipDayProblem(node: 2, day: 8) == nil)
        #expect(t.shipDayProblem(node: 2, day: 7) == .beforeEarliest(8))
        #expect(t.shipDayProblem(node: 2, day: 11) == .afterHorizon(10))
        let shut = Self.network(now: "2026-12-04T09:00:00Z", horizon: 5) {
            $0.calendar = WorkCalendar(closedDates: week)
        }
        #expect(!shut.canShip(2), "closed through the horizon")
    }

    @Test("a carrier closed on Thanksgiving and Sundays: a parcel of one transit day leaving Wednesday arrives Friday")
    func carrierHoliday() {
        let closed = WorkCalendar(closedWeekdays: Weekdays(names: ["sun"])!, closedDates: [Self.day("2026-11-26")])
        let ground = Service(
            id: "ground", bands: [ServiceBand(maxKm: nil, transitDays: 1, baseCost: 5, costPerKg: 0)],
            calendar: closed)
        let network = Self.network(now: "2026-11-25T12:00:00Z", services: [ground]) { _ in }
        let t = network.timetable
        #expect(t.parcelEta(service: 0, transitDays: 1, shipsOn: 0) == 2, "Friday the 27th")
        #expect(t.parcelEta(service: 0, transitDays: 2, shipsOn: 2) == 5, "Saturday, then Monday")
        #expect(t.parcelEta(service: 0, transitDays: 0, shipsOn: 1) == 1, "transit 0: the same day")
    }

    @Test("without any key of time every node starts today and ships after its handling days")
    func untimed() {
        let network = Network(TinyNetwork.scenario())
        let t = network.timetable
        #expect(!t.isTimed && !network.scenario.usesTime)
        #expect(t.start.allSatisfy { $0 == 0 })
        #expect(t.earliest == network.nodes.map { .some($0.handlingDays) })
        #expect(t.parcelEta(service: 0, transitDays: 4, shipsOn: 1) == 5)
    }

    @Test("a network is right until the next local cutoff or midnight of some node, across a change of clocks")
    func validUntil() {
        // 13:30 in New York (EST, UTC−5) before a 14:00 cutoff: until 19:00 UTC.
        let cutoff = Self.network(now: "2026-11-25T18:30:00Z") {
            $0.timeZone = "America/New_York"
            $0.cutoffMinutes = 14 * 60
        }
        #expect(
            cutoff.timetable.validUntil.secondsSinceEpoch == Timestamp(iso: "2026-11-25T19:00:00Z")!.secondsSinceEpoch)
        // 01:30 EST on 8 March 2026, half an hour before clocks spring forward, with a 03:00 cutoff: it
        // comes at 03:00 EDT (UTC−4), 07:00 UTC, not 08:00 as the offset at now would say.
        let spring = Self.network(now: "2026-03-08T06:30:00Z") {
            $0.timeZone = "America/New_York"
            $0.cutoffMinutes = 3 * 60
        }
        #expect(
            spring.timetable.validUntil.secondsSinceEpoch == Timestamp(iso: "2026-03-08T07:00:00Z")!.secondsSinceEpoch)
        // Past the cutoff in Los Angeles (PST, UTC−8) at 23:00 UTC (15:00 local): UTC midnight comes first.
        let west = Self.network(now: "2026-11-25T23:00:00Z") {
            $0.timeZone = "America/Los_Angeles"
            $0.cutoffMinutes = 14 * 60
        }
        #expect(
            west.timetable.validUntil.secondsSinceEpoch == Timestamp(iso: "2026-11-26T00:00:00Z")!.secondsSinceEpoch)
        // No zone and no cutoff: UTC midnight.
        let plain = Self.network(now: "2026-11-25T10:00:00Z") { _ in }
        #expect(
            plain.timetable.validUntil.secondsSinceEpoch == Timestamp(iso: "2026-11-26T00:00:00Z")!.secondsSinceEpoch)
    }
}
