import OmniRouteModel

/// One entry of the event log: what happened, when, to what, and who did it.
public struct StoreEvent: Sendable, Hashable {
    /// The event's place in the log: strictly increasing, never reused (the outbox cursor).
    public var seq: Int64
    public var at: String
    public var type: String
    public var orderId: String?
    public var node: String?
    public var sku: String?
    public var leg: Int64?
    public var actor: String?
    public var payload: Document

    public static func == (a: StoreEvent, b: StoreEvent) -> Bool { a.seq == b.seq }
    public func hash(into hasher: inout Hasher) { hasher.combine(seq) }
}
