/// A stock-keeping unit: what an order line asks for.
public struct SKU: Sendable, Hashable {
    public var id: String
    public var weightKg: Double
    public var price: Double

    public init(id: String, weightKg: Double, price: Double) {
        self.id = id
        self.weightKg = weightKg
        self.price = price
    }
}
