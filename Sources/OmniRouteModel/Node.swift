/// A stock-holding location of the network.
public struct Node: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case warehouse
        case store
    }

    public var id: String
    public var kind: Kind
    public var name: String?
    public var location: GeoPoint
    /// May send parcels to customers (ship-from-store for a store).
    public var shipToHome: Bool
    /// Customers may collect orders here (stores only).
    public var pickup: Bool
    public var pickCostPerUnit: Double
    public var handlingCostPerLeg: Double
    /// Days from release until a leg leaves the node (or is ready for pickup).
    public var handlingDays: Int
    /// Units the node can pick in the planning window; nil is unlimited.
    public var capacityUnits: Int?
    /// Labels that rules select nodes by (`"outlet"`, `"urban"`); no repeats.
    public var tags: [String]

    public init(
        id: String, kind: Kind, name: String? = nil, location: GeoPoint, shipToHome: Bool, pickup: Bool,
        pickCostPerUnit: Double, handlingCostPerLeg: Double, handlingDays: Int, capacityUnits: Int? = nil,
        tags: [String] = []
    ) {
        self.id = id
        self.kind = kind
        self.name = name
        self.location = location
        self.shipToHome = shipToHome
        self.pickup = pickup
        self.pickCostPerUnit = pickCostPerUnit
        self.handlingCostPerLeg = handlingCostPerLeg
        self.handlingDays = handlingDays
        self.capacityUnits = capacityUnits
        self.tags = tags
    }
}
