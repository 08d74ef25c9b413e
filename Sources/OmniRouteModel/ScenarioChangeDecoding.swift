extension ScenarioChange {
    /// The change kinds a document may name in its `change:` key.
    public static let kindNames = [
        "close_node", "open_node", "ship_from_store", "pickup", "scale_service_rates", "scale_stock",
        "scale_capacity", "scale_demand", "policy", "add_node", "add_rule", "replace_rule", "remove_rule", "tag_nodes",
        "untag_nodes", "tag_skus", "untag_skus", "close_dates", "timezone", "cutoff", "scale_daily_capacity",
        "delay_inbound",
        "close_carrier",
    ]

    /// Reads a list of changes strictly (`changes: [...]`), every issue with its path
    /// (`changes[2].factor: must be ≥ 0, got -1`). References to nodes and services are
    /// checked when the changes are applied, against the scenario as it is then.
    ///
    /// - Throws: `DocumentError` listing every issue found.
    public static func list(document: Document, path: String = "changes") throws(DocumentError) -> [ScenarioChange] {
        let log = IssueLog()
        guard case .array(let items) = document else {
            throw DocumentError(issues: [
                Issue(path: path, message: "expected a list of changes, got \(document.kindName)")
            ])
        }
        var changes: [ScenarioChange] = []
        for (i, item) in items.enumerated() {
            if let change = decode(item, path: DocPath(path, index: i), log) { changes.append(change) }
        }
        guard log.isEmpty else { throw DocumentError(issues: log.issues) }
        return changes
    }

    private static func decode(_ value: Document, path: DocPath, _ log: IssueLog) -> ScenarioChange? {
        guard case .object = value else {
            log.add(path.description, "expected an object, got \(value.kindName)")
            return nil
        }
        guard case .string(let kind)? = value["change"] else {
            log.add(
                path + ".change",
                value["change"] == nil
                    ? "missing required field 'change' (one of: \(kindNames.joined(separator: ", ")))"
                    : "expected a string, got \(value["change"]!.kindName)")
            return nil
        }
        let scopeKeys = ["kind", "state", "node", "nodes"]
        let storeScopeKeys = ["state", "node", "nodes"]
        switch kind {
        case "close_node":
            guard
                let r = FieldReader(value, path: path, issues: log, required: ["change"], optional: ["node", "nodes"]),
                let nodes = references(r, required: true)
            else { return nil }
            return .closeNodes(nodes)
        case "open_node":
            guard
                let r = FieldReader(
                    value, path: path, issues: log, required: ["change"], optional: ["node", "nodes", "capacity_units"])
            else { return nil }
            let nodes = references(r, required: true)
            guard let capacity = r.optionalInt("capacity_units", minimum: 0), let nodes else { return nil }
            return .openNodes(nodes, capacityUnits: capacity)
        case "ship_from_store", "pickup":
            guard
                let r = FieldReader(
                    value, path: path, issues: log, required: ["change", "enabled"], optional: storeScopeKeys)
            else { return nil }
            let scope = self.scope(r)
            guard let enabled = r.bool("enabled"), let scope else { return nil }
            return kind == "pickup" ? .pickup(enabled: enabled, scope) : .shipFromStore(enabled: enabled, scope)
        case "scale_service_rates":
            guard
                let r = FieldReader(
                    value, path: path, issues: log, required: ["change", "factor"], optional: ["service"])
            else { return nil }
            let service = r.has("service") ? r.string("service") : nil
            guard let factor = r.number("factor", minimum: 0, maximum: Limits.factor),
                !r.has("service") || service != nil
            else { return nil }
            return .scaleServiceRates(service: service, factor: factor)
        case "scale_stock", "scale_capacity", "scale_daily_capacity":
            guard
                let r = FieldReader(
                    value, path: path, issues: log, required: ["change", "factor"], optional: scopeKeys)
            else { return nil }
            let scope = self.scope(r)
            guard let factor = r.number("factor", minimum: 0, maximum: Limits.factor), let scope else { return nil }
            switch kind {
            case "scale_stock": return .scaleStock(scope, factor: factor)
            case "scale_capacity": return .scaleCapacity(scope, factor: factor)
            default: return .scaleDailyCapacity(scope, factor: factor)
            }
        case "scale_demand":
            guard
                let r = FieldReader(
                    value, path: path, issues: log, required: ["change", "factor"],
                    optional: ["seed", "jitter_km", "jitter_hours"])
            else { return nil }
            let factor = r.number("factor", above: 0, maximum: Limits.factor)
            let seed = r.has("seed") ? r.int("seed", minimum: 0) : 1
            let km = r.has("jitter_km") ? r.number("jitter_km", minimum: 0) : 25
            let hours = r.has("jitter_hours") ? r.number("jitter_hours", minimum: 0) : 12
            if let factor, factor > 100 { log.add(path + ".factor", "must be ≤ 100, got \(factor)") }
            guard let factor, factor <= 100, let seed, let km, let hours else { return nil }
            return .scaleDemand(DemandScaling(factor: factor, seed: UInt64(seed), jitterKm: km, jitterHours: hours))
        case "policy":
            let fields = ["split_penalty", "late_penalty_per_day", "lost_sale_factor", "max_legs_per_order"]
            guard let r = FieldReader(value, path: path, issues: log, required: ["change"], optional: fields) else {
                return nil
            }
            if !fields.contains(where: r.has) {
                log.add(path.description, "names no policy field (one of: \(fields.joined(separator: ", ")))")
            }
            var p = PolicyChange()
            var ok = fields.contains(where: r.has)
            func number(_ key: String) -> Double? {
                guard r.has(key) else { return nil }
                let x = r.number(key, minimum: 0)
                if x == nil { ok = false }
                return x
            }
            p.splitPenalty = number("split_penalty")
            p.latePenaltyPerDay = number("late_penalty_per_day")
            p.lostSaleFactor = number("lost_sale_factor")
            if r.has("max_legs_per_order") {
                if let cap = r.optionalInt("max_legs_per_order", minimum: 1) {
                    p.maxLegsPerOrder = .some(cap)
                } else {
                    ok = false
                }
            }
            return ok ? .setPolicy(p) : nil
        case "add_node":
            guard
                let r = FieldReader(
                    value, path: path, issues: log, required: ["change", "id", "like", "location"],
                    optional: ["name", "capacity_units", "stock_from", "stock_factor"])
            else { return nil }
            let id = r.string("id")
            let like = r.string("like")
            let location = r.raw("location").flatMap { Scenario.decodeLocation($0, path: path + ".location", log) }
            let name = r.has("name") ? r.string("name") : nil
            let capacity: Int?? =
                r.has("capacity_units")
                ? r.optionalInt("capacity_units", minimum: 0).map { .some($0) } ?? .none : .some(.none)
            let stockFrom = r.has("stock_from") ? r.string("stock_from") : nil
            let stockFactor = r.has("stock_factor") ? r.number("stock_factor", minimum: 0, maximum: Limits.factor) : 1
            guard let id, let like, let location, let capacity, let stockFactor,
                !r.has("name") || name != nil, !r.has("stock_from") || stockFrom != nil
            else { return nil }
            return .addNode(
                NewNode(
                    id: id, like: like, location: location, name: name, capacityUnits: capacity,
                    stockFrom: stockFrom, stockFactor: stockFactor))
        case "add_rule", "replace_rule":
            guard let r = FieldReader(value, path: path, issues: log, required: ["change", "rule"]),
                let rule = r.raw("rule")
            else { return nil }
            guard case .object = rule else {
                log.add(path + ".rule", "expected a rule object, got \(rule.kindName)")
                return nil
            }
            return kind == "add_rule" ? .addRule(rule) : .replaceRule(rule)
        case "remove_rule":
            guard let r = FieldReader(value, path: path, issues: log, required: ["change", "id"]),
                let id = r.string("id")
            else { return nil }
            return .removeRule(id: id)
        case "tag_nodes", "untag_nodes":
            guard
                let r = FieldReader(value, path: path, issues: log, required: ["change", "tags"], optional: scopeKeys)
            else { return nil }
            let scope = self.scope(r)
            guard let tags = r.tags("tags"), let scope else { return nil }
            if tags.isEmpty {
                log.add(path + ".tags", "names no tag")
                return nil
            }
            return kind == "tag_nodes" ? .tagNodes(tags, scope) : .untagNodes(tags, scope)
        case "tag_skus", "untag_skus":
            guard let r = FieldReader(value, path: path, issues: log, required: ["change", "tags", "skus"]) else {
                return nil
            }
            let tags = r.tags("tags")
            guard let tags, let skus = r.tags("skus", noun: "sku id") else { return nil }
            for (key, list) in [("tags", tags), ("skus", skus)] where list.isEmpty {
                log.add(r.fieldPath(key), key == "tags" ? "names no tag" : "names no sku")
            }
            if tags.isEmpty || skus.isEmpty { return nil }
            return kind == "tag_skus" ? .tagSKUs(tags, skus: skus) : .untagSKUs(tags, skus: skus)
        case "close_dates":
            guard
                let r = FieldReader(value, path: path, issues: log, required: ["change", "dates"], optional: scopeKeys)
            else { return nil }
            let scope = self.scope(r)
            guard let dates = nonEmptyDates(r), let scope else { return nil }
            return .closeDates(dates, scope)
        case "timezone":
            guard
                let r = FieldReader(value, path: path, issues: log, required: ["change", "zone"], optional: scopeKeys)
            else { return nil }
            let scope = self.scope(r)
            let zone: String?? = r.raw("zone") == .null ? .some(nil) : r.timeZone("zone")
            guard let zone, let scope else { return nil }
            return .setTimeZone(zone, scope)
        case "cutoff":
            guard
                let r = FieldReader(
                    value, path: path, issues: log, required: ["change", "cutoff"], optional: scopeKeys)
            else { return nil }
            let scope = self.scope(r)
            let cutoff: Int?? = r.raw("cutoff") == .null ? .some(nil) : r.localTime("cutoff")
            guard let cutoff, let scope else { return nil }
            return .setCutoff(cutoff, scope)
        case "delay_inbound":
            guard
                let r = FieldReader(
                    value, path: path, issues: log, required: ["change", "days"], optional: scopeKeys + ["skus"])
            else { return nil }
            let scope = self.scope(r)
            let days = r.int("days", minimum: -Limits.horizonDays, maximum: Limits.horizonDays)
            let skus = r.has("skus") ? r.tags("skus", noun: "sku id") : nil
            if let skus, skus.isEmpty { log.add(r.fieldPath("skus"), "names no sku") }
            guard let days, let scope, !r.has("skus") || skus?.isEmpty == false else { return nil }
            return .delayInbound(days: days, skus: skus, scope)
        case "close_carrier":
            guard
                let r = FieldReader(
                    value, path: path, issues: log, required: ["change", "dates"], optional: ["service"])
            else { return nil }
            let service = r.has("service") ? r.string("service") : nil
            guard let dates = nonEmptyDates(r), !r.has("service") || service != nil else { return nil }
            return .closeCarrier(service: service, dates: dates)
        default:
            log.add(
                path + ".change", "unknown change \"\(kind)\" (expected one of: \(kindNames.joined(separator: ", ")))")
            return nil
        }
    }

    /// The `dates` of a change: at least one, distinct, in date order.
    private static func nonEmptyDates(_ r: FieldReader) -> [CalendarDay]? {
        guard let dates = r.dates("dates") else { return nil }
        if dates.isEmpty { r.issues.add(r.fieldPath("dates"), "names no date") }
        return dates.isEmpty ? nil : dates.sorted()
    }

    /// `node: ID` or `nodes: [ID, …]`; nil (with an issue) when neither or both are there.
    private static func references(_ r: FieldReader, required: Bool) -> [NodeReference]? {
        switch (r.has("node"), r.has("nodes")) {
        case (true, true):
            r.issues.add(r.path, "give either 'node' or 'nodes', not both")
            return nil
        case (true, false):
            return r.string("node").map { [NodeReference($0, field: "node")] }
        case (false, true):
            guard let items = r.list("nodes") else { return nil }
            if items.isEmpty {
                r.issues.add(r.fieldPath("nodes"), "names no node")
                return nil
            }
            var refs: [NodeReference] = []
            var ok = true
            for (k, (itemPath, item)) in items.enumerated() {
                if case .string(let id) = item, !id.isEmpty {
                    refs.append(NodeReference(id, field: "nodes[\(k)]"))
                } else {
                    r.issues.add(itemPath.description, "expected a node id, got \(item.kindName)")
                    ok = false
                }
            }
            return ok ? refs : nil
        case (false, false):
            if required { r.issues.add(r.path, "missing required field 'node' (or 'nodes')") }
            return nil
        }
    }

    /// At most one of `kind`, `state`, `node`/`nodes`; none is `.all`.
    private static func scope(_ r: FieldReader) -> NodeScope? {
        let given = ["kind", "state", "node", "nodes"].filter(r.has)
        if given.count > 1, !(given == ["node", "nodes"]) {
            r.issues.add(r.path, "give at most one of kind, state and node(s), got \(given.joined(separator: ", "))")
            return nil
        }
        if r.has("kind") {
            guard let text = r.string("kind") else { return nil }
            guard let kind = Node.Kind(rawValue: text) else {
                r.issues.add(r.fieldPath("kind"), "expected \"warehouse\" or \"store\", got \"\(text)\"")
                return nil
            }
            return .kind(kind)
        }
        if r.has("state") { return r.string("state").map { .state($0.uppercased()) } }
        if r.has("node") || r.has("nodes") { return references(r, required: true).map { .nodes($0) } }
        return .all
    }
}
