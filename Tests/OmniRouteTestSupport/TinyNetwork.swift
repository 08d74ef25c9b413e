import OmniRouteModel

/// A small network: two warehouses, two pickup stores, a scarce sku and a plentiful one.
public enum TinyNetwork {
    public static let now = Timestamp(iso: "2026-11-23T08:00:00Z")!
    public static let boston = GeoPoint(lat: 42.36, lon: -71.06)

    /// `storeLane` adds a cheap transfer lane from S-BOS to S-NYC (store-to-store pickup).
    public static func scenario(scarceA: Int = 3, scarceB: Int = 4, capacity: Int? = nil, storeLane: Bool = false)
        -> Scenario
    {
        let nodes = [
            Node(
                id: "DC-A", kind: .warehouse, location: GeoPoint(lat: 40.7, lon: -74.2), shipToHome: true,
                pickup: false,
                pickCostPerUnit: 1, handlingCostPerLeg: 2, handlingDays: 1, capacityUnits: capacity),
            Node(
                id: "DC-B", kind: .warehouse, location: GeoPoint(lat: 39.9, lon: -75.2), shipToHome: true,
                pickup: false,
                pickCostPerUnit: 1, handlingCostPerLeg: 2, handlingDays: 1),
            Node(
                id: "S-BOS", kind: .store, location: GeoPoint(lat: 42.35, lon: -71.07), shipToHome: true, pickup: true,
                pickCostPerUnit: 2, handlingCostPerLeg: 3, handlingDays: 0),
            Node(
                id: "S-NYC", kind: .store, location: GeoPoint(lat: 40.75, lon: -73.99), shipToHome: false, pickup: true,
                pickCostPerUnit: 2, handlingCostPerLeg: 3, handlingDays: 0),
        ]
        let skus = [SKU(id: "SCARCE", weightKg: 1, price: 50), SKU(id: "PLENTY", weightKg: 0.5, price: 40)]
        let inventory = [
            StockPosition(node: "DC-A", sku: "SCARCE", onHand: scarceA),
            StockPosition(node: "DC-B", sku: "SCARCE", onHand: scarceB + 2, reserved: 1, safetyStock: 1),
            StockPosition(node: "DC-A", sku: "PLENTY", onHand: 1000),
            StockPosition(node: "S-BOS", sku: "PLENTY", onHand: 5),
        ]
        let services = [
            Service(
                id: "ground",
                bands: [
                    ServiceBand(maxKm: 300, transitDays: 2, baseCost: 6, costPerKg: 0.5),
                    ServiceBand(maxKm: nil, transitDays: 4, baseCost: 9, costPerKg: 0.8),
                ]),
            Service(id: "express", bands: [ServiceBand(maxKm: nil, transitDays: 1, baseCost: 20, costPerKg: 1.5)]),
        ]
        var lanes = [
            Lane(from: "DC-A", to: "S-NYC", leadDays: 2, costPerUnit: 0.5, costPerLeg: 4),
            Lane(from: "DC-A", to: "S-BOS", leadDays: 3, costPerUnit: 0.5, costPerLeg: 5),
        ]
        if storeLane { lanes.append(Lane(from: "S-BOS", to: "S-NYC", leadDays: 1, costPerUnit: 0.1, costPerLeg: 1)) }
        return Scenario(
            name: "tiny", now: now, nodes: nodes, skus: skus, inventory: inventory, services: services, lanes: lanes,
            policy: Policy(splitPenalty: 5, latePenaltyPerDay: 3, lostSaleFactor: 1), orders: [])
    }

    public static func cart(
        _ sku: String = "SCARCE", qty: Int = 1, to place: GeoPoint = boston, partial: Bool = false,
        customer: String? = nil
    ) -> CheckoutRequest {
        CheckoutRequest(
            lines: [OrderLine(sku: sku, qty: qty)], destination: .ship(to: place), customerId: customer,
            acceptPartial: partial)
    }

    /// A cart collected at `store`.
    public static func pickupCart(_ sku: String, qty: Int = 1, at store: String, customer: String? = nil)
        -> CheckoutRequest
    {
        CheckoutRequest(lines: [OrderLine(sku: sku, qty: qty)], destination: .pickup(at: store), customerId: customer)
    }
}
