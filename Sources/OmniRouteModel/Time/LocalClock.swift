import Foundation

/// Local calendar dates and times in IANA time zones, from the system's time zone data.
public enum LocalClock {
    /// Whether `identifier` names a time zone (`"America/New_York"`, `"UTC"`).
    public static func isKnownZone(_ identifier: String) -> Bool { TimeZone(identifier: identifier) != nil }

    /// The local date and minutes after local midnight of `instant` in the zone
    /// `identifier` (which must be known), by the zone's offset at that instant
    /// (so the days clocks change are right).
    public static func local(_ instant: Timestamp, zone identifier: String) -> (day: CalendarDay, minutes: Int) {
        let offset =
            identifier == "UTC"
            ? 0
            : TimeZone(identifier: identifier)?.secondsFromGMT(
                for: Date(timeIntervalSince1970: instant.secondsSinceEpoch)) ?? 0
        let seconds = Int((instant.secondsSinceEpoch + Double(offset)).rounded(.down))
        let day = Int((Double(seconds) / 86_400).rounded(.down))
        return (CalendarDay(ordinal: day), (seconds - day * 86_400) / 60)
    }
}
