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

    /// What the store's legs take by ship day, on a network in time (legs say `ships_on`).
    struct ShipDays: Sendable {
        /// Units held per position (`key(node, sku)`) and ship day: constraint 2′ where stock is on its way.
        var held: [Int: [CalendarDay: Int]] = [:]
        /// Units live legs send per node and ship day, shipped ones included: constraint 3′.
        var sent: [Int: [CalendarDay: Int]] = [:]
    }

    let network: Network
    private(set) var positions: [Int: Position]
    /// Units held at each node by open orders.
    private(set) var held: [Int]
    private(set) var days: ShipDays
    private(set) var ledger: InventoryLedger

    /// A book over `network` with `positions`, `held` units per node and `days`.
    init(network: Network, positions: [Int: Position], held: [Int], days: ShipDays) {
        self.network = network
        self.positions = positions
        self.held = held
        self.days = days
        ledger = InventoryLedger(network: network)
        for key in Set(positions.keys).union(network.timetable.inboundUnits.keys) {
            sync(key / network.skuCount, key % network.skuCount)
        }
        for node in network.nodes.indices { syncCapacity(node) }
        if network.timetable.capacityPerDay.contains(where: { $0 != nil }) {
            for (node, sent) in days.sent { for day in sent.keys { syncDay(node, day) } }
        }
    }

    /// A book over `network` of the stock as stored (rows of unknown nodes or skus left out).
    init(network: Network, stored: Stored) {
        let (positions, held, days) = Self.keyed(stored, network)
        self.init(network: network, positions: positions, held: held, days: days)
    }

    /// The stock as the database holds it: the inventory, the units held per position and ship
    /// day, and the units sent per node and ship day.
    struct Stored {
        var inventory: [InventoryRow]
        var heldByDay: [(node: String, sku: String, day: CalendarDay, qty: Int)] = []
        var sentByDay: [(node: String, day: CalendarDay, units: Int)] = []
    }

    /// `stored` keyed as the book keeps it (rows of unknown nodes or skus left out).
    private static func keyed(_ stored: Stored, _ network: Network) -> ([Int: Position], [Int], ShipDays) {
        var positions: [Int: Position] = [:]
        var held = [Int](repeating: 0, count: network.nodeCount)
        for row in stored.inventory {
            guard let node = network.nodeIndex[row.node], let sku = network.skuIndex[row.sku] else { continue }
            positions[node * network.skuCount + sku] = Position(
                onHand: row.onHand, reserved: row.reserved, reservedExternal: row.reservedExternal,
                safetyStock: row.safetyStock)
            held[node] += row.reserved
        }
        var days = ShipDays()
        for h in stored.heldByDay {
            guard let node = network.nodeIndex[h.node], let sku = network.skuIndex[h.sku] else { continue }
            days.held[node * network.skuCount + sku, default: [:]][h.day] = h.qty
        }
        for s in stored.sentByDay {
            guard let node = network.nodeIndex[s.node] else { continue }
            days.sent[node, default: [:]][s.day] = s.units
        }
        return (positions, held, days)
    }

    /// Replaces the stock of `nodes` with `stored`, what the database holds of theirs (and of no
    /// other node), and keeps the other nodes' as it is: an instance sharing the database reads
    /// again only the nodes another instance's writes changed.
    mutating func replace(nodes ids: [String], with stored: Stored) {
        let nodes = Set(ids.compactMap { network.nodeIndex[$0] })
        let (fresh, freshHeld, freshDays) = Self.keyed(stored, network)
        let mine = { (key: Int) in nodes.contains(key / network.skuCount) }
        let keys = Set(positions.keys.filter(mine)).union(days.held.keys.filter(mine))
            .union(fresh.keys.filter(mine)).union(freshDays.held.keys.filter(mine))
            .union(network.timetable.inboundUnits.keys.filter(mine))
        for key in keys {
            positions[key] = fresh[key]
            days.held[key] = freshDays.held[key]
        }
        var sentDays: [Int: Set<CalendarDay>] = [:]
        for node in nodes {
            held[node] = freshHeld[node]
            let before = days.sent[node].map { Set($0.keys) } ?? []
            sentDays[node] = before.union(freshDays.sent[node]?.keys.map { $0 } ?? [])
            days.sent[node] = freshDays.sent[node]
        }
        for key in keys { sync(key / network.skuCount, key % network.skuCount) }
        for (node, days) in sentDays {
            syncCapacity(node)
            for day in days { syncDay(node, day) }
        }
    }

    /// The same stock over another network of the same nodes and skus (a new day, a new calendar,
    /// capacity or stock on its way).
    func moved(to network: Network) -> StockBook {
        var days = days
        // Days gone by no longer count against a capacity.
        days.sent = sent(from: network.today + network.timetable.firstDay)
        return StockBook(network: network, positions: positions, held: held, days: days)
    }

    func key(_ node: Int, _ sku: Int) -> Int { node * network.skuCount + sku }

    func position(node: Int, sku: Int) -> Position? { positions[key(node, sku)] }

    /// Holds `qty` units (a reservation) for a leg shipping on `day` (nil: a network without time).
    mutating func hold(node: Int, sku: Int, qty: Int, on day: CalendarDay?) {
        positions[key(node, sku), default: .empty].reserved += qty
        held[node] += qty
        count(node, sku, qty, on: day, sent: true)
        sync(node, sku)
    }

    /// Lets go of `qty` held units of a leg shipping on `day` (a cancelled reservation).
    mutating func release(node: Int, sku: Int, qty: Int, on day: CalendarDay?) {
        positions[key(node, sku)]?.reserved -= qty
        held[node] -= qty
        count(node, sku, -qty, on: day, sent: true)
        sync(node, sku)
    }

    /// Takes `qty` held units out of stock: a leg that shipped on `day` left its node with them
    /// (they still count against that day's capacity).
    mutating func consume(node: Int, sku: Int, qty: Int, on day: CalendarDay?) {
        positions[key(node, sku)]?.onHand -= qty
        positions[key(node, sku)]?.reserved -= qty
        held[node] -= qty
        count(node, sku, -qty, on: day, sent: false)
        sync(node, sku)
    }

    /// Adds `qty` to the units held on `day` and, with `sent`, to those the node sends that day.
    private mutating func count(_ node: Int, _ sku: Int, _ qty: Int, on day: CalendarDay?, sent: Bool) {
        guard let day else { return }
        let k = key(node, sku)
        days.held[k, default: [:]][day, default: 0] += qty
        if days.held[k]![day] == 0 { days.held[k]![day] = nil }
        if sent {
            days.sent[node, default: [:]][day, default: 0] += qty
            if days.sent[node]![day] == 0 { days.sent[node]![day] = nil }
            syncDay(node, day)
        }
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

    /// The units sent per node and ship day from `day` on (nodes sending none left out).
    func sent(from day: CalendarDay) -> [Int: [CalendarDay: Int]] {
        days.sent.mapValues { $0.filter { $0.key >= day } }.filter { !$0.value.isEmpty }
    }

    /// Units `node` sends on `day` in live legs.
    func sent(node: Int, on day: CalendarDay) -> Int { days.sent[node]?[day] ?? 0 }

    /// Units `node` can still send on `day`: its capacity per day less what its legs send then
    /// (nil: no capacity per day).
    func dailyCapacityLeft(node: Int, on day: CalendarDay) -> Int? {
        network.nodes[node].capacityPerDay.map { max(0, $0 - sent(node: node, on: day)) }
    }

    /// Units `node` can still pick: its capacity less the units held there.
    func capacityLeft(node: Int) -> Int? { network.nodes[node].capacityUnits.map { max(0, $0 - held[node]) } }

    private mutating func sync(_ node: Int, _ sku: Int) {
        let k = key(node, sku)
        let p = positions[k] ?? .empty
        if network.timetable.inboundUnits[k] != nil {
            // Stock on its way: the ledger checks each ship day (2′) from the units free of other holds and
            // the units this store's legs hold by day (a hold without a day counts before every day).
            let today = network.today
            var byDay: [Int: Int] = [:]
            var dated = 0
            for (day, q) in days.held[k] ?? [:] {
                byDay[day - today, default: 0] += q
                dated += q
            }
            if p.reserved > dated { byDay[network.timetable.firstDay - 1, default: 0] += p.reserved - dated }
            ledger.setPhased(
                node: node, sku: sku, base: p.onHand - p.reservedExternal - p.safetyStock, heldByDay: byDay)
        } else {
            ledger.setAvailable(node: node, sku: sku, units: p.availableToPromise)
        }
        syncCapacity(node)
    }

    private mutating func syncDay(_ node: Int, _ day: CalendarDay) {
        guard let left = dailyCapacityLeft(node: node, on: day) else { return }
        ledger.setDailyCapacityLeft(node: node, day: day - network.today, units: left)
    }

    private mutating func syncCapacity(_ node: Int) {
        ledger.setCapacityLeft(node: node, units: capacityLeft(node: node) ?? Int.max)
    }
}
