import Foundation
import OmniRouteModel

/// Where the store's "today" comes from: day 0 of every eta and promise date.
public enum StoreClock: Sendable, Hashable, CustomStringConvertible {
    /// The machine's clock (a live service).
    case system
    /// A fixed instant (replaying a scenario at its own `now`; tests).
    case fixed(Timestamp)

    /// The current instant by this clock.
    public var now: Timestamp {
        switch self {
        case .system: Timestamp(secondsSinceEpoch: Date().timeIntervalSince1970)
        case .fixed(let t): t
        }
    }

    /// `system` or the fixed instant's ISO text.
    public var description: String {
        switch self {
        case .system: "system"
        case .fixed(let t): t.text
        }
    }

    /// Reads `system` or an ISO 8601 instant.
    public init?(_ text: String) {
        if text == "system" {
            self = .system
        } else if let t = Timestamp(iso: text) {
            self = .fixed(t)
        } else {
            return nil
        }
    }
}
