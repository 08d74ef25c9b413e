/// A backend of the store's database: read and write transactions over its connections,
/// and the upkeep between them. `SQLiteDatabase` (one process, a file) and
/// `PostgresDatabase` (a server several instances share) implement it; the checkout
/// service sees only this.
protocol StoreDatabase: Sendable {
    /// Where the database is, as the user named it (a path or a URL without its password).
    var location: String { get }

    /// Runs `body` in a read transaction: it sees one state of the database throughout.
    func read<T>(_ body: (StoreTransaction) throws -> T) throws -> T

    /// Runs `body` in a write transaction, committed if it returns and rolled back if it throws.
    func write<T>(_ body: (StoreTransaction) throws -> T) throws -> T

    /// Whether other instances may write this database too (a PostgreSQL server): then what
    /// this instance's caches say is checked by the database before a write commits.
    var isShared: Bool { get }

    /// A new order number drawn from the database, for a database several instances share;
    /// nil where this instance numbers orders itself (SQLite, one process).
    func drawOrderNumber() throws -> Int64?

    /// True once after another instance sharing the database committed a change this
    /// instance has not read (never for SQLite's one process).
    func takeForeignWrites() -> Bool

    /// Claims the one re-plan of this database, or nil while another holds it (in this
    /// process or, for a shared database, in any instance).
    func claimReplan() throws -> ReplanClaim?

    /// Upkeep between two write transactions, on the writer.
    func afterCommit()

    /// Stops background upkeep.
    func stop()

    /// A clean stop: stops the upkeep and leaves the database whole on its own.
    func close()
}
