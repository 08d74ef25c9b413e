import OmniRouteFormat
import OmniRouteModel
import Testing

/// What the scenario decoder makes of values only YAML can write (the YAML reader's own
/// tests are in OmniRouteFormatTests).
@Suite("YAML scenarios")
struct YAMLScenarioTests {
    @Test("an infinite YAML real is refused by the scenario decoder")
    func infiniteReal() throws {
        let yaml = tinyScenarioYAML.replacingOccurrences(
            of: "{id: SKU-3, weight_kg: 12, price: 149.5}",
            with: "{id: SKU-3, weight_kg: 12, price: .inf}")
        let issues = decodingIssues(try YAMLReader.parse(yaml))
        // (Issues that follow from SKU-3 being dropped are covered by ScenarioDecodingTests.)
        #expect(issues.first?.description == "skus[2].price: must be a finite number", "\(issues)")
    }
}
