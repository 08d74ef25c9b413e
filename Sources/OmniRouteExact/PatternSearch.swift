import OmniRouteHeuristics
import OmniRouteModel

/// The state of a large-neighbourhood search over column generation's integer master:
/// one pattern (route) chosen per order, within the supply of the scarce rows.
///
/// GLPK finds no incumbent of its own on these set-packing masters (thousands of orders
/// over rows of supply 1 to 5) in a minute, but solves one of a few hundred orders in
/// a fraction of a second. So a search step frees a neighbourhood of orders that compete
/// for the same rows, fixes every other order to its pattern, and lets GLPK choose again
/// on what the fixed orders leave (`NeighbourhoodSearch` drives it). This type keeps
/// the choice and the rows' load, picks neighbourhoods, and builds the master restricted
/// to one.
struct PatternSearch {
    /// Each order's patterns: cost and usage of the scarce rows (row, units).
    private(set) var costs: [[Double]]
    private(set) var usage: [[[(row: Int, units: Double)]]]
    let supply: [Double]
    /// The orders that have a pattern using each row.
    private let users: [[Int]]
    /// The rows any route of each order could use.
    private let rowsOf: [Set<Int>]
    private(set) var choice: [Int]
    private var load: [Double]
    private(set) var cost: Double
    /// The last master LP's duals (convexity rows, scarce rows ≤ 0), if any: they say
    /// where a plan loses against the LP (see `gapToLP`).
    private let sigma: [Double]?
    private let pi: [Double]?
    private var random = SeededRandom(seed: 0x5EA5C4)

    /// What a search did.
    struct Report {
        var neighbourhoods = 0
        var improvements = 0
        var proven = 0
        /// Improving answers that no longer fit what the other worker changed meanwhile.
        var dropped = 0
        /// What the answers kept saved, by kind of neighbourhood.
        var patternGain = 0.0
        var compactGain = 0.0
        /// `gapToLP()` before and after.
        var gapBefore: (reducedCosts: Double, idleSupply: Double)?
        var gapAfter: (reducedCosts: Double, idleSupply: Double)?
    }

    /// `start` is a feasible choice (one pattern index per order); `rows[k]` every row
    /// a route of order k could use (a superset of its patterns' rows).
    init(
        costs: [[Double]], usage: [[[(row: Int, units: Double)]]], rows: [[Int]], supply: [Double], start: [Int],
        duals: (sigma: [Double], pi: [Double])? = nil
    ) {
        self.costs = costs
        sigma = duals?.sigma
        pi = duals?.pi
        self.usage = usage
        self.supply = supply
        rowsOf = rows.map(Set.init)
        var users = supply.map { _ in [Int]() }
        for (k, rows) in rowsOf.enumerated() { for row in rows { users[row].append(k) } }
        self.users = users
        choice = start
        load = supply.map { _ in 0 }
        cost = 0
        for (k, p) in start.enumerated() {
            cost += costs[k][p]
            for entry in usage[k][p] { load[entry.row] += entry.units }
        }
    }

    /// The size of the next neighbourhood of a kind: a fifth larger after one GLPK proved
    /// within 0.1 s, a fifth smaller after one it needed more than 0.3 s for or did not prove.
    static func nextSize(_ size: Int, proven: Bool, seconds: Double, range: ClosedRange<Int>) -> Int {
        let next = proven && seconds < 0.1 ? size + max(2, size / 5) : !proven || seconds > 0.3 ? size * 4 / 5 : size
        return min(range.upperBound, max(range.lowerBound, next))
    }

    /// Adds a pattern of the k-th order; returns its index.
    mutating func add(_ k: Int, cost: Double, usage rows: [(row: Int, units: Double)]) -> Int {
        costs[k].append(cost)
        usage[k].append(rows)
        return costs[k].count - 1
    }

    /// Moves the k-th order to its pattern `p` (the caller keeps the rows within supply).
    mutating func move(_ k: Int, to p: Int) {
        guard p != choice[k] else { return }
        for entry in usage[k][choice[k]] { load[entry.row] -= entry.units }
        for entry in usage[k][p] { load[entry.row] += entry.units }
        cost += costs[k][p] - costs[k][choice[k]]
        choice[k] = p
    }

    /// The k-th order's reduced cost at the LP's duals: what its pattern costs beyond
    /// what the LP pays for that order and the rows it uses (≥ 0 once column generation
    /// has converged).
    func reducedCost(_ k: Int) -> Double {
        guard let sigma, let pi else { return 0 }
        return costs[k][choice[k]] - sigma[k] - usage[k][choice[k]].reduce(0.0) { $0 + pi[$1.row] * $1.units }
    }

    /// How the plan's cost exceeds the LP's dual objective: Σ of the orders' reduced
    /// costs plus the priced supply the plan leaves idle (Σ −π × slack). Nil without duals.
    func gapToLP() -> (reducedCosts: Double, idleSupply: Double)? {
        guard let pi else { return nil }
        let reduced = costs.indices.reduce(0.0) { $0 + reducedCost($1) }
        let idle = pi.indices.reduce(0.0) { $0 - pi[$1] * max(0, supply[$1] - load[$1]) }
        return (reduced, idle)
    }

