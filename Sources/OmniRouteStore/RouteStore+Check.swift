import OmniRouteModel

extension RouteStore {
    /// Whether the database answers: reads its one row of settings, or throws why it cannot
    /// (readiness, apart from whether the process is alive).
    public func checkReachable() throws(StoreError) {
        _ = try read { tx in try tx.meta.clock() }
    }

    /// Every broken invariant of the database, and any difference between it and the
    /// in-memory stock; empty when all is well.
    public func check() throws(StoreError) -> [String] {
        // Placements being written are in the book but not yet in the database: let them commit, start no new one.
        gate.beginDrain()
        defer { gate.endDrain() }
        return try withState { (s: inout State) throws(StoreError) -> [String] in
            let from = s.network.today + s.network.timetable.firstDay
            var problems = try read { tx in try StoreCheck.problems(tx, from: from) }
            let stored = try read { tx in try Self.readState(clock: clock, checkoutStrategy: checkoutStrategy, tx) }
            for (key, p) in stored.book.positions where s.book.positions[key] != p {
                let node = s.network.nodes[key / s.network.skuCount].id
                let sku = s.network.skus[key % s.network.skuCount].id
                problems.append("memory differs from the database at \(node)/\(sku)")
            }
            if stored.book.held != s.book.held {
                problems.append("units held per node differ between memory and the database")
            }
            if stored.book.days.held != s.book.days.held {
                problems.append("units held per position and ship day differ between memory and the database")
            }
            if stored.book.sent(from: from) != s.book.sent(from: from) {
                problems.append("units sent per node and ship day differ between memory and the database")
            }
            problems += Self.shortByDay(stored.network, stored.book, from: from)
            let writing = gate.placementsInFlight
            if writing > 0 { problems.append("checked while \(writing) placements were being written") }
            return problems
        }
    }

    /// Every broken invariant of the database at `path` (for `omniroute db check`).
    public static func check(path: String) throws(StoreError) -> [String] {
        do {
            return try open(path: path, exclusive: false).check()
        } catch .storedOutOfRange(let values) {
            return values
        }
    }

    /// Constraint 2′ at the positions with stock on its way: the legs that ship by each day (those
    /// due earlier counted on `from`, holds without a day first) hold no more than the position has
    /// by then, on hand less outside holds plus the lines ready by that day.
    static func shortByDay(_ network: Network, _ book: StockBook, from: CalendarDay) -> [String] {
        var problems: [String] = []
        for (key, rows) in network.timetable.inbound.sorted(by: { $0.key < $1.key }) {
            guard let p = book.positions[key] else { continue }
            var byDay: [CalendarDay: Int] = [:]
            for (day, units) in book.days.held[key] ?? [:] { byDay[max(day, from), default: 0] += units }
            var held = p.reserved - byDay.values.reduce(0, +)
            for day in byDay.keys.sorted() {
                held += byDay[day]!
                let ready = rows.reduce(0) { $0 + ($1.day <= day - network.today ? $1.units : 0) }
                let has = p.onHand - p.reservedExternal + ready
                if held > has {
                    let node = network.nodes[key / network.skuCount].id
                    let sku = network.skus[key % network.skuCount].id
                    problems.append(
                        "\(node)/\(sku): legs shipping by \(day) hold \(held) units, but it has \(has) by then "
                            + "(on hand less outside holds, and the \(ready) of its lines ready by then)")
                    break
                }
            }
        }
        return problems
    }
}
