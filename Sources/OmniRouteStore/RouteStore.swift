import Foundation
import OmniRouteHeuristics
import OmniRouteModel
import Synchronization

/// The checkout service over one SQLite database: the network, its stock, the
/// orders and their reservations. It decides; the persistence layer
/// (`Persistence/`: `SQLiteDatabase`, `StoreTransaction` and its tables) writes.
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
    /// The database: read and write transactions, and every statement.
    let database: any StoreDatabase
    let state: Mutex<State>
    /// Placements held in the book and not yet settled by the group committer, and the
    /// drains that wait for them. Kept outside the lock so that the committer never waits for it.
    let gate = WriteGate()
    /// Writes placements in groups, one transaction per group.
    let committer: GroupCommitter
    /// Held while the store is open for writing (nil for a read-only check).
    private let lock: StoreLock?
    /// The API keys, in memory for checking requests.
    let keyRing: KeyRing

    struct State: Sendable {
        var network: Network
        var book: StockBook
        /// The checkout strategy's router (greedy unless the store was opened with another).
        var router: any OrderRouter
        var openOrders: Int
        /// The row number of the next order.
        var nextSeq: Int64
        /// Keys of the placements routed and held in the book, not yet committed.
        var writingKeys: Set<String> = []
        /// The plans of those placements by order id, until their group has committed or failed.
        var writingPlans: [String: PlannedOrder] = [:]
        /// The last event the network, book and counters were read after (a refresh reads what came since).
        var seenEvent: Int64 = 0
    }

    private init(
        path: String, clock: StoreClock, checkoutStrategy: OnlineStrategy, database: any StoreDatabase, state: State,
        keyRing: KeyRing, lock: StoreLock?
    ) {
        self.keyRing = keyRing
        self.checkoutStrategy = checkoutStrategy
        self.lock = lock
        self.path = path
        self.clock = clock
        self.database = database
        self.state = Mutex(state)
        committer = GroupCommitter(database: database, afterGroup: { database.afterCommit() })
    }

    deinit {
        committer.stop()
        database.stop()
    }

    /// Closes the store for a clean stop: lets the placements being written commit,
    /// starts no new change (a later one is refused as `database`: the store is closed),
    /// stops the log upkeep and copies the write-ahead log into the database. Blocks
    /// the calling thread meanwhile: call it off Swift's cooperative threads.
    public func shutDown() {
        gate.beginDrain()  // never ended: the store takes no more placements
        committer.stop()
        if lock != nil { try? saveKeyUse() }
        if lock != nil { database.close() } else { database.stop() }
    }

    // MARK: opening

    /// Creates the database at `path` from `scenario`'s network and stock and, with
    /// `placeOrders`, places its orders through the checkout heuristic in arrival
    /// order (accepting what cannot be fulfilled, as the scenario does). Refuses a
    /// path that already holds a database unless `replacing` it, and a database
    /// another process has open.
    public static func create(
        path: String, seed scenario: Scenario, clock: StoreClock, placeOrders: Bool,
        durability: Durability = .normal, replacing: Bool = false,
        checkoutStrategy: OnlineStrategy = .greedy
    ) throws(StoreError) -> RouteStore {
        // A server's database is shared by design; a file is written by one process at a time.
        let lock = PostgresLocation.isURL(path) ? nil : try StoreLock(database: path)
        do {
            if try Self.exists(path) {
                guard replacing else {
                    throw StoreError.conflict("\(path) already exists; remove it first (or pass --force to db init)")
                }
                try Self.remove(path)
            }
            let database = try Self.database(path, durability: durability, checkpoints: true)
            let now = clock.now
            try database.write { tx in
                try tx.networkTables.write(scenario, at: now)
                try tx.meta.setClock(clock.description)
                // The scenario's rules (perhaps none) are version 1, active from the start.
                let rules = try tx.rules.insert(Self.ruleSet(scenario.rules), by: "seed", at: now)
                try tx.rules.activate(rules, by: "seed", at: now)
                try tx.events.append(
                    "store.seeded", at: now,
                    payload: .object([
                        ("scenario", .string(scenario.name)), ("nodes", .int(scenario.nodes.count)),
                        ("skus", .int(scenario.skus.count)), ("positions", .int(scenario.inventory.count)),
                    ]))
            }
            let store = try load(clock: clock, checkoutStrategy: checkoutStrategy, database: database, lock: lock)
            if placeOrders { try store.placeScenarioOrders(scenario) }
            return store
        } catch {
            throw .wrapping(error)
        }
    }

    /// Opens an existing database. `clock` overrides the one stored with it. One
    /// process at a time may open a database for writing (`exclusive`); a second is
    /// refused. `exclusive: false` is for reading beside it (a check).
    public static func open(
        path: String, clock: StoreClock? = nil, durability: Durability = .normal,
        exclusive: Bool = true, checkoutStrategy: OnlineStrategy = .greedy
    ) throws(StoreError) -> RouteStore {
        do {
            guard try Self.exists(path) else {
                throw StoreError.notFound(
                    "no database at \(path); create one with: omniroute db init --seed SCENARIO --db \(path)")
            }
        } catch {
            throw .wrapping(error)
        }
        let lock = exclusive && !PostgresLocation.isURL(path) ? try StoreLock(database: path) : nil
        do {
            let database = try Self.database(path, durability: durability, checkpoints: exclusive)
            let stored = try database.read { tx in try tx.meta.clock() }
            guard let stored else {
                throw StoreError.notFound("\(path) holds no network; seed it with omniroute db init --seed")
            }
            let clock = clock ?? StoreClock(stored) ?? .system
            // A job recorded as running while no instance holds the re-plan's claim was interrupted.
            if exclusive, let claim = try database.claimReplan() {
                defer { claim.letGo() }
                try database.write { tx in
                    try tx.replanJobs.failRunning(error: ReplanJobRecord.interrupted, at: clock.now)
                }
            }
            return try load(clock: clock, checkoutStrategy: checkoutStrategy, database: database, lock: lock)
        } catch {
            throw .wrapping(error)
        }
    }

    /// Whether `location` (a file's path, or a `postgres://` URL) holds a database.
    private static func exists(_ location: String) throws -> Bool {
        PostgresLocation.isURL(location)
            ? try PostgresDatabase.exists(url: location) : FileManager.default.fileExists(atPath: location)
    }

    /// Removes the database at `location` (a file and its companions, or every table on the server).
    private static func remove(_ location: String) throws {
        if PostgresLocation.isURL(location) {
            try PostgresDatabase.removeAll(url: location)
        } else {
            SQLiteDatabase.remove(path: location)
        }
    }

    /// The backend of `location`: PostgreSQL for a `postgres://` URL, else SQLite at that path.
    private static func database(_ location: String, durability: Durability, checkpoints: Bool) throws
        -> any StoreDatabase
    {
        PostgresLocation.isURL(location)
            ? try PostgresDatabase(url: location)
            : try SQLiteDatabase(path: location, durability: durability, checkpoints: checkpoints)
    }

    private static func load(
        clock: StoreClock, checkoutStrategy: OnlineStrategy, database: any StoreDatabase, lock: StoreLock?
    ) throws -> RouteStore {
        let (state, keys) = try database.read { tx in try readStateAndKeys(clock: clock, checkoutStrategy, tx) }
        return RouteStore(
            path: database.location, clock: clock, checkoutStrategy: checkoutStrategy, database: database, state: state,
            keyRing: KeyRing(keys), lock: lock)
    }

    /// The state and the API keys as stored.
    private static func readStateAndKeys(clock: StoreClock, _ strategy: OnlineStrategy, _ tx: StoreTransaction) throws
        -> (State, [KeyRing.Entry])
    {
        (try readState(clock: clock, checkoutStrategy: strategy, tx), try tx.keys.all())
    }

    /// The network, stock and order counters as stored.
    static func readState(clock: StoreClock, checkoutStrategy: OnlineStrategy, _ tx: StoreTransaction) throws -> State {
        // Nothing below may trap on what is stored: refuse numbers out of range first.
        let outOfRange = try StoredRanges.problems(tx)
        guard outOfRange.isEmpty else { throw StoreError.storedOutOfRange(outOfRange) }
        var scenario = try tx.networkTables.read(now: clock.now)
        if let version = try tx.rules.activeVersion(), let stored = try tx.rules.find(version) {
            do {
                scenario.rules = try Scenario.rules(stored.rules, nodes: scenario.nodes)
            } catch {
                throw StoreError.database("the active rules (version \(version)) no longer read: \(error)")
            }
        }
        let network = Network(scenario)
        var state = State(
            network: network, book: try readBook(network, tx), router: checkoutStrategy.router(network), openOrders: 0,
            nextSeq: 0)
        try readCounters(&state, tx)
        return state
    }

    /// The stock book as stored, on `network`.
    private static func readBook(_ network: Network, _ tx: StoreTransaction) throws -> StockBook {
        StockBook(network: network, stored: try readStock(network, nodes: nil, tx))
    }

    /// The stock of `nodes` (or all) as stored, for a book on `network`.
    private static func readStock(_ network: Network, nodes: [String]?, _ tx: StoreTransaction) throws
        -> StockBook.Stored
    {
        StockBook.Stored(
            inventory: try tx.inventory.all(nodes: nodes), heldByDay: try tx.reservations.heldByShipDay(nodes: nodes),
            sentByDay: try tx.legs.sentByShipDay(from: network.today + network.timetable.firstDay, nodes: nodes))
    }

    /// The order counters and the last event, as stored.
    private static func readCounters(_ s: inout State, _ tx: StoreTransaction) throws {
        s.openOrders = try tx.orders.openCount()
        s.nextSeq = try tx.orders.nextSeq()
        s.seenEvent = try tx.events.lastSeq()
    }

    /// Whether an event of kind `type` changes only stock, orders and legs (what the book and the
    /// counters hold), not the network, the active rules or the keys.
    static func changesOnlyStock(_ type: String) -> Bool {
        type.hasPrefix("order.") || type.hasPrefix("leg.") || type.hasPrefix("inventory.") || type == "rules.drafted"
    }

    /// Runs `body` under the lock, on a network whose day is the clock's today and whose nodes'
    /// start days are those of the clock's now (past a local midnight or cutoff, it is built again).
    func withState<T: Sendable>(_ body: (inout State) throws(StoreError) -> T) throws(StoreError) -> T {
        try state.withLock { (s: inout State) throws(StoreError) -> T in
            if case .system = clock, case let now = clock.now,
                now.utcDay != s.network.today
                    || now.secondsSinceEpoch >= s.network.timetable.validUntil.secondsSinceEpoch
            {
                var scenario = s.network.scenario
                scenario.now = now
                s.replaceNetwork(with: scenario, strategy: checkoutStrategy)
            }
            if database.takeForeignWrites() { try refresh(&s) }
            return try body(&s)
        }
    }

    /// Reads the stock again (another instance sharing the database wrote it): the nodes whose
    /// stock changed since the last read, or, unless every event since then changed only stock,
    /// orders and legs, the whole network, stock and keys. Keeps in the book the placements this
    /// instance is still writing (those whose group has not committed).
    func refresh(_ s: inout State) throws(StoreError) {
        let current = s
        // `readNodes`: the nodes whose stock was read (nil: all of it).
        let (fresh, keys, readNodes, committed) = try read {
            tx -> (State, [KeyRing.Entry]?, Set<String>?, Set<String>) in
            let committed = try tx.orders.existing(ids: Array(current.writingPlans.keys))
            guard try tx.events.types(after: current.seenEvent).allSatisfy(Self.changesOnlyStock) else {
                let (state, keys) = try Self.readStateAndKeys(clock: clock, checkoutStrategy, tx)
                return (state, keys, nil, committed)
            }
            var state = current
            let nodes = try tx.inventory.changedNodes(after: current.seenEvent)
            if !nodes.isEmpty {
                state.book.replace(nodes: nodes, with: try Self.readStock(current.network, nodes: nodes, tx))
            }
            try Self.readCounters(&state, tx)
            return (state, nil, Set(nodes), committed)
        }
        var next = fresh
        next.writingKeys = s.writingKeys
        next.writingPlans = s.writingPlans
        next.nextSeq = max(fresh.nextSeq, s.nextSeq)
        for (id, plan) in s.writingPlans where !committed.contains(id) {
            Self.take(plan, &next.book, next.network, sign: 1, at: readNodes)
        }
        next.openOrders += s.writingPlans.count - committed.count
        s = next
        if let keys { keyRing.replace(keys) }
    }

    /// Runs a write transaction (then the database's upkeep between transactions).
    func write<T>(_ updates: (StoreTransaction) throws -> T) throws(StoreError) -> T {
        defer { database.afterCommit() }
        do {
            return try database.write(updates)
        } catch {
            throw .wrapping(error)
        }
    }

    /// Runs a write transaction and, once it has committed, `onCommit` with its value.
    func write<T>(_ updates: (StoreTransaction) throws -> T, onCommit: (T) -> Void) throws(StoreError) -> T {
        let value = try write(updates)
        onCommit(value)
        return value
    }

    /// Runs a read transaction.
    func read<T>(_ value: (StoreTransaction) throws -> T) throws(StoreError) -> T {
        do {
            return try database.read(value)
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
}
