import OmniRouteModel

/// What a stock feed changed: the positions it touched, as they now stand, the
/// orders whose held units had to move because a count came in below them, and the
/// orders whose unfulfilled units the new stock could send.
public struct StockChange: Sendable {
    public var positions: [StockLevel]
    /// Orders re-sourced (planned ones before release, released legs not yet picked).
    public var resourced: [String]
    /// Open orders whose unfulfilled units got legs on stock the feed added.
    public var filled: [String] = []
}
