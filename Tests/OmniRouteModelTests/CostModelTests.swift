import Foundation
import OmniRouteFormat
import OmniRouteModel
import Testing

/// True when `a` and `b` agree within `tolerance` (absolute).
func close(_ a: Double, _ b: Double, _ tolerance: Double = 1e-9) -> Bool { abs(a - b) <= tolerance }

func day(_ text: String) -> CalendarDay { CalendarDay(iso: text)! }

// MARK: - Distances

@Suite("Haversine distance")
struct DistanceTests {
    let boston = GeoPoint(lat: 42.3601, lon: -71.0589)
    let newYork = GeoPoint(lat: 40.7128, lon: -74.0060)

    @Test("Boston to New York is 306.1 km (±0.01 km)")
    func bostonNewYork() {
        // By hand: Δφ = −1.6473°, Δλ = −2.9471°, φ₁ = 42.3601°, φ₂ = 40.7128°:
        // h = sin²(Δφ/2) + cos φ₁ cos φ₂ sin²(Δλ/2) ≈ 5.7712e-4, d = 2R asin(√h) ≈ 306.108 km.
        let d = boston.distanceKm(to: newYork)
        #expect(close(d, 306.108, 0.01), "\(d)")
        #expect(d == newYork.distanceKm(to: boston))
        #expect(d == GeoPoint.Prepared(boston).distanceKm(to: GeoPoint.Prepared(newYork)))
    }

    @Test("zero, one degree, and antipodal distances")
    func specialDistances() {
        #expect(boston.distanceKm(to: boston) == 0)
        #expect(GeoPoint(lat: 0, lon: 0).distanceKm(to: GeoPoint(lat: 0, lon: 0)) == 0)
        // One degree of longitude on the equator is R·π/180.
        #expect(close(GeoPoint(lat: 0, lon: 0).distanceKm(to: GeoPoint(lat: 0, lon: 1)), 6371.0 * .pi / 180, 1e-9))
        // Antipodes: half the circumference, π·6371 = 20015.0868 km (±1 m).
        let half = Double.pi * 6371.0
        #expect(close(GeoPoint(lat: 0, lon: 0).distanceKm(to: GeoPoint(lat: 0, lon: 180)), half, 1e-6))
        #expect(close(GeoPoint(lat: 90, lon: 0).distanceKm(to: GeoPoint(lat: -90, lon: 0)), half, 1e-6))
        #expect(close(GeoPoint(lat: 10, lon: 20).distanceKm(to: GeoPoint(lat: -10, lon: -160)), half, 1e-3))
        #expect(close(boston.distanceKm(to: GeoPoint(lat: -42.3601, lon: 108.9411)), half, 1e-3))
        // Across the antimeridian: 179.5°E to 179.5°W on the equator is one degree.
        #expect(
            close(GeoPoint(lat: 0, lon: 179.5).distanceKm(to: GeoPoint(lat: 0, lon: -179.5)), 6371.0 * .pi / 180, 1e-6))
        #expect(GeoPoint.earthRadiusKm == 6371.0)
    }
}

// MARK: - Calendar days and timestamps

@Suite("Calendar days and timestamps")
struct CalendarTests {
    @Test("ordinals count days from 1970-01-01")
    func ordinals() {
        #expect(CalendarDay(year: 1970, month: 1, day: 1)?.ordinal == 0)
        #expect(CalendarDay(year: 1969, month: 12, day: 31)?.ordinal == -1)
        #expect(CalendarDay(year: 2000, month: 3, day: 1)?.ordinal == 11_017)  // 30 years (10957 days) + 31 + 29
        #expect(CalendarDay(ordinal: 20_415).description == "2025-11-23")
        #expect(day("2026-11-23").components == (2026, 11, 23))
    }

    @Test("arithmetic across month, year and leap-day boundaries")
    func arithmetic() {
        #expect((day("2026-01-31") + 1).description == "2026-02-01")
        #expect((day("2026-04-30") + 1).description == "2026-05-01")
        #expect((day("2026-11-30") + 1).description == "2026-12-01")
        #expect((day("2026-12-31") + 1).description == "2027-01-01")
        #expect((day("2027-02-28") + 1).description == "2027-03-01")
        #expect((day("2028-02-28") + 1).description == "2028-02-29")
        #expect((day("2028-02-29") + 1).description == "2028-03-01")
        #expect((day("2028-02-28") + 2).description == "2028-03-01")
        #expect((day("2100-02-28") + 1).description == "2100-03-01")  // not a leap year
        #expect((day("2000-02-28") + 1).description == "2000-02-29")  // a leap year
        #expect((day("2026-11-23") + (-23)).description == "2026-10-31")
        #expect((day("2027-01-01") + (-1)).description == "2026-12-31")
        #expect(day("2027-01-01") - day("2026-01-01") == 365)
        #expect(day("2029-01-01") - day("2028-01-01") == 366)
        #expect(day("2028-03-01") - day("2028-02-28") == 2)
        #expect(day("2027-03-01") - day("2027-02-28") == 1)
        #expect(day("2026-11-24") - day("2026-11-27") == -3)
        #expect(day("2026-11-23") < day("2026-11-24"))
        #expect(day("2026-12-31") < day("2027-01-01"))
        #expect(CalendarDay(year: 2028, month: 2, day: 29) != nil)
        #expect(CalendarDay(year: 2027, month: 2, day: 29) == nil)
        #expect(CalendarDay(year: 1900, month: 2, day: 29) == nil)
        #expect(CalendarDay(year: 2026, month: 13, day: 1) == nil)
        #expect(CalendarDay(year: 2026, month: 4, day: 31) == nil)
        #expect(CalendarDay(year: 2026, month: 1, day: 0) == nil)
    }

