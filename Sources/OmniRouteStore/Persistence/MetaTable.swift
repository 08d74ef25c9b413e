import GRDB

/// The `meta` table's settings of the store itself (the scenario's are written with the network).
struct MetaTable {
    let connection: Database

    /// Records the clock the database was created with (`StoreClock.description`).
    func setClock(_ clock: String) throws {
        try connection.execute(sql: "INSERT INTO meta (key, value) VALUES ('clock', ?)", arguments: [clock])
    }

    /// The clock the database was created with, or nil before it was seeded.
    func clock() throws -> String? {
        try String.fetchOne(connection, sql: "SELECT value FROM meta WHERE key = 'clock'")
    }
}
