/// A scheduled transfer from a node into a pickup store.
public struct Lane: Sendable, Hashable {
    public var from: String
    public var to: String
    public var leadDays: Int
    public var costPerUnit: Double
    public var costPerLeg: Double
    /// The weekdays the transfer departs; nil is every day (the key absent).
    public var departsWeekdays: Weekdays?

    public init(
        from: String, to: String, leadDays: Int, costPerUnit: Double, costPerLeg: Double,
        departsWeekdays: Weekdays? = nil
    ) {
        self.departsWeekdays = departsWeekdays
        self.from = from
        self.to = to
        self.leadDays = leadDays
        self.costPerUnit = costPerUnit
        self.costPerLeg = costPerLeg
    }
}
