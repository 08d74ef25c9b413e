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
    /// IANA time zone of the node's cutoff and local date; nil is UTC (the key absent).
    public var timeZone: String?
    /// Local time, in minutes after midnight, from which released work starts the next day.
    public var cutoffMinutes: Int?
    /// The days the node picks and ships.
    public var calendar: WorkCalendar
    /// Units the node can send per open day (by the legs' ship days); nil is unlimited.
    public var capacityPerDay: Int?

    public init(
        id: String, kind: Kind, name: String? = nil, location: GeoPoint, shipToHome: Bool, pickup: Bool,
        pickCostPerUnit: Double, handlingCostPerLeg: Double, handlingDays: Int, capacityUnits: Int? = nil,
        tags: [String] = [], timeZone: String? = nil, cutoffMinutes: Int? = nil, calendar: WorkCalendar = .always,
        capacityPerDay: Int? = nil
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
        self.timeZone = timeZone
        self.cutoffMinutes = cutoffMinutes
        self.calendar = calendar
        self.capacityPerDay = capacityPerDay
    }

    /// Whether the node uses a key of time (zone, cutoff, closed days, capacity per day).
    public var usesTime: Bool {
        timeZone != nil || cutoffMinutes != nil || !calendar.isAlwaysOpen || capacityPerDay != nil
    }
}
