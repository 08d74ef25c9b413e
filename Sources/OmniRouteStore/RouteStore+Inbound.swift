import OmniRouteModel

/// What a change to stock on its way did.
public struct InboundOutcome: Sendable {
    /// The line as it now stands; nil once received or cancelled.
    public var line: InboundRecord?
    /// The position it goes to, as it now stands.
    public var position: StockLevel
    /// Orders whose held units had to move (the line slipped, shrank or went away), with their eta
    /// before and after (nil: nothing of it routed).
    public var repromised: [Repromise] = []
    /// Open orders whose unfulfilled units got legs on the stock.
    public var filled: [String] = []
}

extension RouteStore {
    /// The lines of stock on their way, in the order they were added; only those to `node` and
    /// of `sku` when given.
    public func inbound(node: String? = nil, sku: String? = nil) throws(StoreError) -> [InboundRecord] {
        try read { tx in try tx.inbound.all() }.filter {
            (node == nil || $0.line.node == node) && (sku == nil || $0.line.sku == sku)
        }
    }

    /// Inbound line `id`.
    public func inbound(id: String) throws(StoreError) -> InboundRecord {
        guard let record = try read({ tx in try tx.inbound.find(id) }) else {
            throw .notFound("no inbound line \"\(id)\"")
        }
        return record
    }

    /// Adds a line of stock on its way: checkout may promise its units from the day they can leave
    /// their node, and open orders waiting for the sku get legs on it where they can.
    public func addInbound(_ request: InboundRequest, actor: String?) throws(StoreError) -> InboundOutcome {
        let line = request.line
        return try lifecycle(actor: actor ?? "inbound") { tx in
            let n = try Self.known(node: line.node, skus: [], field: "", in: tx.network)
            guard let k = tx.network.skuIndex[line.sku] else {
                throw StoreError.invalid([Issue(path: "sku", message: "unknown sku \"\(line.sku)\"")])
            }
            let seq = try tx.db.inbound.nextSeq()
            let id = request.id ?? InboundTable.generatedId(seq)
            if try tx.db.inbound.find(id) != nil { throw StoreError.conflict("inbound line \"\(id)\" already exists") }
            let record = InboundRecord(id: id, line: line, reference: request.reference, updatedAt: tx.now.text)
            try tx.db.inventory.ensure(node: line.node, sku: line.sku, at: tx.now)
            try tx.db.inbound.insert(record, seq: seq, at: tx.now)
            try tx.db.events.append(
                "inbound.created", node: line.node, sku: line.sku, actor: tx.actor, at: tx.now,
                payload: .object(record.documentPairs))
            try tx.reloadInbound()
            let filled = try tx.fillBackorders(skus: [line.sku], reason: "stock on its way (\(id))")
            return InboundOutcome(
                line: record, position: Self.level(n, k, tx.network, tx.book), filled: filled)
        }
    }

    /// Gives line `id` a new arrival date and/or quantity. Legs that counted on its units on days they
    /// no longer have them are re-sourced (perhaps from the same node on a later day): each such order
    /// gets an event `order.repromised` with its eta before and after.
    public func changeInbound(id: String, _ request: InboundChangeRequest, actor: String?) throws(StoreError)
        -> InboundOutcome
    {
        try lifecycle(actor: actor ?? "inbound") { tx in
            guard var record = try tx.db.inbound.find(id) else {
                throw StoreError.notFound("no inbound line \"\(id)\"")
            }
            let before = record
            record.line.qty = request.qty ?? record.line.qty
            record.line.arrives = request.arrives ?? record.line.arrives
            record.updatedAt = tx.now.text
            try tx.db.inbound.update(id, qty: record.line.qty, arrives: record.line.arrives, at: tx.now)
            let reason =
                request.reason ?? "inbound \(id): \(record.line.qty) units arriving \(record.line.arrives)"
            try tx.db.events.append(
                "inbound.changed", node: record.line.node, sku: record.line.sku, actor: tx.actor, at: tx.now,
                payload: .object([
                    ("id", .string(id)), ("before", .object(before.line.arrivalPairs)),
                    ("after", .object(record.line.arrivalPairs)), ("reason", .string(reason)),
                ]))
            return try Self.settle(record.line, record: record, reason: reason, &tx)
        }
    }

