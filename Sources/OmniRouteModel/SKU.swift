/// A stock-keeping unit: what an order line asks for.
public struct SKU: Sendable, Hashable {
    public var id: String
    public var weightKg: Double
    public var price: Double
    /// Labels that rules select lines by (`"oversize"`, `"hazmat"`); no repeats.
    public var tags: [String]

    public init(id: String, weightKg: Double, price: Double, tags: [String] = []) {
        self.id = id
        self.weightKg = weightKg
        self.price = price
        self.tags = tags
    }
}
