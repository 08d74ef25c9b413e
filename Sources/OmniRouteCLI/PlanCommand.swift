import ArgumentParser
import OmniRouteExact
import OmniRouteFormat
import OmniRouteHeuristics
import OmniRouteModel

extension Strategy: ExpressibleByArgument {
    public init?(argument: String) {
        guard let strategy = Strategy.named(argument) else { return nil }
        self = strategy
    }

    public static var allValueStrings: [String] { all.map(\.name) }
    public var defaultValueDescription: String { name }
}

/// `omniroute plan`: route every order of a scenario.
struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Route every order of a scenario and write the plan (JSON on stdout unless -o).",
        discussion: Strategy.descriptions
    )

    @Option(name: .long, help: ArgumentHelp(stringLiteral: Strategy.names))
    var strategy: Strategy = .greedy

    @OptionGroup var solver: SolverFlags

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
        let plan: Plan
        let run: Strategy.Run
        do {
            run = try strategy.plan(network, options: solver.options, progress: timings ? { Inputs.note($0) } : nil)
        } catch { throw CLIError.badInput("\(error)") }
        plan = run.plan
        let orderSeconds = run.orderSeconds
        if timings, let stats = run.stats { Inputs.note("exact engine: \(stats)") }
        let t2 = OnlinePlanner.now()
        try Inputs.write(JSONWriter.write(plan.document, pretty: pretty), to: output)
        if timings {
            let t3 = OnlinePlanner.now()
            let sorted = orderSeconds.sorted()
            func pct(_ p: Double) -> String {
                Format.seconds(sorted[min(sorted.count - 1, Int(p * Double(sorted.count)))])
            }
            if !sorted.isEmpty {
                Inputs.note(
                    "per-order routing time over \(sorted.count) orders: median \(pct(0.5)), p90 \(pct(0.9)), "
                        + "p99 \(pct(0.99)), max \(pct(1))"
                )
            }
            Inputs.note(
                "phases: load+index \(Format.seconds(t1 - t0)), route+price \(Format.seconds(t2 - t1)), "
                    + "write \(Format.seconds(t3 - t2))"
            )
        }
        if let output {
            let s = plan.summary
            let proof = s.bound.map { ", bound \(Format.money($0)), gap \(Format.percent(s.gap ?? 0))" } ?? ""
            Inputs.note(
                "wrote \(output): \(s.orders) orders, \(s.legs) legs, "
                    + "total cost \(Format.money(s.totalCost))\(proof) (\(strategy.name), "
                    + "\(Format.seconds(s.solveSeconds)))"
            )
        }
    }
}
