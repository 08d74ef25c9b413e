/// The retailer's penalties and limits.
public struct Policy: Sendable, Hashable {
    /// Cost of each leg of an order beyond its first.
    public var splitPenalty: Double
    /// Cost per day an order arrives after its due date.
    public var latePenaltyPerDay: Double
    /// An unfulfilled unit costs `price × lostSaleFactor`.
    public var lostSaleFactor: Double
    /// Cap on legs per order; nil is no cap.
    public var maxLegsPerOrder: Int?
    /// No leg ships after `date(now) + horizonDays`; nil is the default 14 (the key absent).
    public var horizonDays: Int?

    /// The horizon when none is given.
    public static let defaultHorizonDays = 14

    public init(
        splitPenalty: Double = 0, latePenaltyPerDay: Double = 0, lostSaleFactor: Double = 1.0,
        maxLegsPerOrder: Int? = nil, horizonDays: Int? = nil
    ) {
        self.horizonDays = horizonDays
        self.splitPenalty = splitPenalty
        self.latePenaltyPerDay = latePenaltyPerDay
        self.lostSaleFactor = lostSaleFactor
        self.maxLegsPerOrder = maxLegsPerOrder
    }
}
