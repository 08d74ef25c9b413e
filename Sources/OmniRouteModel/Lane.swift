/// A scheduled transfer from a node into a pickup store.
public struct Lane: Sendable, Hashable {
    public var from: String
    public var to: String
    public var leadDays: Int
    public var costPerUnit: Double
    public var costPerLeg: Double

    public init(from: String, to: String, leadDays: Int, costPerUnit: Double, costPerLeg: Double) {
        self.from = from
        self.to = to
        self.leadDays = leadDays
        self.costPerUnit = costPerUnit
        self.costPerLeg = costPerLeg
    }
}