    /// The index at `fraction` (in [0, 1)) of the total of `weight`: a draw with
    /// probability proportional to it for a uniform `fraction` (nil when all are 0).
    private func draw(_ count: Int, at fraction: Double, weight: (Int) -> Double) -> Int? {
        var total = 0.0
        for i in 0..<count { total += max(0, weight(i)) }
        guard total > 1e-9 else { return nil }
        var target = fraction * total
        for i in 0..<count {
            target -= max(0, weight(i))
            if target < 0 { return i }
        }
        return nil
    }

    /// A seed for the next neighbourhood, not in `avoiding`. With the LP's duals, mostly
    /// where the plan loses against the LP: an order drawn by its reduced cost, or a user
    /// of a row drawn by the priced supply it leaves idle; otherwise an order paying more
    /// than its cheapest pattern; else any.
    private mutating func seed(avoiding: Set<Int>) -> Int? {
        let count = costs.count
        let u = random.unit()
        if let pi, u < 0.75 {
            let fraction = random.unit()
            if u < 0.5, let k = draw(count, at: fraction, weight: { avoiding.contains($0) ? 0 : reducedCost($0) }) {
                return k
            }
            if let row = draw(pi.count, at: fraction, weight: { -pi[$0] * max(0, supply[$0] - load[$0]) }) {
                let open = users[row].filter { !avoiding.contains($0) }
                if !open.isEmpty { return open[random.below(open.count)] }
            }
        }
        var seed: Int?
        for attempt in 0..<40 {
            let k = random.below(count)
            guard !avoiding.contains(k) else { continue }
            if seed == nil { seed = k }
            if attempt < 20, costs[k][choice[k]] > (costs[k].min() ?? 0) + 1e-9 { return k }
        }
        return seed
    }

    /// Up to `size` orders that compete for rows with a seed order (`seed(avoiding:)`),
    /// by a breadth-first walk over shared rows (binding rows first), none of them in `avoiding`.
    mutating func neighbourhood(size: Int, avoiding: Set<Int> = []) -> [Int] {
        func allowed(_ k: Int) -> Bool { !avoiding.contains(k) }
        guard let seed = seed(avoiding: avoiding) else { return [] }
        var chosen = [seed]
        var seen: Set<Int> = [seed]
        var cursor = 0
        while chosen.count < size, cursor < chosen.count {
            let k = chosen[cursor]
            cursor += 1
            let ordered = rowsOf[k].sorted { (supply[$0] - load[$0], $0) < (supply[$1] - load[$1], $1) }
            for row in ordered {
                var candidates = users[row].filter { !seen.contains($0) && allowed($0) }
                for i in candidates.indices.reversed() where i > 0 { candidates.swapAt(i, random.below(i + 1)) }
                for u in candidates.prefix(size - chosen.count) {
                    seen.insert(u)
                    chosen.append(u)
                }
                if chosen.count >= size { break }
            }
        }
        return chosen
    }

    /// Whether moving each order k to pattern p keeps every row within its supply.
    func fits(_ moves: [(k: Int, p: Int)]) -> Bool {
        var delta: [Int: Double] = [:]
        for (k, p) in moves where p != choice[k] {
            for entry in usage[k][choice[k]] { delta[entry.row, default: 0] -= entry.units }
            for entry in usage[k][p] { delta[entry.row, default: 0] += entry.units }
        }
        return delta.allSatisfy { row, d in d <= 0 || load[row] + d <= supply[row] + 1e-9 }
    }

    /// What the rows have left once every order outside `free` keeps its pattern.
    func residual(freeing free: [Int]) -> [Double] {
        var residual = zip(supply, load).map { $0 - $1 }
        for k in free { for entry in usage[k][choice[k]] { residual[entry.row] += entry.units } }
        return residual
    }

    /// The master restricted to `free` (every other order fixed): a binary per usable
    /// pattern, one pattern per order, the rows' residual supply; with the current
    /// choice as a warm start and the (order, pattern) of each column.
    func restrictedMaster(_ free: [Int]) -> (model: LinearModel, columns: [(k: Int, p: Int)], warm: [Double]) {
        let residual = residual(freeing: free)
        var m = LinearModel(name: "neighbourhood")
        var columns: [(k: Int, p: Int)] = []
        var warm: [Double] = []
        var rowTerms: [Int: [(column: Int, coefficient: Double)]] = [:]
        for k in free {
            var terms: [(column: Int, coefficient: Double)] = []
            for (p, pattern) in usage[k].enumerated() {
                // A pattern that needs more than the fixed orders leave can never be chosen.
                guard p == choice[k] || pattern.allSatisfy({ $0.units <= residual[$0.row] + 1e-9 }) else { continue }
                let z = m.addColumn("z", upper: 1, cost: costs[k][p], kind: .binary)
                columns.append((k, p))
                warm.append(p == choice[k] ? 1 : 0)
                terms.append((z, 1))
                for entry in pattern { rowTerms[entry.row, default: []].append((z, entry.units)) }
            }
            m.addRow("one", lower: 1, upper: 1, terms: terms)
        }
        for row in rowTerms.keys.sorted() { m.addRow("scarce", upper: max(0, residual[row]), terms: rowTerms[row]!) }
        return (m, columns, warm)
    }
}
