import Foundation
import GRDB
import OmniRouteHeuristics
import OmniRouteModel
import Synchronization

/// The checkout service over one SQLite database: the network, its stock, the
/// orders and their reservations.
///
/// Stock lives twice: in the database (the truth that survives a crash) and in an
/// in-memory `StockBook` that the checkout router reads, so routing never queries
/// the database per candidate node. Every change of stock is decided under one
/// lock, so concurrent checkouts can never both take the same units. A placement
/// holds its units in the book at once and is written by the group committer
/// together with the placements waiting beside it; it is confirmed only once its
/// group has committed, and a placement whose write fails gives its units back.
/// Other changes write their transaction under the lock and then apply it to the
/// book. So the book equals the database plus the placements being written. One
/// process serves a database at a time.
public final class RouteStore: Sendable {
    /// How hard SQLite works to keep a commit through a power cut.
    public enum Durability: String, Sendable, CaseIterable {
        /// WAL with `synchronous=NORMAL`: a committed order survives the process being
        /// killed (the default); a power cut may lose the last commits.
        case normal
        /// `synchronous=FULL`: every commit is on disk before it is confirmed.
        case full
    }

    public let path: String
    public let clock: StoreClock
    /// The online strategy that routes checkout, re-sourcing and backorders.
    public let checkoutStrategy: OnlineStrategy
    let pool: DatabasePool
    let state: Mutex<State>
    /// Placements held in the book and not yet settled by the group committer, and the
    /// drains that wait for them. Kept outside the lock so that the committer never waits for it.
    let gate = WriteGate()
    private let committer: GroupCommitter
    /// Held while the store is open for writing (nil for a read-only check).
    private let lock: StoreLock?
    /// Copies the write-ahead log into the database outside the commits (nil for a read-only check).
    private let checkpointer: Checkpointer?

    struct State: Sendable {
        var network: Network
        var book: StockBook
        /// The checkout strategy's router (greedy unless the store was opened with another).
        var router: any OrderRouter
        var openOrders: Int
        /// The row number of the next order.
        var nextSeq: Int64
        /// Keys and ids of the placements routed and held in the book, not yet committed.
        var writingKeys: Set<String> = []
        var writingIds: Set<String> = []
    }

    private init(
        path: String, clock: StoreClock, checkoutStrategy: OnlineStrategy, pool: DatabasePool, state: State,
        lock: StoreLock?
    ) throws {
        self.checkoutStrategy = checkoutStrategy
        self.lock = lock
        let checkpointer = lock == nil || !Checkpointer.enabled ? nil : try Checkpointer(path: path)
        self.checkpointer = checkpointer
        self.path = path
        self.clock = clock
        self.pool = pool
        self.state = Mutex(state)
        committer = GroupCommitter(pool: pool, afterGroup: { checkpointer?.restartIfDue(pool) })
    }

    deinit {
        committer.stop()
        checkpointer?.stop()
    }

    /// Closes the store for a clean stop: lets the placements being written commit,
    /// starts no new change (a later one is refused as `database`: the store is closed),
    /// stops the log upkeep and copies the write-ahead log into the database. Blocks
    /// the calling thread meanwhile: call it off Swift's cooperative threads.
    public func shutDown() {
        gate.beginDrain()  // never ended: the store takes no more placements
        committer.stop()
        checkpointer?.stop()
        if lock != nil {
            try? pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
        }
    }

    // MARK: opening

