import Foundation
import GRDB
import Synchronization

/// The store's SQLite database: GRDB's pool of connections (one writer, readers in
/// WAL), its settings, its migrations and the upkeep of its write-ahead log. The
/// service asks it for read and write transactions and nothing else; every SQLite
/// particular (PRAGMAs, checkpoints, the files beside the database) stays here.
final class SQLiteDatabase: StoreDatabase {
    let location: String
    private let pool: DatabasePool
    /// Copies the write-ahead log into the database outside the commits (nil for a read-only check).
    private let checkpointer: Checkpointer?
    /// Whether a re-plan holds its claim (one process holds the file, so a flag is enough).
    private let replanClaimed = Atomic<Bool>(false)

    /// Opens (creating if need be) the database at `path` and migrates it to the current
    /// schema. `checkpoints` (for a store open for writing) keeps the log short off the commits.
    init(path: String, durability: RouteStore.Durability, checkpoints: Bool) throws {
        var config = Configuration()
        config.busyMode = .timeout(5)
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = \(durability == .full ? "FULL" : "NORMAL")")
            // The `Checkpointer` copies the log outside the commits.
            if Checkpointer.enabled { try db.execute(sql: "PRAGMA wal_autocheckpoint = 0") }
        }
        let pool = try DatabasePool(path: path, configuration: config)
        try StoreSchema.migrator.migrate(pool)
        location = path
        self.pool = pool
        checkpointer = checkpoints && Checkpointer.enabled ? try Checkpointer(path: path) : nil
    }

    deinit { checkpointer?.stop() }

    /// Removes the database at `path` and the files SQLite keeps beside it.
    static func remove(path: String) {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }

    /// Runs `body` in a read transaction: it sees one state of the database throughout.
    func read<T>(_ body: (StoreTransaction) throws -> T) throws -> T {
        try pool.read { db in try body(StoreTransaction(connection: SQLiteConnection(database: db))) }
    }

    /// Runs `body` in a write transaction, committed if it returns and rolled back if it throws.
    func write<T>(_ body: (StoreTransaction) throws -> T) throws -> T {
        try pool.write { db in try body(StoreTransaction(connection: SQLiteConnection(database: db))) }
    }

    var isShared: Bool { false }

    func drawOrderNumber() throws -> Int64? { nil }

    func takeForeignWrites() -> Bool { false }

    func claimReplan() throws -> ReplanClaim? {
        guard replanClaimed.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing).exchanged
        else { return nil }
        return ReplanClaim { [self] in replanClaimed.store(false, ordering: .releasing) }
    }

    /// Upkeep between two write transactions, on the writer: restarts the log once the
    /// checkpointer has caught up with a long one.
    func afterCommit() {
        guard let checkpointer, checkpointer.restartIsDue() else { return }
        try? pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_checkpoint(RESTART)") }
    }

    /// Stops the log upkeep (after its current checkpoint).
    func stop() { checkpointer?.stop() }

    /// A clean stop: stops the log upkeep, then copies the whole log into the database
    /// and empties it, so the database file alone holds every commit.
    func close() {
        stop()
        try? pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
    }
}
