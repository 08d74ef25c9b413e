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
    init(_ scenario: Scenario, strategy: Strategy, solver: SolverFlags, progress: ((String) -> Void)? = nil) {
        let network = Network(scenario)
        if strategy.isExact {
            let planner = ExactPlanner(network: network, options: solver.options)
            let outcome = strategy == .exact ? planner.batch(progress: progress) : planner.myopic()
            plan = network.plan(routes: outcome.routes, strategy: strategy.rawValue, solveSeconds: outcome.seconds, bound: outcome.bound)
            seconds = outcome.seconds
            bound = outcome.bound
        } else {
            let run = OnlinePlanner(network: network).run(strategy.router(network))
            plan = network.plan(routes: run.routes, strategy: strategy.rawValue, solveSeconds: run.totalSeconds)
            seconds = run.totalSeconds
            bound = nil
        }
    }
}
