/// The days something works: every day but its closed weekdays and closed dates
/// (a node's picking and shipping, a carrier's moving and delivering parcels).
public struct WorkCalendar: Sendable, Hashable {
    public var closedWeekdays: Weekdays
    public var closedDates: Set<CalendarDay>

    public init(closedWeekdays: Weekdays = .none, closedDates: Set<CalendarDay> = []) {
        self.closedWeekdays = closedWeekdays
        self.closedDates = closedDates
    }

    /// Open every day.
    public static let always = WorkCalendar()

    /// Whether the calendar closes any day at all.
    public var isAlwaysOpen: Bool { closedWeekdays.isEmpty && closedDates.isEmpty }

    @inlinable public func isOpen(_ day: CalendarDay) -> Bool {
        !closedWeekdays.contains(day) && (closedDates.isEmpty || !closedDates.contains(day))
    }

    /// The first open day ≥ `day` and ≤ `limit`, or nil.
    public func nextOpen(_ day: CalendarDay, through limit: CalendarDay) -> CalendarDay? {
        var d = day
        while d <= limit {
            if isOpen(d) { return d }
            d = d + 1
        }
        return nil
    }
}
