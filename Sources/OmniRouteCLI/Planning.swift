import OmniRouteExact
import OmniRouteHeuristics
import OmniRouteModel

/// One scenario planned by one strategy, as `whatif` and `compare` run it.
struct PlanningRun {
    var plan: Plan
    /// Wall-clock seconds of the strategy (routing or solving, not loading).
    var seconds: Double
    /// The exact engine's proven lower bound, for exact strategies.
    var bound: Double?

    /// Plans `scenario` with `strategy`; `progress` hears the exact engine's news.
    ///
    /// - Throws: `CLIError.badInput` when the strategy does not honour the scenario's rules.
    init(_ scenario: Scenario, strategy: Strategy, solver: SolverFlags, progress: ((String) -> Void)? = nil)
        throws(CLIError)
    {
        let run: Strategy.Run
        do {
            run = try strategy.plan(Network(scenario), options: solver.options, progress: progress)
        } catch { throw CLIError.badInput("\(error)") }
        plan = run.plan
        seconds = run.seconds
        bound = run.bound
    }
}
