import ArgumentParser
import OmniRouteExact

/// Options of the exact engine.
struct SolverFlags: ParsableArguments {
    @Option(name: .long, help: "Wall-clock limit of the exact engine, in seconds.")
    var timeLimit: Double = 20

    @Option(name: .long, help: "Relative gap at which a MILP search stops (0.001 = 0.1%).")
    var gap: Double = 1e-4

    @Flag(name: .long, help: "Turn on GLPK's cut generators (Gomory, MIR, cover, clique).")
    var cuts = false

    func validate() throws {
        guard timeLimit > 0, timeLimit.isFinite else {
            throw ValidationError("--time-limit must be a positive number of seconds")
        }
        guard gap >= 0, gap < 1 else { throw ValidationError("--gap must be a fraction in [0, 1)") }
    }

    var options: SolverOptions { SolverOptions(timeLimit: timeLimit, gap: gap, presolve: true, cuts: cuts) }
}
