import OmniRouteHeuristics
import OmniRouteModel

extension RouteStore {
    /// Routes and reserves atomically. With an idempotency key, a retry of the same
    /// request returns the order the first one placed; the same key with another
    /// request (another `fingerprint`) is refused, and so is a retry while the first
    /// is still being written. The route is computed on the stock as it is now,
    /// whatever an earlier quote said. `actor` (default `checkout`) is the actor of its event.
    public func place(
        _ request: CheckoutRequest, idempotencyKey: String? = nil, fingerprint: String = "", actor: String? = nil
    ) async throws(StoreError) -> Placement {
        // Where instances share the database, one may have taken units this one's book still
        // counts: the database refuses the hold, the book is read again and the cart routed anew.
        for _ in 0..<Self.placementAttempts {
            if let placed = try await placeOnce(
                request, idempotencyKey: idempotencyKey, fingerprint: fingerprint, actor: actor)
            {
                return placed
            }
            try withState { (s: inout State) throws(StoreError) in try refresh(&s) }
        }
        throw .conflict("the stock changed while the order was written, \(Self.placementAttempts) times; retry it")
    }

    /// How many times a placement routes before it gives up on stock that keeps changing.
    static let placementAttempts = 3

    /// One placement: nil when the database refused a hold the book allowed (`StockChanged`).
    private func placeOnce(
        _ request: CheckoutRequest, idempotencyKey: String?, fingerprint: String, actor: String?
    ) async throws(StoreError) -> Placement? {
        if case .optionsNear = request.destination {
            throw .invalid([
                Issue(path: "delivery.mode", message: "an order ships or is picked up; \"options\" is for quotes")
            ])
        }
        let now = clock.now
        // A retry of a placed order is answered from the database, whatever stock is left now.
        if let key = idempotencyKey,
            let replay = try read({ tx in try Self.placedOrder(key: key, fingerprint: fingerprint, tx) })
        {
            return Placement(order: try order(id: replay.orderId), replayed: true)
        }
        // Drawn before the lock: a round trip to the database where instances share it.
        let drawn: Int64?
        do { drawn = try database.drawOrderNumber() } catch { throw .wrapping(error) }
        let shared = database.isShared
        var started: (Placement, Int64, CappedNodes?)?
        while started == nil {
            started = try withState { (s: inout State) throws(StoreError) -> (Placement, Int64, CappedNodes?)? in
                // Counted in before the lock is let go: a drain must wait for it.
                guard gate.enterPlacement() else { return nil }
                do throws(StoreError) {
                    let (placement, seq) = try Self.start(
                        request, idempotencyKey: idempotencyKey, seq: drawn, now: now, &s)
                    return (placement, seq, shared ? CappedNodes(placement.order.plan, s.network) : nil)
                } catch {
                    gate.leavePlacement()
                    throw error
                }
            }
            if started == nil { await gate.untilNoDrain() }
        }
        let (placement, seq, capped) = started!
        let order = placement.order
        var outcome: Result<Placement, any Error>
        do {
            outcome = .success(
                try await committer.submit(
                    { tx in
                        // A request with the same key may have committed since the check above.
                        if let key = idempotencyKey,
                            let replay = try Self.placedOrder(key: key, fingerprint: fingerprint, tx)
                        {
                            throw replay
                        }
                        if try tx.orders.exists(id: order.order.id) {
                            throw StoreError.conflict("order \"\(order.order.id)\" already exists")
                        }
                        var stored = order
                        let ids = try Self.insertPlanned(
                            order.order, seq: seq, plan: order.plan, dueBy: request.dueBy, now: now,
                            actor: actor ?? "checkout", tx)
                        stored.legs = zip(ids, order.plan.legs).map {
                            StoredLeg(id: $0, leg: $1, status: .planned, updatedAt: now.text)
                        }
                        if let key = idempotencyKey {
                            try tx.idempotencyKeys.insert(key, fingerprint: fingerprint, orderSeq: seq, at: now)
                        }
                        if let capped { try Self.checkCapacity(capped, tx) }
                        return Placement(order: stored, replayed: false)
                    },
                    settle: { [self] result in
                        // On the writer thread: a failed placement gives its units back before
                        // it stops counting as being written.
                        state.withLock { s in
                            s.writingPlans[order.order.id] = nil
                            if case .failure = result {
                                Self.hold(order.plan, &s, sign: -1)
                                s.openOrders -= 1
                            }
                        }
                        gate.leavePlacement()
                    }))
        } catch {
            outcome = .failure(error)
        }
        state.withLock { s in
            if let key = idempotencyKey { s.writingKeys.remove(key) }
        }
        switch outcome {
        case .success(let placed): return placed
        case .failure(let replay as Replay): return Placement(order: try self.order(id: replay.orderId), replayed: true)
        case .failure(is StockChanged): return nil
        case .failure(let error): throw .wrapping(error)
        }
    }

    /// The nodes a plan sends from that have a capacity, and the first day capacity per day binds.
    struct CappedNodes: Sendable {
        var nodes: [String]
        var from: CalendarDay

        /// Nil when no node of `plan` has a capacity.
        init?(_ plan: PlannedOrder, _ network: Network) {
            nodes = Set(plan.legs.map(\.from)).sorted().filter { id in
                guard let i = network.nodeIndex[id] else { return false }
                return network.nodes[i].capacityUnits != nil || network.nodes[i].capacityPerDay != nil
            }
            guard !nodes.isEmpty else { return nil }
            from = network.today + network.timetable.firstDay
        }
    }

