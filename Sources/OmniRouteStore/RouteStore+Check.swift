import OmniRouteModel

extension RouteStore {
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
}
