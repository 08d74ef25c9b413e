import OmniRouteModel

/// Stock and picking capacity left while orders are routed one after another.
/// Starts from the scenario's available to promise and each node's capacity; a
/// live store keeps it exact with `setAvailable`, `setCapacityLeft` and `release`.
public struct InventoryLedger: Sendable {
    public let network: Network
    /// For each sku, the nodes that hold (or held) some, in node order.
    private var holders: [[Int]]
    /// Units left, parallel to `holders[sku]`.
    private var stock: [[Int]]
    /// Units each node can still pick (`Int.max` when unlimited).
    public private(set) var capacityLeft: [Int]

    public init(network: Network) {
        self.network = network
        holders = network.holders
        stock = network.holders.enumerated().map { sku, nodes in nodes.map { network.atp(node: $0, sku: sku) } }
        capacityLeft = network.nodes.map { $0.capacityUnits ?? Int.max }
    }

    /// The nodes holding `sku` and what each has left, in node order (entries may be 0).
    @inline(__always)
    public func holdings(sku: Int) -> (nodes: [Int], units: [Int]) { (holders[sku], stock[sku]) }

    /// Units of `sku` left at `node`.
    public func available(node: Int, sku: Int) -> Int {
        guard let slot = slot(node: node, sku: sku) else { return 0 }
        return stock[sku][slot]
    }

    private func slot(node: Int, sku: Int) -> Int? {
        let s = insertionPoint(node: node, sku: sku)
        return s < holders[sku].count && holders[sku][s] == node ? s : nil
    }

    private func insertionPoint(node: Int, sku: Int) -> Int {
        let nodes = holders[sku]
        var lo = 0
        var hi = nodes.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if nodes[mid] < node { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// Sets the units of `sku` left at `node` (a node new to the sku becomes a holder).
    public mutating func setAvailable(node: Int, sku: Int, units: Int) {
        precondition(units >= 0, "available units cannot be negative")
        let s = insertionPoint(node: node, sku: sku)
        if s < holders[sku].count && holders[sku][s] == node {
            stock[sku][s] = units
        } else if units > 0 {
            holders[sku].insert(node, at: s)
            stock[sku].insert(units, at: s)
        }
    }

    /// Sets the units `node` can still pick (`Int.max`: unlimited).
    public mutating func setCapacityLeft(node: Int, units: Int) { capacityLeft[node] = max(0, units) }

    /// Whether the route of scenario order `route.order` fits in what is left.
    public func canApply(_ route: OrderRoute) -> Bool { canApply(route, skus: network.orderSKUs[route.order]) }

    /// Whether a route whose lines are skus `skus` fits in what is left.
    public func canApply(_ route: OrderRoute, skus: [Int]) -> Bool {
        for leg in route.legs {
            if leg.units > capacityLeft[leg.tariff.source] { return false }
            for (i, q) in leg.quantities.enumerated() where q > 0 {
                if available(node: leg.tariff.source, sku: skus[i]) < q { return false }
            }
        }
        return true
    }

    /// Gives back what the route of scenario order `route.order` took (it must have been applied).
    public mutating func release(_ route: OrderRoute) {
        let skus = network.orderSKUs[route.order]
        for leg in route.legs {
            let node = leg.tariff.source
            if capacityLeft[node] != Int.max { capacityLeft[node] += leg.units }
            for (i, q) in leg.quantities.enumerated() where q > 0 {
                guard let s = slot(node: node, sku: skus[i]) else {
                    preconditionFailure("route returns stock a node does not hold")
                }
                stock[skus[i]][s] += q
            }
        }
    }

    /// Takes the route of scenario order `route.order` out of stock and capacity. The route must fit.
    public mutating func apply(_ route: OrderRoute) { apply(route, skus: network.orderSKUs[route.order]) }

    /// Takes a route whose lines are skus `skus` out of stock and capacity. The route must fit (`canApply`).
    public mutating func apply(_ route: OrderRoute, skus: [Int]) {
        for leg in route.legs {
            let node = leg.tariff.source
            if capacityLeft[node] != Int.max { capacityLeft[node] -= leg.units }
            for (i, q) in leg.quantities.enumerated() where q > 0 {
                guard let s = slot(node: node, sku: skus[i]) else {
                    preconditionFailure("route takes stock a node does not hold")
                }
                stock[skus[i]][s] -= q
                precondition(
                    stock[skus[i]][s] >= 0, "route oversells \(network.skus[skus[i]].id) at \(network.nodes[node].id)")
            }
        }
    }
}