    @Test("ISO dates parse exactly YYYY-MM-DD")
    func isoDates() {
        #expect(CalendarDay(iso: "2028-02-29")?.description == "2028-02-29")
        for bad in [
            "2027-02-29", "1900-02-29", "2026-02-30", "2026-04-31", "2026-00-10", "2026-13-01", "2026-01-00",
            "2026-1-05", "2026-01-5", "2026/01/05", "20260105", "2026-01-05 ", " 2026-01-05", "2026-01-05T00:00:00Z",
            "abcd-ef-gh", "", "+026-01-05", "-026-01-05",
        ] {
            #expect(CalendarDay(iso: bad) == nil, "\(bad)")
        }
        // Every day over a few centuries writes and reads back to itself.
        for ordinal in stride(from: -40_000, through: 80_000, by: 97) {
            let d = CalendarDay(ordinal: ordinal)
            #expect(CalendarDay(iso: d.description)?.ordinal == ordinal, "\(ordinal) → \(d)")
        }
    }

    @Test("timestamps with zone offsets fall on their UTC day")
    func timestamps() throws {
        let pacific = try #require(Timestamp(iso: "2026-11-23T01:00:00-08:00"))
        #expect(pacific == Timestamp(iso: "2026-11-23T09:00:00Z")!)
        #expect(pacific.utcDay == day("2026-11-23"))
        #expect(pacific.text == "2026-11-23T01:00:00-08:00")
        #expect(pacific.description == "2026-11-23T01:00:00-08:00")

        let lateEvening = try #require(Timestamp(iso: "2026-11-23T23:30:00-02:00"))
        #expect(lateEvening.utcDay == day("2026-11-24"))
        #expect(lateEvening == Timestamp(iso: "2026-11-24T01:30:00Z")!)

        #expect(Timestamp(iso: "2026-11-23T00:30:00+05:30")?.utcDay == day("2026-11-22"))
        #expect(Timestamp(iso: "2026-12-31T23:00:00-01:00")?.utcDay == day("2027-01-01"))
        #expect(Timestamp(iso: "2028-02-28T22:00:00-03:00")?.utcDay == day("2028-02-29"))
        #expect(Timestamp(iso: "1969-12-31T23:00:00Z")?.utcDay.ordinal == -1)
        #expect(Timestamp(iso: "2026-11-23T23:59:59.999Z")?.utcDay == day("2026-11-23"))

        let base = Timestamp(iso: "2026-11-23T08:00:00Z")!.secondsSinceEpoch
        #expect(base == Double(day("2026-11-23").ordinal * 86_400 + 8 * 3600))
        #expect(Timestamp(iso: "2026-11-23T08:00:00.25Z")?.secondsSinceEpoch == base + 0.25)
        #expect(Timestamp(iso: "2026-11-23T08:00:00,5Z")?.secondsSinceEpoch == base + 0.5)
        #expect(Timestamp(iso: "2026-11-23T08:00Z")?.secondsSinceEpoch == base)
        #expect(Timestamp(iso: "2026-11-23 08:00:00z")?.secondsSinceEpoch == base)
        #expect(Timestamp(iso: "2026-11-23T08:00:00+00:00")?.secondsSinceEpoch == base)
        #expect(Timestamp(iso: "2026-11-23T07:59:59Z")! < Timestamp(iso: "2026-11-23T08:00:00Z")!)
    }

    @Test("timestamps without a zone or malformed are rejected")
    func badTimestamps() {
        for bad in [
            "2026-11-23T08:00:00", "2026-11-23T08:00", "2026-11-23", "2026-11-23T08:00:00+0800",
            "2026-11-23T08:00:00+08",
            "2026-11-23T08:00:00+08:00:00", "2026-11-23T24:00:00Z", "2026-11-23T08:60:00Z", "2026-11-23T08:00:60Z",
            "2026-11-23T08:00:00.Z", "2026-11-23T08:00:00Zjunk", "2026-11-23T08:00:", "2026-11-23X08:00:00Z",
            "2026-02-30T08:00:00Z", "2026-11-23T8:00:00Z", "", "garbage", "2026-11-23T08:00:00 Z",
        ] {
            #expect(Timestamp(iso: bad) == nil, "\(bad)")
        }
    }
}

// MARK: - Bands

@Suite("Service bands")
struct BandTests {
    let ground = Service(
        id: "ground",
        bands: [
            ServiceBand(maxKm: 240, transitDays: 1, baseCost: 6.5, costPerKg: 0.6),
            ServiceBand(maxKm: 800, transitDays: 3, baseCost: 9.0, costPerKg: 1.1),
        ])

