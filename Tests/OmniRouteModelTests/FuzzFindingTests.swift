import OmniRouteFormat
import OmniRouteModel
import Testing

/// Inputs the fuzzers of `Fuzz/` (docs/fuzzing.md) found to crash or hang, kept so that they never do again.
@Suite("Fuzz findings")
struct FuzzFindingTests {
    /// A plan of `CostFixture` with one leg of O-1 carrying `sent` units of SKU-A and `unfulfilled` more left over.
    static func plan(sent: Int, unfulfilled: Int) throws -> Document {
        let zero = #"{"pick": 0, "handling": 0, "shipping": 0, "transfer": 0, "total": 0}"#
        let orderCost = #"{"legs": 0, "split_penalty": 0, "late_penalty": 0, "unfulfilled": 0, "total": 0}"#
        return try JSONParser.parse(
            """
            {"format": "omniroute.plan/1", "scenario": "cost-fixture", "strategy": "fuzz",
             "orders": [{"order": "O-1",
               "legs": [{"type": "ship_from_store", "from": "S-BOS", "service": "ground",
                         "lines": [{"sku": "SKU-A", "qty": \(sent)}], "eta": "2026-11-24", "cost": \(zero)}],
               "unfulfilled": [{"sku": "SKU-A", "qty": \(unfulfilled)}, {"sku": "SKU-B", "qty": 1}],
               "eta": "2026-11-24", "late_days": 0, "cost": \(orderCost)}],
             "summary": {"total_cost": 0, "orders": 1, "legs": 1, "units": 0, "split_orders": 0, "late_orders": 0,
                         "unfulfilled_units": 0}}
            """)
    }

    @Test("the plan checker refuses quantities past Limits.units instead of overflowing (FuzzPlan)")
    func planCheckerQuantityOverflow() throws {
        let checker = PlanChecker(network: Network(CostFixture.scenario()))
        // `omniroute validate` checks any document: sent + unfulfilled was Int.max + Int.max, a trap.
        let report = try checker.check(try Self.plan(sent: Int.max, unfulfilled: Int.max))
        #expect(report.errors.contains { $0.contains("qty \(Int.max) must be a whole number from 1 to 1000000000") })
        #expect(report.errors.contains { $0.contains("qty \(Int.max) must be a whole number from 0 to 1000000000") })
        #expect(!report.feasible)

        let bounded = try checker.check(try Self.plan(sent: Limits.units, unfulfilled: Limits.units))
        #expect(!bounded.errors.contains { $0.contains("must be a whole number") })
        #expect(bounded.errors.contains { $0.contains("ordered") })  // 2 × 10⁹ units of an order for 2
    }

    @Test("YAML aliases of aliases cannot expand a small document without bound (FuzzYAML)")
    func yamlAliasExpansion() throws {
        // Ten aliases of ten aliases, eight deep: 10⁸ values from 400 bytes (it hung the reader).
        var text = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
        for (previous, name) in zip("abcdefg", "bcdefgh") {
            text += "\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 10).joined(separator: ", ") + "]\n"
        }
        #expect {
            try YAMLReader.parse(text)
        } throws: { error in
            (error as? YAMLReader.Failure)?.message.contains("too many values") == true
        }
        // Anchors and aliases used as meant still work.
        let doc = try YAMLReader.parse("base: &b {lat: 40.5, lon: -74.4}\nat: *b\nlist: [*b, *b]\n")
        let point: Document = .object([("lat", .double(40.5)), ("lon", .double(-74.4))])
        #expect(doc == .object([("base", point), ("at", point), ("list", .array([point, point]))]))
    }

    @Test("keys built of aliases of aliases are refused before Yams hashes them (FuzzYAML: they hung its key check)")
    func yamlAliasKey() throws {
        var text = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
        for (previous, name) in zip("abcdefg", "bcdefgh") {
            text += "\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 10).joined(separator: ", ") + "]\n"
        }
        // Scalar, flow and block keys, and anchors redefined under a duplicate key before a malformed line.
        let keys = [
            "z: {*h: 1}\n", "z: [*g, *g: *g]\n", "? *h\n: 1\n", "*h : 1\n", "[*h]: 1\n", "? - *h\n  - *h\n: 1\n",
            "z: {[*g, *g]: 1, [*g]: 2}\n", "c: &c [*h, *h]\nc: &c [*c, *c]\n[*c]: ]\n",
        ]
        for key in keys {
            #expect {
                try YAMLReader.parse(text + key)
            } throws: { error in
                (error as? YAMLReader.Failure)?.message.contains("too many values") == true
            }
        }
        // Quoted or commented, a star is text; an alias as a value, or as a key of a small anchor, is fine.
        let doc = try YAMLReader.parse("a: &a 1\nb: *a\nc: 'x *a: y'\nd: \"*a: z\"  # *a: w\nk: &k name\nm: {*k : 1}\n")
        #expect(doc["b"] == .int(1) && doc["c"] == .string("x *a: y") && doc["d"] == .string("*a: z"))
        #expect(doc["m"] == .object([("name", .int(1))]))
    }

    @Test("service bands that JSON text would make equal are refused, so a written scenario reads back (FuzzScenario)")
    func bandsCloserThanWrittenDigits() throws {
        func scenario(_ first: Double, _ second: Double) -> Scenario {
            var s = CostFixture.scenario()
            s.services[0].bands[0].maxKm = first
            s.services[0].bands[1].maxKm = second
            return s
        }
        // 17 significant digits apart only: both are written as 241, which no longer increases.
        let close = scenario(241.00000000000003, 241.00000000000006)
        #expect(throws: DocumentError.self) { try Scenario(document: close.document) }
        for (first, second) in [(241.0, 241.00000000001), (0.0, .leastNonzeroMagnitude), (240.0, 800.0)] {
            let written = JSONWriter.write(scenario(first, second).document)
            let read = try Scenario(document: try JSONParser.parse(written))
            #expect(read.services[0].bands[1].maxKm! > read.services[0].bands[0].maxKm!)
        }
    }
}
