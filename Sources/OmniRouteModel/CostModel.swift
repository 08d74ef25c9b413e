/// The cost and latency model of FORMAT.md, in one place. Engines, the plan
/// assembler and the checker all price legs and orders through these functions.
public enum CostModel {
    /// Late days of an order whose last leg arrives `etaDays` after `today`.
    @inlinable
    public static func lateDays(today: CalendarDay, etaDays: Int, dueBy: CalendarDay) -> Int {
        max(0, (today + etaDays) - dueBy)
    }

    /// The value lost on `units` unfulfilled units of `sku`.
    @inlinable
    public static func lostSaleCost(_ sku: SKU, units: Int, policy: Policy) -> Double {
        Double(units) * sku.price * policy.lostSaleFactor
    }

    /// Split penalty of an order with `legs` legs.
    @inlinable
    public static func splitPenalty(legs: Int, policy: Policy) -> Double {
        policy.splitPenalty * Double(max(0, legs - 1))
    }

    /// Late penalty of an order `lateDays` late.
    @inlinable
    public static func latePenalty(lateDays: Int, policy: Policy) -> Double {
        policy.latePenaltyPerDay * Double(lateDays)
    }

    /// The whole cost of an order from its parts.
    @inlinable
    public static func orderCost(legs: Double, legCount: Int, lateDays: Int, unfulfilled: Double, policy: Policy)
        -> OrderCost
    {
        let split = splitPenalty(legs: legCount, policy: policy)
        let late = latePenalty(lateDays: lateDays, policy: policy)
        return OrderCost(
            legs: legs, splitPenalty: split, latePenalty: late, unfulfilled: unfulfilled,
            total: legs + split + late + unfulfilled)
    }

    /// Most legs an order may have under the policy and its own split flag.
    public static func maxLegs(for order: Order, policy: Policy) -> Int {
        order.allowSplit ? (policy.maxLegsPerOrder ?? Int.max) : 1
    }
}

/// The price list of one possible leg: an order, a source, and how the stock
/// travels (a parcel service band, a lane, or the pickup store's own shelf).
/// A leg's cost is linear in its units and weight; engines evaluate it here.
public struct LegTariff: Sendable, Hashable {
    public var type: LegType
    public var source: Int
    /// The parcel service (index into the scenario's services) of a ship leg.
    public var service: Int?
    /// Days from today until the leg arrives or is ready for pickup.
    public var etaDays: Int
    /// Days from today until the leg leaves its node (its `ships_on`): the node's earliest
    /// ship day unless rescheduled (`Network.rescheduled(_:shipsOn:)`).
    public var shipsOn: Int
    /// The band's transit days, or the lane's lead days (0 for a store pickup).
    public var leadDays: Int
    /// The lane (index into the scenario's lanes) of a transfer leg, -1 for the others.
    public var lane: Int
    public var pickPerUnit: Double
    public var handlingPerLeg: Double
    /// `base_cost` of the band, or the lane's `cost_per_leg`.
    public var carriagePerLeg: Double
    /// The lane's `cost_per_unit` (0 for parcels).
    public var carriagePerUnit: Double
    /// The band's `cost_per_kg` (0 for lanes).
    public var carriagePerKg: Double
    /// The sourcing rules' surcharge on the leg: every applicable `surcharge_per_leg` matching
    /// the source (0 without rules).
    public var rulesPerLeg: Double = 0
    /// The sourcing rules' surcharge per unit of each order line (by line index): every
    /// applicable `surcharge_per_unit` matching the source whose lines include it; nil for none.
    public var rulesPerUnit: [Double]? = nil

    /// What the leg costs carrying `quantities` units of each order line (by line index),
    /// `units` in all, weighing `weightKg`. `quantities` is only read for the rules'
    /// surcharges per unit; without any it may be nil.
    @inlinable
    public func cost(units: Int, weightKg: Double, quantities: [Int]? = nil) -> LegCost {
        let pick = Double(units) * pickPerUnit
        let carriage: Double
        switch type {
        case .shipFromStore, .directToHome: carriage = carriagePerLeg + carriagePerKg * weightKg
        case .warehouseToStorePickup, .storeToStorePickup: carriage = carriagePerLeg + carriagePerUnit * Double(units)
        case .storePickup: carriage = 0
        }
        let isParcel = type == .shipFromStore || type == .directToHome
        var rules = rulesPerLeg
        if let rulesPerUnit {
            precondition(quantities != nil, "a leg with surcharges per unit is priced on its quantities")
            for (i, q) in quantities!.enumerated() where q > 0 { rules += rulesPerUnit[i] * Double(q) }
        }
        return LegCost(
            pick: pick, handling: handlingPerLeg, shipping: isParcel ? carriage : 0,
            transfer: isParcel ? 0 : carriage, rules: rules)
    }

    /// A parcel leg's tariff from `node` (at `index`) by `service` in `band`, shipping on its
    /// earliest day by `timetable`.
    static func parcel(from node: Node, index: Int, service: Int, band: ServiceBand, timetable: Timetable)
        -> LegTariff
    {
        LegTariff(
            type: node.kind == .store ? .shipFromStore : .directToHome, source: index, service: service, etaDays: 0,
            shipsOn: 0, leadDays: band.transitDays, lane: -1, pickPerUnit: node.pickCostPerUnit,
            handlingPerLeg: node.handlingCostPerLeg, carriagePerLeg: band.baseCost, carriagePerUnit: 0,
            carriagePerKg: band.costPerKg
        ).onEarliestDay(timetable)
    }

