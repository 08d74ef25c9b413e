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

    @Flag(help: "Print per-order routing time percentiles and phase times to stderr.")
    var timings = false

    @Argument(help: "Scenario file (.json, .yaml or .yml).")
    var scenario: String

    func run() throws {
        let t0 = OnlinePlanner.now()
        let scenario = try Inputs.scenario(scenario)
        let network = Network(scenario)
        let t1 = OnlinePlanner.now()
        let run = OnlinePlanner(network: network).run(strategy.router(network))
        let plan = network.plan(routes: run.routes, strategy: strategy.rawValue, solveSeconds: run.totalSeconds)
        let t2 = OnlinePlanner.now()
        try Inputs.write(JSONWriter.write(plan.document, pretty: pretty), to: output)
        if timings {
            let t3 = OnlinePlanner.now()
            let sorted = run.orderSeconds.sorted()
            func pct(_ p: Double) -> String {
                sorted.isEmpty ? "-" : Format.seconds(sorted[min(sorted.count - 1, Int(p * Double(sorted.count)))])
            }
            Inputs.note("""
                per-order routing time over \(sorted.count) orders: median \(pct(0.5)), p90 \(pct(0.9)), p99 \(pct(0.99)), max \(pct(1))
                phases: load+index \(Format.seconds(t1 - t0)), route+price \(Format.seconds(t2 - t1)), write \(Format.seconds(t3 - t2))
                """)
        }
        if let output {
            let s = plan.summary
            Inputs.note("wrote \(output): \(s.orders) orders, \(s.legs) legs, total cost \(Format.money(s.totalCost)) (\(strategy.rawValue), \(Format.seconds(s.solveSeconds)))")
        }
    }
}
