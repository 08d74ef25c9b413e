/// What a re-plan must keep of the route an order was promised: at least as many
/// units of each line, arriving no later. A route that keeps it may still move the
/// units to other sources.
public struct Promise: Sendable, Hashable {
    /// Units of each order line (by line index) that must still be sent.
    public var units: [Int]
    /// The latest arrival, in days from today; nil when nothing was to arrive.
    public var etaDays: Int?

    public init(units: [Int], etaDays: Int?) {
        self.units = units
        self.etaDays = etaDays
    }

    /// The promise `route` makes for an order of `lines` lines.
    public init(keeping route: OrderRoute, lines: Int) {
        var units = [Int](repeating: 0, count: lines)
        for leg in route.legs { for (l, q) in leg.quantities.enumerated() where l < lines { units[l] += q } }
        self.init(units: units, etaDays: route.legs.map(\.tariff.etaDays).max())
    }

    /// Whether a leg by `tariff` arrives in time.
    public func allows(_ tariff: LegTariff) -> Bool { etaDays.map { tariff.etaDays <= $0 } ?? true }

    /// Whether `route` keeps the promise.
    public func isKept(by route: OrderRoute) -> Bool {
        guard route.legs.allSatisfy({ allows($0.tariff) }) else { return false }
        var sent = [Int](repeating: 0, count: units.count)
        for leg in route.legs { for (l, q) in leg.quantities.enumerated() where l < sent.count { sent[l] += q } }
        return zip(sent, units).allSatisfy { $0 >= $1 }
    }
}
