import OmniRouteFormat
import OmniRouteModel

/// Writes a scenario's network (nodes, skus, services, lanes, policy, stock) into the
/// store's tables and reads it back as a scenario without orders.
struct NetworkTables {
    let connection: any SQLConnection

    /// Writes `scenario`'s network and stock (no orders), the stock updated at `now`.
    func write(_ scenario: Scenario, at now: Timestamp) throws {
        let db = connection
        try db.run(
            "INSERT INTO meta (key, value) VALUES ('scenario', ?), ('scenario_now', ?), ('currency', ?)",
            [scenario.name, scenario.now.text, scenario.currency ?? ""])
        for (i, n) in scenario.nodes.enumerated() {
            try db.run(
                """
                INSERT INTO nodes (id, seq, kind, name, lat, lon, ship_to_home, pickup, pick_cost_per_unit,
                                   handling_cost_per_leg, handling_days, capacity_units, tags,
                                   timezone, cutoff_minutes, closed_weekdays, closed_dates, capacity_per_day)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                [
                    n.id, i, n.kind.rawValue, n.name, n.location.lat, n.location.lon, n.shipToHome, n.pickup,
                    n.pickCostPerUnit, n.handlingCostPerLeg, n.handlingDays, n.capacityUnits, Self.tagsText(n.tags),
                    n.timeZone, n.cutoffMinutes, Int(n.calendar.closedWeekdays.mask),
                    Self.datesText(n.calendar.closedDates), n.capacityPerDay,
                ])
        }
        for (i, s) in scenario.skus.enumerated() {
            try db.run(
                "INSERT INTO skus (id, seq, weight_kg, price, tags) VALUES (?, ?, ?, ?, ?)",
                [s.id, i, s.weightKg, s.price, Self.tagsText(s.tags)])
        }
        for (i, s) in scenario.services.enumerated() {
            try db.run(
                "INSERT INTO services (id, seq, closed_weekdays, closed_dates) VALUES (?, ?, ?, ?)",
                [s.id, i, Int(s.calendar.closedWeekdays.mask), Self.datesText(s.calendar.closedDates)])
            for (b, band) in s.bands.enumerated() {
                try db.run(
                    """
                    INSERT INTO service_bands (service_id, seq, max_km, transit_days, base_cost, cost_per_kg)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """, [s.id, b, band.maxKm, band.transitDays, band.baseCost, band.costPerKg])
            }
        }
        for l in scenario.lanes {
            try db.run(
                """
                INSERT INTO lanes (from_node, to_node, lead_days, cost_per_unit, cost_per_leg, departs_weekdays)
                VALUES (?, ?, ?, ?, ?, ?)
                """,
                [
                    l.from, l.to, l.leadDays, l.costPerUnit, l.costPerLeg, l.departsWeekdays.map { Int($0.mask) },
                ])
        }
        let p = scenario.policy
        try db.run(
            """
            INSERT INTO policy (id, split_penalty, late_penalty_per_day, lost_sale_factor, max_legs_per_order,
                                horizon_days)
            VALUES (1, ?, ?, ?, ?, ?)
            """, [p.splitPenalty, p.latePenaltyPerDay, p.lostSaleFactor, p.maxLegsPerOrder, p.horizonDays])
        for position in scenario.inventory { try InventoryTable(connection: db).insert(position, at: now) }
        for (i, line) in scenario.inbound.enumerated() {
            let seq = Int64(i + 1)
            try InventoryTable(connection: db).ensure(node: line.node, sku: line.sku, at: now)
            try InboundTable(connection: db).insert(
                InboundRecord(id: InboundTable.generatedId(seq), line: line, reference: nil, updatedAt: now.text),
                seq: seq, at: now)
        }
    }

    /// Sets node `node.id`'s capacity for the window and per day (nil: unlimited).
    func setCapacity(of node: Node) throws {
        try connection.run(
            "UPDATE nodes SET capacity_units = ?, capacity_per_day = ? WHERE id = ?",
            [node.capacityUnits, node.capacityPerDay, node.id])
    }

    /// Replaces node `id`'s tags.
    func setTags(_ tags: [String], node id: String) throws {
        try connection.run("UPDATE nodes SET tags = ? WHERE id = ?", [Self.tagsText(tags), id])
    }

    /// Replaces node `id`'s time zone, cutoff and calendar.
    func setCalendar(of node: Node) throws {
        try connection.run(
            "UPDATE nodes SET timezone = ?, cutoff_minutes = ?, closed_weekdays = ?, closed_dates = ? WHERE id = ?",
            [
                node.timeZone, node.cutoffMinutes, Int(node.calendar.closedWeekdays.mask),
                Self.datesText(node.calendar.closedDates), node.id,
            ])
    }

    /// Tags as stored: a JSON array of strings.
    static func tagsText(_ tags: [String]) -> String { JSONWriter.write(.array(tags.map(Document.string))) }

    /// The tags of a stored JSON array (`StoreCheck` reports one that is not an array of strings).
    static func tags(_ text: String) -> [String] { storedTags(text) ?? [] }

    /// The tags of a stored JSON array of strings; nil for any other text.
    static func storedTags(_ text: String) -> [String]? {
        guard case .array(let items)? = try? JSONParser.parse(text) else { return nil }
        let tags = items.compactMap { if case .string(let s) = $0 { s } else { nil } }
        return tags.count == items.count ? tags : nil
    }

    /// Dates as stored: a JSON array of ISO dates, in order.
    static func datesText(_ dates: Set<CalendarDay>) -> String { tagsText(dates.sorted().map(\.description)) }

    /// The dates of a stored JSON array of ISO dates; nil for any other text (`StoredRanges` reports it).
    static func storedDates(_ text: String) -> Set<CalendarDay>? {
        guard let texts = storedTags(text) else { return nil }
        let dates = texts.compactMap { CalendarDay(iso: $0) }
        return dates.count == texts.count ? Set(dates) : nil
    }

    /// A stored work calendar (unreadable dates read as none; `StoredRanges` refuses them first).
    static func calendar(_ r: SQLRow) -> WorkCalendar {
        WorkCalendar(
            closedWeekdays: Weekdays(mask: UInt8(clamping: r["closed_weekdays"] as Int)),
            closedDates: storedDates(r["closed_dates"]) ?? [])
    }

    /// The stored network as a scenario with no orders, its clock at `now`; its
    /// inventory reports what the store holds (`reserved` counts both kinds of holds).
    func read(now: Timestamp) throws -> Scenario {
        let db = connection
        let meta = try Dictionary(
            uniqueKeysWithValues: db.rows("SELECT key, value FROM meta").map {
                ($0["key"] as String, $0["value"] as String)
            })
        let nodes = try db.rows("SELECT * FROM nodes ORDER BY seq").map { r -> Node in
            let kind: String = r["kind"]
            return Node(
                id: r["id"], kind: Node.Kind(rawValue: kind) ?? .store, name: r["name"],
                location: GeoPoint(lat: r["lat"], lon: r["lon"]), shipToHome: r["ship_to_home"], pickup: r["pickup"],
                pickCostPerUnit: r["pick_cost_per_unit"], handlingCostPerLeg: r["handling_cost_per_leg"],
                handlingDays: r["handling_days"], capacityUnits: r["capacity_units"], tags: Self.tags(r["tags"]),
                timeZone: r["timezone"], cutoffMinutes: r["cutoff_minutes"], calendar: Self.calendar(r),
                capacityPerDay: r["capacity_per_day"])
        }
        let skus = try db.rows("SELECT * FROM skus ORDER BY seq").map {
            SKU(id: $0["id"], weightKg: $0["weight_kg"], price: $0["price"], tags: Self.tags($0["tags"]))
        }
        var bands: [String: [ServiceBand]] = [:]
        for r in try db.rows("SELECT * FROM service_bands ORDER BY service_id, seq") {
            bands[r["service_id"], default: []].append(
                ServiceBand(
                    maxKm: r["max_km"], transitDays: r["transit_days"],
                    baseCost: r["base_cost"], costPerKg: r["cost_per_kg"]))
        }
        let services = try db.rows("SELECT * FROM services ORDER BY seq").map {
            Service(id: $0["id"], bands: bands[$0["id"]] ?? [], calendar: Self.calendar($0))
        }
        let lanes = try db.rows("SELECT * FROM lanes ORDER BY from_node, to_node").map {
            Lane(
                from: $0["from_node"], to: $0["to_node"], leadDays: $0["lead_days"], costPerUnit: $0["cost_per_unit"],
                costPerLeg: $0["cost_per_leg"],
                departsWeekdays: ($0["departs_weekdays"] as Int?).map { Weekdays(mask: UInt8(clamping: $0)) })
        }
        let policy =
            try db.row("SELECT * FROM policy WHERE id = 1").map {
                Policy(
                    splitPenalty: $0["split_penalty"], latePenaltyPerDay: $0["late_penalty_per_day"],
                    lostSaleFactor: $0["lost_sale_factor"], maxLegsPerOrder: $0["max_legs_per_order"],
                    horizonDays: $0["horizon_days"])
            } ?? Policy()
        let inventory = try InventoryTable(connection: db).all().map {
            StockPosition(
                node: $0.node, sku: $0.sku, onHand: $0.onHand, reserved: $0.reserved + $0.reservedExternal,
                safetyStock: $0.safetyStock)
        }
        var scenario = Scenario(
            name: meta["scenario"] ?? "store", now: now, currency: meta["currency"].flatMap { $0.isEmpty ? nil : $0 },
            nodes: nodes, skus: skus, inventory: inventory, services: services, lanes: lanes, policy: policy,
            orders: [])
        scenario.inbound = try InboundTable(connection: db).all().map(\.line)
        return scenario
    }
}