    /// Receives line `id`: `qty` units (the line's own when nil) join the position's on-hand and the
    /// line closes. Fewer than expected re-sources the legs that counted on the rest.
    public func receiveInbound(id: String, _ request: InboundCloseRequest, actor: String?) throws(StoreError)
        -> InboundOutcome
    {
        try lifecycle(actor: actor ?? "inbound") { tx in
            guard let record = try tx.db.inbound.find(id) else {
                throw StoreError.notFound("no inbound line \"\(id)\"")
            }
            let line = record.line
            let received = request.qty ?? line.qty
            let (n, k) = tx.indices(line.node, line.sku)
            let p = tx.book.position(node: n, sku: k) ?? .empty
            guard p.onHand + received <= Limits.units else {
                throw StoreError.invalid([
                    Issue(path: "qty", message: "on-hand would exceed \(Limits.units) units")
                ])
            }
            try tx.db.inventory.count(
                node: line.node, sku: line.sku, onHand: p.onHand + received, safetyStock: p.safetyStock, at: tx.now)
            tx.book.set(node: n, sku: k, onHand: p.onHand + received, safetyStock: p.safetyStock)
            try tx.db.inbound.delete(id)
            let reason = request.reason ?? "inbound \(id) received: \(received) of \(line.qty) units"
            try tx.db.events.append(
                "inbound.received", node: line.node, sku: line.sku, actor: tx.actor, at: tx.now,
                payload: .object([
                    ("id", .string(id)), ("expected", .int(line.qty)), ("received", .int(received)),
                    ("reason", .string(reason)),
                ]))
            var outcome = try Self.settle(line, record: nil, reason: reason, &tx)
            if received > 0 { outcome.filled = try tx.fillBackorders(skus: [line.sku], reason: reason) }
            return outcome
        }
    }

    /// Cancels line `id` (the purchase order was cancelled, the transfer will not come): the legs that
    /// counted on its units are re-sourced as a rejection would be.
    public func cancelInbound(id: String, _ request: InboundCloseRequest, actor: String?) throws(StoreError)
        -> InboundOutcome
    {
        try lifecycle(actor: actor ?? "inbound") { tx in
            guard let record = try tx.db.inbound.find(id) else {
                throw StoreError.notFound("no inbound line \"\(id)\"")
            }
            try tx.db.inbound.delete(id)
            let reason = request.reason ?? "inbound \(id) cancelled"
            try tx.db.events.append(
                "inbound.cancelled", node: record.line.node, sku: record.line.sku, actor: tx.actor, at: tx.now,
                payload: .object([("id", .string(id)), ("qty", .int(record.line.qty)), ("reason", .string(reason))]))
            return try Self.settle(record.line, record: nil, reason: reason, &tx)
        }
    }

    /// Rebuilds the network on the stored lines and re-sources what the position of `line` can no
    /// longer send on its legs' days.
    private static func settle(
        _ line: InboundLine, record: InboundRecord?, reason: String, _ tx: inout LifecycleTransaction
    ) throws -> InboundOutcome {
        try tx.reloadInbound()
        let repromised = try tx.settleByDay(node: line.node, sku: line.sku, reason: reason)
        let (n, k) = tx.indices(line.node, line.sku)
        return InboundOutcome(
            line: record, position: level(n, k, tx.network, tx.book), repromised: repromised)
    }
}

extension LifecycleTransaction {
    /// Routes from here on over the stored lines of stock on their way.
    mutating func reloadInbound() throws {
        var scenario = network.scenario
        scenario.inbound = try db.inbound.all().map(\.line)
        scenario.now = now
        replaceNetwork(with: scenario)
    }

    /// Moves what the legs holding `sku` at `node` take beyond what the position has by their ship
    /// days (constraint 2′: on hand less outside holds, plus the lines that can leave by then): legs
    /// are kept by ship day, oldest orders first, and what does not fit is re-sourced, the same node
    /// allowed on a later day. Picked legs never move. Each order moved gets `order.repromised`.
    mutating func settleByDay(node: String, sku: String, reason: String) throws -> [Repromise] {
        let (n, k) = indices(node, sku)
        let p = book.position(node: n, sku: k) ?? .empty
        let rows = network.timetable.inbound[book.key(n, k)] ?? []
        let base = p.onHand - p.reservedExternal
        var cum = 0
        var moves: [(leg: Int64, orderSeq: Int64, lines: [OrderLine])] = []
        for h in try db.reservations.datedHolders(node: node, sku: sku) {
            let day = h.shipsOn.map { $0 - network.today } ?? Int.min
            let supply = base + rows.reduce(0) { $0 + ($1.day <= day ? $1.units : 0) }
            let keep = h.movable ? min(h.qty, max(0, supply - cum)) : h.qty
            cum += keep
            if keep < h.qty { moves.append((h.leg, h.orderSeq, [OrderLine(sku: sku, qty: h.qty - keep)])) }
        }
        return try move(moves, node: node, reason: reason)
    }
}

extension InboundRecord {
    /// The line as the API and the event log write it.
    public var documentPairs: [(key: String, value: Document)] {
        [("id", .string(id)), ("node", .string(line.node)), ("sku", .string(line.sku))] + line.arrivalPairs
            + [("reference", reference.map(Document.string) ?? .null), ("updated_at", .string(updatedAt))]
    }
}

extension InboundLine {
    /// Its units and arrival date.
    var arrivalPairs: [(key: String, value: Document)] {
        [("qty", .int(qty)), ("arrives", .string(arrives.description))]
    }
}
