import Dispatch
import Foundation
import OmniRouteHeuristics
import OmniRouteModel

/// Large-neighbourhood search over a group's integer master, on two threads that
/// each pick, solve and apply neighbourhoods on their own (`ColumnGeneration.search`
/// drives it).
///
/// A worker takes the lock to choose a neighbourhood (avoiding the orders the other
/// worker has in flight), prepares it and solves it outside the lock, and takes the
/// lock again to apply the answer if it still fits what the other worker changed
/// meanwhile. Neither waits for the other's solve, so both threads stay busy.
///
/// Neighbourhoods are of two kinds: a *pattern* neighbourhood re-chooses among its
/// orders' routes (`PatternSearch.restrictedMaster`), its first orders first given
/// their best route alone on what the rest leave; a *compact* one (every other
/// neighbourhood of the second worker) re-routes its orders from scratch with their
/// `RoutingMILP` on what the rest leave, which finds routes column generation did not.
/// Each kind grows while GLPK proves it fast and shrinks when it cannot.
final class NeighbourhoodSearch: @unchecked Sendable {
    /// Orders of a pattern neighbourhood (the first of its walk) given their best route
    /// alone on what the rest leave before GLPK chooses.
    static let routesAddedPerNeighbourhood = 60
    /// GLPK's time limit for one neighbourhood, in seconds.
    static let solveLimit = 0.6

    private(set) var generation: ColumnGeneration
    private(set) var state: PatternSearch
    private(set) var report = PatternSearch.Report()
    /// What the current plan leaves of stock and capacity.
    private var residual: InventoryLedger
    /// What the current plan leaves of the reserve classes.
    private var residualReserves: ReserveLedger
    private var sizes = (pattern: 60, compact: 20)
    /// Orders in a neighbourhood being solved.
    private var inFlight = Set<Int>()
    private var solvedWhole = false
    /// Neighbourhoods handed to a worker so far, and how many may be (`maxNeighbourhoods` of `run`).
    private var started = 0
    private var maxNeighbourhoods = Int.max
    private var lastLog: Double
    /// Guards the search state; signalled when a neighbourhood's orders are given back.
    private let lock = NSCondition()

    /// One neighbourhood ready to solve: its model, warm start, and how to read routes from an answer.
    private struct Job {
        var free: [Int]
        var compact: Bool
        var model: LinearModel
        var warm: [Double]?
        var before: Double
        var routes: ([Double]) -> [OrderRoute]
    }

    init(generation: ColumnGeneration, state: PatternSearch, start: [OrderRoute]) {
        self.generation = generation
        self.state = state
        var residual = generation.full
        var reserves = ReserveLedger(network: generation.network)
        for r in start {
            residual.apply(r)
            reserves.apply(r)
        }
        self.residual = residual
        residualReserves = reserves
        report.gapBefore = state.gapToLP()
        lastLog = OnlinePlanner.now()
    }

    /// Searches until `deadline`, until the plan is within `gap` of `bound`, until one
    /// pattern neighbourhood held every order and was proven (the whole master solved),
    /// or until `maxNeighbourhoods` neighbourhoods have been solved.
    func run(deadline: Double, bound: Double, gap: Double, maxNeighbourhoods: Int = .max, log: ((String) -> Void)?) {
        self.maxNeighbourhoods = maxNeighbourhoods
        nonisolated(unsafe) let log = log  // called under the lock only, never at once
        DispatchQueue.concurrentPerform(iterations: 2) { worker in
            var turn = 0
            while true {
                switch next(worker: worker, turn: turn, deadline: deadline, bound: bound, gap: gap, log: log) {
                case .done:
                    return
                case .wait:
                    continue  // the other worker held every order; it has given some back or time is up
                case .job(let job):
                    turn += 1
                    let limit = min(Self.solveLimit, deadline - OnlinePlanner.now())
                    let result = GLPK.solve(
                        job.model,
                        options: SolverOptions(timeLimit: max(0.01, limit), gap: 0, presolve: true, cuts: true),
                        incumbent: job.warm)
                    apply(job, result)
                }
            }
        }
        report.gapAfter = state.gapToLP()
    }

    private enum Next {
        case job(Job)
        /// Every order was in the other worker's neighbourhood; waited until it gave some back.
        case wait
        /// The search is over.
        case done
    }

