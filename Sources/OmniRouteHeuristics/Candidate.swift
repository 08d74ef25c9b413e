import OmniRouteModel

/// A node that could be a source for an order: what it holds of each line, the
/// capacity it has left and every way it can send (its tariffs).
public struct Candidate: Sendable {
    public var node: Int
    /// Units available of each order line (by line index).
    public var available: [Int]
    public var capacityLeft: Int
    public var tariffs: [LegTariff]

    /// The day its legs ship on (every tariff of a candidate ships on the same day).
    public var shipsOn: Int { tariffs.first?.shipsOn ?? 0 }
}

/// Why a node is not a candidate for an order.
public enum CandidateExclusion: Sendable, Hashable, CustomStringConvertible {
    case capacityUsedUp
    case ineligible(SourceExclusion)
    /// The caller ruled it out (it rejected these units, say).
    case excludedByCaller

    public var description: String {
        switch self {
        case .capacityUsedUp: "picking capacity used up"
        case .ineligible(let e): e.description
        case .excludedByCaller: "excluded by the request"
        }
    }
}

extension InventoryLedger {
    /// Every node holding stock of a line of `order` that can send to its customer,
    /// with what it holds; `excluded` receives nodes that hold stock but cannot serve.
    public func candidates(order index: Int, excluded: ((Int, CandidateExclusion) -> Void)? = nil) -> [Candidate] {
        candidates(network.resolved(index), excluded: excluded)
    }

    /// Every candidate source of `resolved` (see `candidates(order:excluded:)`).
    public func candidates(
        _ resolved: ResolvedOrder, limits: RouteLimits = .none,
        excluded: ((Int, CandidateExclusion) -> Void)? = nil
    ) -> [Candidate] {
        var table = CandidateTable()
        collect(resolved, limits: limits, into: &table, excluded: excluded)
        return (0..<table.count).map { c in
            Candidate(
                node: table.nodes[c], available: (0..<table.lineCount).map { table.available(c, $0) },
                capacityLeft: table.capacity[c], tariffs: Array(table.tariffs[table.tariffRange(c)]))
        }
    }
}