    @Test("a distance equal to max_km takes that band; beyond the last bounded band there is none")
    func bandSelection() {
        #expect(ground.band(forKm: 0) == ground.bands[0])
        #expect(ground.band(forKm: 239.999) == ground.bands[0])
        #expect(ground.band(forKm: 240) == ground.bands[0])
        #expect(ground.band(forKm: 240.000_001) == ground.bands[1])
        #expect(ground.band(forKm: 800) == ground.bands[1])
        #expect(ground.bandIndex(forKm: 800) == 1)
        #expect(ground.band(forKm: 800.000_001) == nil)
        #expect(ground.bandIndex(forKm: 20_000) == nil)
        let unbounded = Service(
            id: "u", bands: ground.bands + [ServiceBand(maxKm: nil, transitDays: 5, baseCost: 10.1, costPerKg: 1.9)])
        #expect(unbounded.bandIndex(forKm: 800.000_001) == 2)
        #expect(unbounded.bandIndex(forKm: 20_015.1) == 2)
    }

    @Test("a customer exactly at a band's max_km is in that band through the network too")
    func boundaryThroughNetwork() throws {
        let source = GeoPoint(lat: 42.3601, lon: -71.0589)
        let customer = GeoPoint(lat: 42.40, lon: -71.10)
        let km = source.distanceKm(to: customer)
        for (maxKm, expectedBase) in [(km, 6.0), (km.nextDown, 9.0)] {
            var s = CostFixture.scenario()
            s.services = [
                Service(
                    id: "edge",
                    bands: [
                        ServiceBand(maxKm: maxKm, transitDays: 1, baseCost: 6.0, costPerKg: 0),
                        ServiceBand(maxKm: nil, transitDays: 2, baseCost: 9.0, costPerKg: 0),
                    ])
            ]
            let net = Network(s)
            let t = try net.tariffs(order: net.orders[0], source: net.nodeIndex["S-BOS"]!).get()
            #expect(t.map(\.carriagePerLeg) == [expectedBase], "max_km \(maxKm), distance \(km)")
        }
    }
}

// MARK: - The cost model on a tiny hand-built scenario

/// A tiny network whose every figure is worked out by hand in the tests.
///
/// Nodes: W-NYC (warehouse, New York: pick 0.50, handling 1.50, 1 day), S-BOS
/// (store, Boston, ships to home and offers pickup: pick 1.25, handling 2.00,
/// 0 days), S-PVD (store, Providence, pickup only: pick 1.00, handling 1.00, 0 days).
/// SKU-A weighs 1.5 kg and costs 20; SKU-B weighs 0.5 kg and costs 8.
/// ground: ≤ 240 km 6.50 + 0.60/kg in 1 day, ≤ 800 km 9.00 + 1.10/kg in 3 days.
/// express: ≤ 100 km 15.00 + 1.00/kg in 1 day.
/// Lanes into S-PVD: from W-NYC 3.00 + 0.40/unit in 2 days; from S-BOS 1.00 + 0.20/unit in 1 day.
/// Policy: split 4.00 per extra leg, late 5.00 per day, lost sales at 1.5 × price.
/// Today is 2026-11-23. The customer C1 (42.40, −71.10) is 5.6 km from S-BOS and
/// 306.0 km from W-NYC; C2 (Los Angeles) is beyond every band.
enum CostFixture {
    static let c1 = GeoPoint(lat: 42.40, lon: -71.10)
    static let c2 = GeoPoint(lat: 34.05, lon: -118.24)

