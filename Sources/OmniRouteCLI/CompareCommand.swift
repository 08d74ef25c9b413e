import ArgumentParser
import OmniRouteExact
import OmniRouteHeuristics
import OmniRouteModel

/// `omniroute compare`: several strategies on one scenario, side by side.
struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract:
            "Plan one scenario with several strategies and compare cost (against the best lower bound), splits, "
            + "lateness, lost units and time.",
        discussion: """
            The ratio is total cost over the best lower bound known: the exact engine's proven bound when exact or
            myopic-exact is among the strategies; otherwise, with --bound auto (the default) on scenarios of at most
            5,000 orders, the relaxation bound (every order solved alone and exactly on full stock, one small MILP
            per order); otherwise none.
            """
    )

    enum BoundChoice: String, ExpressibleByArgument, CaseIterable {
        case auto, relaxation, none
    }

    @Option(name: .long, help: "Comma-separated strategies: \(Strategy.names).")
    var strategies: String = "greedy,nearest,priority,fewest-splits"

    @Option(name: .long, help: "auto | relaxation | none: which lower bound to compute when no exact strategy runs.")
    var bound: BoundChoice = .auto

    @OptionGroup var solver: SolverFlags

    @Argument(help: "Scenario file (or what-if variant).")
    var scenario: String

    func parsedStrategies() throws -> [Strategy] {
        var list: [Strategy] = []
        for name in strategies.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) })
        where !name.isEmpty {
            guard let s = Strategy.named(name) else {
                throw ValidationError("--strategies: unknown strategy \"\(name)\" (expected \(Strategy.names))")
            }
            if !list.contains(s) { list.append(s) }
        }
        guard !list.isEmpty else { throw ValidationError("--strategies names no strategy") }
        return list
    }

    func validate() throws { _ = try parsedStrategies() }

    func run() throws {
        let list = try parsedStrategies()
        let scenario = try Inputs.scenario(scenario)
        var runs: [(Strategy, PlanningRun)] = []
        for s in list {
            Inputs.note("\(s.name): planning \(scenario.orders.count) orders…")
            let r = try PlanningRun(
                scenario, strategy: s, solver: solver, progress: s == .exact ? { Inputs.note("    \($0)") } : nil)
            Inputs.note(
                "\(s.name): total cost \(Format.money(r.plan.summary.totalCost)) in \(Format.seconds(r.seconds))")
            runs.append((s, r))
        }
        var best: (value: Double, source: String)?
        if let b = runs.first(where: { $0.0 == .exact })?.1.bound {
            best = (b, "the exact engine's proven bound")
        } else if let b = runs.first(where: { $0.0 == .myopicExact })?.1.bound {
            best = (b, "the relaxation bound reported by myopic-exact (every order alone and exact on full stock)")
        } else if bound == .relaxation || (bound == .auto && scenario.orders.count <= 5_000) {
            Inputs.note("relaxation bound: solving every order alone on full stock…")
            let t0 = OnlinePlanner.now()
            let b = ExactPlanner(network: Network(scenario), options: solver.options).relaxationBound()
            best = (
                b,
                "the relaxation bound: every order alone and exact on full stock "
                    + "(\(Format.seconds(OnlinePlanner.now() - t0)))"
            )
        }
        print(Self.render(scenario: scenario, runs: runs, bound: best))
    }

    static func render(scenario: Scenario, runs: [(Strategy, PlanningRun)], bound: (value: Double, source: String)?)
        -> String
    {
        let orders = max(1, scenario.orders.count)
        var out = "\(scenario.name): \(scenario.orders.count) orders\n\n"
        out += Format.table(
            [
                "strategy", "total cost", "÷ bound", "split orders", "late orders", "unfulfilled units", "time/order",
                "time",
            ],
            runs.map { s, r in
                let sum = r.plan.summary
                return [
                    s.name, Format.money(sum.totalCost),
                    bound.map { $0.value > 0 ? Format.fixed(sum.totalCost / $0.value, 4) : "—" } ?? "—",
                    String(sum.splitOrders), String(sum.lateOrders), String(sum.unfulfilledUnits),
                    Format.seconds(r.seconds / Double(orders)), Format.seconds(r.seconds),
                ]
            })
        out += "\n\n"
        out +=
            bound.map { "lower bound: \(Format.money($0.value)) (\($0.source))" }
            ?? "lower bound: none (no exact strategy run; pass --bound relaxation to compute one)"
        return out
    }
}
