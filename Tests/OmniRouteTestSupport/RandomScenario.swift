import OmniRouteModel

/// The test data's generator: the model's `SeededRandom` (SplitMix64) with the draw
/// helpers written out here, so that a seed means the same scenario on every platform
/// and toolchain.
public struct SplitMix64: Sendable {
    private var source: SeededRandom

    public init(seed: UInt64) { source = SeededRandom(seed: seed) }

    public mutating func next() -> UInt64 { source.next() }

    /// Uniform in [0, 1).
    public mutating func unit() -> Double { source.unit() }

    /// Uniform integer in `range` (modulo bias is irrelevant for test data).
    public mutating func int(_ range: ClosedRange<Int>) -> Int {
        let span = UInt64(range.upperBound - range.lowerBound + 1)
        return range.lowerBound + Int(next() % span)
    }

    public mutating func double(_ range: ClosedRange<Double>) -> Double {
        range.lowerBound + unit() * (range.upperBound - range.lowerBound)
    }

    /// A money-like amount rounded to cents.
    public mutating func money(_ range: ClosedRange<Double>) -> Double { (double(range) * 100).rounded() / 100 }

    public mutating func chance(_ p: Double) -> Bool { unit() < p }

    public mutating func pick<T>(_ items: [T]) -> T { items[int(0...(items.count - 1))] }

    public mutating func shuffled<T>(_ items: [T]) -> [T] {
        var a = items
        if a.count < 2 { return a }
        for i in stride(from: a.count - 1, to: 0, by: -1) { a.swapAt(i, int(0...i)) }
        return a
    }
}

/// Builds random but valid scenarios directly as model values.
///
/// Locations fall in a box of roughly 500 × 600 km over the US north-east, so the
/// service bands (first band 80–200 km) matter and a bounded service leaves some
/// sources out of reach.
public enum RandomScenario {
    public struct Config: Sendable {
        public var nodes: ClosedRange<Int> = 3...7
        public var skus: ClosedRange<Int> = 2...5
        public var orders: ClosedRange<Int> = 0...10
        public var maxLines = 3
        public var maxQty = 3
        /// Probability that an (node, sku) pair has an inventory row.
        public var stockDensity = 0.6
        public var maxOnHand = 6
        /// Probability that a store ships to home (warehouses: 0.9).
        public var storeShipRate = 0.6
        /// Probability of a lane from each other node into each pickup store.
        public var laneRate = 0.5

        public init(
            nodes: ClosedRange<Int> = 3...7, skus: ClosedRange<Int> = 2...5, orders: ClosedRange<Int> = 0...10,
            maxLines: Int = 3, maxQty: Int = 3, stockDensity: Double = 0.6, maxOnHand: Int = 6,
            storeShipRate: Double = 0.6, laneRate: Double = 0.5
        ) {
            self.nodes = nodes
            self.skus = skus
            self.orders = orders
            self.maxLines = maxLines
            self.maxQty = maxQty
            self.stockDensity = stockDensity
            self.maxOnHand = maxOnHand
            self.storeShipRate = storeShipRate
            self.laneRate = laneRate
        }

        /// Small multi-order scenarios for whole-plan properties.
        public static let small = Config()
        /// One order over a few nodes (instances with more than five sources are passed over), for the
        /// brute-force comparison.
        public static let singleOrder = Config(
            nodes: 3...7, skus: 1...4, orders: 1...1, maxLines: 3, maxQty: 3, stockDensity: 0.75,
            maxOnHand: 4, storeShipRate: 0.75, laneRate: 0.7)
    }

    public static let latRange = 40.2...44.6
    public static let lonRange = (-76.5)...(-70.0)

    public static let nowChoices = [
        ("2026-11-23T08:00:00Z", "2026-11-23"),
        ("2026-11-23T23:30:00-05:00", "2026-11-24"),  // UTC day is the next day
        ("2027-02-27T12:15:30.5Z", "2027-02-27"),
    ]

    public static func location(_ rng: inout SplitMix64) -> GeoPoint {
        GeoPoint(
            lat: (rng.double(latRange) * 10_000).rounded() / 10_000,
            lon: (rng.double(lonRange) * 10_000).rounded() / 10_000)
    }

    public static func pad(_ v: Int, _ width: Int = 2) -> String {
        let s = String(v)
        return String(repeating: "0", count: max(0, width - s.count)) + s
    }

