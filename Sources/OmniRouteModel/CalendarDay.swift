/// A calendar date in UTC, counted in days since 1970-01-01 (proleptic Gregorian).
///
/// Etas are whole days after the planning day, so all date arithmetic in the model
/// is integer arithmetic on this type.
public struct CalendarDay: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Days since 1970-01-01.
    public var ordinal: Int

    @inlinable public init(ordinal: Int) { self.ordinal = ordinal }

    public init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), day >= 1, day <= Self.daysIn(month: month, year: year) else { return nil }
        // Howard Hinnant's days_from_civil.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        ordinal = era * 146_097 + doe - 719_468
    }

    /// Parses `YYYY-MM-DD` exactly.
    public init?(iso text: Substring) {
        let u = Array(text.utf8)
        guard u.count == 10, u[4] == UInt8(ascii: "-"), u[7] == UInt8(ascii: "-"),
            let y = Self.digits(u[0..<4]), let m = Self.digits(u[5..<7]), let d = Self.digits(u[8..<10])
        else { return nil }
        self.init(year: y, month: m, day: d)
    }

    public init?(iso text: String) { self.init(iso: text[...]) }

    public var components: (year: Int, month: Int, day: Int) {
        let z = ordinal + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    /// `YYYY-MM-DD`.
    public var description: String {
        let (y, m, d) = components
        func pad(_ v: Int, _ width: Int) -> String {
            let s = String(v)
            return String(repeating: "0", count: max(0, width - s.count)) + s
        }
        return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))"
    }

    @inlinable public static func + (day: CalendarDay, days: Int) -> CalendarDay {
        CalendarDay(ordinal: day.ordinal + days)
    }
    @inlinable public static func - (a: CalendarDay, b: CalendarDay) -> Int { a.ordinal - b.ordinal }
    public static func < (a: CalendarDay, b: CalendarDay) -> Bool { a.ordinal < b.ordinal }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    static func digits(_ bytes: ArraySlice<UInt8>) -> Int? {
        var v = 0
        for b in bytes {
            guard b >= 48, b <= 57 else { return nil }
            v = v * 10 + Int(b - 48)
        }
        return v
    }
}

/// An instant given in ISO 8601 with a zone (`2026-11-23T08:00:00Z`, `…+02:00`,
/// fractional seconds allowed), kept as seconds since the epoch in UTC.
public struct Timestamp: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var secondsSinceEpoch: Double
    /// The text it was read from, written back unchanged.
    public var text: String

    public init?(iso text: String) {
        let u = Array(text.utf8)
        guard u.count >= 16, let day = CalendarDay(iso: text.prefix(10)),
            u[10] == UInt8(ascii: "T") || u[10] == UInt8(ascii: " "),
            let hh = CalendarDay.digits(u[11..<13]), u[13] == UInt8(ascii: ":"),
            let mm = CalendarDay.digits(u[14..<16]), hh < 24, mm < 60
        else { return nil }
        var i = 16
        var seconds = 0.0
        if i < u.count, u[i] == UInt8(ascii: ":") {
            guard i + 3 <= u.count, let ss = CalendarDay.digits(u[(i + 1)..<(i + 3)]), ss < 60 else { return nil }
            seconds = Double(ss)
            i += 3
            if i < u.count, u[i] == UInt8(ascii: ".") || u[i] == UInt8(ascii: ",") {
                var j = i + 1
                var scale = 0.1
                while j < u.count, u[j] >= 48, u[j] <= 57 {
                    seconds += Double(u[j] - 48) * scale
                    scale /= 10
                    j += 1
                }
                guard j > i + 1 else { return nil }
                i = j
            }
        }
        var offset = 0
        if i < u.count, u[i] == UInt8(ascii: "Z") || u[i] == UInt8(ascii: "z") {
            i += 1
        } else if i + 6 == u.count, u[i] == UInt8(ascii: "+") || u[i] == UInt8(ascii: "-"),
            let oh = CalendarDay.digits(u[(i + 1)..<(i + 3)]), u[i + 3] == UInt8(ascii: ":"),
            let om = CalendarDay.digits(u[(i + 4)..<(i + 6)]), oh < 24, om < 60
        {
            offset = (oh * 3600 + om * 60) * (u[i] == UInt8(ascii: "-") ? -1 : 1)
            i += 6
        } else {
            return nil  // a zone is required
        }
        guard i == u.count else { return nil }
        secondsSinceEpoch = Double(day.ordinal * 86_400 + hh * 3600 + mm * 60 - offset) + seconds
        self.text = text
    }

    /// The instant `secondsSinceEpoch` (UTC), written as `2026-11-23T08:00:00.123Z` (milliseconds).
    public init(secondsSinceEpoch: Double) {
        self.secondsSinceEpoch = secondsSinceEpoch
        let millis = Int((secondsSinceEpoch * 1000).rounded(.down))
        let day = CalendarDay(ordinal: Int((Double(millis) / 86_400_000).rounded(.down)))
        let ms = millis - day.ordinal * 86_400_000
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        let frac = ms % 1000
        let fracText = frac < 10 ? "00\(frac)" : frac < 100 ? "0\(frac)" : "\(frac)"
        text = "\(day)T\(two(ms / 3_600_000)):\(two(ms / 60_000 % 60)):\(two(ms / 1000 % 60)).\(fracText)Z"
    }

    /// The UTC calendar date of this instant.
    public var utcDay: CalendarDay {
        CalendarDay(ordinal: Int((secondsSinceEpoch / 86_400).rounded(.down)))
    }

    public var description: String { text }

    public static func < (a: Timestamp, b: Timestamp) -> Bool { a.secondsSinceEpoch < b.secondsSinceEpoch }
    public static func == (a: Timestamp, b: Timestamp) -> Bool { a.secondsSinceEpoch == b.secondsSinceEpoch }
    public func hash(into hasher: inout Hasher) { hasher.combine(secondsSinceEpoch) }
}
