extension Scenario {
    /// A rule set on its own (`{"rules": [...]}`, as the service stores and receives it), read
    /// as strictly as a scenario's `rules` against `nodes`; issues have paths like `rules[0].id`.
    ///
    /// - Throws: `DocumentError` listing every issue found.
    public static func rules(_ document: Document, nodes: [Node]) throws(DocumentError) -> [Rule] {
        let log = IssueLog()
        var ids = IdSet(complete: true)
        for node in nodes { ids.insert(node.id) }
        guard let root = FieldReader(document, path: "", issues: log, required: ["rules"]) else {
            throw DocumentError(issues: log.issues)
        }
        let rules = decodeRules(root, ids, log)
        guard log.isEmpty else { throw DocumentError(issues: log.issues) }
        return rules
    }

    /// The scenario's `rules`, read strictly: unknown keys, wrong kinds, bounds, duplicate
    /// ids, selectors naming no node and rules with no action are issues with their paths.
    static func decodeRules(_ root: FieldReader, _ nodes: IdSet, _ log: IssueLog) -> [Rule] {
        var rules: [Rule] = []
        var seen: [String: DocPath] = [:]
        let optional = ["when", "sku_tags_any"] + Rule.actionKeys
        for (path, value) in root.list("rules") ?? [] {
            guard let r = FieldReader(value, path: path, issues: log, required: ["id"], optional: optional) else {
                continue
            }
            var ok = true
            let id = r.string("id")
            if let id {
                if let first = seen[id] {
                    log.add(path + ".id", "duplicate rule id \"\(id)\" (first at \(first))")
                    ok = false
                } else {
                    seen[id] = path
                }
            }
            if !Rule.actionKeys.contains(where: r.has) {
                log.add(
                    path.description, "a rule needs at least one action (\(Rule.actionKeys.joined(separator: ", ")))")
                ok = false
            }
            var when = Rule.Condition()
            if let value = r.raw("when") {
                if let c = decodeCondition(value, path: path + ".when", log) { when = c } else { ok = false }
            }
            var rule = Rule(id: id ?? "", when: when)
            if r.has("sku_tags_any") {
                if let tags = r.tags("sku_tags_any") { rule.skuTagsAny = tags } else { ok = false }
            }
            func selector(_ key: String) -> NodeSelector? {
                guard let value = r.raw(key) else { return nil }
                let s = decodeSelector(value, path: r.fieldPath(key), nodes, log)
                if s == nil { ok = false }
                return s
            }
            func surcharge(_ key: String) -> Rule.Surcharge? {
                guard let value = r.raw(key) else { return nil }
                let at = r.fieldPath(key)
                guard let s = FieldReader(value, path: at, issues: log, required: ["nodes", "amount"]) else {
                    ok = false
                    return nil
                }
                let nodes = s.raw("nodes").flatMap { decodeSelector($0, path: at + ".nodes", nodes, log) }
                let amount = s.number("amount", minimum: 0)
                guard let nodes, let amount else {
                    ok = false
                    return nil
                }
                return Rule.Surcharge(nodes: nodes, amount: amount)
            }
            rule.exclude = selector("exclude")
            rule.onlyFrom = selector("only_from")
            rule.surchargePerUnit = surcharge("surcharge_per_unit")
            rule.surchargePerLeg = surcharge("surcharge_per_leg")
            if r.has("max_legs") {
                if let m = r.int("max_legs", minimum: 1) { rule.maxLegs = m } else { ok = false }
            }
            if let value = r.raw("reserve") {
                let at = r.fieldPath("reserve")
                if let s = FieldReader(value, path: at, issues: log, required: ["nodes", "units"]),
                    let selector = s.raw("nodes").flatMap({ decodeSelector($0, path: at + ".nodes", nodes, log) }),
                    let units = s.int("units", minimum: 1)
                {
                    rule.reserve = Rule.Reserve(nodes: selector, units: units)
                } else {
                    ok = false
                }
            }
            if ok, id != nil { rules.append(rule) }
        }
        return rules
    }

