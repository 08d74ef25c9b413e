extension Scenario {
    /// Reads a scenario document strictly: every unknown key, missing field, value out
    /// of range, duplicate id and dangling reference is reported, each with its path.
    ///
    /// - Throws: `DocumentError` listing every issue found.
    public init(document: Document) throws(DocumentError) {
        let log = IssueLog()
        guard
            let root = FieldReader(
                document, path: "", issues: log,
                required: ["format", "name", "now", "nodes", "skus", "inventory", "orders"],
                optional: ["description", "currency", "services", "lanes", "policy", "rules", "inbound"])
        else { throw DocumentError(issues: log.issues) }

        if let format = root.string("format"), format != Scenario.format {
            log.add("format", "expected \"\(Scenario.format)\", got \"\(format)\"")
        }
        let name = root.string("name") ?? ""
        var now: Timestamp?
        if let text = root.string("now") {
            now = Timestamp(iso: text)
            if now == nil { log.add("now", "expected an ISO 8601 timestamp with a zone, got \"\(text)\"") }
        }
        let description = root.raw("description").flatMap { _ in root.string("description", nonEmpty: false) }
        let currency = root.raw("currency").flatMap { _ in root.string("currency") }

        // References are checked against every id the document names, so that a node or
        // sku with a bad field is reported once, not again at each reference to it.
        let (nodes, nodeIds) = Self.decodeNodes(root, log)
        let nodeById = Dictionary(nodes.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let (skus, skuIds) = Self.decodeSKUs(root, log)
        let inventory = Self.decodeInventory(root, nodeIds, skuIds, log)
        let services = Self.decodeServices(root, log)
        let lanes = Self.decodeLanes(root, nodeIds, nodeById, log)
        let policy = Self.decodePolicy(root, log)
        let orders = Self.decodeOrders(root, nodeIds, nodeById, skuIds, log)
        let rules = Self.decodeRules(root, nodeIds, log)
        let inbound = Self.decodeInbound(root, nodeIds, skuIds, log)

        let namesServices: Bool = if case .array(let items)? = root.raw("services") { !items.isEmpty } else { false }
        if !namesServices, let i = orders.firstIndex(where: { if case .ship = $0.delivery { true } else { false } }) {
            log.add("services", "at least one service is required when an order ships to home (orders[\(i)] does)")
        }
        guard log.isEmpty, let now else { throw DocumentError(issues: log.issues) }
        self.init(
            name: name, description: description, now: now, currency: currency, nodes: nodes, skus: skus,
            inventory: inventory, services: services, lanes: lanes, policy: policy, orders: orders, rules: rules,
            inbound: inbound)
    }

    static func decodeLocation(_ value: Document, path: String, _ log: IssueLog) -> GeoPoint? {
        guard let r = FieldReader(value, path: path, issues: log, required: ["lat", "lon"]) else { return nil }
        guard let lat = r.number("lat"), let lon = r.number("lon") else { return nil }
        var ok = true
        if !(-90...90).contains(lat) {
            log.add(path + ".lat", "must be between -90 and 90, got \(lat)")
            ok = false
        }
        if !(-180...180).contains(lon) {
            log.add(path + ".lon", "must be between -180 and 180, got \(lon)")
            ok = false
        }
        return ok ? GeoPoint(lat: lat, lon: lon) : nil
    }

    /// The valid nodes, and every node id the document names (with a number each).
    private static func decodeNodes(_ root: FieldReader, _ log: IssueLog) -> ([Node], IdSet) {
        var nodes: [Node] = []
        let items = root.list("nodes")
        var ids = IdSet(complete: items != nil || !root.has("nodes"))
        var seen: [String: DocPath] = [:]
        for (path, value) in items ?? [] {
            guard
                let r = FieldReader(
                    value, path: path, issues: log,
                    required: [
                        "id", "kind", "location", "ship_to_home", "pickup", "pick_cost_per_unit",
                        "handling_cost_per_leg", "handling_days",
                    ],
                    optional: [
                        "name", "capacity_units", "tags", "timezone", "cutoff", "closed_weekdays", "closed_dates",
                        "capacity_per_day",
                    ])
            else { continue }
            let id = r.string("id")
            if let id {
                if let first = seen[id] {
                    log.add(path + ".id", "duplicate node id \"\(id)\" (first at \(first))")
                } else {
                    seen[id] = path
                    ids.insert(id)
                }
            }
            var kind: Node.Kind?
            if let text = r.string("kind") {
                kind = Node.Kind(rawValue: text)
                if kind == nil { log.add(path + ".kind", "expected \"warehouse\" or \"store\", got \"\(text)\"") }
            }
            let location = r.raw("location").flatMap { decodeLocation($0, path: path + ".location", log) }
            let shipToHome = r.bool("ship_to_home")
            let pickup = r.bool("pickup")
            if pickup == true, kind == .warehouse {
                log.add(path + ".pickup", "only stores offer pickup; a warehouse must have pickup: false")
            }
            let pick = r.number("pick_cost_per_unit", minimum: 0)
            let handling = r.number("handling_cost_per_leg", minimum: 0)
            let days = r.int("handling_days", minimum: 0, maximum: Limits.days)
            let capacity = r.optionalInt("capacity_units", minimum: 0)
            let name = r.raw("name").flatMap { _ in r.string("name", nonEmpty: false) }
            let tags = r.tags("tags")
            let zone = r.timeZone("timezone")
            let cutoff = r.localTime("cutoff")
            let calendar = r.workCalendar()
            let perDay = r.optionalInt("capacity_per_day", minimum: 0)
            if let id, let kind, let location, let shipToHome, let pickup, let pick, let handling, let days,
                let capacity, let tags, let zone, let cutoff, let calendar, let perDay
            {
                nodes.append(
                    Node(
                        id: id, kind: kind, name: name, location: location, shipToHome: shipToHome, pickup: pickup,
                        pickCostPerUnit: pick, handlingCostPerLeg: handling, handlingDays: days,
                        capacityUnits: capacity, tags: tags, timeZone: zone, cutoffMinutes: cutoff, calendar: calendar,
                        capacityPerDay: perDay))
            }
        }
        return (nodes, ids)
    }

    /// The valid skus, and every sku id the document names (with a number each).
    private static func decodeSKUs(_ root: FieldReader, _ log: IssueLog) -> ([SKU], IdSet) {
        var skus: [SKU] = []
        let items = root.list("skus")
        var ids = IdSet(complete: items != nil || !root.has("skus"))
        var seen: [String: DocPath] = [:]
        for (path, value) in items ?? [] {
            guard
                let r = FieldReader(
                    value, path: path, issues: log, required: ["id", "weight_kg", "price"],
                    optional: ["tags"])
            else { continue }
            let id = r.string("id")
            if let id {
                if let first = seen[id] {
                    log.add(path + ".id", "duplicate sku id \"\(id)\" (first at \(first))")
                } else {
                    seen[id] = path
                    ids.insert(id)
                }
            }
            let weight = r.number("weight_kg", above: 0)
            let price = r.number("price", minimum: 0)
            let tags = r.tags("tags")
            if let id, let weight, let price, let tags {
                skus.append(SKU(id: id, weightKg: weight, price: price, tags: tags))
            }
        }
        return (skus, ids)
    }

    private static func decodeInventory(_ root: FieldReader, _ nodes: IdSet, _ skus: IdSet, _ log: IssueLog)
        -> [StockPosition]
    {
        var rows: [StockPosition] = []
        var seen: [Int: DocPath] = [:]
        for (path, value) in root.list("inventory") ?? [] {
            guard
                let r = FieldReader(
                    value, path: path, issues: log, required: ["node", "sku", "on_hand"],
                    optional: ["reserved", "safety_stock"])
            else { continue }
            let node = r.string("node")
            let sku = r.string("sku")
            if let node, nodes.lacks(node) { log.add(path + ".node", "unknown node \"\(node)\"") }
            if let sku, skus.lacks(sku) { log.add(path + ".sku", "unknown sku \"\(sku)\"") }
            if let node, let sku, let n = nodes.number[node], let k = skus.number[sku] {
                let key = n * skus.number.count + k
                if let first = seen[key] {
                    log.add(path.description, "second row for node \"\(node)\" and sku \"\(sku)\" (first at \(first))")
                } else {
                    seen[key] = path
                }
            }
            let onHand = r.int("on_hand", minimum: 0)
            let reserved = r.has("reserved") ? r.int("reserved", minimum: 0) : 0
            let safety = r.has("safety_stock") ? r.int("safety_stock", minimum: 0) : 0
            if let node, let sku, let onHand, let reserved, let safety {
                rows.append(
                    StockPosition(node: node, sku: sku, onHand: onHand, reserved: reserved, safetyStock: safety))
            }
        }
        return rows
    }

    private static func decodeServices(_ root: FieldReader, _ log: IssueLog) -> [Service] {
        var services: [Service] = []
        var seen: Set<String> = []
        for (path, value) in root.list("services") ?? [] {
            guard
                let r = FieldReader(
                    value, path: path, issues: log, required: ["id", "bands"],
                    optional: ["closed_weekdays", "closed_dates"])
            else { continue }
            let calendar = r.workCalendar()
            let id = r.string("id")
            if let id, !seen.insert(id).inserted { log.add(path + ".id", "duplicate service id \"\(id)\"") }
            var bands: [ServiceBand] = []
            var ok = true
            let items = r.list("bands") ?? []
            if r.has("bands"), items.isEmpty, case .array = r.raw("bands")! {
                log.add(path + ".bands", "needs at least one band")
            }
            var previous: Double?? = .some(nil)  // .none once an unbounded band was seen
            for (bandPath, bandValue) in items {
                guard
                    let b = FieldReader(
                        bandValue, path: bandPath, issues: log,
                        required: ["max_km", "transit_days", "base_cost", "cost_per_kg"])
                else {
                    ok = false
                    continue
                }
                let maxKm = b.optionalNumber("max_km", minimum: 0)
                let transit = b.int("transit_days", minimum: 0, maximum: Limits.days)
                let base = b.number("base_cost", minimum: 0)
                let perKg = b.number("cost_per_kg", minimum: 0)
                guard let maxKm, let transit, let base, let perKg else {
                    ok = false
                    continue
                }
                switch previous {
                case .none:
                    log.add(bandPath + ".max_km", "no band may follow an unbounded (null) one")
                    ok = false
                case .some(let last):
                    // By more than the 15 significant digits a written real keeps (JSONWriter), so that
                    // a scenario written as JSON reads back.
                    if let last, let maxKm, maxKm - last <= 1e-14 * abs(maxKm) {
                        log.add(bandPath + ".max_km", "bands must increase: \(maxKm) follows \(last)")
                        ok = false
                    }
                }
                previous = maxKm.map { .some($0) } ?? .none
                bands.append(ServiceBand(maxKm: maxKm, transitDays: transit, baseCost: base, costPerKg: perKg))
            }
            if let id, ok, !bands.isEmpty, let calendar {
                services.append(Service(id: id, bands: bands, calendar: calendar))
            }
        }
        return services
    }

    private static func decodeLanes(_ root: FieldReader, _ ids: IdSet, _ nodes: [String: Node], _ log: IssueLog)
        -> [Lane]
    {
        var lanes: [Lane] = []
        var seen: [String: DocPath] = [:]
        for (path, value) in root.list("lanes") ?? [] {
            guard
                let r = FieldReader(
                    value, path: path, issues: log,
                    required: ["from", "to", "lead_days", "cost_per_unit", "cost_per_leg"],
                    optional: ["departs_weekdays"])
            else { continue }
            let from = r.string("from")
            let to = r.string("to")
            if let from, ids.lacks(from) { log.add(path + ".from", "unknown node \"\(from)\"") }
            if let to {
                if let node = nodes[to] {
                    if !node.pickup {
                        log.add(path + ".to", "\"\(to)\" offers no pickup; a lane must end at a pickup store")
                    }
                } else if ids.lacks(to) {
                    log.add(path + ".to", "unknown node \"\(to)\"")
                }
            }
            if let from, let to {
                if from == to { log.add(path.description, "a lane cannot go from \"\(from)\" to itself") }
                let key = from + "\u{0}" + to
                if let first = seen[key] {
                    log.add(path.description, "second lane \(from) → \(to) (first at \(first))")
                } else {
                    seen[key] = path
                }
            }
            let lead = r.int("lead_days", minimum: 0, maximum: Limits.days)
            let perUnit = r.number("cost_per_unit", minimum: 0)
            let perLeg = r.number("cost_per_leg", minimum: 0)
            let departs: Weekdays?? =
                r.has("departs_weekdays") ? r.weekdays("departs_weekdays", allowEmpty: false) : .some(nil)
            if let from, let to, let lead, let perUnit, let perLeg, let departs {
                lanes.append(
                    Lane(
                        from: from, to: to, leadDays: lead, costPerUnit: perUnit, costPerLeg: perLeg,
                        departsWeekdays: departs))
            }
        }
        return lanes
    }

    private static func decodePolicy(_ root: FieldReader, _ log: IssueLog) -> Policy {
        var policy = Policy()
        guard let value = root.raw("policy"),
            let r = FieldReader(
                value, path: "policy", issues: log, required: [],
                optional: [
                    "split_penalty", "late_penalty_per_day", "lost_sale_factor", "max_legs_per_order", "horizon_days",
                ])
        else { return policy }
        if r.has("split_penalty"), let x = r.number("split_penalty", minimum: 0) { policy.splitPenalty = x }
        if r.has("late_penalty_per_day"), let x = r.number("late_penalty_per_day", minimum: 0) {
            policy.latePenaltyPerDay = x
        }
        if r.has("lost_sale_factor"), let x = r.number("lost_sale_factor", minimum: 0) { policy.lostSaleFactor = x }
        if let x = r.optionalInt("max_legs_per_order", minimum: 1) { policy.maxLegsPerOrder = x }
        if r.has("horizon_days"), let x = r.int("horizon_days", minimum: 1, maximum: Limits.horizonDays) {
            policy.horizonDays = x
        }
        return policy
    }

    private static func decodeInbound(_ root: FieldReader, _ nodes: IdSet, _ skus: IdSet, _ log: IssueLog)
        -> [InboundLine]
    {
        var rows: [InboundLine] = []
        for (path, value) in root.list("inbound") ?? [] {
            guard
                let r = FieldReader(value, path: path, issues: log, required: ["node", "sku", "qty", "arrives"])
            else { continue }
            let node = r.string("node")
            let sku = r.string("sku")
            if let node, nodes.lacks(node) { log.add(path + ".node", "unknown node \"\(node)\"") }
            if let sku, skus.lacks(sku) { log.add(path + ".sku", "unknown sku \"\(sku)\"") }
            let qty = r.int("qty", minimum: 1)
            var arrives: CalendarDay?
            if let text = r.string("arrives") {
                arrives = CalendarDay(iso: text)
                if arrives == nil { log.add(path + ".arrives", "expected a date YYYY-MM-DD, got \"\(text)\"") }
            }
            if let node, let sku, let qty, let arrives {
                rows.append(InboundLine(node: node, sku: sku, qty: qty, arrives: arrives))
            }
        }
        return rows
    }

    private static func decodeOrders(
        _ root: FieldReader, _ ids: IdSet, _ nodes: [String: Node], _ skus: IdSet,
        _ log: IssueLog
    ) -> [Order] {
        var orders: [Order] = []
        var seen: [String: DocPath] = [:]
        for (path, value) in root.list("orders") ?? [] {
            guard
                let r = FieldReader(
                    value, path: path, issues: log,
                    required: ["id", "channel", "customer_id", "placed_at", "due_by", "delivery", "lines"],
                    optional: ["allow_split", "tags"])
            else { continue }
            let id = r.string("id")
            if let id {
                if let first = seen[id] {
                    log.add(path + ".id", "duplicate order id \"\(id)\" (first at \(first))")
                } else {
                    seen[id] = path
                }
            }
            var channel: Order.Channel?
            if let text = r.string("channel") {
                channel = Order.Channel(rawValue: text)
                if channel == nil {
                    log.add(
                        path + ".channel", "expected one of web, app, store, call_center, marketplace, got \"\(text)\"")
                }
            }
            let customer = r.string("customer_id")
            var placedAt: Timestamp?
            if let text = r.string("placed_at") {
                placedAt = Timestamp(iso: text)
                if placedAt == nil {
                    log.add(path + ".placed_at", "expected an ISO 8601 timestamp with a zone, got \"\(text)\"")
                }
            }
            var due: CalendarDay?
            if let text = r.string("due_by") {
                due = CalendarDay(iso: text)
                if due == nil { log.add(path + ".due_by", "expected a date YYYY-MM-DD, got \"\(text)\"") }
            }
            let delivery = r.raw("delivery").flatMap { decodeDelivery($0, path: path + ".delivery", ids, nodes, log) }
            let allowSplit = r.has("allow_split") ? r.bool("allow_split") : true
            var lines: [OrderLine] = []
            var linesOK = true
            if let items = r.list("lines") {
                if items.isEmpty {
                    log.add(path + ".lines", "an order needs at least one line")
                    linesOK = false
                }
                var skuSeen: Set<String> = []
                for (linePath, lineValue) in items {
                    guard let l = FieldReader(lineValue, path: linePath, issues: log, required: ["sku", "qty"]) else {
                        linesOK = false
                        continue
                    }
                    let sku = l.string("sku")
                    if let sku {
                        if skus.lacks(sku) {
                            log.add(linePath + ".sku", "unknown sku \"\(sku)\"")
                            linesOK = false
                        }
                        if !skuSeen.insert(sku).inserted {
                            log.add(linePath + ".sku", "sku \"\(sku)\" appears twice in the order")
                            linesOK = false
                        }
                    }
                    let qty = l.int("qty", minimum: 1)
                    if let sku, let qty { lines.append(OrderLine(sku: sku, qty: qty)) } else { linesOK = false }
                }
            } else {
                linesOK = false
            }
            let tags = r.tags("tags")
            if let id, let channel, let customer, let placedAt, let due, let delivery, let allowSplit, linesOK, let tags
            {
                orders.append(
                    Order(
                        id: id, channel: channel, customerId: customer, placedAt: placedAt, dueBy: due,
                        delivery: delivery, allowSplit: allowSplit, lines: lines, tags: tags))
            }
        }
        return orders
    }

    private static func decodeDelivery(
        _ value: Document, path: String, _ ids: IdSet, _ nodes: [String: Node],
        _ log: IssueLog
    ) -> Delivery? {
        let mode: String?
        if case .string(let m) = value["mode"] ?? .null { mode = m } else { mode = nil }
        switch mode {
        case "ship":
            guard let r = FieldReader(value, path: path, issues: log, required: ["mode", "location"]),
                let loc = r.raw("location").flatMap({ decodeLocation($0, path: path + ".location", log) })
            else { return nil }
            return .ship(to: loc)
        case "pickup":
            guard let r = FieldReader(value, path: path, issues: log, required: ["mode", "pickup_node"]),
                let node = r.string("pickup_node")
            else { return nil }
            guard let n = nodes[node] else {
                if ids.lacks(node) { log.add(path + ".pickup_node", "unknown node \"\(node)\"") }
                return nil
            }
            guard n.pickup else {
                log.add(path + ".pickup_node", "\"\(node)\" is not a store with pickup: true")
                return nil
            }
            return .pickup(at: node)
        default:
            if case .object = value {
                log.add(path + ".mode", "expected \"ship\" or \"pickup\"")
            } else {
                log.add(path, "expected an object, got \(value.kindName)")
            }
            return nil
        }
    }
}

/// The ids a document names in one list, numbered in order of appearance.
struct IdSet {
    private(set) var number: [String: Int] = [:]
    /// False when the list itself could not be read: then no reference is called unknown.
    let complete: Bool

    init(complete: Bool) { self.complete = complete }

    mutating func insert(_ id: String) { number[id] = number.count }

    /// Whether a reference to `id` names nothing in the document.
    func lacks(_ id: String) -> Bool { complete && number[id] == nil }
}
