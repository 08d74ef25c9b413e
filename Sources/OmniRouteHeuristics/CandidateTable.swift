import OmniRouteModel

/// The candidate sources of one order in flat, reusable arrays: for each candidate
/// its node, the units it holds of each line, its capacity left and its tariffs.
/// Filled once per order by `InventoryLedger.collect`; reused across orders so the
/// checkout path allocates almost nothing.
struct CandidateTable {
    private(set) var lineCount = 0
    private(set) var nodes: [Int] = []
    /// `available[c * lineCount + i]`: units of line `i` candidate `c` holds.
    private(set) var available: [Int] = []
    private(set) var capacity: [Int] = []
    /// Tariffs of candidate `c` are `tariffs[tariffStart[c]..<tariffStart[c + 1]]`.
    private(set) var tariffStart: [Int] = [0]
    private(set) var tariffs: [LegTariff] = []
    /// Whether some candidate's tariffs carry the rules' surcharges per unit; then
    /// `unitRate[c * lineCount + i]` is that surcharge per unit of line `i` from candidate `c`.
    private(set) var hasUnitRates = false
    private var unitRate: [Double] = []
    /// Node → candidate index + 1 (0: not seen; -1: excluded) for the current order.
    private var slot: [Int32] = []
    private var touched: [Int] = []

    var count: Int { nodes.count }

    @inline(__always) func available(_ c: Int, _ line: Int) -> Int { available[c * lineCount + line] }
    @inline(__always) func unitRate(_ c: Int, _ line: Int) -> Double { unitRate[c * lineCount + line] }
    @inline(__always) func tariffRange(_ c: Int) -> Range<Int> { tariffStart[c]..<tariffStart[c + 1] }

    mutating func reset(lines: Int, nodeCount: Int) {
        if slot.count != nodeCount { slot = [Int32](repeating: 0, count: nodeCount) }
        for n in touched { slot[n] = 0 }
        touched.removeAll(keepingCapacity: true)
        lineCount = lines
        nodes.removeAll(keepingCapacity: true)
        available.removeAll(keepingCapacity: true)
        capacity.removeAll(keepingCapacity: true)
        tariffStart.removeAll(keepingCapacity: true)
        tariffStart.append(0)
        tariffs.removeAll(keepingCapacity: true)
        hasUnitRates = false
        unitRate.removeAll(keepingCapacity: true)
    }

    /// The candidate index of `node`, nil if it is not (yet) one; `excluded` if it was excluded.
    @inline(__always) func state(of node: Int) -> Int32 { slot[node] }

    mutating func exclude(_ node: Int) {
        slot[node] = -1
        touched.append(node)
    }

    mutating func add(node: Int, capacity cap: Int) -> Int {
        let c = nodes.count
        nodes.append(node)
        capacity.append(cap)
        available.append(contentsOf: repeatElement(0, count: lineCount))
        if hasUnitRates { unitRate.append(contentsOf: repeatElement(0, count: lineCount)) }
        slot[node] = Int32(c + 1)
        touched.append(node)
        return c
    }

    mutating func appendTariff(_ t: LegTariff) { tariffs.append(t) }

    /// Appends `t` shipping on `day` (its eta retimed when that is not its earliest day); nil
    /// keeps its day (a network without time).
    mutating func appendTariff(_ t: LegTariff, shipsOn day: Int?, network: Network) {
        guard let day, day != t.shipsOn else { return tariffs.append(t) }
        tariffs.append(network.retimed(t, shipsOn: day))
    }

    /// The day candidate `c`'s legs ship on.
    @inline(__always) func shipDay(_ c: Int) -> Int { tariffs[tariffStart[c]].shipsOn }
    mutating func closeTariffs() { tariffStart.append(tariffs.count) }

    /// Puts the surcharges of `rules` into the tariffs of the last candidate (not yet closed).
    mutating func priceOpenTariffs(_ rules: OrderRules) {
        let c = nodes.count - 1
        let perLeg = rules.surchargePerLeg(node: nodes[c])
        let perUnit = rules.surchargePerUnit(node: nodes[c])
        for k in tariffStart[c]..<tariffs.count {
            tariffs[k].rulesPerLeg = perLeg
            tariffs[k].rulesPerUnit = perUnit
        }
        guard let perUnit else { return }
        if !hasUnitRates {
            hasUnitRates = true
            unitRate = [Double](repeating: 0, count: nodes.count * lineCount)
        }
        for (i, r) in perUnit.enumerated() { unitRate[c * lineCount + i] = r }
    }
    mutating func setAvailable(_ c: Int, _ line: Int, _ units: Int) { available[c * lineCount + line] = units }

    /// Removes candidate `node` (for "what if this source were not there").
    mutating func remove(node: Int) {
        guard let c = nodes.firstIndex(of: node) else { return }
        let range = tariffRange(c)
        let width = range.count
        tariffs.removeSubrange(range)
        tariffStart.remove(at: c + 1)
        for k in (c + 1)..<tariffStart.count { tariffStart[k] -= width }
        available.removeSubrange((c * lineCount)..<((c + 1) * lineCount))
        if hasUnitRates { unitRate.removeSubrange((c * lineCount)..<((c + 1) * lineCount)) }
        nodes.remove(at: c)
        capacity.remove(at: c)
        for k in c..<nodes.count { slot[nodes[k]] = Int32(k + 1) }
        slot[node] = -1
    }
}

