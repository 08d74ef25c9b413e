/// A set of weekdays (`"mon"` … `"sun"` in documents), as a bit mask.
public struct Weekdays: Sendable, Hashable {
    /// Bit `i` is weekday `i`, Monday = 0.
    public var mask: UInt8

    public init(mask: UInt8) { self.mask = mask & 0x7F }

    /// No weekday.
    public static let none = Weekdays(mask: 0)
    /// Every weekday.
    public static let all = Weekdays(mask: 0x7F)

    /// The names in documents, Monday first.
    public static let names = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]

    /// The set of `names` (each one of `Weekdays.names`); nil when one is not a weekday.
    public init?(names: [String]) {
        var mask: UInt8 = 0
        for name in names {
            guard let i = Self.names.firstIndex(of: name) else { return nil }
            mask |= 1 << UInt8(i)
        }
        self.init(mask: mask)
    }

    @inlinable public func contains(_ day: CalendarDay) -> Bool { mask & (1 << UInt8(day.weekday)) != 0 }

    public var isEmpty: Bool { mask == 0 }

    /// The names of the weekdays in the set, Monday first.
    public var nameList: [String] { Self.names.indices.filter { mask & (1 << UInt8($0)) != 0 }.map { Self.names[$0] } }
}

extension CalendarDay {
    /// The weekday, Monday = 0 … Sunday = 6 (1970-01-01 was a Thursday).
    @inlinable public var weekday: Int { ((ordinal + 3) % 7 + 7) % 7 }
}
