import OmniRouteModel

/// Why the store refused a request. Every case says what was wrong in words a
/// client can act on; the HTTP layer maps each to a status.
public enum StoreError: Error, Sendable, CustomStringConvertible {
    /// The request is malformed; each issue names its field.
    case invalid([Issue])
    /// No such order, node, sku or position.
    case notFound(String)
    /// The request conflicts with the stored state (an order id already taken,
    /// on-hand below what is held).
    case conflict(String)
    /// Not every unit can be fulfilled now and the request did not accept a partial
    /// order; `quote` is the best route that exists.
    case insufficientStock(short: [OrderLine], quote: PlannedOrder)
    /// A node reported an event its leg's state does not allow; `allowed` are the
    /// events it does allow now (empty once the leg is finished).
    case illegalTransition(leg: Int64, status: LegStatus, event: LegStatus, allowed: [LegStatus])
    /// The idempotency key was used before with a different request.
    case idempotencyKeyReused(String)
    /// The database failed; nothing was changed.
    case database(String)
    /// The database holds numbers outside the ranges the store accepts (written by
    /// hand or by an older version): it is not loaded. Each entry names the table,
    /// the row and the column.
    case storedOutOfRange([String])

    public var description: String {
        switch self {
        case .invalid(let issues): issues.map(\.description).joined(separator: "; ")
        case .notFound(let what): what
        case .conflict(let why): why
        case .insufficientStock(let short, _):
            "not enough stock: " + short.map { "\($0.qty) × \($0.sku) short" }.joined(separator: ", ")
        case .illegalTransition(let leg, let status, let event, let allowed):
            "leg \(leg) is \(status.rawValue): it cannot become \(event.rawValue); "
                + (allowed.isEmpty
                    ? "it allows no more events" : "allowed: " + allowed.map(\.rawValue).joined(separator: ", "))
        case .idempotencyKeyReused(let key): "idempotency key \"\(key)\" was used with a different request"
        case .database(let message): "database error: \(message)"
        case .storedOutOfRange(let values):
            "the database holds values out of range (see omniroute db check): " + values.joined(separator: "; ")
        }
    }
}

extension StoreError {
    /// `error` as a store error: the store's own as it is, anything else (SQLite's) as `database`.
    static func wrapping(_ error: any Error) -> StoreError {
        error as? StoreError ?? .database("\(error)")
    }
}