    private static func decodeCondition(_ value: Document, path: String, _ log: IssueLog) -> Rule.Condition? {
        guard
            let r = FieldReader(
                value, path: path, issues: log, required: [],
                optional: ["channels", "modes", "order_tags_any", "min_units", "min_value"])
        else { return nil }
        var ok = true
        var c = Rule.Condition()
        if let items = r.list("channels") {
            var channels: [Order.Channel] = []
            for (at, item) in items {
                if case .string(let text) = item, let channel = Order.Channel(rawValue: text) {
                    channels.append(channel)
                } else {
                    log.add(
                        at.description, "expected one of web, app, store, call_center, marketplace, got \(show(item))")
                    ok = false
                }
            }
            c.channels = channels
        } else if r.has("channels") {
            ok = false
        }
        if let items = r.list("modes") {
            var modes: [DeliveryMode] = []
            for (at, item) in items {
                if case .string(let text) = item, let mode = DeliveryMode(rawValue: text) {
                    modes.append(mode)
                } else {
                    log.add(at.description, "expected \"ship\" or \"pickup\", got \(show(item))")
                    ok = false
                }
            }
            c.modes = modes
        } else if r.has("modes") {
            ok = false
        }
        if r.has("order_tags_any") {
            if let tags = r.tags("order_tags_any") { c.orderTagsAny = tags } else { ok = false }
        }
        if r.has("min_units") {
            if let m = r.int("min_units", minimum: 1) { c.minUnits = m } else { ok = false }
        }
        if r.has("min_value") {
            if let m = r.number("min_value", minimum: 0) { c.minValue = m } else { ok = false }
        }
        return ok ? c : nil
    }

    /// A node selector: at least one of `kind`, `ids`, `tags_any`; every id names a node.
    private static func decodeSelector(_ value: Document, path: String, _ nodes: IdSet, _ log: IssueLog)
        -> NodeSelector?
    {
        guard let r = FieldReader(value, path: path, issues: log, required: [], optional: ["kind", "ids", "tags_any"])
        else { return nil }
        guard r.has("kind") || r.has("ids") || r.has("tags_any") else {
            log.add(path, "a selector needs at least one of kind, ids, tags_any")
            return nil
        }
        var ok = true
        var s = NodeSelector()
        if let text = r.string("kind") {
            if let kind = Node.Kind(rawValue: text) {
                s.kind = kind
            } else {
                log.add(path + ".kind", "expected \"warehouse\" or \"store\", got \"\(text)\"")
                ok = false
            }
        } else if r.has("kind") {
            ok = false
        }
        if let items = r.list("ids") {
            var ids: [String] = []
            for (at, item) in items {
                guard case .string(let id) = item else {
                    log.add(at.description, "expected a node id, got \(item.kindName)")
                    ok = false
                    continue
                }
                if nodes.lacks(id) {
                    log.add(at.description, "no node \"\(id)\"")
                    ok = false
                }
                ids.append(id)
            }
            s.ids = ids
        } else if r.has("ids") {
            ok = false
        }
        if r.has("tags_any") {
            if let tags = r.tags("tags_any") { s.tagsAny = tags } else { ok = false }
        }
        return ok ? s : nil
    }

    private static func show(_ d: Document) -> String {
        if case .string(let s) = d { return "\"\(s)\"" }
        return d.kindName
    }
}

extension FieldReader {
    /// A list of distinct non-empty strings (`tags`, `tags_any`); `[]` when absent, nil on an issue.
    /// `noun` names an item in the message about a duplicate.
    func tags(_ key: String, noun: String = "tag") -> [String]? {
        guard let items = list(key) else { return has(key) ? nil : [] }
        var tags: [String] = []
        var ok = true
        for (at, item) in items {
            guard case .string(let tag) = item else {
                issues.add(at.description, "expected a string, got \(item.kindName)")
                ok = false
                continue
            }
            if tag.isEmpty {
                issues.add(at.description, "must not be empty")
                ok = false
            } else if tags.contains(tag) {
                issues.add(at.description, "duplicate \(noun) \"\(tag)\"")
                ok = false
            }
            tags.append(tag)
        }
        return ok ? tags : nil
    }
}
