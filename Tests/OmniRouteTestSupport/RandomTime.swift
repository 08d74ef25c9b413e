import OmniRouteModel

/// Random keys of time for a scenario (FORMAT.md, "Calendars, cutoffs and time zones",
/// "inbound"): zones, cutoffs, closed weekdays and dates, capacity per day on nodes;
/// carrier calendars; lane departure days; a horizon; stock on its way.
public enum RandomTime {
    static let zones = [
        "UTC", "America/New_York", "America/Chicago", "America/Los_Angeles", "Europe/Berlin", "Asia/Tokyo",
    ]

    public static func apply(to scenario: inout Scenario, seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        let today = scenario.today
        func weekdays(_ count: Int) -> Weekdays {
            var mask: UInt8 = 0
            for _ in 0..<count { mask |= 1 << UInt8(rng.int(0...6)) }
            return Weekdays(mask: mask)
        }
        func dates(_ count: Int) -> Set<CalendarDay> { Set((0..<count).map { _ in today + rng.int(-1...12) }) }
        for n in scenario.nodes.indices {
            scenario.nodes[n].timeZone = rng.chance(0.8) ? zones[rng.int(0...(zones.count - 1))] : nil
            scenario.nodes[n].cutoffMinutes = rng.chance(0.6) ? rng.int(0...(24 * 60 - 1)) : nil
            scenario.nodes[n].calendar = WorkCalendar(
                closedWeekdays: weekdays(rng.int(0...2)), closedDates: dates(rng.int(0...3)))
            scenario.nodes[n].capacityPerDay = rng.chance(0.5) ? rng.int(0...12) : nil
        }
        for s in scenario.services.indices {
            scenario.services[s].calendar = WorkCalendar(
                closedWeekdays: weekdays(rng.int(0...1)), closedDates: dates(rng.int(0...2)))
        }
        for l in scenario.lanes.indices where rng.chance(0.5) {
            let days = weekdays(rng.int(1...3))
            scenario.lanes[l].departsWeekdays = days.isEmpty ? .all : days
        }
        scenario.policy.horizonDays = rng.int(3...14)
        var inbound: [InboundLine] = []
        for _ in 0..<rng.int(0...12) {
            let node = scenario.nodes[rng.int(0...(scenario.nodes.count - 1))].id
            let sku = scenario.skus[rng.int(0...(scenario.skus.count - 1))].id
            inbound.append(InboundLine(node: node, sku: sku, qty: rng.int(1...8), arrives: today + rng.int(-2...12)))
        }
        scenario.inbound = inbound
    }
}