    /// What `worker` does next. The lock is held only to choose the neighbourhood and,
    /// for a pattern neighbourhood, to add its new routes and build its model: the
    /// routes themselves (`RouteEnumeration` on what the rest leave) and a compact
    /// neighbourhood's model are built outside it, so they never hold up the other worker.
    private func next(
        worker: Int, turn: Int, deadline: Double, bound: Double, gap: Double,
        log: ((String) -> Void)?
    ) -> Next {
        lock.lock()
        guard OnlinePlanner.now() < deadline - 0.05, !solvedWhole, started < maxNeighbourhoods,
            state.cost - bound > gap * max(1, abs(state.cost))
        else {
            lock.unlock()
            return .done
        }
        if let log, worker == 0, OnlinePlanner.now() - lastLog > 30 {
            lastLog = OnlinePlanner.now()
            log(
                "search: \(report.neighbourhoods) neighbourhoods, cost \(ExactPlanner.cents(state.cost)), "
                    + "sizes \(sizes.pattern)/\(sizes.compact)"
            )
        }
        let orders = generation.orders
        let compact = worker == 1 && turn % 2 == 1
        let free = state.neighbourhood(
            size: min(compact ? sizes.compact : sizes.pattern, orders.count), avoiding: inFlight)
        guard !free.isEmpty else {
            defer { lock.unlock() }
            guard !inFlight.isEmpty else { return .done }
            // Every order is in the other worker's neighbourhood: wait (releasing the lock) until it gives them back.
            _ = lock.wait(until: Date(timeIntervalSinceNow: max(0, deadline - OnlinePlanner.now())))
            return .wait
        }
        inFlight.formUnion(free)
        started += 1
        // The free orders are this worker's until `apply`: their routes stay as read here.
        let current = free.map { generation.patterns[$0][state.choice[$0]].route }
        let before = free.reduce(0.0) { $0 + state.costs[$1][state.choice[$1]] }
        var open = residual
        var openReserves = residualReserves
        let network = generation.network
        let promises = generation.promises
        lock.unlock()

        for route in current {
            open.release(route)
            openReserves.release(route)
        }
        if compact {
            let milp = RoutingMILP(
                network: network, orders: free.map { orders[$0] }, ledger: open, promises: promises,
                reserves: openReserves)
            return .job(
                Job(
                    free: free, compact: true, model: milp.model, warm: milp.vector(for: current), before: before,
                    routes: { milp.routes(from: $0) }))
        }
        // The best route of the first orders alone on what the rest leave: routes that fit
        // this neighbourhood, which column generation need not have priced. (What the rest
        // leave may change before the lock is taken again; the model below keeps only the
        // routes that still fit.)
        let found = free.prefix(Self.routesAddedPerNeighbourhood).compactMap { k in
            ExactPlanner.enumeratedOptimum(
                network: network, order: orders[k], ledger: open, reserves: openReserves,
                promise: promises[orders[k]]
            )
            .map { (k: k, route: $0.route) }
        }
        lock.lock()
        defer { lock.unlock() }
        for (k, route) in found { add(route, at: k) }
        let (model, columns, warm) = state.restrictedMaster(free)
        let patterns = generation.patterns
        return .job(
            Job(
                free: free, compact: false, model: model, warm: warm, before: before,
                routes: { x in
                    var routes = current
                    var slot: [Int: Int] = [:]
                    for (i, k) in free.enumerated() { slot[k] = i }
                    for (j, c) in columns.enumerated() where x[j] > 0.5 {
                        routes[slot[c.k]!] = patterns[c.k][c.p].route
                    }
                    return routes
                }))
    }

    /// The index of a route among the k-th order's patterns, added to both the generation
    /// and the search state if new.
    @discardableResult
    private func add(_ route: OrderRoute, at k: Int) -> Int {
        let count = generation.patterns[k].count
        let p = generation.pattern(route, at: k)
        if p == count {
            let pattern = generation.patterns[k][p]
            _ = state.add(k, cost: pattern.cost, usage: pattern.usage.map { (row: $0.0, units: $0.1) })
        }
        return p
    }

    /// Keeps the answer to `job` if it improves and still fits; adapts the neighbourhood size.
    private func apply(_ job: Job, _ result: MILPResult) {
        lock.lock()
        defer { lock.unlock() }
        inFlight.subtract(job.free)
        lock.broadcast()
        report.neighbourhoods += 1
        let proven = result.status == .optimal
        if proven { report.proven += 1 }
        let count = generation.orders.count
        if job.compact {
            sizes.compact = PatternSearch.nextSize(
                sizes.compact, proven: proven, seconds: result.seconds, range: min(4, count)...count)
        } else {
            if proven, job.free.count == count { solvedWhole = true }
            sizes.pattern = PatternSearch.nextSize(
                sizes.pattern, proven: proven, seconds: result.seconds, range: min(10, count)...count)
        }
        guard result.status == .optimal || result.status == .feasible else { return }
        let routes = job.routes(result.x)
        let after = routes.reduce(0.0) { $0 + generation.network.cost(of: $1).total }
        guard after < job.before - 1e-6 else { return }
        let moves = zip(job.free, routes).map { k, route in (k: k, p: add(route, at: k)) }
        // The other worker's answer may have taken what this one counted on.
        guard state.fits(moves) else {
            report.dropped += 1
            return
        }
        report.improvements += 1
        if job.compact { report.compactGain += job.before - after } else { report.patternGain += job.before - after }
        // All old routes back before any new one is taken: one may use what another frees.
        for (k, p) in moves where p != state.choice[k] {
            residual.release(generation.patterns[k][state.choice[k]].route)
            residualReserves.release(generation.patterns[k][state.choice[k]].route)
        }
        for (k, p) in moves where p != state.choice[k] {
            residual.apply(generation.patterns[k][p].route)
            residualReserves.apply(generation.patterns[k][p].route)
            state.move(k, to: p)
        }
    }
}
