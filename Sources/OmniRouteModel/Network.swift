/// A scenario indexed for routing: integer ids for nodes, skus and services,
/// stock by sku, lanes by (from, to). Built once; engines and the checker share it.
public final class Network: Sendable {
    public let scenario: Scenario
    public let today: CalendarDay
    public let nodeIndex: [String: Int]
    public let skuIndex: [String: Int]
    public let serviceIndex: [String: Int]
    /// Index into `scenario.lanes` by `from * nodeCount + to`.
    private let laneByPair: [Int: Int]
    /// Lanes into each node: (from, lane index).
    public let lanesInto: [[(from: Int, lane: Int)]]
    /// Available to promise at the start, by `node * skuCount + sku` (absent is 0).
    public let initialATP: [Int: Int]
    /// For each sku, the nodes with positive ATP or inbound units of it at the start, in node order.
    public let holders: [[Int]]
    /// For each order, its sku indices line by line.
    public let orderSKUs: [[Int]]
    /// Node locations prepared for fast distances.
    public let preparedLocations: [GeoPoint.Prepared]
    /// Parcel tariffs by `(node * services + service) * bandStride + band`.
    @usableFromInline let parcelTariffs: [LegTariff]
    @usableFromInline let bandStride: Int
    /// Each lane's transfer tariff (from its node, on its earliest day) and each node's own pickup tariff.
    let laneTariffs: [LegTariff]
    let pickupTariffs: [LegTariff]
    /// The latency model in time: start, open and earliest ship days, etas by calendar, inbound.
    public let timetable: Timetable
    /// The sourcing rules compiled; nil when the scenario has none.
    public let ruleBook: RuleBook?
    /// The rules that apply to each scenario order (empty when there are no rules).
    let orderRules: [OrderRules]

    public var nodes: [Node] { scenario.nodes }
    public var skus: [SKU] { scenario.skus }
    public var services: [Service] { scenario.services }
    public var lanes: [Lane] { scenario.lanes }
    public var policy: Policy { scenario.policy }
    public var orders: [Order] { scenario.orders }
    public var nodeCount: Int { scenario.nodes.count }
    public var skuCount: Int { scenario.skus.count }

    /// Indexes a scenario that has been validated by `Scenario(document:)` (every
    /// reference resolves).
    public init(_ scenario: Scenario) {
        self.scenario = scenario
        today = scenario.today
        var nodeIndex: [String: Int] = [:]
        for (i, n) in scenario.nodes.enumerated() { nodeIndex[n.id] = i }
        var skuIndex: [String: Int] = [:]
        for (i, s) in scenario.skus.enumerated() { skuIndex[s.id] = i }
        var serviceIndex: [String: Int] = [:]
        for (i, s) in scenario.services.enumerated() { serviceIndex[s.id] = i }
        let n = scenario.nodes.count
        let k = scenario.skus.count
        var laneByPair: [Int: Int] = [:]
        var lanesInto = Array(repeating: [(from: Int, lane: Int)](), count: n)
        for (i, lane) in scenario.lanes.enumerated() {
            guard let f = nodeIndex[lane.from], let t = nodeIndex[lane.to] else { continue }
            laneByPair[f * n + t] = i
            lanesInto[t].append((f, i))
        }
        var atp: [Int: Int] = [:]
        var holders = Array(repeating: [Int](), count: k)
        for row in scenario.inventory {
            guard let node = nodeIndex[row.node], let sku = skuIndex[row.sku] else { continue }
            let a = row.availableToPromise
            if a > 0 {
                atp[node * k + sku] = a
                holders[sku].append(node)
            }
        }
        // Stock on its way makes a holder too (FORMAT.md, "inbound").
        for row in scenario.inbound {
            guard let node = nodeIndex[row.node], let sku = skuIndex[row.sku], atp[node * k + sku] == nil else {
                continue
            }
            if !holders[sku].contains(node) { holders[sku].append(node) }
        }
        for s in holders.indices { holders[s].sort() }
        self.nodeIndex = nodeIndex
        self.skuIndex = skuIndex
        self.serviceIndex = serviceIndex
        self.laneByPair = laneByPair
        self.lanesInto = lanesInto
        self.initialATP = atp
        self.holders = holders
        let skusOfOrders = scenario.orders.map { $0.lines.map { skuIndex[$0.sku] ?? -1 } }
        self.orderSKUs = skusOfOrders
        self.preparedLocations = scenario.nodes.map { GeoPoint.Prepared($0.location) }
        let timetable = Timetable(scenario, nodeIndex: nodeIndex, skuIndex: skuIndex)
        self.timetable = timetable
        let stride = scenario.services.map(\.bands.count).max() ?? 0
        var parcel: [LegTariff] = []
        parcel.reserveCapacity(n * scenario.services.count * stride)
        for node in scenario.nodes.indices {
            for service in scenario.services {
                for b in 0..<stride {
                    let band = service.bands[min(b, service.bands.count - 1)]
                    parcel.append(
                        LegTariff.parcel(
                            from: scenario.nodes[node], index: node, service: serviceIndex[service.id]!, band: band,
                            timetable: timetable))
                }
            }
        }
        self.bandStride = stride
        self.parcelTariffs = parcel
        laneTariffs = scenario.lanes.enumerated().map { l, lane in
            let from = nodeIndex[lane.from] ?? 0
            return LegTariff.transfer(
                from: scenario.nodes[from], index: from, lane: lane, number: l, timetable: timetable)
        }
        pickupTariffs = scenario.nodes.enumerated().map {
            LegTariff.storePickup(from: $1, index: $0, timetable: timetable)
        }
        let book = RuleBook(scenario)
        self.ruleBook = book
        var orderRules: [OrderRules] = []
        if let book {
            for (i, order) in scenario.orders.enumerated() {
                orderRules.append(book.rules(for: order, skus: skusOfOrders[i]))
            }
        }
        self.orderRules = orderRules
    }

    /// The tariff of a parcel from `node` by `service` in its band number `band`.
    @inlinable
    public func parcelTariff(node: Int, service: Int, band: Int) -> LegTariff {
        parcelTariffs[(node * services.count + service) * bandStride + band]
    }

    /// The lane from `from` into `to`, if there is one.
    public func lane(from: Int, to: Int) -> Lane? {
        laneByPair[from * nodeCount + to].map { scenario.lanes[$0] }
    }

    /// The number of the lane from `from` into `to`, if there is one.
    public func laneIndex(from: Int, to: Int) -> Int? { laneByPair[from * nodeCount + to] }

    /// Available to promise of `sku` at `node` before any order of the scenario is routed.
    public func atp(node: Int, sku: Int) -> Int { initialATP[node * skuCount + sku] ?? 0 }

    /// The pickup node of an order, or nil for a ship order.
    public func pickupNode(of order: Order) -> Int? {
        if case .pickup(let id) = order.delivery { return nodeIndex[id] }
        return nil
    }
}