    /// A transfer leg's tariff from `node` (number `index`) on `lane` (number `number`).
    static func transfer(from node: Node, index: Int, lane: Lane, number: Int, timetable: Timetable) -> LegTariff {
        LegTariff(
            type: node.kind == .warehouse ? .warehouseToStorePickup : .storeToStorePickup, source: index,
            service: nil, etaDays: 0, shipsOn: 0, leadDays: lane.leadDays, lane: number,
            pickPerUnit: node.pickCostPerUnit, handlingPerLeg: node.handlingCostPerLeg,
            carriagePerLeg: lane.costPerLeg, carriagePerUnit: lane.costPerUnit, carriagePerKg: 0
        ).onEarliestDay(timetable)
    }

    /// The own-stock pickup leg of store `node` (number `index`).
    static func storePickup(from node: Node, index: Int, timetable: Timetable) -> LegTariff {
        LegTariff(
            type: .storePickup, source: index, service: nil, etaDays: 0, shipsOn: 0, leadDays: 0, lane: -1,
            pickPerUnit: node.pickCostPerUnit, handlingPerLeg: node.handlingCostPerLeg, carriagePerLeg: 0,
            carriagePerUnit: 0, carriagePerKg: 0
        ).onEarliestDay(timetable)
    }

    /// This tariff shipping on its node's earliest day, with the eta of that day.
    func onEarliestDay(_ timetable: Timetable) -> LegTariff {
        var t = self
        t.shipsOn = timetable.earliest[source] ?? 0
        t.etaDays = timetable.eta(of: t, shipsOn: t.shipsOn)
        return t
    }

    /// The fixed part of the leg's cost (what opening it costs before any unit).
    public var fixedCost: Double { handlingPerLeg + carriagePerLeg + rulesPerLeg }
}

/// Why a node cannot be the source of a leg for an order.
public enum SourceExclusion: Error, Sendable, Hashable, CustomStringConvertible {
    case doesNotShipToHome
    case noLane(to: String)
    case outOfReach(km: Double)
    case noServices
    /// The node has no day it may ship on: closed through the horizon (or for a year).
    case closedThroughHorizon

    public var description: String {
        switch self {
        case .closedThroughHorizon: "closed on every day a leg could ship before the horizon"
        case .doesNotShipToHome: "ship-to-home is off at this node"
        case .noLane(let to): "no lane into pickup store \(to)"
        case .outOfReach(let km): "out of service reach (\(String(format1: km)) km, no band of any service reaches it)"
        case .noServices: "the scenario has no parcel services"
        }
    }
}

extension String {
    init(format1 x: Double) {
        let r = (x * 10).rounded() / 10
        self = r == r.rounded() ? String(Int(r)) + ".0" : String(r)
    }
}

extension Network {
    /// The tariffs of every way `source` can serve `order`: one per parcel service
    /// that reaches the customer, or the single transfer / store-pickup way; or the
    /// reason it cannot serve it at all.
    public func tariffs(order: Order, source: Int) -> Result<[LegTariff], SourceExclusion> {
        let node = nodes[source]
        if !canShip(source) { return .failure(.closedThroughHorizon) }
        switch order.delivery {
        case .ship(let point):
            guard node.shipToHome else { return .failure(.doesNotShipToHome) }
            guard !services.isEmpty else { return .failure(.noServices) }
            let km = node.location.distanceKm(to: point)
            var out: [LegTariff] = []
            for (s, service) in services.enumerated() {
                guard let band = service.band(forKm: km) else { continue }
                out.append(parcelTariff(source: source, service: s, band: band))
            }
            return out.isEmpty ? .failure(.outOfReach(km: km)) : .success(out)
        case .pickup(let storeId):
            guard let store = nodeIndex[storeId] else { return .failure(.noLane(to: storeId)) }
            if store == source { return .success([storePickupTariff(source: source)]) }
            guard let lane = laneIndex(from: source, to: store) else { return .failure(.noLane(to: storeId)) }
            return .success([transferTariff(lane: lane)])
        }
    }

    /// A parcel leg's tariff from `source` by `service` in `band`.
    public func parcelTariff(source: Int, service: Int, band: ServiceBand) -> LegTariff {
        LegTariff.parcel(from: nodes[source], index: source, service: service, band: band, timetable: timetable)
    }

    /// The transfer leg's tariff on lane number `lane`, from its node into the order's pickup store
    /// (built once per network).
    public func transferTariff(lane: Int) -> LegTariff { laneTariffs[lane] }

    /// The pickup store's own-stock leg, built once per network.
    public func storePickupTariff(source: Int) -> LegTariff { pickupTariffs[source] }

    /// Whether `node` has a day it may ship on (always, without time).
    @inlinable public func canShip(_ node: Int) -> Bool { timetable.canShip[node] }

    /// `tariff` shipping on `day` instead (its eta by the carrier's, the lane's or the store's
    /// calendar); nil when the node may not ship that day (constraint 9) or nothing arrives.
    public func rescheduled(_ tariff: LegTariff, shipsOn day: Int) -> LegTariff? {
        guard timetable.shipDayProblem(node: tariff.source, day: day) == nil else { return nil }
        return retimed(tariff, shipsOn: day)
    }

    /// `tariff` shipping on `day`, whether or not its node may ship then (the checker prices
    /// a plan's legs as given); its eta is `Timetable.never` when nothing arrives within a year.
    public func retimed(_ tariff: LegTariff, shipsOn day: Int) -> LegTariff {
        var t = tariff
        t.shipsOn = day
        t.etaDays = timetable.eta(of: tariff, shipsOn: day)
        return t
    }
}
