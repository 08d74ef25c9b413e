/// The stock of one SKU at one node.
public struct StockPosition: Sendable, Hashable {
    public var node: String
    public var sku: String
    public var onHand: Int
    /// Held by orders that are not part of the scenario.
    public var reserved: Int
    public var safetyStock: Int

    public init(node: String, sku: String, onHand: Int, reserved: Int = 0, safetyStock: Int = 0) {
        self.node = node
        self.sku = sku
        self.onHand = onHand
        self.reserved = reserved
        self.safetyStock = safetyStock
    }

    /// `max(0, on_hand − reserved − safety_stock)`.
    public var availableToPromise: Int { max(0, onHand - reserved - safetyStock) }
}
