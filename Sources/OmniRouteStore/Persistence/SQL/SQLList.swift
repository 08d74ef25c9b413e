/// The condition of a statement narrowed to a list of values, written once for every statement
/// that takes one (`CapacityUse`, the stock book's reads of the nodes that changed).
enum SQLList {
    /// ` AND column IN (?, …)` for `values` (their arguments follow the statement's others), false
    /// for none, or nothing for all.
    static func among(_ values: [String]?, _ column: String) -> String {
        guard let values else { return "" }
        guard !values.isEmpty else { return " AND FALSE" }
        return " AND \(column) IN (\(values.map { _ in "?" }.joined(separator: ", ")))"
    }
}
