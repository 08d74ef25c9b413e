import OmniRouteFormat
import OmniRouteModel

/// The fixed scenario (`FixedScenario.json`) decoded once, and its network.
public enum Fixture {
    public static let scenario: Scenario = {
        do {
            return try Scenario(document: JSONParser.parse(FixedScenario.json))
        } catch {
            fatalError("the fixed scenario of the fuzzers does not decode: \(error)")
        }
    }()

    public static let network = Network(scenario)
}