    static func scenario() -> Scenario {
        let placed = Timestamp(iso: "2026-11-23T07:00:00Z")!
        return Scenario(
            name: "cost-fixture", now: Timestamp(iso: "2026-11-23T08:00:00Z")!,
            nodes: [
                Node(
                    id: "W-NYC", kind: .warehouse, location: GeoPoint(lat: 40.7128, lon: -74.0060), shipToHome: true,
                    pickup: false,
                    pickCostPerUnit: 0.5, handlingCostPerLeg: 1.5, handlingDays: 1),
                Node(
                    id: "S-BOS", kind: .store, location: GeoPoint(lat: 42.3601, lon: -71.0589), shipToHome: true,
                    pickup: true,
                    pickCostPerUnit: 1.25, handlingCostPerLeg: 2.0, handlingDays: 0, capacityUnits: 40),
                Node(
                    id: "S-PVD", kind: .store, location: GeoPoint(lat: 41.824, lon: -71.4128), shipToHome: false,
                    pickup: true,
                    pickCostPerUnit: 1.0, handlingCostPerLeg: 1.0, handlingDays: 0),
            ],
            skus: [SKU(id: "SKU-A", weightKg: 1.5, price: 20), SKU(id: "SKU-B", weightKg: 0.5, price: 8)],
            inventory: [
                StockPosition(node: "W-NYC", sku: "SKU-A", onHand: 10),
                StockPosition(node: "W-NYC", sku: "SKU-B", onHand: 10),
                StockPosition(node: "S-BOS", sku: "SKU-A", onHand: 5),
                StockPosition(node: "S-BOS", sku: "SKU-B", onHand: 5, reserved: 1),
                StockPosition(node: "S-PVD", sku: "SKU-B", onHand: 3, safetyStock: 1),
            ],
            services: [
                Service(
                    id: "ground",
                    bands: [
                        ServiceBand(maxKm: 240, transitDays: 1, baseCost: 6.5, costPerKg: 0.6),
                        ServiceBand(maxKm: 800, transitDays: 3, baseCost: 9.0, costPerKg: 1.1),
                    ]),
                Service(id: "express", bands: [ServiceBand(maxKm: 100, transitDays: 1, baseCost: 15, costPerKg: 1.0)]),
            ],
            lanes: [
                Lane(from: "W-NYC", to: "S-PVD", leadDays: 2, costPerUnit: 0.4, costPerLeg: 3.0),
                Lane(from: "S-BOS", to: "S-PVD", leadDays: 1, costPerUnit: 0.2, costPerLeg: 1.0),
            ],
            policy: Policy(splitPenalty: 4, latePenaltyPerDay: 5, lostSaleFactor: 1.5),
            orders: [
                Order(
                    id: "O-1", channel: .web, customerId: "C1", placedAt: placed, dueBy: day("2026-11-25"),
                    delivery: .ship(to: c1), lines: [OrderLine(sku: "SKU-A", qty: 2), OrderLine(sku: "SKU-B", qty: 1)]),
                Order(
                    id: "O-2", channel: .app, customerId: "C2", placedAt: placed, dueBy: day("2026-11-24"),
                    delivery: .pickup(at: "S-PVD"),
                    lines: [OrderLine(sku: "SKU-A", qty: 3), OrderLine(sku: "SKU-B", qty: 2)]),
                Order(
                    id: "O-3", channel: .marketplace, customerId: "C3", placedAt: placed, dueBy: day("2026-11-30"),
                    delivery: .ship(to: c2), lines: [OrderLine(sku: "SKU-B", qty: 1)]),
                Order(
                    id: "O-4", channel: .callCenter, customerId: "C1", placedAt: placed, dueBy: day("2026-11-26"),
                    delivery: .ship(to: c1), allowSplit: false,
                    lines: [OrderLine(sku: "SKU-A", qty: 1), OrderLine(sku: "SKU-B", qty: 2)]),
            ])
    }

    /// The tariffs of `source` for order number `order` (throws the exclusion).
    static func tariffs(_ net: Network, order: Int, source: String) throws -> [LegTariff] {
        try net.tariffs(order: net.orders[order], source: net.nodeIndex[source]!).get()
    }

    /// The hand-made routes: O-1 two A from S-BOS by ground (one B left over);
    /// O-2 two B from S-PVD's own shelf plus three A from W-NYC on the lane;
    /// O-3 nothing; O-4 everything from W-NYC by ground's second band.
    static func routes(_ net: Network) throws -> [OrderRoute] {
        let ground = net.serviceIndex["ground"]!
        let r1 = OrderRoute(
            order: 0,
            legs: [
                .init(
                    tariff: try tariffs(net, order: 0, source: "S-BOS").first { $0.service == ground }!,
                    quantities: [2, 0])
            ])
        let r2 = OrderRoute(
            order: 1,
            legs: [
                .init(tariff: try tariffs(net, order: 1, source: "S-PVD")[0], quantities: [0, 2]),
                .init(tariff: try tariffs(net, order: 1, source: "W-NYC")[0], quantities: [3, 0]),
            ])
        let r3 = OrderRoute(order: 2)
        let r4 = OrderRoute(
            order: 3, legs: [.init(tariff: try tariffs(net, order: 3, source: "W-NYC")[0], quantities: [1, 2])])
        return [r1, r2, r3, r4]
    }
}

func expectLegCost(
    _ c: LegCost, pick: Double, handling: Double, shipping: Double, transfer: Double, total: Double,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    #expect(close(c.pick, pick), "pick \(c.pick)", sourceLocation: sourceLocation)
    #expect(close(c.handling, handling), "handling \(c.handling)", sourceLocation: sourceLocation)
    #expect(close(c.shipping, shipping), "shipping \(c.shipping)", sourceLocation: sourceLocation)
    #expect(close(c.transfer, transfer), "transfer \(c.transfer)", sourceLocation: sourceLocation)
    #expect(close(c.total, total), "total \(c.total)", sourceLocation: sourceLocation)
}

func expectOrderCost(
    _ c: OrderCost, legs: Double, split: Double, late: Double, unfulfilled: Double, total: Double,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    #expect(close(c.legs, legs), "legs \(c.legs)", sourceLocation: sourceLocation)
    #expect(close(c.splitPenalty, split), "split \(c.splitPenalty)", sourceLocation: sourceLocation)
    #expect(close(c.latePenalty, late), "late \(c.latePenalty)", sourceLocation: sourceLocation)
    #expect(close(c.unfulfilled, unfulfilled), "unfulfilled \(c.unfulfilled)", sourceLocation: sourceLocation)
    #expect(close(c.total, total), "total \(c.total)", sourceLocation: sourceLocation)
}

