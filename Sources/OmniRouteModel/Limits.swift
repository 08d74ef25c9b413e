/// The largest numbers OmniRoute accepts from outside: in scenarios, plans, what-if
/// variants and every request body. The decoders refuse anything beyond them with
/// the field's path, so that no sum, product or date computed from accepted values
/// can overflow (Swift traps on integer overflow) and what is stored can always be
/// read back. The OpenAPI document states the same bounds as `maximum`.
public enum Limits {
    /// Units of stock, order quantities, capacities and stock deltas: a billion. A sum
    /// over every position of a network (10⁴ nodes × 10⁶ skus) stays below 2⁶³.
    public static let units = 1_000_000_000
    /// Days ahead: lead and transit times, `due_within_days`: ten years.
    public static let days = 3_650
    /// `policy.horizon_days`: a year, the span FORMAT.md looks for a node's open days in.
    public static let horizonDays = 366
    /// Money, distances and every other real number of a scenario or a request, in
    /// magnitude.
    public static let amount = 1e9
    /// The figures of a plan document (costs summed over all its orders), in magnitude.
    public static let planAmount = 1e15
    /// What-if scaling factors (demand, stock, rates).
    public static let factor = 1_000.0
}
