import Foundation
import Logging
import NIOCore
import NIOPosix
import NIOSSL
import PostgresNIO
import Synchronization

/// The store's database on a PostgreSQL server, which several instances of the service
/// may share. One connection writes and a few read; each is opened when first needed and
/// opened again after the server closed it. Every write transaction first takes one
/// cluster-wide advisory lock, so writers of all instances run one at a time, as SQLite's
/// do in one process, and each sees every commit before it.
///
/// Each instance learns of the others' commits twice over: a write transaction compares the
/// last event it finds with the last one this instance saw, and a listener hears every
/// commit's `NOTIFY` (and, after losing its connection, assumes it missed some). Either
/// makes `takeForeignWrites` true once, and the service reads its caches again.
final class PostgresDatabase: StoreDatabase {
    let location: String
    private let target: PostgresLocation
    private let logger: Logger
    private let writer: ConnectionSlot
    private let readers: ReaderPool
    /// Names this instance in its notifications, so that it can ignore its own.
    private let instance = UUID().uuidString
    private let foreignWrites = Flag()
    /// The last event this instance saw committed (guarded by the writer's slot).
    private let lastEvent = Mutex<Int64>(0)
    private let listener = Mutex<Task<Void, Never>?>(nil)

    /// The channel every write transaction notifies on commit.
    static let channel = "omniroute_writes"

    /// The advisory lock every write transaction takes (any number the store owns).
    static let writeLock: Int64 = 0x4f6d_6e69_526f_7574  // "OmniRout"

    /// The session advisory lock a re-plan holds while it runs.
    static let replanLock: Int64 = 0x4f6d_6e69_5265_706c  // "OmniRepl"

    /// Connects to the database at `url` and migrates it to the current schema.
    init(url: String, logger: Logger = Logger(label: "omniroute.postgres")) throws {
        target = try PostgresLocation(url: url)
        location = target.description
        self.logger = logger
        writer = ConnectionSlot(target: target, logger: logger)
        readers = ReaderPool(size: 4, target: target, logger: logger)
        try writer.use { connection in
            try PostgresSchema.migrate(connection)
            let last = try Self.lastEvent(connection)
            lastEvent.withLock { $0 = last }
        }
        listener.withLock {
            $0 = Task { [target, logger, instance, foreignWrites] in
                await Self.listen(target: target, logger: logger, instance: instance, foreignWrites: foreignWrites)
            }
        }
    }

    deinit { listener.withLock { $0?.cancel() } }

    var isShared: Bool { true }

    func drawOrderNumber() throws -> Int64? {
        // Outside a transaction: a sequence's number is never given twice, committed or not.
        try readers.use { connection in try connection.value("SELECT nextval('order_numbers')") }
    }

    func takeForeignWrites() -> Bool {
        foreignWrites.take()
    }

    /// Takes the re-plan's advisory lock on a connection of its own: a session lock, held
    /// until the claim is let go of, or until the connection ends with its process.
    func claimReplan() throws -> ReplanClaim? {
        let slot = ConnectionSlot(target: target, logger: logger)
        let claimed: Int =
            try slot.use { connection in
                try connection.value("SELECT CASE WHEN pg_try_advisory_lock(?) THEN 1 ELSE 0 END", [Self.replanLock])
            } ?? 0
        guard claimed == 1 else {
            slot.close()
            return nil
        }
        return ReplanClaim {
            _ = try? slot.use { connection in try connection.run("SELECT pg_advisory_unlock(?)", [Self.replanLock]) }
            slot.close()
        }
    }

    func read<T>(_ body: (StoreTransaction) throws -> T) throws -> T {
        try readers.use { connection in
            try Self.transaction(
                connection, begin: "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", body: body)
        }
    }

    func write<T>(_ body: (StoreTransaction) throws -> T) throws -> T {
        try writer.use { connection in
            try Self.transaction(connection, begin: "BEGIN", lock: true) { tx in
                if try Self.lastEvent(connection) != lastEvent.withLock({ $0 }) {
                    foreignWrites.raise()
                }
                let value = try body(tx)
                try connection.run("SELECT pg_notify(?, ?)", [Self.channel, instance])
                let last = try Self.lastEvent(connection)
                lastEvent.withLock { $0 = last }
                return value
            }
        }
    }

    private static func lastEvent(_ connection: PostgresSQLConnection) throws -> Int64 {
        try StoreTransaction(connection: connection).events.lastSeq()
    }

    /// Hears the other instances' commits until cancelled; sets `foreignWrites` for each,
    /// and whenever its connection was lost (it may have missed some), then connects again.
    private static func listen(
        target: PostgresLocation, logger: Logger, instance: String, foreignWrites: Flag
    ) async {
        while !Task.isCancelled {
            do {
                let connection = try await PostgresConnection.connect(
                    on: MultiThreadedEventLoopGroup.singleton.any(),
                    configuration: ConnectionSlot.configuration(target),
                    id: Int.random(in: 1...Int.max), logger: logger)
                defer { connection.close().whenComplete { _ in withExtendedLifetime(connection) {} } }
                foreignWrites.raise()  // what came while it was not listening
                try await withTaskCancellationHandler {
                    try await connection.listen(on: channel) { notifications in
                        for try await notification in notifications where notification.payload != instance {
                            foreignWrites.raise()
                        }
                    }
                } onCancel: {
                    connection.close().whenComplete { _ in }
                }
            } catch {
                foreignWrites.raise()
                if Task.isCancelled { return }
                logger.warning("listening for other instances' commits: \(error); connecting again in 1 s")
            }
            try? await Task.sleep(for: .seconds(1))
        }
    }

