import Foundation
import OmniRouteHeuristics
import OmniRouteModel

extension RouteStore {
    /// Runs `body` in one write transaction on a copy of the stock book, under the
    /// lock; the copy replaces the book once the transaction has committed.
    ///
    /// It first lets the placements being written commit, and starts no new one
    /// meanwhile, so the transaction sees in the database every hold the book has:
    /// a count that moves holds must find them all.
    func lifecycle<T: Sendable>(actor: String, _ body: (inout LifecycleTransaction) throws -> T) throws(StoreError) -> T
    {
        gate.beginDrain()
        defer { gate.endDrain() }
        let now = clock.now
        return try withState { (s: inout State) throws(StoreError) -> T in
            var after: (network: Network, book: StockBook, router: any OrderRouter, open: Int)?
            let value = try write { transaction -> T in
                var tx = LifecycleTransaction(
                    db: transaction, network: s.network, strategy: checkoutStrategy, router: s.router, book: s.book,
                    now: now, actor: actor)
                let value = try body(&tx)
                after = (tx.network, tx.book, tx.router, tx.openDelta)
                return value
            }
            if let after {
                s.network = after.network
                s.book = after.book
                s.router = after.router
                s.openOrders += after.open
            }
            return value
        }
    }

    // MARK: release

    /// Sends planned orders to their nodes: all of them, those due within some days,
    /// or those named. Their planned legs become `released`; the event log gets one
    /// `order.released` per order and one `leg.released` per leg, addressed to its
    /// node (the node's pick list).
    public func release(_ request: ReleaseRequest = ReleaseRequest(), actor: String = "release") throws(StoreError)
        -> ReleaseReport
    {
        let today = clock.now.utcDay
        return try lifecycle(actor: actor) { tx in
            var rows: [OrderHead]
            var skipped: [(id: String, status: StoredOrder.Status)] = []
            if let ids = request.orders {
                rows = []
                for id in ids {
                    guard let row = try tx.db.orders.head(id: id) else {
                        throw StoreError.notFound("no order \"\(id)\"")
                    }
                    if row.status == .planned {
                        rows.append(row)
                    } else {
                        skipped.append((id, row.status ?? .planned))
                    }
                }
            } else {
                rows = try tx.db.orders.plannedHeads()
            }
            if let days = request.dueWithinDays {
                // Compared as days, not as text: `ReleaseRequest` bounds `days`, so the sum cannot overflow.
                let limit = today + days
                let due = rows.filter { row in row.dueBy.map { $0 <= limit } ?? false }
                if request.orders != nil {
                    for row in rows where !due.contains(where: { $0.seq == row.seq }) {
                        skipped.append((row.id, .planned))
                    }
                }
                rows = due
            }
            var released: [String] = []
            var legs = 0
            for row in rows {
                let seq = row.seq
                let id = row.id
                let legIds = try tx.db.legs.planned(orderSeq: seq)
                try tx.db.legs.releasePlanned(orderSeq: seq, at: tx.now)
                try tx.db.orders.markReleased(seq: seq)
                let order = try tx.order(seq: seq)
                try tx.db.events.append(
                    "order.released", orderId: id, actor: tx.actor, at: tx.now,
                    payload: .object([
                        ("legs", order.plan.legsDocument(ids: order.legIds)),
                        ("unfulfilled", .array(order.plan.unfulfilled.map(\.document))),
                    ]))
                try tx.announceReleased(order.plan, ids: order.legIds, orderId: id)
                try tx.refresh(seq: seq, current: order)
                released.append(id)
                legs += legIds.count
            }
            return ReleaseReport(released: released, legs: legs, skipped: skipped)
        }
    }

    // MARK: node events

