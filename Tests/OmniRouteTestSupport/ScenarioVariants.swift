import OmniRouteModel

/// Variants of a scenario for degenerate-input tests.
extension Scenario {
    /// Every node can pick at most `units` (0: nothing).
    public func withCapacity(_ units: Int) -> Scenario {
        var s = self
        s.nodes = nodes.map { n in
            var m = n
            m.capacityUnits = units
            return m
        }
        return s
    }

    /// Every inventory row keeps its place but holds nothing to promise: `onHand`
    /// units, of which `reserved` are reserved and the rest safety stock.
    public func withNothingToPromise(onHand: Int, reserved: Int) -> Scenario {
        var s = self
        s.inventory = inventory.map { row in
            var r = row
            r.onHand = onHand
            r.reserved = reserved
            r.safetyStock = onHand - reserved
            return r
        }
        return s
    }
}
