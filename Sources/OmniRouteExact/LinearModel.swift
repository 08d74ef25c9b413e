/// A mixed-integer linear model to minimize, built column by column and row by row.
/// Pure Swift: any solver can read it; `GLPK` solves and exports it.
public struct LinearModel: Sendable {
    public enum Kind: Int32, Sendable {
        case continuous = 0
        case integer = 1
        case binary = 2
    }

    public var name: String
    /// Keep row and column names (for readable exports); off for speed when solving.
    public let recordsNames: Bool
    public var objectiveConstant = 0.0

    public private(set) var columnLower: [Double] = []
    public private(set) var columnUpper: [Double] = []
    public private(set) var columnCost: [Double] = []
    public private(set) var columnKind: [Kind] = []
    public private(set) var columnNames: [String] = []
    public private(set) var rowLower: [Double] = []
    public private(set) var rowUpper: [Double] = []
    public private(set) var rowNames: [String] = []
    public private(set) var entryRow: [Int32] = []
    public private(set) var entryColumn: [Int32] = []
    public private(set) var entryValue: [Double] = []

    public init(name: String, recordsNames: Bool = false) {
        self.name = name
        self.recordsNames = recordsNames
    }

    public var columnCount: Int { columnCost.count }
    public var rowCount: Int { rowLower.count }
    public var entryCount: Int { entryValue.count }

    /// Adds a column and returns its index.
    @discardableResult
    public mutating func addColumn(
        _ name: @autoclosure () -> String, lower: Double = 0, upper: Double = .infinity,
        cost: Double, kind: Kind = .continuous
    ) -> Int {
        columnLower.append(kind == .binary ? max(0, lower) : lower)
        columnUpper.append(kind == .binary ? min(1, upper) : upper)
        columnCost.append(cost)
        columnKind.append(kind)
        if recordsNames { columnNames.append(name()) }
        return columnCost.count - 1
    }

    /// Adds a row `lower ≤ Σ coefficient × column ≤ upper` and returns its index.
    @discardableResult
    public mutating func addRow(
        _ name: @autoclosure () -> String, lower: Double = -.infinity, upper: Double = .infinity,
        terms: [(column: Int, coefficient: Double)]
    ) -> Int {
        let row = Int32(rowLower.count)
        rowLower.append(lower)
        rowUpper.append(upper)
        if recordsNames { rowNames.append(name()) }
        for t in terms where t.coefficient != 0 {
            entryRow.append(row)
            entryColumn.append(Int32(t.column))
            entryValue.append(t.coefficient)
        }
        return Int(row)
    }

    /// A problem that would make a solver misbehave (GLPK aborts on some), or nil.
    public func defect() -> String? {
        for j in 0..<columnCount {
            if columnLower[j].isNaN || columnUpper[j].isNaN || columnLower[j] > columnUpper[j]
                || columnLower[j] == .infinity
                || columnUpper[j] == -.infinity
            {
                return "column \(j): bounds [\(columnLower[j]), \(columnUpper[j])]"
            }
            if !columnCost[j].isFinite { return "column \(j): cost \(columnCost[j])" }
        }
        for i in 0..<rowCount where rowLower[i].isNaN || rowUpper[i].isNaN || rowLower[i] > rowUpper[i] {
            return "row \(i): bounds [\(rowLower[i]), \(rowUpper[i])]"
        }
        var seen = Set<Int>()
        for k in 0..<entryCount {
            let i = Int(entryRow[k])
            let j = Int(entryColumn[k])
            guard i >= 0, i < rowCount, j >= 0, j < columnCount else { return "entry \(k): (\(i), \(j)) out of range" }
            guard entryValue[k].isFinite else { return "entry \(k): value \(entryValue[k])" }
            guard seen.insert(i &* columnCount &+ j).inserted else { return "entry \(k): (\(i), \(j)) given twice" }
        }
        if recordsNames {
            for n in columnNames + rowNames where n.isEmpty || n.utf8.count > 255 || n.contains(" ") {
                return "name \"\(n)\" is not a valid LP name"
            }
        }
        return nil
    }

    /// The objective value of `x`.
    public func objective(_ x: [Double]) -> Double {
        var z = objectiveConstant
        for j in 0..<columnCount { z += columnCost[j] * x[j] }
        return z
    }

    /// The first constraint, bound or integrality `x` violates beyond `tolerance`, or nil if it is feasible.
    public func violation(_ x: [Double], tolerance: Double = 1e-6) -> String? {
        guard x.count == columnCount else { return "vector has \(x.count) values for \(columnCount) columns" }
        for j in 0..<columnCount {
            if x[j] < columnLower[j] - tolerance || x[j] > columnUpper[j] + tolerance {
                return "column \(j) = \(x[j]) out of bounds"
            }
            if columnKind[j] != .continuous, abs(x[j] - x[j].rounded()) > tolerance {
                return "column \(j) = \(x[j]) not integral"
            }
        }
        var activity = [Double](repeating: 0, count: rowCount)
        for k in 0..<entryCount { activity[Int(entryRow[k])] += entryValue[k] * x[Int(entryColumn[k])] }
        for i in 0..<rowCount where activity[i] < rowLower[i] - tolerance || activity[i] > rowUpper[i] + tolerance {
            return
                "row \(recordsNames ? rowNames[i] : String(i)): activity \(activity[i]) outside [\(rowLower[i]), "
                + "\(rowUpper[i])]"
        }
        return nil
    }
}
