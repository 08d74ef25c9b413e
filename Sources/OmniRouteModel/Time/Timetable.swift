/// The latency model in time (FORMAT.md, "Calendars, cutoffs and time zones", "Legs in
/// time"), for one scenario: each node's start day from its zone and cutoff at `now`,
/// its open days and earliest ship day, the horizon, the eta of a leg shipping on a
/// given day by a carrier's calendar, a lane's departure days or the pickup store's
/// calendar, daily capacity and inbound stock by the day it can leave.
///
/// Days are counted from `today` (the UTC date of `now`), as etas are; a node west of
/// UTC may start on day −1. Without any key of time every node starts on day 0, works
/// every day and ships on day `handling_days`, and every eta is the one of the model
/// without time.
public struct Timetable: Sendable {
    public let today: CalendarDay
    /// Whether the scenario uses any key of time (`Scenario.usesTime`).
    public let isTimed: Bool
    /// The last day a leg may ship (`policy.horizon_days`); `Int.max` without time.
    public let horizon: Int
    /// Each node's start day.
    public let start: [Int]
    /// The first instant after `now` at which `today` or some node's start day changes (UTC
    /// midnight, a node's local midnight or cutoff): a network built at `now` promises rightly
    /// until then, and a live store builds its network again from then on.
    public let validUntil: Timestamp
    /// Whether a leg may have to ship later than its earliest day: some node has a capacity
    /// per day, or stock is on its way. Otherwise the earliest day is always best (a later one
    /// costs the same and arrives no sooner).
    public var decidesShipDays: Bool { !inbound.isEmpty || capacityPerDay.contains { $0 != nil } }
    /// The first day any leg may ship (the least start day, at most 0).
    public let firstDay: Int
    /// Days from `firstDay` through the horizon: the slots of per-day counts; 0 without time.
    public let horizonSpan: Int
    /// Each node's earliest ship day, `ready(n, start(n))`; nil when it has no open day within a year.
    public let earliest: [Int?]
    /// Each node's capacity per day (nil: unlimited).
    public let capacityPerDay: [Int?]
    /// Inbound units by `node * skuCount + sku`: (the first day they can leave, units), by day;
    /// rows that can never leave have day `Int.max`.
    public let inbound: [Int: [(day: Int, units: Int)]]
    /// Inbound units of each (node, sku) in all, by `node * skuCount + sku` (reserves count them).
    public let inboundUnits: [Int: Int]
    /// For each (node, sku) with inbound rows, by `node * skuCount + sku`: the days on which
    /// constraint 2′ can bind, ascending: the day before each arrival that can leave by the
    /// horizon, and the horizon. What legs shipping on or before such a day take is at most what
    /// has arrived by it; between two of them only departures change, so these suffice.
    public let stockCheckDays: [Int: [Int]]
    /// Whether each node has a day it may ship on, from its earliest to the horizon.
    public private(set) var canShip: [Bool] = []
    private let handlingDays: [Int]
    private let nodeCalendars: [WorkCalendar]
    private let serviceCalendars: [WorkCalendar]
    private let laneDeparts: [Weekdays?]
    /// Each lane's lead days and the node it goes into.
    private let laneLeadDays: [Int]
    private let laneInto: [Int]

    /// The span in which open days are looked for, in days from `today` (FORMAT.md: a year).
    public static let searchDays = 366
    /// The eta of a leg that never arrives (a carrier or store closed for a year): far
    /// beyond any due date, and never reached by a feasible plan.
    public static let never = 1_000_000

