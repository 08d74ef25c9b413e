/// How one leg travels; it follows from the order's delivery mode and the source.
public enum LegType: String, Sendable, Hashable, CaseIterable {
    /// A store sends a parcel to the customer.
    case shipFromStore = "ship_from_store"
    /// A warehouse sends a parcel to the customer.
    case directToHome = "direct_to_home"
    /// The pickup store's own stock.
    case storePickup = "store_pickup"
    /// A warehouse transfers the stock on a lane to the pickup store.
    case warehouseToStorePickup = "warehouse_to_store_pickup"
    /// Another store transfers the stock on a lane to the pickup store.
    case storeToStorePickup = "store_to_store_pickup"

    /// Whether the leg travels on a lane into a pickup store (which then has it).
    public var isTransfer: Bool { self == .warehouseToStorePickup || self == .storeToStorePickup }

    /// The type of a leg from `source` for an order delivered by `delivery`.
    public static func of(source: Node, delivery: Delivery) -> LegType {
        switch delivery {
        case .ship: source.kind == .store ? .shipFromStore : .directToHome
        case .pickup(let store):
            source.id == store
                ? .storePickup : (source.kind == .warehouse ? .warehouseToStorePickup : .storeToStorePickup)
        }
    }
}
