import OmniRouteModel

/// Stock and picking capacity left while orders are routed one after another.
/// Starts from the scenario's available to promise and each node's capacity.
public struct InventoryLedger: Sendable {
    public let network: Network
    /// Units left, parallel to `network.holders[sku]`.
    private var stock: [[Int]]
    /// Units each node can still pick (`Int.max` when unlimited).
    public private(set) var capacityLeft: [Int]

    public init(network: Network) {
        self.network = network
        stock = network.holders.enumerated().map { sku, nodes in nodes.map { network.atp(node: $0, sku: sku) } }
        capacityLeft = network.nodes.map { $0.capacityUnits ?? Int.max }
    }

    /// The nodes holding `sku` and what each has left, in node order.
    @inline(__always)
    public func holdings(sku: Int) -> (nodes: [Int], units: [Int]) { (network.holders[sku], stock[sku]) }

    /// Units of `sku` left at `node`.
    public func available(node: Int, sku: Int) -> Int {
        guard let slot = slot(node: node, sku: sku) else { return 0 }
        return stock[sku][slot]
    }

    private func slot(node: Int, sku: Int) -> Int? {
        let nodes = network.holders[sku]
        var lo = 0, hi = nodes.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if nodes[mid] < node { lo = mid + 1 } else { hi = mid }
        }
        return lo < nodes.count && nodes[lo] == node ? lo : nil
    }

    /// Whether the route fits in what is left.
    public func canApply(_ route: OrderRoute) -> Bool {
        let skus = network.orderSKUs[route.order]
        for leg in route.legs {
            if leg.units > capacityLeft[leg.tariff.source] { return false }
            for (i, q) in leg.quantities.enumerated() where q > 0 {
                if available(node: leg.tariff.source, sku: skus[i]) < q { return false }
            }
        }
        return true
    }

    /// Takes the route's units out of stock and capacity. The route must fit (`canApply`).
    public mutating func apply(_ route: OrderRoute) {
        let skus = network.orderSKUs[route.order]
        for leg in route.legs {
            let node = leg.tariff.source
            if capacityLeft[node] != Int.max { capacityLeft[node] -= leg.units }
            for (i, q) in leg.quantities.enumerated() where q > 0 {
                guard let s = slot(node: node, sku: skus[i]) else { preconditionFailure("route takes stock a node does not hold") }
                stock[skus[i]][s] -= q
                precondition(stock[skus[i]][s] >= 0, "route oversells \(network.skus[skus[i]].id) at \(network.nodes[node].id)")
            }
        }
    }
}