    /// On a shared database another instance may have used the capacity this instance's book
    /// counted as free: the placement's own writes are in, so any overrun of its nodes is its.
    private static func checkCapacity(_ capped: CappedNodes, _ tx: StoreTransaction) throws {
        if let over = try tx.capacity.heldBeyond(nodes: capped.nodes).first {
            throw StockChanged("\(over.node) would hold \(over.held) units, beyond its capacity of \(over.capacity)")
        }
        if let over = try tx.capacity.sentBeyond(from: capped.from, nodes: capped.nodes).first {
            throw StockChanged(
                "\(over.node) would send \(over.units) units on \(over.day), beyond its capacity of \(over.capacity)")
        }
    }

    /// Routes a cart and holds its units in the book (under the lock); the caller writes it.
    private static func start(
        _ request: CheckoutRequest, idempotencyKey: String?, seq drawn: Int64?, now: Timestamp,
        _ s: inout State
    ) throws(StoreError) -> (Placement, Int64) {
        if let key = idempotencyKey, s.writingKeys.contains(key) {
            throw .conflict("a request with Idempotency-Key \"\(key)\" is still being processed; retry it")
        }
        if let given = request.orderId, s.writingPlans[given] != nil {
            throw .conflict("order \"\(given)\" already exists")
        }
        let seq = drawn ?? s.nextSeq
        let delivery: Delivery =
            switch request.destination {
            case .ship(let p), .optionsNear(let p, _): .ship(to: p)
            case .pickup(let store): .pickup(at: store)
            }
        let resolved = try Self.resolve(
            request, id: request.orderId ?? Self.generatedId(seq), delivery: delivery, placedAt: now, s.network)
        let route = s.router.route(resolved, ledger: s.book.ledger)
        let plan = s.network.plannedOrder(route, for: resolved)
        if !plan.unfulfilled.isEmpty && (!request.acceptPartial || plan.legs.isEmpty) {
            throw .insufficientStock(short: plan.unfulfilled, quote: plan)
        }
        s.nextSeq = max(s.nextSeq, seq + 1)
        Self.hold(plan, &s, sign: 1)
        s.openOrders += 1
        if let key = idempotencyKey { s.writingKeys.insert(key) }
        s.writingPlans[resolved.order.id] = plan
        return (
            Placement(
                order: StoredOrder(
                    order: resolved.order, status: .planned, plan: plan, legs: [], cancelled: [], version: 1,
                    updatedAt: now.text), replayed: false), seq
        )
    }

    /// A committed order already answers this idempotency key.
    private struct Replay: Error {
        var orderId: String
    }

    /// The order placed with `key`, if any; an error if the key came with another request.
    private static func placedOrder(key: String, fingerprint: String, _ tx: StoreTransaction) throws -> Replay? {
        guard let entry = try tx.idempotencyKeys.find(key) else { return nil }
        guard entry.fingerprint == fingerprint else { throw StoreError.idempotencyKeyReused(key) }
        return Replay(orderId: entry.orderId)
    }

    /// Writes a planned order, its legs and their holds, and logs `order.placed`.
    /// Returns the leg ids.
    static func insertPlanned(
        _ order: Order, seq: Int64, plan: PlannedOrder, dueBy: CalendarDay?, now: Timestamp,
        actor: String = "checkout", _ tx: StoreTransaction
    ) throws -> [Int64] {
        try tx.orders.insert(order, seq: seq, plan: plan, dueBy: dueBy, at: now)
        let legIds = try tx.legs.insert(plan, orderSeq: seq, status: .planned, at: now)
        try tx.events.append(
            "order.placed", orderId: order.id, actor: actor, at: now,
            payload: .object([
                ("channel", .string(order.channel.rawValue)), ("customer_id", .string(order.customerId)),
                ("legs", plan.legsDocument()), ("unfulfilled_units", .int(plan.unfulfilledUnits)),
                ("cost", .double(plan.cost.total)),
            ]))
        return legIds
    }

    /// Holds (`sign` 1) or lets go of (-1) the units of a plan's legs in the book.
    private static func hold(_ plan: PlannedOrder, _ s: inout State, sign: Int) {
        take(plan, &s.book, s.network, sign: sign)
    }

    /// The id of order number `seq` when the request names none (client ids may not start with `OR-`).
    static func generatedId(_ seq: Int64) -> String {
        let digits = String(seq)
        return "OR-" + String(repeating: "0", count: max(0, 8 - digits.count)) + digits
    }

    /// Places every order of `scenario` in arrival order in one transaction (seeding).
    func placeScenarioOrders(_ scenario: Scenario) throws(StoreError) {
        let now = clock.now
        try withState { (s: inout State) throws(StoreError) in
            var ledger = s.book.ledger
            var plans: [PlannedOrder] = []
            try write { tx in
                for order in scenario.ordersInArrivalOrder.map({ scenario.orders[$0] }) {
                    let resolved: ResolvedOrder
                    do { resolved = try s.network.resolve(order) } catch let e as OrderReferenceError {
                        throw StoreError.invalid([Issue(path: "orders[\(order.id)]", message: e.description)])
                    }
                    let route = s.router.route(resolved, ledger: ledger)
                    ledger.apply(route, for: resolved)
                    let plan = s.network.plannedOrder(route, for: resolved)
                    _ = try Self.insertPlanned(
                        order, seq: s.nextSeq + Int64(plans.count), plan: plan, dueBy: order.dueBy,
                        now: now, tx)
                    plans.append(plan)
                }
                try tx.orders.numberPastStored()
            } onCommit: { _ in
                for plan in plans { Self.hold(plan, &s, sign: 1) }
                s.openOrders += plans.count
                s.nextSeq += Int64(plans.count)
            }
        }
    }

    /// The order `id`.
    public func order(id: String) throws(StoreError) -> StoredOrder {
        guard let order = try read({ tx in try tx.orders.find(id: id) }) else { throw .notFound("no order \"\(id)\"") }
        return order
    }
}