    /// Creates the database at `path` from `scenario`'s network and stock and, with
    /// `placeOrders`, places its orders through the checkout heuristic in arrival
    /// order (accepting what cannot be fulfilled, as the scenario does). Refuses a
    /// path that already holds a database unless `replacing` it, and a database
    /// another process has open.
    public static func create(path: String, seed scenario: Scenario, clock: StoreClock, placeOrders: Bool,
                              durability: Durability = .normal, replacing: Bool = false,
                              checkoutStrategy: OnlineStrategy = .greedy) throws(StoreError) -> RouteStore {
        let lock = try StoreLock(database: path)
        if FileManager.default.fileExists(atPath: path) {
            guard replacing else { throw .conflict("\(path) already exists; remove it first (or pass --force to db init)") }
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        }
        do {
            let pool = try makePool(path: path, durability: durability)
            try StoreSchema.migrator.migrate(pool)
            let now = clock.now
            try pool.write { db in
                try NetworkTables.write(scenario, at: now, db)
                try db.execute(sql: "INSERT INTO meta (key, value) VALUES ('clock', ?)", arguments: [clock.description])
                try OrderTables.appendEvent(db, type: "store.seeded", at: now, payload: .object([
                    ("scenario", .string(scenario.name)), ("nodes", .int(scenario.nodes.count)),
                    ("skus", .int(scenario.skus.count)), ("positions", .int(scenario.inventory.count)),
                ]))
            }
            let store = try load(path: path, clock: clock, checkoutStrategy: checkoutStrategy, pool: pool, lock: lock)
            if placeOrders { try store.placeScenarioOrders(scenario) }
            return store
        } catch {
            throw .wrapping(error)
        }
    }

    /// Opens an existing database. `clock` overrides the one stored with it. One
    /// process at a time may open a database for writing (`exclusive`); a second is
    /// refused. `exclusive: false` is for reading beside it (a check).
    public static func open(path: String, clock: StoreClock? = nil, durability: Durability = .normal,
                            exclusive: Bool = true, checkoutStrategy: OnlineStrategy = .greedy) throws(StoreError) -> RouteStore {
        guard FileManager.default.fileExists(atPath: path) else {
            throw .notFound("no database at \(path); create one with: omniroute db init --seed SCENARIO --db \(path)")
        }
        let lock = exclusive ? try StoreLock(database: path) : nil
        do {
            let pool = try makePool(path: path, durability: durability)
            try StoreSchema.migrator.migrate(pool)
            let stored = try pool.read { db in try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'clock'") }
            guard let stored else { throw StoreError.notFound("\(path) holds no network; seed it with omniroute db init --seed") }
            let clock = clock ?? StoreClock(stored) ?? .system
            if exclusive { try pool.write { db in try ReplanJobRecord.markInterrupted(db, at: clock.now) } }
            return try load(path: path, clock: clock, checkoutStrategy: checkoutStrategy, pool: pool, lock: lock)
        } catch {
            throw .wrapping(error)
        }
    }

    private static func makePool(path: String, durability: Durability) throws -> DatabasePool {
        var config = Configuration()
        config.busyMode = .timeout(5)
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = \(durability == .full ? "FULL" : "NORMAL")")
            // The store's `Checkpointer` copies the log outside the commits.
            if Checkpointer.enabled { try db.execute(sql: "PRAGMA wal_autocheckpoint = 0") }
        }
        return try DatabasePool(path: path, configuration: config)
    }

    private static func load(
        path: String, clock: StoreClock, checkoutStrategy: OnlineStrategy, pool: DatabasePool, lock: StoreLock?
    ) throws -> RouteStore {
        let state = try pool.read { db in try readState(clock: clock, checkoutStrategy: checkoutStrategy, db) }
        return try RouteStore(
            path: path, clock: clock, checkoutStrategy: checkoutStrategy, pool: pool, state: state, lock: lock)
    }

