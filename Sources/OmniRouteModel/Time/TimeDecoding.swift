extension FieldReader {
    /// A list of distinct weekday names under `key`; `.none` when absent, nil (issues logged) when bad.
    func weekdays(_ key: String, allowEmpty: Bool = true) -> Weekdays? {
        guard let items = list(key) else { return has(key) ? nil : Weekdays.none }
        var mask: UInt8 = 0
        var ok = true
        for (at, item) in items {
            guard case .string(let name) = item, let i = Weekdays.names.firstIndex(of: name) else {
                issues.add(
                    at.description, "expected one of \(Weekdays.names.joined(separator: ", ")), got \(item.brief)")
                ok = false
                continue
            }
            if mask & (1 << UInt8(i)) != 0 {
                issues.add(at.description, "duplicate weekday \"\(name)\"")
                ok = false
            }
            mask |= 1 << UInt8(i)
        }
        if ok, !allowEmpty, mask == 0 { issues.add(fieldPath(key), "needs at least one weekday") }
        return ok && (allowEmpty || mask != 0) ? Weekdays(mask: mask) : nil
    }

    /// A list of distinct dates (`YYYY-MM-DD`) under `key`; empty when absent, nil (issues logged) when bad.
    func dates(_ key: String) -> Set<CalendarDay>? {
        guard let items = list(key) else { return has(key) ? nil : [] }
        var days: Set<CalendarDay> = []
        var ok = true
        for (at, item) in items {
            guard case .string(let text) = item, let day = CalendarDay(iso: text) else {
                issues.add(at.description, "expected a date YYYY-MM-DD, got \(item.brief)")
                ok = false
                continue
            }
            if !days.insert(day).inserted {
                issues.add(at.description, "duplicate date \(text)")
                ok = false
            }
        }
        return ok ? days : nil
    }

    /// A work calendar from `closed_weekdays` and `closed_dates`; nil (issues logged) when bad.
    func workCalendar() -> WorkCalendar? {
        let weekdays = weekdays("closed_weekdays")
        let dates = dates("closed_dates")
        guard let weekdays, let dates else { return nil }
        if weekdays == .all { issues.add(fieldPath("closed_weekdays"), "closes every weekday: it would never open") }
        return weekdays == .all ? nil : WorkCalendar(closedWeekdays: weekdays, closedDates: dates)
    }

    /// A local time `HH:MM` under `key` as minutes after midnight; `.some(nil)` when absent.
    func localTime(_ key: String) -> Int?? {
        guard let value = raw(key) else { return .some(nil) }
        guard case .string(let text) = value, let minutes = Self.minutes(text) else {
            issues.add(fieldPath(key), "expected a local time HH:MM, got \(value.brief)")
            return nil
        }
        return .some(minutes)
    }

    static func minutes(_ text: String) -> Int? {
        let u = Array(text.utf8)
        guard u.count == 5, u[2] == UInt8(ascii: ":"), let h = CalendarDay.digits(u[0..<2]),
            let m = CalendarDay.digits(u[3..<5]), h < 24, m < 60
        else { return nil }
        return h * 60 + m
    }

    /// An IANA time zone name under `key`; `.some(nil)` when absent.
    func timeZone(_ key: String) -> String?? {
        guard has(key) else { return .some(nil) }
        guard let name = string(key) else { return nil }
        guard LocalClock.isKnownZone(name) else {
            issues.add(fieldPath(key), "unknown time zone \"\(name)\" (an IANA name such as \"America/New_York\")")
            return nil
        }
        return .some(name)
    }
}

extension Document {
    /// A short rendering for messages: a string in quotes, otherwise its kind.
    var brief: String {
        if case .string(let s) = self { return "\"\(s)\"" }
        return kindName
    }
}
