import OmniRouteHeuristics
import OmniRouteModel

/// The store's stock in memory, kept exactly equal to the `inventory` table and the
/// held reservations: on-hand, holds and safety stock per (node, sku), units held per
/// node against its capacity, and the ledger the checkout router reads (available to
/// promise). Checkout never asks the database about a candidate node.
struct StockBook: Sendable {
    struct Position: Sendable, Hashable {
        var onHand: Int
        var reserved: Int
        var reservedExternal: Int
        var safetyStock: Int
        /// `max(0, on_hand − reserved − reserved_external − safety_stock)`.
        var availableToPromise: Int { max(0, onHand - reserved - reservedExternal - safetyStock) }

        /// No stock, nothing held.
        static let empty = Position(onHand: 0, reserved: 0, reservedExternal: 0, safetyStock: 0)
    }

    let network: Network
    private(set) var positions: [Int: Position]
    /// Units held at each node by open orders.
    private(set) var held: [Int]
    private(set) var ledger: InventoryLedger

    /// A book over `network` with `positions` and `held` units per node.
    init(network: Network, positions: [Int: Position], held: [Int]) {
        self.network = network
        self.positions = positions
        self.held = held
        ledger = InventoryLedger(network: network)
        for (key, p) in positions {
            ledger.setAvailable(node: key / network.skuCount, sku: key % network.skuCount, units: p.availableToPromise)
        }
        for node in network.nodes.indices { syncCapacity(node) }
    }

    /// A book over `network` of the stock as stored (rows of unknown nodes or skus left out).
    init(network: Network, inventory: [InventoryRow]) {
        var positions: [Int: Position] = [:]
        var held = [Int](repeating: 0, count: network.nodeCount)
        for row in inventory {
            guard let node = network.nodeIndex[row.node], let sku = network.skuIndex[row.sku] else { continue }
            positions[node * network.skuCount + sku] = Position(
                onHand: row.onHand, reserved: row.reserved, reservedExternal: row.reservedExternal,
                safetyStock: row.safetyStock)
            held[node] += row.reserved
        }
        self.init(network: network, positions: positions, held: held)
    }

    /// The same stock over another network of the same nodes and skus (a new day).
    func moved(to network: Network) -> StockBook { StockBook(network: network, positions: positions, held: held) }

    func key(_ node: Int, _ sku: Int) -> Int { node * network.skuCount + sku }

    func position(node: Int, sku: Int) -> Position? { positions[key(node, sku)] }

    /// Holds `qty` units (a reservation).
    mutating func hold(node: Int, sku: Int, qty: Int) {
        positions[key(node, sku), default: .empty].reserved += qty
        held[node] += qty
        sync(node, sku)
    }

    /// Lets go of `qty` held units (a cancelled reservation).
    mutating func release(node: Int, sku: Int, qty: Int) {
        positions[key(node, sku)]?.reserved -= qty
        held[node] -= qty
        sync(node, sku)
    }

    /// Takes `qty` held units out of stock: a leg left its node with them.
    mutating func consume(node: Int, sku: Int, qty: Int) {
        positions[key(node, sku)]?.onHand -= qty
        release(node: node, sku: sku, qty: qty)
    }

    /// Sets the units held at a position by systems outside the store.
    mutating func setExternal(node: Int, sku: Int, units: Int) {
        positions[key(node, sku)]?.reservedExternal = units
        sync(node, sku)
    }

    /// Sets a position's on-hand and safety stock.
    mutating func set(node: Int, sku: Int, onHand: Int, safetyStock: Int) {
        positions[key(node, sku), default: .empty].onHand = onHand
        positions[key(node, sku)]!.safetyStock = safetyStock
        sync(node, sku)
    }

    /// Units `node` can still pick: its capacity less the units held there.
    func capacityLeft(node: Int) -> Int? { network.nodes[node].capacityUnits.map { max(0, $0 - held[node]) } }

    private mutating func sync(_ node: Int, _ sku: Int) {
        ledger.setAvailable(node: node, sku: sku, units: positions[key(node, sku)]?.availableToPromise ?? 0)
        syncCapacity(node)
    }

    private mutating func syncCapacity(_ node: Int) {
        ledger.setCapacityLeft(node: node, units: capacityLeft(node: node) ?? Int.max)
    }
}