    private static func readState(clock: StoreClock, checkoutStrategy: OnlineStrategy, _ db: Database) throws -> State {
        // Nothing below may trap on what is stored: refuse numbers out of range first.
        let outOfRange = try StoredRanges.problems(db)
        guard outOfRange.isEmpty else { throw StoreError.storedOutOfRange(outOfRange) }
        let network = Network(try NetworkTables.read(now: clock.now, db))
        var positions: [Int: StockBook.Position] = [:]
        var held = [Int](repeating: 0, count: network.nodeCount)
        for r in try Row.fetchAll(db, sql: "SELECT * FROM inventory") {
            guard let node = network.nodeIndex[r["node_id"]], let sku = network.skuIndex[r["sku_id"]] else { continue }
            let p = StockBook.Position(onHand: r["on_hand"], reserved: r["reserved"], reservedExternal: r["reserved_external"],
                                       safetyStock: r["safety_stock"])
            positions[node * network.skuCount + sku] = p
            held[node] += p.reserved
        }
        let open = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM orders WHERE status IN ('planned', 'released')") ?? 0
        let next = try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(seq), 0) + 1 FROM orders") ?? 1
        return State(network: network, book: StockBook(network: network, positions: positions, held: held),
                     router: checkoutStrategy.router(network), openOrders: open, nextSeq: next)
    }

    /// Runs `body` under the lock, on a network whose day is the clock's today.
    func withState<T: Sendable>(_ body: (inout State) throws(StoreError) -> T) throws(StoreError) -> T {
        try state.withLock { (s: inout State) throws(StoreError) -> T in
            if case .system = clock, clock.now.utcDay != s.network.today {
                var scenario = s.network.scenario
                scenario.now = clock.now
                let network = Network(scenario)
                s.network = network
                s.book = s.book.moved(to: network)
                s.router = checkoutStrategy.router(network)
            }
            return try body(&s)
        }
    }

    func write<T>(_ updates: (Database) throws -> T) throws(StoreError) -> T {
        defer { checkpointer?.restartIfDue(pool) }
        do {
            return try pool.write(updates)
        } catch {
            throw .wrapping(error)
        }
    }

    func read<T>(_ value: (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try pool.read(value)
        } catch {
            throw .wrapping(error)
        }
    }

    // MARK: the network

    /// The network as loaded (its day is the clock's day when the store opened or last rolled over).
    public var network: Network { state.withLock { $0.network } }

    /// Open orders and units held, for metrics.
    public var stats: StoreStats {
        state.withLock { s in StoreStats(openOrders: s.openOrders, heldUnits: s.book.held.reduce(0, +)) }
    }

    // MARK: quotes

    /// The route checkout would choose now (or the promise options near a location);
    /// nothing is held.
    public func quote(_ request: CheckoutRequest, explain: Bool = false) throws(StoreError) -> Quote {
        let now = clock.now
        return try withState { (s: inout State) throws(StoreError) -> Quote in
            switch request.destination {
            case .ship(let p):
                return .route(try Self.routeQuote(request, delivery: .ship(to: p), now: now, explain: explain, &s))
            case .pickup(let store):
                return .route(try Self.routeQuote(request, delivery: .pickup(at: store), now: now, explain: explain, &s))
            case .optionsNear(let p, let count):
                var ship: [PromiseOptions.Ship] = []
                for (i, service) in s.network.services.enumerated() {
                    let q = try Self.routeQuote(request, delivery: .ship(to: p), limits: RouteLimits(service: i), now: now,
                                                explain: false, &s)
                    ship.append(.init(service: service.id, quote: q))
                }
                let stores = Self.nearestPickupStores(to: p, count: count, s.network)
                var pickup: [PromiseOptions.Pickup] = []
                for store in stores {
                    let node = s.network.nodes[store.node]
                    let q = try Self.routeQuote(request, delivery: .pickup(at: node.id), now: now, explain: false, &s)
                    pickup.append(.init(store: node.id, name: node.name, distanceKm: store.km, quote: q))
                }
                return .options(PromiseOptions(ship: ship, pickup: pickup))
            }
        }
    }

    private static func nearestPickupStores(to point: GeoPoint, count: Int, _ network: Network) -> [(node: Int, km: Double)] {
        let prepared = GeoPoint.Prepared(point)
        var stores: [(node: Int, km: Double)] = []
        for (i, node) in network.nodes.enumerated() where node.pickup && node.kind == .store {
            stores.append((i, network.preparedLocations[i].distanceKm(to: prepared)))
        }
        stores.sort { (a: (node: Int, km: Double), b: (node: Int, km: Double)) -> Bool in a.km == b.km ? a.node < b.node : a.km < b.km }
        return Array(stores.prefix(count))
    }

    private static func resolve(_ request: CheckoutRequest, id: String, delivery: Delivery, placedAt: Timestamp,
                                _ network: Network) throws(StoreError) -> ResolvedOrder {
        do {
            return try network.resolve(request.order(id: id, placedAt: placedAt, delivery: delivery))
        } catch {
            switch error {
            case .unknownSKU(let line, let sku): throw .invalid([Issue(path: "lines[\(line)].sku", message: "unknown sku \"\(sku)\"")])
            case .unknownPickupNode, .notAPickupStore: throw .invalid([Issue(path: "delivery.pickup_node", message: error.description)])
            }
        }
    }

    private static func routeQuote(_ request: CheckoutRequest, delivery: Delivery, limits: RouteLimits = .none, now: Timestamp,
                                   explain: Bool, _ s: inout State) throws(StoreError) -> RouteQuote {
        let resolved = try resolve(request, id: request.orderId ?? "quote", delivery: delivery, placedAt: now, s.network)
        let route = s.router.route(resolved, limits: limits, ledger: s.book.ledger)
        let explanation = explain
            ? Explainer(network: s.network).explain(resolved, limits: limits, ledger: s.book.ledger, router: s.router, ordersBefore: s.openOrders)
            : nil
        return RouteQuote(plan: s.network.plannedOrder(route, for: resolved), explanation: explanation)
    }

    // MARK: orders

    /// Routes and reserves atomically. With an idempotency key, a retry of the same
    /// request returns the order the first one placed; the same key with another
    /// request (another `fingerprint`) is refused, and so is a retry while the first
    /// is still being written. The route is computed on the stock as it is now,
    /// whatever an earlier quote said.
    public func place(_ request: CheckoutRequest, idempotencyKey: String? = nil, fingerprint: String = "") async throws(StoreError) -> Placement {
        if case .optionsNear = request.destination {
            throw .invalid([Issue(path: "delivery.mode", message: "an order ships or is picked up; \"options\" is for quotes")])
        }
        let now = clock.now
        // A retry of a placed order is answered from the database, whatever stock is left now.
        if let key = idempotencyKey, let replay = try read({ db in try Self.placedOrder(key: key, fingerprint: fingerprint, db) }) {
            return Placement(order: try order(id: replay.orderId), replayed: true)
        }
        var started: (Placement, Int64)?
        while started == nil {
            started = try withState { (s: inout State) throws(StoreError) -> (Placement, Int64)? in
                // Counted in before the lock is let go: a drain must wait for it.
                guard gate.enterPlacement() else { return nil }
                do throws(StoreError) {
                    return try Self.start(request, idempotencyKey: idempotencyKey, now: now, &s)
                } catch {
                    gate.leavePlacement()
                    throw error
                }
            }
            if started == nil { await gate.untilNoDrain() }
        }
        let (placement, seq) = started!
        let order = placement.order
        var outcome: Result<Placement, any Error>
        do {
            outcome = .success(try await committer.submit({ db in
                // A request with the same key may have committed since the check above.
                if let key = idempotencyKey, let replay = try Self.placedOrder(key: key, fingerprint: fingerprint, db) { throw replay }
                if try Bool.fetchOne(db, sql: "SELECT 1 FROM orders WHERE id = ?", arguments: [order.order.id]) == true {
                    throw StoreError.conflict("order \"\(order.order.id)\" already exists")
                }
                var stored = order
                let ids = try OrderTables.insertPlanned(order.order, seq: seq, plan: order.plan, dueBy: request.dueBy, now: now, db)
                stored.legs = zip(ids, order.plan.legs).map { StoredLeg(id: $0, leg: $1, status: .planned, updatedAt: now.text) }
                if let key = idempotencyKey {
                    try OrderTables.run(db, "INSERT INTO idempotency_keys (key, request_hash, order_seq, created_at) VALUES (?, ?, ?, ?)",
                                        [key, fingerprint, seq, now.text])
                }
                return Placement(order: stored, replayed: false)
            }, settle: { [self] result in
                // On the writer thread: a failed placement gives its units back before
                // it stops counting as being written.
                if case .failure = result {
                    state.withLock { s in
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
            s.writingIds.remove(order.order.id)
        }
        switch outcome {
        case .success(let placed): return placed
        case .failure(let replay as Replay): return Placement(order: try self.order(id: replay.orderId), replayed: true)
        case .failure(let error): throw .wrapping(error)
        }
    }

    /// Routes a cart and holds its units in the book (under the lock); the caller writes it.
    private static func start(_ request: CheckoutRequest, idempotencyKey: String?, now: Timestamp,
                              _ s: inout State) throws(StoreError) -> (Placement, Int64) {
        if let key = idempotencyKey, s.writingKeys.contains(key) {
            throw .conflict("a request with Idempotency-Key \"\(key)\" is still being processed; retry it")
        }
        if let given = request.orderId, s.writingIds.contains(given) { throw .conflict("order \"\(given)\" already exists") }
        let seq = s.nextSeq
        let delivery: Delivery = switch request.destination {
        case .ship(let p), .optionsNear(let p, _): .ship(to: p)
        case .pickup(let store): .pickup(at: store)
        }
        let resolved = try Self.resolve(request, id: request.orderId ?? Self.generatedId(seq), delivery: delivery, placedAt: now, s.network)
        let route = s.router.route(resolved, ledger: s.book.ledger)
        let plan = s.network.plannedOrder(route, for: resolved)
        if !plan.unfulfilled.isEmpty && (!request.acceptPartial || plan.legs.isEmpty) {
            throw .insufficientStock(short: plan.unfulfilled, quote: plan)
        }
        s.nextSeq += 1
        Self.hold(plan, &s, sign: 1)
        s.openOrders += 1
        if let key = idempotencyKey { s.writingKeys.insert(key) }
        s.writingIds.insert(resolved.order.id)
        return (Placement(order: StoredOrder(order: resolved.order, status: .planned, plan: plan, legs: [], cancelled: [], version: 1,
                                             updatedAt: now.text), replayed: false), seq)
    }

    /// A committed order already answers this idempotency key.
    private struct Replay: Error {
        var orderId: String
    }

    /// The order placed with `key`, if any; an error if the key came with another request.
    private static func placedOrder(key: String, fingerprint: String, _ db: Database) throws -> Replay? {
        guard let row = try Row.fetchOne(db, sql: """
            SELECT k.request_hash, o.id FROM idempotency_keys k JOIN orders o ON o.seq = k.order_seq WHERE k.key = ?
            """, arguments: [key]) else { return nil }
        guard (row["request_hash"] as String) == fingerprint else { throw StoreError.idempotencyKeyReused(key) }
        return Replay(orderId: row["id"])
    }

    /// Holds (`sign` 1) or lets go of (-1) the units of a plan's legs in the book.
    private static func hold(_ plan: PlannedOrder, _ s: inout State, sign: Int) { take(plan, &s.book, s.network, sign: sign) }

    /// The id of order number `seq` when the request names none (client ids may not start with `OR-`).
    static func generatedId(_ seq: Int64) -> String {
        let digits = String(seq)
        return "OR-" + String(repeating: "0", count: max(0, 8 - digits.count)) + digits
    }

    /// Runs a write transaction and, once it has committed, `onCommit` with its value.
    func write<T>(_ updates: (Database) throws -> T, onCommit: (T) -> Void) throws(StoreError) -> T {
        let value = try write(updates)
        onCommit(value)
        return value
    }

    /// Places every order of `scenario` in arrival order in one transaction (seeding).
    private func placeScenarioOrders(_ scenario: Scenario) throws(StoreError) {
        let now = clock.now
        try withState { (s: inout State) throws(StoreError) in
            var ledger = s.book.ledger
            var plans: [PlannedOrder] = []
            try write { db in
                for order in scenario.ordersInArrivalOrder.map({ scenario.orders[$0] }) {
                    let resolved: ResolvedOrder
                    do { resolved = try s.network.resolve(order) } catch let e as OrderReferenceError {
                        throw StoreError.invalid([Issue(path: "orders[\(order.id)]", message: e.description)])
                    }
                    let route = s.router.route(resolved, ledger: ledger)
                    ledger.apply(route, skus: resolved.skus)
                    let plan = s.network.plannedOrder(route, for: resolved)
                    _ = try OrderTables.insertPlanned(order, seq: s.nextSeq + Int64(plans.count), plan: plan, dueBy: order.dueBy, now: now, db)
                    plans.append(plan)
                }
            } onCommit: { _ in
                for plan in plans { Self.hold(plan, &s, sign: 1) }
                s.openOrders += plans.count
                s.nextSeq += Int64(plans.count)
            }
        }
    }

    /// The order `id`.
    public func order(id: String) throws(StoreError) -> StoredOrder {
        guard let order = try read({ db in try OrderTables.read(id: id, db) }) else { throw .notFound("no order \"\(id)\"") }
        return order
    }

    // MARK: stock

    static func indices(node: String, sku: String, _ network: Network) throws(StoreError) -> (Int, Int) {
        guard let n = network.nodeIndex[node] else { throw .notFound("unknown node \"\(node)\"") }
        guard let k = network.skuIndex[sku] else { throw .notFound("unknown sku \"\(sku)\"") }
        return (n, k)
    }

    static func level(_ node: Int, _ sku: Int, _ network: Network, _ book: StockBook) -> StockLevel {
        let p = book.position(node: node, sku: sku) ?? StockBook.Position(onHand: 0, reserved: 0, reservedExternal: 0, safetyStock: 0)
        return StockLevel(node: network.nodes[node].id, sku: network.skus[sku].id, onHand: p.onHand, reserved: p.reserved,
                          reservedExternal: p.reservedExternal, safetyStock: p.safetyStock, availableToPromise: p.availableToPromise)
    }

    /// The stock of `sku` at `node`.
    public func stock(node: String, sku: String) throws(StoreError) -> StockLevel {
        try withState { (s: inout State) throws(StoreError) -> StockLevel in
            let (n, k) = try Self.indices(node: node, sku: sku, s.network)
            return Self.level(n, k, s.network, s.book)
        }
    }

    /// Available to promise of `sku` per node (nodes with stock on hand) and in total;
    /// nearest first when `near` is given.
    public func availability(sku: String, near: GeoPoint? = nil) throws(StoreError) -> Availability {
        try withState { (s: inout State) throws(StoreError) -> Availability in
            guard let k = s.network.skuIndex[sku] else { throw .notFound("unknown sku \"\(sku)\"") }
            let prepared = near.map(GeoPoint.Prepared.init)
            var nodes: [Availability.AtNode] = []
            var total = 0
            for n in s.network.nodes.indices {
                guard let p = s.book.position(node: n, sku: k), p.onHand > 0 else { continue }
                total += p.availableToPromise
                nodes.append(.init(level: Self.level(n, k, s.network, s.book), kind: s.network.nodes[n].kind,
                                   distanceKm: prepared.map { s.network.preparedLocations[n].distanceKm(to: $0) }))
            }
            if near != nil { nodes.sort { $0.distanceKm! < $1.distanceKm! } }
            return Availability(sku: sku, total: total, nodes: nodes)
        }
    }

    // MARK: checks

    /// Every broken invariant of the database, and any difference between it and the
    /// in-memory stock; empty when all is well.
    public func check() throws(StoreError) -> [String] {
        // Placements being written are in the book but not yet in the database: let them commit, start no new one.
        gate.beginDrain()
        defer { gate.endDrain() }
        return try withState { (s: inout State) throws(StoreError) -> [String] in
            var problems = try read { db in try StoreCheck.problems(db) }
            let stored = try read { db in try Self.readState(clock: clock, checkoutStrategy: checkoutStrategy, db) }
            for (key, p) in stored.book.positions where s.book.positions[key] != p {
                let node = s.network.nodes[key / s.network.skuCount].id, sku = s.network.skus[key % s.network.skuCount].id
                problems.append("memory differs from the database at \(node)/\(sku)")
            }
            if stored.book.held != s.book.held { problems.append("units held per node differ between memory and the database") }
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
