import ArgumentParser
import OmniRouteFormat
import OmniRouteHeuristics
import OmniRouteModel

extension Strategy: ExpressibleByArgument {}

/// `omniroute plan`: route every order of a scenario.
struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Route every order of a scenario and write the plan (JSON on stdout unless -o).",
        discussion: """
            greedy: the checkout heuristic (orders in placed_at order, each weighed on the exact cost model).
            nearest: Magento MSI's distance-ordered source selection, as a baseline.
            """
    )

    @Option(name: .long, help: "greedy | nearest")
    var strategy: Strategy = .greedy

    @Option(name: [.short, .customLong("output")], help: "Write the plan here instead of stdout.")
    var output: String?

    @Flag(help: "Indent the JSON.")
    var pretty = false

    @Argument(help: "Scenario file (.json, .yaml or .yml).")
    var scenario: String

    func run() throws {
        let scenario = try Inputs.scenario(scenario)
        let network = Network(scenario)
        let plan = OnlinePlanner(network: network).plan(strategy.router(network))
        try Inputs.write(JSONWriter.write(plan.document, pretty: pretty), to: output)
        if let output {
            let s = plan.summary
            Inputs.note("wrote \(output): \(s.orders) orders, \(s.legs) legs, total cost \(Format.money(s.totalCost)) (\(strategy.rawValue), \(Format.seconds(s.solveSeconds)))")
        }
    }
}
