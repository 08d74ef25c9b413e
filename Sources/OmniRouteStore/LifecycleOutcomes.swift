import OmniRouteModel

/// What a release did.
public struct ReleaseReport: Sendable {
    /// Orders sent to their nodes.
    public var released: [String]
    /// Legs sent.
    public var legs: Int
    /// Orders named in the request that were not planned, with their status.
    public var skipped: [(id: String, status: StoredOrder.Status)]
}

/// The answer to a node event: the order as it now stands and the event's place in the log.
public struct LegEventOutcome: Sendable {
    public var order: StoredOrder
    public var leg: Int64
    public var eventSeq: Int64
    /// True when the leg already had this status: a retried event, answered as before.
    public var replayed: Bool
}

/// An order whose held units had to move to another node or day, with its eta before and after
/// (nil: nothing of it is routed).
public struct Repromise: Sendable, Equatable {
    public var order: String
    public var before: CalendarDay?
    public var after: CalendarDay?
}
