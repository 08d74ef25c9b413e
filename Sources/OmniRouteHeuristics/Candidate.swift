import OmniRouteModel

/// A node that could be a source for an order: what it holds of each line, the
/// capacity it has left and every way it can send (its tariffs).
public struct Candidate: Sendable {
    public var node: Int
    /// Units available of each order line (by line index).
    public var available: [Int]
    public var capacityLeft: Int
    public var tariffs: [LegTariff]
}

/// Why a node is not a candidate for an order.
public enum CandidateExclusion: Sendable, Hashable, CustomStringConvertible {
    case noStock
    case capacityUsedUp
    case ineligible(SourceExclusion)

    public var description: String {
        switch self {
        case .noStock: "no stock of any sku of the order"
        case .capacityUsedUp: "picking capacity used up"
        case .ineligible(let e): e.description
        }
    }
}

extension InventoryLedger {
    /// Every node holding stock of a line of `order` that can send to its customer,
    /// with what it holds; `excluded` receives nodes that hold stock but cannot serve.
    public func candidates(order index: Int, excluded: ((Int, CandidateExclusion) -> Void)? = nil) -> [Candidate] {
        let order = network.orders[index]
        let skus = network.orderSKUs[index]
        var position: [Int: Int] = [:]
        var out: [Candidate] = []
        for (line, sku) in skus.enumerated() {
            let (nodes, units) = holdings(sku: sku)
            for (k, node) in nodes.enumerated() where units[k] > 0 {
                if let p = position[node] {
                    if p >= 0 { out[p].available[line] = units[k] }
                    continue
                }
                guard capacityLeft[node] > 0 else {
                    position[node] = -1
                    excluded?(node, .capacityUsedUp)
                    continue
                }
                switch network.tariffs(order: order, source: node) {
                case .failure(let reason):
                    position[node] = -1
                    excluded?(node, .ineligible(reason))
                case .success(let tariffs):
                    position[node] = out.count
                    var available = [Int](repeating: 0, count: skus.count)
                    available[line] = units[k]
                    out.append(Candidate(node: node, available: available, capacityLeft: capacityLeft[node], tariffs: tariffs))
                }
            }
        }
        return out
    }
}
