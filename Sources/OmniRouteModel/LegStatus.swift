/// Where one leg of an order stands, from routing to the customer.
///
/// Parcel legs (`ship_from_store`, `direct_to_home`):
/// `planned → released → accepted → picked → shipped → delivered`.
/// Transfer legs to a pickup store (`warehouse_to_store_pickup`, `store_to_store_pickup`):
/// `planned → released → accepted → picked → in_transit → ready_for_pickup → collected`.
/// The pickup store's own stock (`store_pickup`):
/// `planned → released → accepted → picked → ready_for_pickup → collected`.
/// A node may reject a leg (or some of its units) before it is picked; a leg that has
/// not left its node may be cancelled; a re-plan replaces planned legs.
public enum LegStatus: String, Sendable, Hashable, CaseIterable {
    /// Routed and holding stock; the node has not been told yet.
    case planned
    /// Sent to its node.
    case released
    /// The node took the work on.
    case accepted
    /// The units are picked and packed.
    case picked
    /// A parcel handed to the carrier (with a tracking id).
    case shipped
    /// A transfer on its lane to the pickup store.
    case inTransit = "in_transit"
    /// Waiting at the pickup store.
    case readyForPickup = "ready_for_pickup"
    /// The parcel reached the customer.
    case delivered
    /// The customer collected the units.
    case collected
    /// The node could not pick any of it; its units were routed again.
    case rejected
    /// The customer or the retailer cancelled it before it left its node.
    case cancelled
    /// A re-plan gave the order other legs before release.
    case replaced

    /// The path of a leg of `type` from `released` to its end.
    public static func path(for type: LegType) -> [LegStatus] {
        switch type {
        case .shipFromStore, .directToHome: [.released, .accepted, .picked, .shipped, .delivered]
        case .warehouseToStorePickup, .storeToStorePickup:
            [.released, .accepted, .picked, .inTransit, .readyForPickup, .collected]
        case .storePickup: [.released, .accepted, .picked, .readyForPickup, .collected]
        }
    }

    /// The node events a leg of `type` in this status accepts, in path order.
    public func allowedEvents(for type: LegType) -> [LegStatus] {
        let path = Self.path(for: type)
        guard let i = path.firstIndex(of: self) else { return [] }
        var next: [LegStatus] = i + 1 < path.count ? [path[i + 1]] : []
        if self == .released || self == .accepted { next.append(.rejected) }
        return next
    }

    /// True when a node event may move a leg of `type` from this status to `next`.
    public func allows(_ next: LegStatus, for type: LegType) -> Bool { allowedEvents(for: type).contains(next) }

    /// True once the leg's units have left its node's stock: the hold became an on-hand decrement.
    public func hasLeftNode(for type: LegType) -> Bool {
        let path = Self.path(for: type)
        guard let i = path.firstIndex(of: self) else { return false }
        return i >= path.firstIndex(of: Self.departure(for: type))!
    }

    /// The status at which a leg of `type` takes its units out of its node's stock:
    /// a parcel when it ships, a transfer when it leaves on its lane, the pickup
    /// store's own stock when the customer collects it.
    public static func departure(for type: LegType) -> LegStatus {
        switch type {
        case .shipFromStore, .directToHome: .shipped
        case .warehouseToStorePickup, .storeToStorePickup: .inTransit
        case .storePickup: .collected
        }
    }

    /// True for a leg that still carries units to the customer (or already did).
    public var isLive: Bool { self != .rejected && self != .cancelled && self != .replaced }

    /// True when the leg has reached the customer.
    public var isFinished: Bool { self == .delivered || self == .collected }

    /// True when the leg's units may still be cancelled or re-sourced: it holds stock at its node.
    public func isHolding(for type: LegType) -> Bool { isLive && !hasLeftNode(for: type) }
}