@Suite("Cost model")
struct CostModelTests {
    let net = Network(CostFixture.scenario())

    @Test("the fixture is a valid scenario")
    func fixtureIsValid() throws {
        let s = CostFixture.scenario()
        let decoded = try Scenario(document: s.document)
        #expect(decoded.document == s.document)
        #expect(net.today == day("2026-11-23"))
        // ATP: S-BOS SKU-B 5 − 1 reserved; S-PVD SKU-B 3 − 1 safety; S-PVD SKU-A has no row.
        #expect(net.atp(node: 1, sku: 1) == 4)
        #expect(net.atp(node: 2, sku: 1) == 2)
        #expect(net.atp(node: 2, sku: 0) == 0)
        #expect(net.holders == [[0, 1], [0, 1, 2]])
    }

    @Test("ship_from_store: pick 2 × 1.25 + handling 2 + base 6.5 + 0.6/kg × 3 kg")
    func shipFromStore() throws {
        let ts = try CostFixture.tariffs(net, order: 0, source: "S-BOS")
        // 5.6 km: ground's first band and express both reach.
        #expect(ts.map(\.service) == [0, 1])
        let ground = ts[0]
        #expect(ground.type == .shipFromStore)
        #expect(ground.source == 1)
        #expect(ground.etaDays == 1)  // handling 0 + transit 1
        #expect(close(ground.fixedCost, 2 + 6.5))
        // Two SKU-A: 2 × 1.5 kg = 3 kg. Shipping 6.5 + 0.6 × 3 = 8.3.
        expectLegCost(
            ground.cost(units: 2, weightKg: 3), pick: 2.5, handling: 2, shipping: 8.3, transfer: 0, total: 12.8)
        // Express: 15 + 1.0 × 3 = 18.
        #expect(ts[1].etaDays == 1)
        expectLegCost(ts[1].cost(units: 2, weightKg: 3), pick: 2.5, handling: 2, shipping: 18, transfer: 0, total: 22.5)
    }

    @Test("direct_to_home from 306 km: ground's second band, eta = handling 1 + transit 3")
    func directToHome() throws {
        let ts = try CostFixture.tariffs(net, order: 3, source: "W-NYC")
        #expect(ts.count == 1)  // express stops at 100 km
        let t = ts[0]
        #expect(t.type == .directToHome)
        #expect(t.service == 0)
        #expect(t.etaDays == 4)
        // One A and two B: 3 units, 1.5 + 2 × 0.5 = 2.5 kg. Shipping 9 + 1.1 × 2.5 = 11.75.
        expectLegCost(
            t.cost(units: 3, weightKg: 2.5), pick: 1.5, handling: 1.5, shipping: 11.75, transfer: 0, total: 14.75)
    }

    @Test("store_pickup from the pickup store itself has no carriage")
    func storePickup() throws {
        let ts = try CostFixture.tariffs(net, order: 1, source: "S-PVD")
        #expect(ts.count == 1)
        #expect(ts[0].type == .storePickup)
        #expect(ts[0].service == nil)
        #expect(ts[0].etaDays == 0)
        expectLegCost(ts[0].cost(units: 2, weightKg: 1), pick: 2, handling: 1, shipping: 0, transfer: 0, total: 3)
    }

    @Test("warehouse_to_store_pickup: lane cost_per_leg + cost_per_unit × units, eta = handling_days + lead_days")
    func warehouseToStore() throws {
        let ts = try CostFixture.tariffs(net, order: 1, source: "W-NYC")
        #expect(ts.count == 1)
        #expect(ts[0].type == .warehouseToStorePickup)
        #expect(ts[0].etaDays == 3)  // 1 + 2
        // Three A: pick 3 × 0.5, handling 1.5, transfer 3 + 0.4 × 3 = 4.2 (weight plays no part).
        expectLegCost(
            ts[0].cost(units: 3, weightKg: 4.5), pick: 1.5, handling: 1.5, shipping: 0, transfer: 4.2, total: 7.2)
        expectLegCost(
            ts[0].cost(units: 3, weightKg: 400), pick: 1.5, handling: 1.5, shipping: 0, transfer: 4.2, total: 7.2)
    }

    @Test("store_to_store_pickup on a lane between stores")
    func storeToStore() throws {
        let ts = try CostFixture.tariffs(net, order: 1, source: "S-BOS")
        #expect(ts.map(\.type) == [.storeToStorePickup])
        #expect(ts[0].etaDays == 1)  // 0 + 1
        // Two B: pick 2 × 1.25, handling 2, transfer 1 + 0.2 × 2 = 1.4.
        expectLegCost(ts[0].cost(units: 2, weightKg: 1), pick: 2.5, handling: 2, shipping: 0, transfer: 1.4, total: 5.9)
    }

