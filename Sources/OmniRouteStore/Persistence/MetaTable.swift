/// The `meta` table's settings of the store itself (the scenario's are written with the network).
struct MetaTable {
    let connection: any SQLConnection

    /// Records the clock the database was created with (`StoreClock.description`).
    func setClock(_ clock: String) throws {
        try connection.run("INSERT INTO meta (key, value) VALUES ('clock', ?)", [clock])
    }

    /// The clock the database was created with, or nil before it was seeded.
    func clock() throws -> String? {
        try connection.value("SELECT value FROM meta WHERE key = 'clock'")
    }
}