    /// Records a node's event on leg `legId`: accepted, picked, shipped (with a
    /// tracking id), in transit, ready for pickup, delivered, collected, or rejected.
    ///
    /// An event the leg's state does not allow changes nothing and says what is
    /// allowed. A rejection (of the whole leg, or a short pick of some units)
    /// corrects the node's on-hand, lets go of those units and routes them again
    /// with the node excluded; what nothing can send becomes unfulfilled. The leg
    /// whose units leave its node (shipped, in transit, collected) turns its holds
    /// into on-hand decrements.
    ///
    /// - Parameter nodes: when given, only a leg sent from one of these nodes, or a transfer
    ///   into one of them, may be changed; any other is answered as no leg (a node key
    ///   learns nothing of other nodes' legs).
    public func recordLegEvent(
        leg legId: Int64, _ event: LegEventRequest, nodes: Set<String>? = nil
    ) throws(StoreError) -> LegEventOutcome {
        try lifecycle(actor: event.actor ?? "node") { tx in
            guard let leg = try tx.leg(legId) else { throw StoreError.notFound("no leg \(legId)") }
            if let nodes, !nodes.contains(leg.from) {
                let into: String? =
                    if leg.type.isTransfer, case .pickup(let store) = try tx.order(seq: leg.orderSeq).order.delivery {
                        store
                    } else { nil }
                guard let into, nodes.contains(into) else { throw StoreError.notFound("no leg \(legId)") }
            }
            if try tx.db.orders.status(seq: leg.orderSeq) == .planned {
                throw StoreError.conflict(
                    "order \(leg.orderId) has not been released to its nodes yet; release it first")
            }
            // A node that retries an event it already sent gets the same answer, changing nothing.
            if event.status == leg.status && event.status != .rejected,
                let seq = try tx.db.events.last("leg.\(event.status.rawValue)", leg: legId)
            {
                return LegEventOutcome(
                    order: try tx.order(seq: leg.orderSeq), leg: legId, eventSeq: seq, replayed: true)
            }
            guard leg.status.allows(event.status, for: leg.type) else {
                throw StoreError.illegalTransition(
                    leg: legId, status: leg.status, event: event.status,
                    allowed: leg.status.allowedEvents(for: leg.type))
            }
            tx.actor = event.actor ?? "node \(leg.from)"
            let eventSeq: Int64
            if event.status == .rejected {
                let carried = try tx.legLines(legId)
                let lines = try Self.rejectedLines(event.lines, carried: carried)
                let reason = event.reason ?? "not found at \(leg.from)"
                eventSeq = try tx.takeUnits(leg: legId, node: leg.from, lines: lines, reason: reason, rejected: true)
                // The node's count was wrong: it has at least these units fewer.
                for line in lines {
                    let (n, k) = tx.indices(leg.from, line.sku)
                    let onHand = tx.book.position(node: n, sku: k)?.onHand ?? 0
                    _ = try tx.setOnHand(
                        node: leg.from, sku: line.sku, to: max(0, onHand - line.qty),
                        reason: "stock count at \(leg.from)")
                }
            } else {
                try tx.db.legs.setStatus(legId, event.status, trackingId: event.trackingId, at: tx.now)
                if event.status == LegStatus.departure(for: leg.type) { try tx.consume(leg: legId) }
                eventSeq = try tx.db.events.append(
                    "leg.\(event.status.rawValue)", orderId: leg.orderId, node: leg.from, leg: legId,
                    actor: tx.actor, at: tx.now,
                    payload: .object([
                        ("previous_status", .string(leg.status.rawValue)),
                        ("tracking_id", event.trackingId.map { .string($0) } ?? .null),
                        ("reason", event.reason.map { .string($0) } ?? .null),
                    ]))
            }
            let order = try tx.refresh(seq: leg.orderSeq)
            return LegEventOutcome(order: order, leg: legId, eventSeq: eventSeq, replayed: false)
        }
    }

    /// The units a rejection names, checked against what the leg carries (all of them when it names none).
    private static func rejectedLines(_ lines: [OrderLine]?, carried: [OrderLine]) throws -> [OrderLine] {
        guard let lines else { return carried }
        var issues: [Issue] = []
        for (i, line) in lines.enumerated() {
            guard let has = carried.first(where: { $0.sku == line.sku }) else {
                issues.append(Issue(path: "lines[\(i)].sku", message: "the leg carries no \(line.sku)"))
                continue
            }
            if line.qty > has.qty {
                let carried = "the leg carries \(has.qty) × \(line.sku), not \(line.qty)"
                issues.append(Issue(path: "lines[\(i)].qty", message: carried))
            }
        }
        guard issues.isEmpty else { throw StoreError.invalid(issues) }
        return lines
    }

    // MARK: cancelling

