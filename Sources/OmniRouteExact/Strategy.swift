import OmniRouteHeuristics
import OmniRouteModel

/// Every routing strategy OmniRoute offers, once: its name, what it is and how it
/// runs. `plan`, `compare`, `whatif` and `explain` take their strategies from
/// `Strategy.all`, and help texts are derived from it. To add one, see CONTRIBUTING.md.
public struct Strategy: Sendable {
    /// How a strategy runs.
    public enum Engine: Sendable {
        /// One order at a time in arrival order (the checkout path).
        case online(OnlineStrategy)
        /// All orders jointly by the exact engine, with a proven bound.
        case exact
        /// One order at a time, each optimal on what the earlier ones left.
        case myopicExact
    }

    public let name: String
    /// One line for help texts.
    public let summary: String
    public let engine: Engine

    public static let exact = Strategy(
        name: "exact",
        summary: "all orders jointly, a MILP on GLPK split into independent groups; reports bound and gap",
        engine: .exact)
    public static let myopicExact = Strategy(
        name: "myopic-exact", summary: "orders one at a time in placed_at order, each optimal on what is left",
        engine: .myopicExact)
    public static let greedy = Strategy(OnlineStrategy.greedy)

    /// Every strategy, in the order help texts list them.
    public static let all: [Strategy] = OnlineStrategy.all.map(Strategy.init) + [exact, myopicExact]

    /// The strategy called `name`, if there is one.
    public static func named(_ name: String) -> Strategy? { all.first { $0.name == name } }

    /// `greedy | nearest | …`, for option help.
    public static var names: String { all.map(\.name).joined(separator: " | ") }

    /// One line per strategy, `name: summary`, for a command's discussion.
    public static var descriptions: String { all.map { "\($0.name): \($0.summary)." }.joined(separator: "\n") }

    init(_ online: OnlineStrategy) {
        self.init(name: online.name, summary: online.summary, engine: .online(online))
    }

    init(name: String, summary: String, engine: Engine) {
        self.name = name
        self.summary = summary
        self.engine = engine
    }

    /// True for the strategies of the exact engine.
    public var isExact: Bool {
        if case .online = engine { return false }
        return true
    }

    /// The online strategy this is, nil for the exact ones.
    public var online: OnlineStrategy? {
        if case .online(let strategy) = engine { return strategy }
        return nil
    }

    /// What planning a scenario with a strategy produced.
    public struct Run: Sendable {
        public var plan: Plan
        /// Wall-clock seconds of the strategy (routing or solving, not loading).
        public var seconds: Double
        /// The exact engine's proven lower bound, for exact strategies.
        public var bound: Double?
        /// Seconds per order in arrival order, for online strategies.
        public var orderSeconds: [Double]
        /// How the exact engine's work split, for exact strategies.
        public var stats: ExactPlanner.Stats?
    }

    /// Why this strategy refuses to plan `network`: it has sourcing rules the strategy does not
    /// honour yet. Nil when it may plan it.
    public func refusal(_ network: Network) -> StrategyRefusal? {
        switch engine {
        case .online(let strategy): strategy.refusal(network)
        case .myopicExact, .exact: nil  // every rule, and ship days (each node a candidate on its useful days)
        }
    }

    /// Plans every order of `network`'s scenario; `progress` hears the exact engine's news.
    ///
    /// - Throws: `StrategyRefusal` when the scenario has sourcing rules this strategy does
    ///   not honour yet (rather than a plan that breaks them).
    public func plan(
        _ network: Network, options: SolverOptions = SolverOptions(), progress: ((String) -> Void)? = nil
    ) throws(StrategyRefusal) -> Run {
        if let refusal = refusal(network) { throw refusal }
        switch engine {
        case .online(let strategy):
            let run = OnlinePlanner(network: network).run(strategy.router(network))
            let plan = network.plan(routes: run.routes, strategy: name, solveSeconds: run.totalSeconds)
            return Run(plan: plan, seconds: run.totalSeconds, bound: nil, orderSeconds: run.orderSeconds, stats: nil)
        case .exact, .myopicExact:
            let planner = ExactPlanner(network: network, options: options)
            let outcome = isMyopic ? planner.myopic() : planner.batch(progress: progress)
            let plan = network.plan(
                routes: outcome.routes, strategy: name, solveSeconds: outcome.seconds, bound: outcome.bound)
            return Run(
                plan: plan, seconds: outcome.seconds, bound: outcome.bound, orderSeconds: [], stats: outcome.stats)
        }
    }

    private var isMyopic: Bool {
        if case .myopicExact = engine { return true }
        return false
    }
}

extension Strategy: Equatable {
    public static func == (a: Strategy, b: Strategy) -> Bool { a.name == b.name }
}
