/// One transaction of the store's database, reading or writing: the handle every
/// persistence operation takes. The checkout service sees this type and the named
/// operations of its tables, never a statement. It is where a protocol would go for
/// a second backend: each table's operations would become its requirements.
struct StoreTransaction {
    /// The backend's connection, inside the transaction. Only the files of `Persistence/` use it.
    let connection: any SQLConnection

    /// The store's settings (its clock).
    var meta: MetaTable { MetaTable(connection: connection) }
    /// Nodes, skus, services, lanes and policy: the network a scenario seeds.
    var networkTables: NetworkTables { NetworkTables(connection: connection) }
    /// Stock per (node, sku): on-hand, holds, safety stock.
    var inventory: InventoryTable { InventoryTable(connection: connection) }
    /// Stock on its way, line by line.
    var inbound: InboundTable { InboundTable(connection: connection) }
    /// Orders and their lines.
    var orders: OrderTable { OrderTable(connection: connection) }
    /// Legs and the units they carry.
    var legs: LegTable { LegTable(connection: connection) }
    /// Unit holds, one row per hold.
    var reservations: ReservationTable { ReservationTable(connection: connection) }
    /// The idempotency keys of placed orders.
    var idempotencyKeys: IdempotencyKeyTable { IdempotencyKeyTable(connection: connection) }
    /// The append-only log of every change.
    var events: EventLog { EventLog(connection: connection) }
    /// Sourcing rule sets in versions, and which one is active.
    var rules: RuleTable { RuleTable(connection: connection) }
    /// API keys (their digests, roles and nodes).
    var keys: KeyTable { KeyTable(connection: connection) }
    /// What the nodes' capacities are used by, and where they are overrun.
    var capacity: CapacityUse { CapacityUse(connection: connection) }
    /// Re-plan jobs and how they ended.
    var replanJobs: ReplanJobTable { ReplanJobTable(connection: connection) }

    /// Runs `body` in a savepoint: what it wrote stays if it returns and is undone if it throws.
    func inSavepoint(_ body: () throws -> Void) throws {
        try connection.inSavepoint(body)
    }
}
