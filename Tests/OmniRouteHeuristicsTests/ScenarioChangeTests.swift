import Foundation
import OmniRouteFormat
import OmniRouteHeuristics
import OmniRouteModel
import OmniRouteTestSupport
import Testing

/// Each kind of what-if change, applied to northeast-small and planned, shows its effect.
@Suite("What-if changes and their effects")
struct ScenarioChangeTests {
    static let small: Scenario = try! DocumentFile.scenario(Paths.scenario("northeast-small.json"))

    /// Changes written as YAML (the list under `changes:`), decoded strictly.
    static func changes(_ yaml: String) throws -> [ScenarioChange] {
        try ScenarioChange.list(document: YAMLReader.parse(yaml))
    }

    static func plan(_ s: Scenario, nearest: Bool = false) -> Plan {
        let network = Network(s)
        return nearest
            ? OnlinePlanner(network: network).plan(NearestRouter(network: network))
            : OnlinePlanner(network: network).plan(GreedyRouter(network: network))
    }

    static func legs(_ plan: Plan) -> [PlannedLeg] { plan.orders.flatMap(\.legs) }

    @Test(
        "close_node: the node sends nothing, its pickup orders go to the nearest open pickup store; open_node reopens"
    )
    func closeNode() throws {
        let base = Self.plan(Self.small)
        // The busiest store, and one with pickup orders.
        var units: [String: Int] = [:]
        for leg in Self.legs(base) { units[leg.from, default: 0] += leg.units }
        let busiest = try #require(
            units.filter { $0.key.hasPrefix("S-") }.max { ($0.value, $1.key) < ($1.value, $0.key) }?.key)
        let pickupStore = try #require(
            Self.small.orders.compactMap { o -> String? in
                if case .pickup(let s) = o.delivery { return s } else { return nil }
            }.first)
        let closed = try Self.small.applying(
            Self.changes("- {change: close_node, nodes: [\(busiest), \(pickupStore)]}"))
        let plan = Self.plan(closed)
        #expect(Self.legs(plan).allSatisfy { $0.from != busiest && $0.from != pickupStore })
        #expect(units[busiest, default: 0] > 0)
        #expect(!closed.orders.contains { $0.delivery == .pickup(at: pickupStore) })
        #expect(closed.orders.count == Self.small.orders.count)
        let node = try #require(closed.nodes.first { $0.id == busiest })
        #expect(node.capacityUnits == 0 && !node.shipToHome)

        let reopened = try closed.applying(Self.changes("- {change: open_node, node: \(busiest), capacity_units: 40}"))
        let again = Self.plan(reopened)
        #expect(Self.legs(again).contains { $0.from == busiest })
        #expect(reopened.nodes.first { $0.id == busiest }?.capacityUnits == 40)
    }

    @Test("ship_from_store off (all stores, a state, a list) leaves no ship_from_store legs there")
    func shipFromStoreOff() throws {
        let base = Self.plan(Self.small)
        let sfs = Self.legs(base).filter { $0.type == .shipFromStore }
        #expect(!sfs.isEmpty)
        let all = Self.plan(try Self.small.applying(Self.changes("- {change: ship_from_store, enabled: false}")))
        #expect(!Self.legs(all).contains { $0.type == .shipFromStore })

        let state = try #require(sfs.compactMap { Scenario.state(ofNodeId: $0.from) }.first)
        let inState = Self.plan(
            try Self.small.applying(Self.changes("- {change: ship_from_store, enabled: false, state: \(state)}")))
        #expect(
            !Self.legs(inState).contains { $0.type == .shipFromStore && Scenario.state(ofNodeId: $0.from) == state })

        let one = sfs[0].from
        let listed = try Self.small.applying(
            Self.changes("- {change: ship_from_store, enabled: false, nodes: [\(one)]}"))
        #expect(!Self.legs(Self.plan(listed)).contains { $0.type == .shipFromStore && $0.from == one })
        #expect(listed.nodes.filter { !$0.shipToHome }.count == Self.small.nodes.filter { !$0.shipToHome }.count + 1)
    }

    @Test("pickup off: no orders collect at those stores and no lanes end there; pickup on again restores the flag")
    func pickupOff() throws {
        let s = try Self.small.applying(Self.changes("- {change: pickup, enabled: false}"))
        #expect(s.nodes.allSatisfy { !$0.pickup })
        #expect(s.lanes.isEmpty)
        #expect(s.orders.allSatisfy { if case .ship = $0.delivery { true } else { false } })
        let plan = Self.plan(s)
        #expect(Self.legs(plan).allSatisfy { $0.type == .shipFromStore || $0.type == .directToHome })
        let back = try s.applying(Self.changes("- {change: pickup, enabled: true, state: NY}"))
        #expect(
            back.nodes.contains { $0.pickup } && back.nodes.filter(\.pickup).allSatisfy { $0.id.hasPrefix("S-NY-") })
    }

    @Test("scale_service_rates: with routes unchanged (nearest), every parcel's shipping cost scales by the factor")
    func serviceRates() throws {
        let base = Self.plan(Self.small, nearest: true)
        let dearer = Self.plan(
            try Self.small.applying(Self.changes("- {change: scale_service_rates, factor: 1.1}")), nearest: true)
        let a = PlanKPIs(plan: base)
        let b = PlanKPIs(plan: dearer)
        #expect(a.costs.shipping > 0)
        #expect(abs(b.costs.shipping - 1.1 * a.costs.shipping) < 1e-6 * a.costs.shipping)
        #expect(abs(b.costs.pick - a.costs.pick) < 1e-9 && abs(b.costs.transfer - a.costs.transfer) < 1e-9)
        // One service only: the others keep their rates.
        var two = Self.small
        two.services.append(
            Service(id: "express", bands: [ServiceBand(maxKm: nil, transitDays: 1, baseCost: 15, costPerKg: 2)]))
        let one = try two.applying(Self.changes("- {change: scale_service_rates, service: express, factor: 2}"))
        for (old, new) in zip(two.services, one.services) {
            #expect(new.bands[0].baseCost == old.bands[0].baseCost * (old.id == "express" ? 2 : 1))
        }
    }

    @Test(
        "scale_stock ×0 leaves every unit unfulfilled; ×0 on stores, no store leg; scale_capacity ×0 on stores too"
    )
    func stockAndCapacity() throws {
        let none = Self.plan(try Self.small.applying(Self.changes("- {change: scale_stock, factor: 0}")))
        #expect(none.summary.legs == 0)
        #expect(none.summary.unfulfilledUnits == Self.small.orders.reduce(0) { $0 + $1.units })

        let noStoreStock = Self.plan(
            try Self.small.applying(Self.changes("- {change: scale_stock, factor: 0, kind: store}")))
        #expect(noStoreStock.summary.legs > 0 && Self.legs(noStoreStock).allSatisfy { $0.from.hasPrefix("DC-") })

        let noStoreCapacity = try Self.small.applying(
            Self.changes("- {change: scale_capacity, factor: 0, kind: store}"))
        #expect(
            noStoreCapacity.nodes.filter { $0.kind == .store }.allSatisfy {
                $0.capacityUnits == 0 || $0.capacityUnits == nil
            })
        let capped = Self.plan(noStoreCapacity)
        let limited = Set(noStoreCapacity.nodes.filter { $0.capacityUnits == 0 }.map(\.id))
        #expect(!limited.isEmpty && Self.legs(capped).allSatisfy { !limited.contains($0.from) })

        let doubled = try Self.small.applying(Self.changes("- {change: scale_stock, factor: 2, nodes: [DC-NJ-EDI]}"))
        for (old, new) in zip(Self.small.inventory, doubled.inventory) {
            #expect(new.onHand == old.onHand * (old.node == "DC-NJ-EDI" ? 2 : 1))
        }
    }

    @Test(
        "scale_demand ×2: twice the orders, unique ids, jitter within bounds, the same for a seed, other for another"
    )
    func demand() throws {
        let changes = try Self.changes("- {change: scale_demand, factor: 2, seed: 42, jitter_km: 10, jitter_hours: 6}")
        let a = try Self.small.applying(changes)
        let b = try Self.small.applying(changes)
        let n = Self.small.orders.count
        #expect(a.orders.count == 2 * n)
        #expect(Set(a.orders.map(\.id)).count == 2 * n)
        #expect(a.orders == b.orders)
        let other = try Self.small.applying(
            Self.changes("- {change: scale_demand, factor: 2, seed: 43, jitter_km: 10, jitter_hours: 6}"))
        #expect(other.orders != a.orders)
        let byId = Dictionary(uniqueKeysWithValues: Self.small.orders.map { ($0.id, $0) })
        for o in a.orders.suffix(n) {
            let source = try #require(byId[String(o.id[..<o.id.range(of: "-D", options: .backwards)!.lowerBound])])
            #expect(o.lines == source.lines && o.channel == source.channel && o.dueBy == source.dueBy)
            #expect(
                o.placedAt <= Self.small.now
                    && abs(o.placedAt.secondsSinceEpoch - source.placedAt.secondsSinceEpoch) <= 6 * 3600 + 1)
            if case .ship(let p) = o.delivery, case .ship(let q) = source.delivery {
                #expect(p.distanceKm(to: q) <= 10.1)
            }
        }
        let plan = Self.plan(a)
        #expect(plan.summary.orders == 2 * n)
        let half = try Self.small.applying(Self.changes("- {change: scale_demand, factor: 0.5}"))
        #expect(half.orders.count == n / 2 && Set(half.orders.map(\.id)).isSubset(of: Set(byId.keys)))
    }

    @Test("policy: max_legs_per_order 1 leaves no split order; the other fields are set")
    func policy() throws {
        let s = try Self.small.applying(
            Self.changes("- {change: policy, max_legs_per_order: 1, split_penalty: 9.5, lost_sale_factor: 2}"))
        #expect(s.policy.maxLegsPerOrder == 1 && s.policy.splitPenalty == 9.5 && s.policy.lostSaleFactor == 2)
        #expect(s.policy.latePenaltyPerDay == Self.small.policy.latePenaltyPerDay)
        #expect(Self.plan(Self.small).summary.splitOrders > 0)
        #expect(Self.plan(s).summary.splitOrders == 0)
    }

    @Test("add_node: a warehouse like another, with its stock and lanes, takes work where it stands")
    func addNode() throws {
        let s = try Self.small.applying(
            Self.changes(
                """
                - {change: add_node, id: DC-MA-WOR, name: Worcester DC, like: DC-NJ-EDI,
                   location: {lat: 42.2626, lon: -71.8023}}
                """))
        let node = try #require(s.nodes.last)
        #expect(node.id == "DC-MA-WOR" && node.kind == .warehouse && node.location.lat == 42.2626)
        let template = Self.small.inventory.filter { $0.node == "DC-NJ-EDI" }
        #expect(s.inventory.filter { $0.node == "DC-MA-WOR" }.map(\.onHand) == template.map(\.onHand))
        #expect(
            s.lanes.filter { $0.from == "DC-MA-WOR" }.count == Self.small.lanes.filter { $0.from == "DC-NJ-EDI" }.count)
        let plan = Self.plan(s)
        #expect(Self.legs(plan).contains { $0.from == "DC-MA-WOR" })
        #expect(plan.summary.totalCost < Self.plan(Self.small).summary.totalCost)
    }

    @Test("A change naming what does not exist is an error with its path; every issue is reported at once")
    func badReferences() throws {
        let changes = try Self.changes(
            """
            - {change: close_node, node: S-999}
            - {change: scale_service_rates, service: drone, factor: 1.1}
            - {change: ship_from_store, enabled: false, nodes: [S-NY-002, DC-NJ-EDI]}
            - {change: scale_stock, factor: 2, state: ZZ}
            - {change: add_node, id: DC-X, like: DC-NOPE, location: {lat: 40, lon: -74}}
            - {change: add_node, id: S-NY-002, like: S-NY-002, location: {lat: 40, lon: -74}}
            """)
        do {
            _ = try Self.small.applying(changes)
            Issue.record("expected an error")
        } catch {
            let text = error.issues.map(\.description)
            #expect(text.contains("changes[0].node: no node \"S-999\""))
            #expect(text.contains { $0.hasPrefix("changes[1].service: no service \"drone\"") })
            #expect(text.contains("changes[2].nodes[1]: \"DC-NJ-EDI\" is a warehouse; this change applies to stores"))
            #expect(text.contains { $0.hasPrefix("changes[3].state: no node in state \"ZZ\"") })
            #expect(text.contains("changes[4].like: no node \"DC-NOPE\""))
            #expect(text.contains("changes[5].id: node \"S-NY-002\" already exists"))
            #expect(text.count == 6, "\(text)")
        }
        // A later change sees a node an earlier one added.
        let chained = try Self.changes(
            """
            - {change: add_node, id: DC-NEW, like: DC-NJ-EDI, location: {lat: 41, lon: -73}}
            - {change: close_node, node: DC-NEW}
            """)
        #expect(try Self.small.applying(chained).nodes.last?.capacityUnits == 0)
    }

    @Test("Malformed changes are reported with their paths")
    func malformed() throws {
        let yaml = """
            - {change: teleport}
            - {change: scale_stock, factor: -1}
            - {change: close_node}
            - {change: policy}
            - {change: scale_demand, factor: 2, sed: 3}
            - {change: ship_from_store, enabled: false, kind: store, state: NY}
            - 7
            """
        do {
            _ = try Self.changes(yaml)
            Issue.record("expected an error")
        } catch let error as DocumentError {
            let paths = error.issues.map(\.path)
            #expect(paths.contains("changes[0].change"))
            #expect(paths.contains("changes[1].factor"))
            #expect(paths.contains("changes[2]"))
            #expect(paths.contains("changes[3]"))
            #expect(paths.contains("changes[4].sed"))
            #expect(paths.contains("changes[5].kind"))
            #expect(paths.contains("changes[6]"))
        }
    }

    @Test("Changes of time: closed dates in a state, cutoffs, daily capacity, late trucks, a carrier's day off")
    func timeChanges() throws {
        let base = try DocumentFile.scenario(Paths.scenario("time/northeast-calendar.json"))
        let changes = try Self.changes(
            """
            - {change: close_dates, state: NY, dates: ["2026-11-28", "2026-11-27"]}
            - {change: cutoff, kind: warehouse, cutoff: "12:00"}
            - {change: cutoff, node: S-NY-007, cutoff: null}
            - {change: scale_daily_capacity, kind: store, factor: 0.5}
            - {change: delay_inbound, days: 3, kind: warehouse}
            - {change: close_carrier, service: ground, dates: ["2026-11-27"]}
            """)
        let changed = try base.applying(changes)
        let friday = CalendarDay(iso: "2026-11-27")!
        for (old, new) in zip(base.nodes, changed.nodes) {
            let inNY = Scenario.state(ofNodeId: new.id) == "NY"
            #expect(new.calendar.closedDates.contains(friday) == (inNY || old.calendar.closedDates.contains(friday)))
            #expect(
                new.cutoffMinutes == (new.id == "S-NY-007" ? nil : new.kind == .warehouse ? 12 * 60 : old.cutoffMinutes)
            )
            #expect(
                new.capacityPerDay
                    == (new.kind == .store
                        ? old.capacityPerDay.map { Int((Double($0) * 0.5).rounded()) } : old.capacityPerDay))
        }
        let warehouses = Set(base.nodes.filter { $0.kind == .warehouse }.map(\.id))
        for (old, new) in zip(base.inbound, changed.inbound) {
            #expect(new.arrives == old.arrives + (warehouses.contains(old.node) ? 3 : 0))
        }
        #expect(changed.services.first { $0.id == "ground" }!.calendar.closedDates.contains(friday))
        // Plans of the changed scenario keep every constraint in time.
        let network = Network(changed)
        let plan = OnlinePlanner(network: network).plan(GreedyRouter(network: network))
        #expect(try PlanChecker(network: network).check(plan.document).ok)

        let bad = """
            - {change: close_dates, state: NY, dates: []}
            - {change: cutoff, cutoff: "noon"}
            - {change: delay_inbound, days: 3, skus: []}
            - {change: close_carrier, service: drone, dates: ["2026-11-27"]}
            - {change: scale_daily_capacity, factor: -2}
            """
        do {
            _ = try base.applying(try Self.changes(bad))
            Issue.record("expected an error")
        } catch let error as DocumentError {
            let paths = error.issues.map(\.path)
            #expect(paths.contains("changes[0].dates"), "\(paths)")
            #expect(paths.contains("changes[1].cutoff"), "\(paths)")
            #expect(paths.contains("changes[2].skus"), "\(paths)")
            #expect(paths.contains("changes[4].factor"), "\(paths)")
        }
        do {
            _ = try base.applying(
                try Self.changes("- {change: close_carrier, service: drone, dates: [\"2026-11-27\"]}"))
            Issue.record("expected an error")
        } catch let error as DocumentError {
            #expect(error.issues.map(\.path) == ["changes[0].service"])
        }
    }
}