    @Test("sources that cannot serve an order say why")
    func exclusions() throws {
        // S-PVD does not ship to home.
        #expect(throws: SourceExclusion.doesNotShipToHome) { try CostFixture.tariffs(net, order: 0, source: "S-PVD") }
        // Los Angeles is beyond ground's 800 km and express's 100 km.
        do {
            _ = try CostFixture.tariffs(net, order: 2, source: "S-BOS")
            Testing.Issue.record("S-BOS should not reach Los Angeles")
        } catch {
            guard let e = error as? SourceExclusion, case .outOfReach(let km) = e else {
                Testing.Issue.record("\(error)")
                return
            }
            #expect(close(km, 4169.415, 0.01), "\(km)")
        }
        // No lane from W-NYC into S-BOS.
        var s = CostFixture.scenario()
        s.orders[1].delivery = .pickup(at: "S-BOS")
        let n2 = Network(s)
        #expect(throws: SourceExclusion.noLane(to: "S-BOS")) { try CostFixture.tariffs(n2, order: 1, source: "W-NYC") }
        #expect(try CostFixture.tariffs(n2, order: 1, source: "S-BOS").map(\.type) == [.storePickup])
        // A network without services.
        s = CostFixture.scenario()
        s.services = []
        #expect(throws: SourceExclusion.noServices) { try CostFixture.tariffs(Network(s), order: 0, source: "S-BOS") }
    }

    @Test("order level: legs, split penalty, late days, lost sales")
    func orderCosts() throws {
        let routes = try CostFixture.routes(net)
        // O-1: leg 12.8; B × 1 unfulfilled at 8 × 1.5 = 12; eta day 1 = 11-24, due 11-25: on time.
        expectOrderCost(net.cost(of: routes[0]), legs: 12.8, split: 0, late: 0, unfulfilled: 12, total: 24.8)
        // O-2: legs 3 + 7.2 = 10.2; one extra leg 4; eta max(0, 3) = 11-26, due 11-24: 2 days × 5 = 10.
        expectOrderCost(net.cost(of: routes[1]), legs: 10.2, split: 4, late: 10, unfulfilled: 0, total: 24.2)
        // O-3: nothing sent: no eta, no lateness; B × 1 lost: 12.
        expectOrderCost(net.cost(of: routes[2]), legs: 0, split: 0, late: 0, unfulfilled: 12, total: 12)
        // O-4: leg 14.75; eta 1 + 3 = 11-27, due 11-26: 1 day × 5.
        expectOrderCost(net.cost(of: routes[3]), legs: 14.75, split: 0, late: 5, unfulfilled: 0, total: 19.75)
        // Nothing sent for O-2 at all: 3 × 20 × 1.5 + 2 × 8 × 1.5 = 90 + 24.
        expectOrderCost(net.cost(of: OrderRoute(order: 1)), legs: 0, split: 0, late: 0, unfulfilled: 114, total: 114)

        #expect(CostModel.lateDays(today: day("2026-11-23"), etaDays: 3, dueBy: day("2026-11-24")) == 2)
        #expect(CostModel.lateDays(today: day("2026-11-23"), etaDays: 1, dueBy: day("2026-11-24")) == 0)
        #expect(CostModel.lateDays(today: day("2026-12-30"), etaDays: 5, dueBy: day("2027-01-01")) == 3)
        // Through 02-29.
        #expect(CostModel.lateDays(today: day("2028-02-27"), etaDays: 3, dueBy: day("2028-02-28")) == 2)
        #expect(CostModel.splitPenalty(legs: 0, policy: net.policy) == 0)
        #expect(CostModel.splitPenalty(legs: 3, policy: net.policy) == 8)
        #expect(CostModel.maxLegs(for: net.orders[0], policy: net.policy) == Int.max)
        #expect(CostModel.maxLegs(for: net.orders[3], policy: net.policy) == 1)
        #expect(CostModel.maxLegs(for: net.orders[0], policy: Policy(maxLegsPerOrder: 2)) == 2)
        #expect(CostModel.lostSaleCost(net.skus[0], units: 3, policy: net.policy) == 90)
    }

