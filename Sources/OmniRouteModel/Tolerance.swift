/// The tolerances of the floating-point comparisons the engines make, named for what
/// they compare. Costs are in the network's currency; units may be fractional in an
/// LP solution.
public enum Tolerance {
    /// Two costs closer than this are the same: a route replaces another only if it is
    /// cheaper by more.
    public static let cost = 1e-9
    /// A tie-break score closer than this to another is the same.
    public static let score = 1e-12
    /// Units (of stock, of capacity, an LP value) below this are none.
    public static let units = 1e-9
    /// A column enters the master LP only if its reduced cost is below minus this.
    public static let reducedCost = 1e-7
    /// A value within this of a whole number is whole; an LP bound that moved by less
    /// than this (relative to its size) has not moved; an improvement of a
    /// neighbourhood smaller than this is none.
    public static let integrality = 1e-6
}