    public init(_ scenario: Scenario, nodeIndex: [String: Int], skuIndex: [String: Int]) {
        let today = scenario.today
        self.today = today
        isTimed = scenario.usesTime
        horizon = isTimed ? scenario.policy.horizonDays ?? Policy.defaultHorizonDays : Int.max
        nodeCalendars = scenario.nodes.map(\.calendar)
        serviceCalendars = scenario.services.map(\.calendar)
        laneDeparts = scenario.lanes.map(\.departsWeekdays)
        laneLeadDays = scenario.lanes.map(\.leadDays)
        laneInto = scenario.lanes.map { nodeIndex[$0.to] ?? 0 }
        handlingDays = scenario.nodes.map(\.handlingDays)
        capacityPerDay = scenario.nodes.map(\.capacityPerDay)
        let start = scenario.nodes.map { node -> Int in
            guard node.timeZone != nil || node.cutoffMinutes != nil else { return 0 }
            let local = LocalClock.local(scenario.now, zone: node.timeZone ?? "UTC")
            let late = node.cutoffMinutes.map { local.minutes >= $0 } ?? false
            return (local.day - today) + (late ? 1 : 0)
        }
        self.start = start
        validUntil = Self.nextChange(after: scenario.now, nodes: scenario.nodes, today: today)
        firstDay = min(0, start.min() ?? 0)
        horizonSpan = isTimed ? horizon - firstDay + 1 : 0
        earliest = scenario.nodes.indices.map {
            Self.ready(
                from: start[$0], start: start[$0], handlingDays: scenario.nodes[$0].handlingDays,
                calendar: scenario.nodes[$0].calendar, today: today)
        }
        var inbound: [Int: [(day: Int, units: Int)]] = [:]
        let skuCount = scenario.skus.count
        for row in scenario.inbound {
            guard let n = nodeIndex[row.node], let k = skuIndex[row.sku] else { continue }
            let day =
                Self.ready(
                    from: row.arrives - today, start: start[n], handlingDays: scenario.nodes[n].handlingDays,
                    calendar: scenario.nodes[n].calendar, today: today) ?? Int.max
            inbound[n * skuCount + k, default: []].append((day, row.qty))
        }
        for key in inbound.keys { inbound[key]!.sort { $0.day < $1.day } }
        self.inbound = inbound
        inboundUnits = inbound.mapValues { rows in rows.reduce(0) { $0 + $1.units } }
        let horizon = self.horizon
        stockCheckDays = inbound.mapValues { rows in
            Set(rows.compactMap { $0.day != Int.max && $0.day - 1 < horizon ? $0.day - 1 : nil } + [horizon]).sorted()
        }
        canShip = scenario.nodes.indices.map { n in earliest[n].flatMap { nextShipDay(node: n, from: $0) } != nil }
    }

    /// UTC midnight after `now`, or the first local midnight or cutoff of a node with a zone or
    /// cutoff before it. Each node's instant is found by its offset at `now`, then corrected by the
    /// offset at that instant (a day on which its clocks change).
    static func nextChange(after now: Timestamp, nodes: [Node], today: CalendarDay) -> Timestamp {
        var next = Double((today + 1).ordinal) * 86_400
        let intoMinute = now.secondsSinceEpoch - (now.secondsSinceEpoch / 60).rounded(.down) * 60
        for zone in Set(nodes.filter { $0.timeZone != nil || $0.cutoffMinutes != nil }.map(Key.init)) {
            let local = LocalClock.local(now, zone: zone.zone)
            let boundary = zone.cutoff.map { local.minutes < $0 ? $0 : 1_440 } ?? 1_440
            let wanted = local.day.ordinal * 1_440 + boundary
            var t = now.secondsSinceEpoch + Double((boundary - local.minutes) * 60) - intoMinute
            let there = LocalClock.local(Timestamp(secondsSinceEpoch: t), zone: zone.zone)
            t -= Double((there.day.ordinal * 1_440 + there.minutes) - wanted) * 60
            next = min(next, max(t, now.secondsSinceEpoch + 60))
        }
        return Timestamp(secondsSinceEpoch: next)
    }

    /// A node's zone and cutoff, the keys its start day depends on.
    private struct Key: Hashable {
        var zone: String
        var cutoff: Int?
        init(_ node: Node) {
            zone = node.timeZone ?? "UTC"
            cutoff = node.cutoffMinutes
        }
    }

    /// `ready(n, d)`: the first open day ≥ max(start, d), then `handlingDays` more open days;
    /// nil when that runs past a year from `today`. A node open every day is ready on
    /// `max(start, d) + handlingDays` however far that is (the model without time).
    static func ready(from day: Int, start: Int, handlingDays: Int, calendar: WorkCalendar, today: CalendarDay)
        -> Int?
    {
        let first = max(start, day)
        if calendar.isAlwaysOpen { return first + handlingDays }
        let limit = today + searchDays
        guard var d = calendar.nextOpen(today + first, through: limit) else { return nil }
        for _ in 0..<handlingDays {
            guard let next = calendar.nextOpen(d + 1, through: limit) else { return nil }
            d = next
        }
        return d - today
    }