    @Test("Network.plannedOrder reports every figure")
    func plannedOrders() throws {
        let routes = try CostFixture.routes(net)

        let o1 = net.plannedOrder(routes[0])
        #expect(o1.order == "O-1")
        #expect(o1.legs.count == 1)
        #expect(o1.legs[0].type == .shipFromStore)
        #expect(o1.legs[0].from == "S-BOS")
        #expect(o1.legs[0].service == "ground")
        #expect(o1.legs[0].lines == [OrderLine(sku: "SKU-A", qty: 2)])  // no zero-quantity lines
        #expect(o1.legs[0].eta == day("2026-11-24"))
        expectLegCost(o1.legs[0].cost, pick: 2.5, handling: 2, shipping: 8.3, transfer: 0, total: 12.8)
        #expect(o1.unfulfilled == [OrderLine(sku: "SKU-B", qty: 1)])
        #expect(o1.eta == day("2026-11-24"))
        #expect(o1.lateDays == 0)
        #expect(o1.units == 2)
        #expect(o1.unfulfilledUnits == 1)
        expectOrderCost(o1.cost, legs: 12.8, split: 0, late: 0, unfulfilled: 12, total: 24.8)

        let o2 = net.plannedOrder(routes[1])
        #expect(o2.legs.map(\.type) == [.storePickup, .warehouseToStorePickup])
        #expect(o2.legs.map(\.from) == ["S-PVD", "W-NYC"])
        #expect(o2.legs.map(\.service) == [nil, nil])
        #expect(o2.legs.map(\.lines) == [[OrderLine(sku: "SKU-B", qty: 2)], [OrderLine(sku: "SKU-A", qty: 3)]])
        #expect(o2.legs.map(\.eta) == [day("2026-11-23"), day("2026-11-26")])
        expectLegCost(o2.legs[0].cost, pick: 2, handling: 1, shipping: 0, transfer: 0, total: 3)
        expectLegCost(o2.legs[1].cost, pick: 1.5, handling: 1.5, shipping: 0, transfer: 4.2, total: 7.2)
        #expect(o2.unfulfilled.isEmpty)
        #expect(o2.eta == day("2026-11-26"))
        #expect(o2.lateDays == 2)
        expectOrderCost(o2.cost, legs: 10.2, split: 4, late: 10, unfulfilled: 0, total: 24.2)

        let o3 = net.plannedOrder(routes[2])
        #expect(o3.legs.isEmpty)
        #expect(o3.eta == nil)
        #expect(o3.lateDays == 0)
        #expect(o3.unfulfilled == [OrderLine(sku: "SKU-B", qty: 1)])
        expectOrderCost(o3.cost, legs: 0, split: 0, late: 0, unfulfilled: 12, total: 12)

        let o4 = net.plannedOrder(routes[3])
        #expect(o4.legs.map(\.type) == [.directToHome])
        #expect(o4.legs[0].service == "ground")
        #expect(o4.legs[0].lines == [OrderLine(sku: "SKU-A", qty: 1), OrderLine(sku: "SKU-B", qty: 2)])
        #expect(o4.eta == day("2026-11-27"))
        #expect(o4.lateDays == 1)
        expectOrderCost(o4.cost, legs: 14.75, split: 0, late: 5, unfulfilled: 0, total: 19.75)

        // cost(of:) and plannedOrder agree on every route.
        for r in routes { #expect(net.cost(of: r) == net.plannedOrder(r).cost) }
    }

    @Test("the plan adds the orders up, in scenario order, and its document reads back")
    func planTotals() throws {
        let routes = try CostFixture.routes(net)
        // Routes in any order, one missing (O-3 gets an empty route).
        let plan = net.plan(routes: [routes[3], routes[1], routes[0]], strategy: "hand", solveSeconds: 0.5, bound: 70)
        #expect(plan.scenario == "cost-fixture")
        #expect(plan.strategy == "hand")
        #expect(plan.orders.map(\.order) == ["O-1", "O-2", "O-3", "O-4"])
        let sum = plan.summary
        // 24.8 + 24.2 + 12 + 19.75
        #expect(close(sum.totalCost, 80.75))
        #expect(sum.orders == 4)
        #expect(sum.legs == 4)
        #expect(sum.units == 10)
        #expect(sum.splitOrders == 1)
        #expect(sum.lateOrders == 2)
        #expect(sum.unfulfilledUnits == 2)
        #expect(sum.solveSeconds == 0.5)
        #expect(sum.bound == 70)
        #expect(close(sum.gap ?? -1, (80.75 - 70) / 80.75))

        let back = try Plan(document: try JSONParser.parse(JSONWriter.write(plan.document)))
        // Written reals are rounded to 15 significant digits: a second round trip changes nothing.
        #expect(JSONWriter.write(back.document) == JSONWriter.write(plan.document))
        #expect(back.orders == plan.orders)
    }

    @Test("PlanKPIs of the hand-made plan")
    func kpis() throws {
        let plan = net.plan(routes: try CostFixture.routes(net), strategy: "hand", solveSeconds: 0)
        let k = PlanKPIs(plan: plan, scenario: net.scenario)
        let o = k.overall
        #expect(o.orders == 4)
        #expect(o.legs == 4)
        #expect(o.unitsOrdered == 12)  // 3 + 5 + 1 + 3
        #expect(o.unitsSent == 10)  // 2 + 5 + 0 + 3
        #expect(close(o.fillRate, 10.0 / 12.0))
        #expect(o.splitOrders == 1)
        #expect(close(o.splitShare, 0.25))
        #expect(o.lateOrders == 2)
        #expect(close(o.lateShare, 0.5))
        #expect(close(o.totalCost, 80.75))
        #expect(close(o.costPerOrder, 80.75 / 4))
        #expect(close(o.costPerUnit, 80.75 / 10))
        #expect(close(o.legsPerOrder, 1))
        #expect(o.ordersWithLegs == 3)
        #expect(o.etaDaysSum == 8)  // 1 + 3 + 4
        #expect(close(o.meanDaysToDeliver, 8.0 / 3.0))

        #expect(k.unitsByLegType == [.shipFromStore: 2, .storePickup: 2, .warehouseToStorePickup: 3, .directToHome: 3])
        #expect(k.legsByLegType == [.shipFromStore: 1, .storePickup: 1, .warehouseToStorePickup: 1, .directToHome: 1])

        let c = k.costs
        #expect(close(c.pick, 2.5 + 2 + 1.5 + 1.5))
        #expect(close(c.handling, 2 + 1 + 1.5 + 1.5))
        #expect(close(c.shipping, 8.3 + 11.75))
        #expect(close(c.transfer, 4.2))
        #expect(close(c.splitPenalty, 4))
        #expect(close(c.latePenalty, 15))
        #expect(close(c.lostSales, 24))
        #expect(
            close(c.pick + c.handling + c.shipping + c.transfer + c.splitPenalty + c.latePenalty + c.lostSales, 80.75))

        #expect(Set(k.byChannel.keys) == [.web, .app, .marketplace, .callCenter])
        let web = try #require(k.byChannel[.web])
        #expect((web.orders, web.legs, web.unitsOrdered, web.unitsSent, web.lateOrders) == (1, 1, 3, 2, 0))
        #expect(close(web.fillRate, 2.0 / 3.0))
        #expect(close(web.totalCost, 24.8))
        #expect(web.meanDaysToDeliver == 1)
        let app = try #require(k.byChannel[.app])
        #expect(
            (app.orders, app.legs, app.unitsOrdered, app.unitsSent, app.splitOrders, app.lateOrders) == (
                1, 2, 5, 5, 1, 1
            ))
        #expect(app.fillRate == 1)
        #expect(app.splitShare == 1)
        #expect(close(app.totalCost, 24.2))
        #expect(app.meanDaysToDeliver == 3)
        let market = try #require(k.byChannel[.marketplace])
        #expect(
            (market.orders, market.legs, market.unitsOrdered, market.unitsSent, market.ordersWithLegs) == (
                1, 0, 1, 0, 0
            ))
        #expect(market.fillRate == 0)
        #expect(market.meanDaysToDeliver == 0)
        #expect(close(market.totalCost, 12))
        let call = try #require(k.byChannel[.callCenter])
        #expect((call.orders, call.unitsSent, call.lateOrders, call.etaDaysSum) == (1, 3, 1, 4))
        #expect(close(call.costPerUnit, 19.75 / 3))

        // Without the scenario: no channels and no days to deliver.
        let bare = PlanKPIs(plan: plan)
        #expect(bare.byChannel.isEmpty)
        #expect(bare.overall.ordersWithLegs == 0)
        #expect(bare.overall.meanDaysToDeliver == 0)
        #expect(bare.overall.unitsSent == 10)
    }

    @Test("PlanKPIs of a plan written out by hand, and of an empty plan")
    func kpisOfLiteralPlan() {
        let leg = { (type: LegType, units: Int, total: Double) in
            PlannedLeg(
                type: type, from: "X", service: nil, lines: [OrderLine(sku: "SKU-A", qty: units)],
                eta: day("2026-11-25"),
                cost: LegCost(pick: total, handling: 0, shipping: 0, transfer: 0))
        }
        let orders = [
            PlannedOrder(
                order: "O-1",
                legs: [leg(.storeToStorePickup, 4, 10), leg(.storePickup, 1, 2), leg(.storeToStorePickup, 2, 5)],
                unfulfilled: [OrderLine(sku: "SKU-B", qty: 3)], eta: day("2026-11-25"), lateDays: 0,
                cost: OrderCost(legs: 17, splitPenalty: 8, latePenalty: 0, unfulfilled: 36, total: 61)),
            PlannedOrder(
                order: "O-2", legs: [], unfulfilled: [OrderLine(sku: "SKU-A", qty: 2)], eta: nil, lateDays: 0,
                cost: OrderCost(legs: 0, splitPenalty: 0, latePenalty: 0, unfulfilled: 60, total: 60)),
        ]
        let plan = Plan(
            scenario: "x", strategy: "by-hand", orders: orders, summary: PlanSummary(orders: orders, solveSeconds: 0))
        #expect(plan.summary.totalCost == 121)
        #expect(plan.summary.units == 7)
        #expect(plan.summary.unfulfilledUnits == 5)
        let k = PlanKPIs(plan: plan)
        #expect(k.overall.unitsOrdered == 12)
        #expect(close(k.overall.fillRate, 7.0 / 12.0))
        #expect(close(k.overall.splitShare, 0.5))
        #expect(k.overall.lateShare == 0)
        #expect(k.unitsByLegType == [.storeToStorePickup: 6, .storePickup: 1])
        #expect(k.legsByLegType == [.storeToStorePickup: 2, .storePickup: 1])
        #expect(close(k.costs.lostSales, 96))
        #expect(close(k.costs.splitPenalty, 8))

        let empty = PlanKPIs(
            plan: Plan(scenario: "x", strategy: "none", orders: [], summary: PlanSummary(orders: [], solveSeconds: 0)))
        #expect(empty.overall.fillRate == 1)
        #expect(empty.overall.splitShare == 0)
        #expect(empty.overall.costPerOrder == 0)
        #expect(empty.overall.costPerUnit == 0)
        #expect(empty.unitsByLegType.isEmpty)
    }
}