    func afterCommit() {}

    func stop() {}

    func close() {
        listener.withLock { $0?.cancel() }
        writer.close()
        readers.close()
    }

    private static func transaction<T>(
        _ connection: PostgresSQLConnection, begin: String, lock: Bool = false, body: (StoreTransaction) throws -> T
    ) throws -> T {
        try connection.run(begin)
        do {
            if lock { try connection.run("SELECT pg_advisory_xact_lock(?)", [writeLock]) }
            let value = try body(StoreTransaction(connection: connection))
            try connection.run("COMMIT")
            return value
        } catch {
            _ = try? connection.run("ROLLBACK")
            throw error
        }
    }

    /// Drops every table of the database (`db init --force`).
    static func removeAll(url: String) throws {
        try once(url) { try $0.script("DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public") }
    }

    /// Migrates the database at `url` up to migration `last` only and runs `fill` with a
    /// function that runs scripts in it: a database as an older version wrote it (tests).
    static func migrate(url: String, upTo last: String, then fill: ((String) throws -> Void) throws -> Void) throws {
        try once(url) { connection in
            try PostgresSchema.migrate(connection, upTo: last)
            try fill { try connection.script($0) }
        }
    }

    /// Whether the database holds the store's tables.
    static func exists(url: String) throws -> Bool {
        try once(url) { connection in
            let found: String? = try connection.value("SELECT CAST(to_regclass('public.meta') AS TEXT)")
            return found != nil
        }
    }

    /// Runs `body` on a connection of its own to the database at `url`, closed after.
    private static func once<T>(_ url: String, _ body: (PostgresSQLConnection) throws -> T) throws -> T {
        let slot = ConnectionSlot(target: try PostgresLocation(url: url), logger: Logger(label: "omniroute.postgres"))
        defer { slot.close() }
        return try slot.use(body)
    }
}

/// One connection, used by one caller at a time (others wait on the lock), opened on
/// first use and again once the server or the network closed it.
final class ConnectionSlot: @unchecked Sendable {
    private let target: PostgresLocation
    private let logger: Logger
    private let lock = NSLock()
    // Guarded by `lock`.
    private var connection: PostgresSQLConnection?

    init(target: PostgresLocation, logger: Logger) {
        self.target = target
        self.logger = logger
    }

    // Not waited for (a deinit may run on an event loop): the closure keeps the connection until it is closed.
    deinit {
        guard let open = connection?.connection else { return }
        open.close().whenComplete { _ in withExtendedLifetime(open) {} }
    }

    func use<T>(_ body: (PostgresSQLConnection) throws -> T) throws -> T {
        lock.lock()
        defer { lock.unlock() }
        if connection == nil || connection!.connection.isClosed { connection = try open() }
        return try body(connection!)
    }

    func close() {
        lock.lock()
        defer { lock.unlock() }
        if let connection { try? connection.connection.close().wait() }
        connection = nil
    }

    /// How to reach `target`: TCP, with TLS when its URL asks for it.
    static func configuration(_ target: PostgresLocation) throws -> PostgresConnection.Configuration {
        var configuration = PostgresConnection.Configuration(
            host: target.host, port: target.port, username: target.user, password: target.password,
            database: target.database, tls: .disable)
        if target.requireTLS {
            do {
                configuration.tls = .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
            } catch {
                throw StoreError.database("TLS for \(target.description): \(error)")
            }
        }
        return configuration
    }

    private func open() throws -> PostgresSQLConnection {
        let configuration = try Self.configuration(target)
        do {
            let connection = try PostgresConnection.connect(
                on: MultiThreadedEventLoopGroup.singleton.any(), configuration: configuration,
                id: Int.random(in: 1...Int.max), logger: logger
            ).wait()
            return PostgresSQLConnection(connection, logger: logger)
        } catch let error as PSQLError {
            throw StoreError.database(
                "cannot connect to \(target.description): \(PostgresSQLConnection.message(error))")
        } catch {
            throw StoreError.database("cannot connect to \(target.description): \(error)")
        }
    }
}

/// A few connections for read transactions, handed out one caller at a time; a caller
/// waits (on a condition, not a timer) while all are in use.
final class ReaderPool: @unchecked Sendable {
    private let slots: [ConnectionSlot]
    private let condition = NSCondition()
    // Guarded by `condition`.
    private var free: [Int]

    init(size: Int, target: PostgresLocation, logger: Logger) {
        slots = (0..<size).map { _ in ConnectionSlot(target: target, logger: logger) }
        free = Array(0..<size)
    }

    func use<T>(_ body: (PostgresSQLConnection) throws -> T) throws -> T {
        condition.lock()
        while free.isEmpty { condition.wait() }
        let i = free.removeLast()
        condition.unlock()
        defer {
            condition.lock()
            free.append(i)
            condition.signal()
            condition.unlock()
        }
        return try slots[i].use(body)
    }

    func close() { for slot in slots { slot.close() } }
}

/// A flag raised from any thread and taken down by the one that acts on it.
final class Flag: Sendable {
    private let raised = Atomic<Bool>(false)

    func raise() { raised.store(true, ordering: .releasing) }

    /// Whether it was raised since the last take; lowers it.
    func take() -> Bool { raised.exchange(false, ordering: .acquiringAndReleasing) }
}
