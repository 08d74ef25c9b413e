extension Scenario {
    /// The scenario with `changes` applied in order. Each change sees the scenario the
    /// ones before it left (a node added by one can be closed by the next). A change
    /// naming a node, service or state that does not exist then is an issue with its
    /// path (`changes[2].node: no node "S-999"`); every issue is reported at once. The
    /// result is read back through the strict decoder, so it is always a valid scenario.
    ///
    /// - Parameter path: the path of the list in its document, for issues.
    /// - Throws: `DocumentError` listing every issue.
    public func applying(_ changes: [ScenarioChange], path: String = "changes") throws(DocumentError) -> Scenario {
        var s = self
        var issues: [Issue] = []
        for (i, change) in changes.enumerated() {
            let at = "\(path)[\(i)]"
            do {
                try s.apply(change)
            } catch {
                issues += error.problems.map {
                    Issue(path: $0.field.isEmpty ? at : at + "." + $0.field, message: $0.message)
                }
            }
        }
        guard issues.isEmpty else { throw DocumentError(issues: issues) }
        do {
            return try Scenario(document: s.document)
        } catch {
            throw DocumentError(
                issues: error.issues.map { Issue(path: "after \(path): " + $0.path, message: $0.message) })
        }
    }

    /// Applies one change; on a bad reference nothing of the change is applied.
    mutating func apply(_ change: ScenarioChange) throws(ChangeProblems) {
        switch change {
        case .closeNodes(let refs):
            let ids = try resolve(refs)
            for i in ids {
                nodes[i].shipToHome = false
                nodes[i].capacityUnits = 0
            }
            movePickupOrders(away: Set(ids.filter { nodes[$0].pickup }.map { nodes[$0].id }))
        case .openNodes(let refs, let capacity):
            for i in try resolve(refs) {
                nodes[i].shipToHome = true
                nodes[i].capacityUnits = capacity
            }
        case .shipFromStore(let enabled, let scope):
            for i in try stores(scope) { nodes[i].shipToHome = enabled }
        case .pickup(let enabled, let scope):
            let ids = try stores(scope)
            for i in ids { nodes[i].pickup = enabled }
            if !enabled {
                let off = Set(ids.map { nodes[$0].id })
                lanes.removeAll { off.contains($0.to) }
                movePickupOrders(away: off)
            }
        case .scaleServiceRates(let service, let factor):
            var hit = false
            for k in services.indices where service == nil || services[k].id == service {
                hit = true
                for b in services[k].bands.indices {
                    services[k].bands[b].baseCost *= factor
                    services[k].bands[b].costPerKg *= factor
                }
            }
            if let service, !hit {
                throw ChangeProblems(
                    "service", "no service \"\(service)\" (has: \(services.map(\.id).joined(separator: ", ")))")
            }
        case .scaleStock(let scope, let factor):
            let chosen = Set(try self.nodes(scope).map { nodes[$0].id })
            for r in inventory.indices where chosen.contains(inventory[r].node) {
                inventory[r].onHand = Self.scaled(inventory[r].onHand, factor)
            }
        case .scaleCapacity(let scope, let factor):
            for i in try self.nodes(scope) {
                nodes[i].capacityUnits = nodes[i].capacityUnits.map { Self.scaled($0, factor) }
            }
        case .scaleDemand(let scaling):
            orders = scaledDemand(scaling)
        case .setPolicy(let p):
            if let x = p.splitPenalty { policy.splitPenalty = x }
            if let x = p.latePenaltyPerDay { policy.latePenaltyPerDay = x }
            if let x = p.lostSaleFactor { policy.lostSaleFactor = x }
            if let x = p.maxLegsPerOrder { policy.maxLegsPerOrder = x }
        case .addNode(let new):
            try add(new)
        case .addRule(let document):
            let rule = try decodeRule(document)
            if rules.contains(where: { $0.id == rule.id }) {
                throw ChangeProblems("rule.id", "a rule \"\(rule.id)\" exists already (replace_rule replaces it)")
            }
            rules.append(rule)
        case .replaceRule(let document):
            let rule = try decodeRule(document)
            guard let k = rules.firstIndex(where: { $0.id == rule.id }) else {
                throw ChangeProblems("rule.id", "no rule \"\(rule.id)\" (has: \(ruleIds))")
            }
            rules[k] = rule
        case .removeRule(let id):
            guard let k = rules.firstIndex(where: { $0.id == id }) else {
                throw ChangeProblems("id", "no rule \"\(id)\" (has: \(ruleIds))")
            }
            rules.remove(at: k)
        case .tagNodes(let tags, let scope):
            for i in try self.nodes(scope) {
                nodes[i].tags += tags.filter { !nodes[i].tags.contains($0) }
            }
        case .untagNodes(let tags, let scope):
            for i in try self.nodes(scope) { nodes[i].tags.removeAll { tags.contains($0) } }
        case .tagSKUs(let tags, let ids):
            for i in try skus(ids) { skus[i].tags += tags.filter { !skus[i].tags.contains($0) } }
        case .untagSKUs(let tags, let ids):
            for i in try skus(ids) { skus[i].tags.removeAll { tags.contains($0) } }
        case .closeDates(let dates, let scope):
            for i in try self.nodes(scope) { nodes[i].calendar.closedDates.formUnion(dates) }
        case .setTimeZone(let zone, let scope):
            for i in try self.nodes(scope) { nodes[i].timeZone = zone }
        case .setCutoff(let cutoff, let scope):
            for i in try self.nodes(scope) { nodes[i].cutoffMinutes = cutoff }
        case .scaleDailyCapacity(let scope, let factor):
            for i in try self.nodes(scope) {
                nodes[i].capacityPerDay = nodes[i].capacityPerDay.map { Self.scaled($0, factor) }
            }
        case .delayInbound(let days, let skuIds, let scope):
            let chosen = Set(try self.nodes(scope).map { nodes[$0].id })
            let only = try skuIds.map { ids throws(ChangeProblems) in Set(try skus(ids).map { skus[$0].id }) }
            for r in inbound.indices
            where chosen.contains(inbound[r].node) && (only?.contains(inbound[r].sku) ?? true) {
                inbound[r].arrives = inbound[r].arrives + days
            }
        case .closeCarrier(let service, let dates):
            var hit = false
            for k in services.indices where service == nil || services[k].id == service {
                hit = true
                services[k].calendar.closedDates.formUnion(dates)
            }
            if let service, !hit {
                throw ChangeProblems(
                    "service", "no service \"\(service)\" (has: \(services.map(\.id).joined(separator: ", ")))")
            }
        }
    }

    private var ruleIds: String { rules.isEmpty ? "none" : rules.map(\.id).joined(separator: ", ") }

    /// A rule object of a change, read strictly against the nodes as they are now.
    private func decodeRule(_ document: Document) throws(ChangeProblems) -> Rule {
        let rules: [Rule]
        do {
            rules = try Self.rules(.object([("rules", .array([document]))]), nodes: nodes)
        } catch {
            var problems = ChangeProblems()
            for issue in error.issues {
                let field =
                    issue.path.hasPrefix("rules[0]") ? "rule" + issue.path.dropFirst("rules[0]".count) : issue.path
                problems.add(field, issue.message)
            }
            if problems.problems.isEmpty { problems.add("rule", "not a valid rule") }
            throw problems
        }
        guard let rule = rules.first else { throw ChangeProblems("rule", "not a valid rule") }
        return rule
    }

    private static func scaled(_ x: Int, _ factor: Double) -> Int { Int((Double(x) * factor).rounded()) }

    /// The positions of the named nodes; every unknown name is a problem.
    private func resolve(_ refs: [NodeReference]) throws(ChangeProblems) -> [Int] {
        var problems = ChangeProblems()
        var found: [Int] = []
        for ref in refs {
            if let i = nodes.firstIndex(where: { $0.id == ref.id }) {
                found.append(i)
            } else {
                problems.add(ref.field, "no node \"\(ref.id)\"")
            }
        }
        guard problems.problems.isEmpty else { throw problems }
        return found
    }

    /// The positions of the named skus (`skus[k]`); every unknown id is a problem.
    private func skus(_ ids: [String]) throws(ChangeProblems) -> [Int] {
        let index = Dictionary(skus.indices.map { (skus[$0].id, $0) }, uniquingKeysWith: { a, _ in a })
        var problems = ChangeProblems()
        var found: [Int] = []
        for (k, id) in ids.enumerated() {
            if let i = index[id] { found.append(i) } else { problems.add("skus[\(k)]", "no sku \"\(id)\"") }
        }
        guard problems.problems.isEmpty else { throw problems }
        return found
    }

    /// The state of a node read from its id (`S-NY-001` → `NY`), if it has one.
    public static func state(ofNodeId id: String) -> String? {
        let parts = id.split(separator: "-")
        guard parts.count >= 3, parts[1].count == 2, parts[1].allSatisfy(\.isLetter) else { return nil }
        return parts[1].uppercased()
    }

    /// The nodes of a scope (all kinds).
    private func nodes(_ scope: NodeScope) throws(ChangeProblems) -> [Int] {
        switch scope {
        case .all: return Array(nodes.indices)
        case .kind(let kind): return nodes.indices.filter { nodes[$0].kind == kind }
        case .state(let state):
            let found = nodes.indices.filter { Self.state(ofNodeId: nodes[$0].id) == state }
            if found.isEmpty {
                throw ChangeProblems(
                    "state", "no node in state \"\(state)\" (the state is read from ids like S-NY-001)")
            }
            return found
        case .nodes(let refs): return try resolve(refs)
        }
    }

    /// The stores of a scope; a named warehouse is a problem.
    private func stores(_ scope: NodeScope) throws(ChangeProblems) -> [Int] {
        let found = try nodes(scope)
        if case .nodes(let refs) = scope {
            var problems = ChangeProblems()
            for (ref, i) in zip(refs, found) where nodes[i].kind != .store {
                problems.add(ref.field, "\"\(ref.id)\" is a warehouse; this change applies to stores")
            }
            if !problems.problems.isEmpty { throw problems }
        }
        return found.filter { nodes[$0].kind == .store }
    }

    /// Pickup orders at `closed` stores go to the nearest store that still offers
    /// pickup and picks (capacity ≠ 0); with none left, a parcel to the store's location.
    private mutating func movePickupOrders(away closed: Set<String>) {
        guard !closed.isEmpty else { return }
        let open = nodes.filter { $0.kind == .store && $0.pickup && $0.capacityUnits != 0 && !closed.contains($0.id) }
        let location = Dictionary(nodes.map { ($0.id, $0.location) }, uniquingKeysWith: { a, _ in a })
        var moved: [String: Delivery] = [:]
        for o in orders.indices {
            guard case .pickup(let store) = orders[o].delivery, closed.contains(store) else { continue }
            if let d = moved[store] {
                orders[o].delivery = d
                continue
            }
            let here = location[store]!
            let nearest = open.min { a, b in
                let x = a.location.distanceKm(to: here)
                let y = b.location.distanceKm(to: here)
                return x == y ? a.id < b.id : x < y
            }
            let d: Delivery = nearest.map { .pickup(at: $0.id) } ?? .ship(to: here)
            moved[store] = d
            orders[o].delivery = d
        }
    }

    private mutating func add(_ new: NewNode) throws(ChangeProblems) {
        var problems = ChangeProblems()
        if nodes.contains(where: { $0.id == new.id }) { problems.add("id", "node \"\(new.id)\" already exists") }
        let template = nodes.first { $0.id == new.like }
        if template == nil { problems.add("like", "no node \"\(new.like)\"") }
        let stockSource = new.stockFrom ?? new.like
        if new.stockFrom != nil, !nodes.contains(where: { $0.id == stockSource }) {
            problems.add("stock_from", "no node \"\(stockSource)\"")
        }
        guard problems.problems.isEmpty, var node = template else { throw problems }
        node.id = new.id
        node.name = new.name ?? new.id
        node.location = new.location
        if let capacity = new.capacityUnits { node.capacityUnits = capacity }
        nodes.append(node)
        inventory += inventory.filter { $0.node == stockSource }.map {
            StockPosition(
                node: new.id, sku: $0.sku, onHand: Self.scaled($0.onHand, new.stockFactor), reserved: 0,
                safetyStock: $0.safetyStock)
        }
        // The template's lanes, from and (for a pickup store) into the new node.
        var added: [Lane] = []
        for lane in lanes {
            if lane.from == new.like {
                added.append(
                    Lane(
                        from: new.id, to: lane.to, leadDays: lane.leadDays, costPerUnit: lane.costPerUnit,
                        costPerLeg: lane.costPerLeg))
            }
            if lane.to == new.like, node.pickup, lane.from != new.id {
                added.append(
                    Lane(
                        from: lane.from, to: new.id, leadDays: lane.leadDays, costPerUnit: lane.costPerUnit,
                        costPerLeg: lane.costPerLeg))
            }
        }
        lanes += added
    }
}

/// What is wrong with one change, by field of the change (empty: the change itself).
struct ChangeProblems: Error {
    var problems: [(field: String, message: String)] = []

    init() {}

    init(_ field: String, _ message: String) { problems = [(field, message)] }

    mutating func add(_ field: String, _ message: String) { problems.append((field, message)) }
}