    /// The slot of `day` among `horizonSpan` (nil outside `firstDay` … `horizon`).
    @inlinable public func slot(ofDay day: Int) -> Int? {
        day >= firstDay && day - firstDay < horizonSpan ? day - firstDay : nil
    }

    /// Whether `node` is open on `day`.
    @inlinable public func isOpen(node: Int, day: Int) -> Bool { nodeOpen(node, day) }

    @usableFromInline func nodeOpen(_ node: Int, _ day: Int) -> Bool { nodeCalendars[node].isOpen(today + day) }

    /// The day units of `node` available from `day` can first leave (`ready(n, d)`).
    public func ready(node: Int, from day: Int) -> Int? {
        Self.ready(
            from: day, start: start[node], handlingDays: handlingDays[node], calendar: nodeCalendars[node],
            today: today)
    }

    /// Why a leg of `node` may not ship on `day` (constraint 9), or nil when it may.
    public func shipDayProblem(node: Int, day: Int) -> ShipDayProblem? {
        guard let first = earliest[node] else { return .neverOpen }
        if day < first { return .beforeEarliest(first) }
        if !nodeOpen(node, day) { return .closed }
        if day > horizon { return .afterHorizon(horizon) }
        return nil
    }

    /// The first day ≥ `day` on which a leg of `node` may ship, or nil.
    public func nextShipDay(node: Int, from day: Int) -> Int? {
        guard let first = earliest[node] else { return nil }
        var d = max(first, day)
        while d <= horizon {
            if nodeOpen(node, d) { return d }
            d += 1
            if d - first > Self.searchDays { return nil }
        }
        return nil
    }

    /// The eta of a parcel of `service` with `transitDays` that leaves on `shipsOn`: each
    /// transit day is the carrier's next open day; nil when it does not deliver within a year.
    public func parcelEta(service: Int, transitDays: Int, shipsOn: Int) -> Int? {
        let calendar = serviceCalendars[service]
        if calendar.isAlwaysOpen { return shipsOn + transitDays }
        var d = today + shipsOn
        let limit = d + Self.searchDays
        for _ in 0..<transitDays {
            guard let next = calendar.nextOpen(d + 1, through: limit) else { return nil }
            d = next
        }
        return d - today
    }

    /// The eta of a transfer on lane `lane` ready to leave on `shipsOn`: the lane's first
    /// departure on or after it, its lead days on the road, then the store's next open day; nil
    /// when the store does not open within a year of the arrival.
    public func transferEta(lane: Int, shipsOn: Int) -> Int? {
        var departs = shipsOn
        if let days = laneDeparts[lane] {
            while !days.contains(today + departs) { departs += 1 }
        }
        let arrival = departs + laneLeadDays[lane]
        let calendar = nodeCalendars[laneInto[lane]]
        if calendar.isAlwaysOpen { return arrival }
        return calendar.nextOpen(today + arrival, through: today + arrival + Self.searchDays).map { $0 - today }
    }

    /// The eta of `tariff`'s leg shipping on `shipsOn` (FORMAT.md, "Legs in time"): by its
    /// carrier's calendar, its lane's departures and pickup store, or the same day for a store
    /// pickup; `never` when nothing arrives within a year.
    public func eta(of tariff: LegTariff, shipsOn: Int) -> Int {
        switch tariff.type {
        case .shipFromStore, .directToHome:
            tariff.service.flatMap { parcelEta(service: $0, transitDays: tariff.leadDays, shipsOn: shipsOn) }
                ?? Self.never
        case .storePickup: shipsOn
        case .warehouseToStorePickup, .storeToStorePickup:
            transferEta(lane: tariff.lane, shipsOn: shipsOn) ?? Self.never
        }
    }
}

/// Why a leg may not ship on a day (FORMAT.md, constraint 9).
public enum ShipDayProblem: Sendable, Hashable {
    case neverOpen
    case beforeEarliest(Int)
    case closed
    case afterHorizon(Int)
}