extension InventoryLedger {
    /// Fills `table` with every node that holds stock of a line of `resolved`, has
    /// capacity left and can send to its customer within `limits` (excluded nodes are
    /// left out, ship legs use only the allowed service). `excluded` receives the
    /// nodes that hold stock but cannot serve, with the reason.
    ///
    /// With sourcing rules that apply to the order, a node is a candidate only for the lines
    /// the rules allow it to send (its other lines hold 0), what it holds of a line is capped by
    /// every applicable reserve row, and its tariffs carry the rules' surcharges (`priced`).
    func collect(
        _ resolved: ResolvedOrder, limits: RouteLimits = .none, into table: inout CandidateTable,
        excluded: ((Int, CandidateExclusion) -> Void)? = nil
    ) {
        let order = resolved.order
        let skus = resolved.skus
        let orderRules = network.rules(for: resolved)
        let rules = orderRules?.isEmpty == false ? orderRules : nil
        let reserves = hasReserves && rules?.reserves.isEmpty == false
        table.reset(lines: skus.count, nodeCount: network.nodeCount)
        for node in limits.excludedNodes where table.state(of: node) == 0 {
            table.exclude(node)
            excluded?(node, .excludedByCaller)
        }
        let services = network.services
        var customer: GeoPoint.Prepared?
        var pickupStore = -1
        switch order.delivery {
        case .ship(let p): customer = GeoPoint.Prepared(p)
        case .pickup(let s): pickupStore = network.nodeIndex[s] ?? -1
        }
        let timed = isTimed
        let phased = timed && !network.timetable.inbound.isEmpty
        for (line, sku) in skus.enumerated() {
            let (nodes, units) = holdings(sku: sku)
            for k in nodes.indices where units[k] > 0 {
                let node = nodes[k]
                if let rules { guard rules.allows(node: node, line: line) else { continue } }
                let state = table.state(of: node)
                if state < 0 { continue }
                // In time, a candidate's legs ship on its first day with capacity and stock of the line
                // that made it one; its other lines send what is there by that day.
                var day = 0
                var held = units[k]
                if timed {
                    if state > 0 {
                        day = table.shipDay(Int(state) - 1)
                    } else {
                        guard network.canShip(node) else {
                            table.exclude(node)
                            excluded?(node, .ineligible(.closedThroughHorizon))
                            continue
                        }
                        guard let first = shipDay(node: node, sku: sku) else { continue }
                        day = first
                    }
                    if phased { held = min(held, availableBy(node: node, sku: sku, day: day)) }
                }
                if reserves, let rules {
                    held = reserveCapped(held, rules: rules, node: node, line: line, sku: sku, slot: k)
                    guard held > 0 else { continue }
                }
                if state > 0 {
                    table.setAvailable(Int(state) - 1, line, held)
                    continue
                }
                let capacity =
                    timed ? min(capacityLeft[node], dailyCapacityLeft(node: node, day: day)) : capacityLeft[node]
                let shipsOn: Int? = timed ? day : nil
                guard capacity > 0 else {
                    table.exclude(node)
                    if let excluded {
                        // Name the lasting reason first: a node that could never serve the order.
                        if case .failure(let reason) = network.tariffs(order: order, source: node) {
                            excluded(node, .ineligible(reason))
                        } else {
                            excluded(node, .capacityUsedUp)
                        }
                    }
                    continue
                }
                if let customer {
                    guard network.nodes[node].shipToHome else {
                        table.exclude(node)
                        excluded?(node, .ineligible(.doesNotShipToHome))
                        continue
                    }
                    let km = network.preparedLocations[node].distanceKm(to: customer)
                    var reached = false
                    for s in services.indices where limits.service == nil || limits.service == s {
                        guard let band = services[s].bandIndex(forKm: km) else { continue }
                        if !reached {
                            reached = true
                            _ = table.add(node: node, capacity: capacity)
                        }
                        table.appendTariff(
                            network.parcelTariff(node: node, service: s, band: band), shipsOn: shipsOn, network: network
                        )
                    }
                    guard reached else {
                        table.exclude(node)
                        excluded?(node, .ineligible(services.isEmpty ? .noServices : .outOfReach(km: km)))
                        continue
                    }
                } else if node == pickupStore {
                    _ = table.add(node: node, capacity: capacity)
                    table.appendTariff(network.storePickupTariff(source: node), shipsOn: shipsOn, network: network)
                } else if let lane = network.laneIndex(from: node, to: pickupStore) {
                    _ = table.add(node: node, capacity: capacity)
                    table.appendTariff(
                        network.transferTariff(lane: lane), shipsOn: shipsOn, network: network)
                } else {
                    table.exclude(node)
                    excluded?(node, .ineligible(.noLane(to: order.delivery.pickupNode ?? "")))
                    continue
                }
                if let rules { table.priceOpenTariffs(rules) }
                table.closeTariffs()
                table.setAvailable(table.count - 1, line, held)
            }
        }
    }
}

extension Delivery {
    /// The pickup store of a pickup delivery.
    var pickupNode: String? {
        if case .pickup(let s) = self { return s }
        return nil
    }
}
