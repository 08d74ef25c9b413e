import ArgumentParser
import OmniRouteExact
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
            priority: Magento MSI's priority-ordered source selection (the scenario's node order is the priority).
            fewest-splits: Shopify's rule: as few locations per order as possible, then the cheapest.
            exact: all orders jointly, a MILP on GLPK split into independent groups; reports bound and gap.
            myopic-exact: orders one at a time in placed_at order, each optimal on what is left.
            """
    )

    @Option(name: .long, help: "greedy | nearest | priority | fewest-splits | exact | myopic-exact")
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
        var orderSeconds: [Double] = []
        if strategy.isExact {
            let planner = ExactPlanner(network: network, options: solver.options)
            let outcome = strategy == .exact ? planner.batch(progress: timings ? { Inputs.note($0) } : nil) : planner.myopic()
            plan = network.plan(routes: outcome.routes, strategy: strategy.rawValue, solveSeconds: outcome.seconds, bound: outcome.bound)
            if timings { Inputs.note("exact engine: \(outcome.stats)") }
        } else {
            let run = OnlinePlanner(network: network).run(strategy.router(network))
            plan = network.plan(routes: run.routes, strategy: strategy.rawValue, solveSeconds: run.totalSeconds)
            orderSeconds = run.orderSeconds
        }
        let t2 = OnlinePlanner.now()
        try Inputs.write(JSONWriter.write(plan.document, pretty: pretty), to: output)
        if timings {
            let t3 = OnlinePlanner.now()
            let sorted = orderSeconds.sorted()
            func pct(_ p: Double) -> String {
                Format.seconds(sorted[min(sorted.count - 1, Int(p * Double(sorted.count)))])
            }
            if !sorted.isEmpty {
                Inputs.note("per-order routing time over \(sorted.count) orders: median \(pct(0.5)), p90 \(pct(0.9)), p99 \(pct(0.99)), max \(pct(1))")
            }
            Inputs.note("phases: load+index \(Format.seconds(t1 - t0)), route+price \(Format.seconds(t2 - t1)), write \(Format.seconds(t3 - t2))")
        }
        if let output {
            let s = plan.summary
            let proof = s.bound.map { ", bound \(Format.money($0)), gap \(Format.percent(s.gap ?? 0))" } ?? ""
            Inputs.note("wrote \(output): \(s.orders) orders, \(s.legs) legs, total cost \(Format.money(s.totalCost))\(proof) (\(strategy.rawValue), \(Format.seconds(s.solveSeconds)))")
        }
    }
}