    public static func make(seed: UInt64, config: Config = .small) -> Scenario {
        var rng = SplitMix64(seed: seed &* 0x2545_F491_4F6C_DD1D &+ 0x1234_5678)
        let (nowText, todayText) = rng.pick(nowChoices)
        let now = Timestamp(iso: nowText)!
        let today = CalendarDay(iso: todayText)!
        precondition(now.utcDay == today)

        // Nodes.
        let nodeCount = rng.int(config.nodes)
        var nodes: [Node] = []
        for i in 0..<nodeCount {
            let kind: Node.Kind = rng.chance(0.35) ? .warehouse : .store
            let shipToHome = kind == .warehouse ? rng.chance(0.9) : rng.chance(config.storeShipRate)
            let pickup = kind == .store && rng.chance(0.5)
            let capacity: Int?
            switch rng.unit() {
            case ..<0.45: capacity = nil
            case ..<0.55: capacity = 0
            default: capacity = rng.int(1...6)
            }
            nodes.append(
                Node(
                    id: (kind == .warehouse ? "W-" : "S-") + pad(i + 1), kind: kind,
                    name: rng.chance(0.3) ? "Node \(i + 1)" : nil, location: location(&rng),
                    shipToHome: shipToHome, pickup: pickup,
                    pickCostPerUnit: rng.money(0.1...2.0), handlingCostPerLeg: rng.money(0.0...4.0),
                    handlingDays: rng.int(0...2), capacityUnits: capacity))
        }

        // SKUs.
        let skuCount = rng.int(config.skus)
        let skus = (0..<skuCount).map { i in
            SKU(id: "SKU-" + pad(i + 1), weightKg: max(0.05, rng.money(0.05...8.0)), price: rng.money(2.0...120.0))
        }

        // Inventory: sparse, with reservations and safety stock (some rows end at zero ATP).
        var inventory: [StockPosition] = []
        for n in nodes {
            for s in skus where rng.chance(config.stockDensity) {
                let onHand = rng.int(0...config.maxOnHand)
                let reserved = rng.chance(0.3) ? rng.int(0...2) : 0
                let safety = rng.chance(0.3) ? rng.int(0...2) : 0
                inventory.append(
                    StockPosition(node: n.id, sku: s.id, onHand: onHand, reserved: reserved, safetyStock: safety))
            }
        }

        // Services: 1–2, each 1–3 increasing bands, the last sometimes bounded.
        var services: [Service] = []
        for s in 0..<rng.int(1...2) {
            var bands: [ServiceBand] = []
            var km = rng.double(80...200).rounded()
            var transit = rng.int(0...2)
            var base = rng.money(3.0...9.0)
            var perKg = rng.money(0.1...1.0)
            let count = rng.int(1...3)
            let bounded = rng.chance(0.4)
            for b in 0..<count {
                let last = b == count - 1
                bands.append(
                    ServiceBand(
                        maxKm: last && !bounded ? nil : km, transitDays: transit, baseCost: base, costPerKg: perKg))
                km += rng.double(60...250).rounded()
                transit += rng.int(0...2)
                base = ((base + rng.money(0.0...4.0)) * 100).rounded() / 100
                perKg = ((perKg + rng.money(0.0...0.8)) * 100).rounded() / 100
            }
            services.append(Service(id: s == 0 ? "ground" : "express", bands: bands))
        }

        // Lanes into pickup stores.
        var lanes: [Lane] = []
        for to in nodes where to.pickup {
            for from in nodes where from.id != to.id && rng.chance(config.laneRate) {
                lanes.append(
                    Lane(
                        from: from.id, to: to.id, leadDays: rng.int(0...3), costPerUnit: rng.money(0.0...1.5),
                        costPerLeg: rng.money(0.5...8.0)))
            }
        }

        // Policy.
        let policy = Policy(
            splitPenalty: rng.chance(0.2) ? 0 : rng.money(0.0...6.0),
            latePenaltyPerDay: rng.chance(0.2) ? 0 : rng.money(0.0...10.0),
            lostSaleFactor: rng.chance(0.3) ? 1.0 : rng.money(0.3...2.0),
            maxLegsPerOrder: rng.chance(0.3) ? rng.int(1...3) : nil)

        // Orders.
        let pickupStores = nodes.filter(\.pickup).map(\.id)
        var orders: [Order] = []
        let channels = Order.Channel.allCases
        for i in 0..<rng.int(config.orders) {
            // placed_at: within the 6 hours before `now` (UTC day may differ from today, which is fine).
            let minutesBefore = rng.int(0...360)
            let placed = Timestamp(
                iso: timestampText(secondsSinceEpoch: now.secondsSinceEpoch - Double(minutesBefore * 60)))!
            let delivery: Delivery =
                !pickupStores.isEmpty && rng.chance(0.3)
                ? .pickup(at: rng.pick(pickupStores))
                : .ship(to: location(&rng))
            let lineCount = min(rng.int(1...config.maxLines), skus.count)
            let lines = rng.shuffled(skus).prefix(lineCount).map {
                OrderLine(sku: $0.id, qty: rng.int(1...config.maxQty))
            }
            orders.append(
                Order(
                    id: "O-" + pad(i + 1, 3), channel: rng.pick(channels), customerId: "C-\(rng.int(1...50))",
                    placedAt: placed, dueBy: today + rng.int(-1...5), delivery: delivery,
                    allowSplit: !rng.chance(0.25), lines: lines))
        }

        return Scenario(
            name: "random-\(seed)", description: rng.chance(0.5) ? "seed \(seed)" : nil, now: now,
            currency: rng.chance(0.5) ? "USD" : nil, nodes: nodes, skus: skus, inventory: inventory,
            services: services, lanes: lanes, policy: policy, orders: orders)
    }

    /// `YYYY-MM-DDTHH:MM:SSZ` of an instant (whole seconds).
    public static func timestampText(secondsSinceEpoch t: Double) -> String {
        let total = Int(t.rounded(.down))
        let day = CalendarDay(ordinal: Int((Double(total) / 86_400).rounded(.down)))
        let s = total - day.ordinal * 86_400
        return "\(day)T\(pad(s / 3600)):\(pad(s % 3600 / 60)):\(pad(s % 60))Z"
    }
}