    /// Cancels an order, or some units of it, before they leave their nodes, and
    /// lets go of their holds. Cancelling a cancelled order returns it unchanged
    /// (`changed` false). Units are taken from what is unfulfilled first, then from
    /// the newest legs that have not left their node.
    @discardableResult
    public func cancel(id: String, _ request: CancelRequest = CancelRequest()) throws(StoreError) -> (
        order: StoredOrder, changed: Bool
    ) {
        try lifecycle(actor: request.actor ?? "customer service") { tx in
            guard let seq = try tx.db.orders.seq(id: id) else {
                throw StoreError.notFound("no order \"\(id)\"")
            }
            let order = try tx.order(seq: seq)
            if order.status == .cancelled { return (order, false) }
            guard order.status.isOpen else {
                throw StoreError.conflict("order \(id) is \(order.status.rawValue); nothing is left to cancel")
            }
            let holding = order.legs.filter { $0.status.isHolding(for: $0.leg.type) }
            if let lines = request.lines {
                try Self.cancelLines(lines, of: order, seq: seq, holding: holding, reason: request.reason, &tx)
                return (try tx.refresh(seq: seq), true)
            }
            let gone = order.legs.filter { $0.status.isLive && !$0.status.isHolding(for: $0.leg.type) }
            guard gone.isEmpty else {
                throw StoreError.conflict(
                    "order \(id): leg " + gone.map { "\($0.id) (\($0.status.rawValue))" }.joined(separator: ", ")
                        + " already left its node; cancel the other lines instead")
            }
            var releasedUnits = 0
            for leg in holding {
                releasedUnits += leg.leg.units
                try tx.unholdAll(leg: leg.id, node: leg.leg.from)
                try tx.db.legs.setStatus(leg.id, .cancelled, at: tx.now)
            }
            try tx.db.orders.cancelLines(seq: seq)
            try tx.db.events.append(
                "order.cancelled", orderId: id, actor: tx.actor, at: tx.now,
                payload: .object([
                    ("previous_status", .string(order.status.rawValue)), ("released_units", .int(releasedUnits)),
                    ("reason", request.reason.map { .string($0) } ?? .null),
                ]))
            return (try tx.refresh(seq: seq, announce: false), true)
        }
    }

    private static func cancelLines(
        _ lines: [OrderLine], of order: StoredOrder, seq: Int64, holding: [StoredLeg], reason: String?,
        _ tx: inout LifecycleTransaction
    ) throws {
        var issues: [Issue] = []
        for (i, line) in lines.enumerated() {
            guard order.order.lines.contains(where: { $0.sku == line.sku }) else {
                issues.append(
                    Issue(
                        path: "lines[\(i)].sku",
                        message: "order \(order.order.id) asks for no \(line.sku) (or it is all cancelled)"))
                continue
            }
            let open =
                (order.plan.unfulfilled.first { $0.sku == line.sku }?.qty ?? 0)
                + holding.reduce(0) { $0 + ($1.leg.lines.first { $0.sku == line.sku }?.qty ?? 0) }
            if line.qty > open {
                throw StoreError.conflict(
                    "order \(order.order.id): only \(open) × \(line.sku) can still be cancelled; "
                        + "the rest left its node"
                )
            }
        }
        guard issues.isEmpty else { throw StoreError.invalid(issues) }
        for line in lines {
            var left = line.qty - min(line.qty, order.plan.unfulfilled.first { $0.sku == line.sku }?.qty ?? 0)
            for leg in holding.reversed() where left > 0 {
                guard let carried = leg.leg.lines.first(where: { $0.sku == line.sku })?.qty else { continue }
                let take = min(left, carried)
                try tx.unhold(leg: leg.id, node: leg.leg.from, sku: line.sku, qty: take)
                try tx.reduceLine(leg: leg.id, sku: line.sku, by: take)
                if try tx.legLines(leg.id).isEmpty {
                    try tx.db.legs.setStatus(leg.id, .cancelled, at: tx.now)
                } else {
                    try tx.reprice(leg: leg.id, orderSeq: seq, lines: try tx.legLines(leg.id))
                }
                left -= take
            }
            try tx.db.orders.cancel(line.qty, of: line.sku, seq: seq)
        }
        try tx.db.events.append(
            "order.lines_cancelled", orderId: order.order.id, actor: tx.actor, at: tx.now,
            payload: .object([
                ("lines", .array(lines.map(\.document))), ("reason", reason.map { .string($0) } ?? .null),
            ]))
    }
}
