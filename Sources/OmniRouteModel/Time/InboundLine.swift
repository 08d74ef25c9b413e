/// Stock on its way to a node (a purchase-order line or a transfer in transit): `qty`
/// units of `sku` reaching `node` on `arrives`. They may leave in a leg that ships on
/// or after the node's `ready` day of their arrival.
public struct InboundLine: Sendable, Hashable {
    public var node: String
    public var sku: String
    public var qty: Int
    public var arrives: CalendarDay

    public init(node: String, sku: String, qty: Int, arrives: CalendarDay) {
        self.node = node
        self.sku = sku
        self.qty = qty
        self.arrives = arrives
    }
}
