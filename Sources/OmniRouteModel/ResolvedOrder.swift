/// An order with its references resolved against a network: the sku index of each
/// line. Engines route resolved orders, so an order placed at checkout (not part of
/// the scenario) is routed and priced exactly as a scenario order is.
public struct ResolvedOrder: Sendable, Hashable {
    /// The order's index in the scenario, or -1 for an order outside it.
    public var index: Int
    public var order: Order
    /// The sku index of each line.
    public var skus: [Int]

    public init(index: Int, order: Order, skus: [Int]) {
        self.index = index
        self.order = order
        self.skus = skus
    }
}

/// A reference of an order that the network does not have.
public enum OrderReferenceError: Error, Hashable, Sendable, CustomStringConvertible {
    case unknownSKU(line: Int, sku: String)
    case unknownPickupNode(String)
    case notAPickupStore(String)

    public var description: String {
        switch self {
        case .unknownSKU(_, let sku): "unknown sku \"\(sku)\""
        case .unknownPickupNode(let id): "unknown node \"\(id)\""
        case .notAPickupStore(let id): "node \"\(id)\" is not a store that offers pickup"
        }
    }
}

extension Network {
    /// Scenario order `index`, resolved.
    @inlinable
    public func resolved(_ index: Int) -> ResolvedOrder {
        ResolvedOrder(index: index, order: orders[index], skus: orderSKUs[index])
    }

    /// Resolves an order that is not part of the scenario (index -1).
    public func resolve(_ order: Order) throws(OrderReferenceError) -> ResolvedOrder {
        var skus: [Int] = []
        skus.reserveCapacity(order.lines.count)
        for (i, line) in order.lines.enumerated() {
            guard let s = skuIndex[line.sku] else { throw .unknownSKU(line: i, sku: line.sku) }
            skus.append(s)
        }
        if case .pickup(let id) = order.delivery {
            guard let n = nodeIndex[id] else { throw .unknownPickupNode(id) }
            guard nodes[n].kind == .store, nodes[n].pickup else { throw .notAPickupStore(id) }
        }
        return ResolvedOrder(index: -1, order: order, skus: skus)
    }
}
