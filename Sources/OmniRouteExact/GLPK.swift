import CGLPK
import GLPKGuard

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Settings of one MILP solve.
public struct SolverOptions: Sendable {
    /// Wall-clock limit; nil for none.
    public var timeLimit: Double?
    /// Relative gap at which the search stops.
    public var gap: Double
    public var presolve: Bool
    /// Gomory, MIR, cover and clique cuts (all off in GLPK by default).
    public var cuts: Bool
    /// GLPK's own terminal output.
    public var verbose: Bool
    public var branching: Branching
    public var backtracking: Backtracking
    /// An optional, deterministic stop on the exact engine's work (`ExactPlanner.batch`),
    /// in addition to `timeLimit`; nil (the default) for none. GLPK itself ignores it.
    public var workLimit: WorkLimit?

    /// A stop on the exact engine's work that does not depend on the clock, for runs whose
    /// outcome must not depend on how fast the machine is (tests). Each limit is per
    /// joint group of `ExactPlanner.batch`. Under a work limit, the phases whose work it
    /// cannot count are skipped: the integer master over a group's routes and the group's
    /// compact MILP (GLPK offers no node limit). Each neighbourhood's own GLPK solve keeps
    /// its short wall-clock cap, so the plan found may still vary; how much is searched
    /// does not. `timeLimit` still applies: whichever stop comes first ends the work.
    public struct WorkLimit: Sendable, Hashable {
        /// Column-generation rounds (master LP solved and priced) per group.
        public var generationRounds: Int
        /// Neighbourhoods the large-neighbourhood search solves per group.
        public var neighbourhoods: Int

        public init(generationRounds: Int, neighbourhoods: Int) {
            self.generationRounds = max(0, generationRounds)
            self.neighbourhoods = max(0, neighbourhoods)
        }
    }

    /// How the search picks the variable to branch on.
    public enum Branching: Int32, Sendable {
        case glpkDefault = 0
        case firstFractional = 1
        case lastFractional = 2
        case mostFractional = 3
        case driebeckTomlin = 4
        case pseudocost = 5
    }

    /// How the search picks the next node.
    public enum Backtracking: Int32, Sendable {
        case glpkDefault = 0
        case depthFirst = 1
        case breadthFirst = 2
        case bestLocalBound = 3
        case bestProjection = 4
    }

    public init(
        timeLimit: Double? = nil, gap: Double = 1e-4, presolve: Bool = true, cuts: Bool = false, verbose: Bool = false,
        branching: Branching = .glpkDefault, backtracking: Backtracking = .glpkDefault,
        workLimit: WorkLimit? = nil
    ) {
        self.workLimit = workLimit
        self.branching = branching
        self.backtracking = backtracking
        self.timeLimit = timeLimit
        self.gap = gap
        self.presolve = presolve
        self.cuts = cuts
        self.verbose = verbose
    }
}

/// What a MILP solve found.
public struct MILPResult: Sendable {
    public enum Status: Sendable, Equatable {
        /// Proven optimal (within the gap).
        case optimal
        /// A feasible solution; the search stopped (time limit or gap) before proving it optimal.
        case feasible
        /// Proven to have no integer solution.
        case infeasible
        /// The search stopped before any integer solution.
        case unknown
        /// The model was rejected before it reached GLPK, or GLPK raised an internal error.
        case failed(String)
    }

    public var status: Status
    /// Objective of the solution, when there is one.
    public var objective: Double?
    /// Best proven lower bound on the optimum.
    public var bound: Double?
    /// Column values (empty without a solution).
    public var x: [Double]
    public var seconds: Double
}

/// The GLPK solver (GPL-3.0-or-later), reached through a guarded C shim: a problem is
/// built, solved and freed inside one synchronous call on the calling thread (GLPK's
/// environment is thread-local), and GLPK's internal errors become `.failed`
/// instead of aborting the process. Models are checked (`LinearModel.defect`)
/// before they reach GLPK, and a warm start is injected only if it is feasible.
public enum GLPK {
    /// Minimizes `model`. `incumbent` (a feasible vector) is the search's first
    /// solution; `progress` receives the incumbent and bound as they improve.
    public static func solve(
        _ model: LinearModel, options: SolverOptions = SolverOptions(), incumbent: [Double]? = nil,
        progress: ((_ incumbent: Double?, _ bound: Double?) -> Void)? = nil
    ) -> MILPResult {
        if let defect = model.defect() {
            return MILPResult(status: .failed("invalid model: \(defect)"), x: [], seconds: 0)
        }
        let start = incumbent.flatMap { model.violation($0) == nil ? $0 : nil }
        var x = [Double](repeating: 0, count: model.columnCount)
        var result = omr_result()
        let box = progress.map { ProgressBox($0) }
        let rc: Int32 = withModel(model) { m in
            var o = omr_options()
            o.time_limit_seconds = options.timeLimit ?? 0
            o.mip_gap = options.gap
            o.presolve = options.presolve ? 1 : 0
            o.cuts = options.cuts ? 1 : 0
            o.verbose = options.verbose ? 1 : 0
            o.branching = Int32(options.branching.rawValue)
            o.backtracking = Int32(options.backtracking.rawValue)
            if let box {
                o.progress = { context, incumbent, hasIncumbent, bound, hasBound in
                    let box = Unmanaged<ProgressBox>.fromOpaque(context!).takeUnretainedValue()
                    box.report(hasIncumbent != 0 ? incumbent : nil, hasBound != 0 ? bound : nil)
                }
                o.progress_context = Unmanaged.passUnretained(box).toOpaque()
            }
            return x.withUnsafeMutableBufferPointer { xs in
                result.x = xs.baseAddress
                if let start {
                    return start.withUnsafeBufferPointer { s in
                        o.incumbent = s.baseAddress
                        return omr_solve(m, &o, &result)
                    }
                }
                return omr_solve(m, &o, &result)
            }
        }
        withExtendedLifetime(box) {}
        if rc != 0 || result.glpk_error != 0 {
            return MILPResult(status: .failed("GLPK raised an internal error"), x: [], seconds: result.seconds)
        }
        let bound = result.has_bound != 0 ? result.bound : nil
        switch result.mip_status {
        case GLP_OPT:
            let proven = result.mip_return == 0
            return MILPResult(
                status: proven ? .optimal : .feasible, objective: result.objective, bound: bound, x: x,
                seconds: result.seconds)
        case GLP_FEAS:
            return MILPResult(
                status: .feasible, objective: result.objective, bound: bound, x: x, seconds: result.seconds)
        case GLP_NOFEAS:
            return MILPResult(status: .infeasible, bound: nil, x: [], seconds: result.seconds)
        default:
            // GLP_INFEAS only says the LP's current point is infeasible (a time limit can
            // stop the simplex there); GLP_NOFEAS is a proof.
            if result.lp_status == GLP_NOFEAS || (result.mip_return == GLP_ENOPFS && result.lp_return != GLP_ETMLIM) {
                return MILPResult(status: .infeasible, bound: nil, x: [], seconds: result.seconds)
            }
            // The search never started (time ran out in the LP): the warm start is still a solution.
            if let start {
                return MILPResult(
                    status: .feasible, objective: model.objective(start), bound: bound, x: start,
                    seconds: result.seconds)
            }
            return MILPResult(status: .unknown, bound: bound, x: [], seconds: result.seconds)
        }
    }

    /// An LP's optimum with its duals.
    public struct LPResult: Sendable {
        public var optimal: Bool
        public var objective: Double
        public var x: [Double]
        /// Row duals (shadow prices); for a `≤` row of a minimization they are ≤ 0.
        public var duals: [Double]
    }

    /// Solves `model` as a linear program (every column must be continuous).
    public static func solveLP(_ model: LinearModel, timeLimit: Double? = nil) -> LPResult {
        let failed = LPResult(optimal: false, objective: 0, x: [], duals: [])
        guard model.defect() == nil, model.columnKind.allSatisfy({ $0 == .continuous }) else { return failed }
        var x = [Double](repeating: 0, count: model.columnCount)
        var duals = [Double](repeating: 0, count: model.rowCount)
        var result = omr_result()
        let rc: Int32 = withModel(model) { m in
            var o = omr_options()
            o.time_limit_seconds = timeLimit ?? 0
            o.presolve = 1
            return x.withUnsafeMutableBufferPointer { xs in
                duals.withUnsafeMutableBufferPointer { ds in
                    result.x = xs.baseAddress
                    result.row_dual = ds.baseAddress
                    return omr_solve(m, &o, &result)
                }
            }
        }
        guard rc == 0, result.glpk_error == 0, result.lp_status == GLP_OPT else { return failed }
        return LPResult(optimal: true, objective: result.lp_objective + 0, x: x, duals: duals)
    }

    public enum ExportFormat: String, Sendable, CaseIterable {
        case lp
        case mps
    }

    public struct ExportError: Error, CustomStringConvertible {
        public var description: String
    }

    /// Writes `model` in CPLEX LP or free MPS format, readable by HiGHS, CBC, SCIP and others.
    public static func write(_ model: LinearModel, format: ExportFormat, to path: String) throws(ExportError) {
        if let defect = model.defect() { throw ExportError(description: "invalid model: \(defect)") }
        let rc = withModel(model) { m in
            omr_write(m, format == .mps ? Int32(OMR_FORMAT_MPS) : Int32(OMR_FORMAT_LP), path)
        }
        if rc != 0 { throw ExportError(description: "\(path): GLPK could not write the model") }
    }

    /// Frees the GLPK environment of the calling thread (before a dedicated thread ends).
    public static func freeThreadEnvironment() { omr_free_env() }

    private static func withModel<R>(_ model: LinearModel, _ body: (UnsafePointer<omr_model>) -> R) -> R {
        let kinds = model.columnKind.map(\.rawValue)
        var columnNames: [UnsafePointer<CChar>?] = []
        var rowNames: [UnsafePointer<CChar>?] = []
        if model.recordsNames {
            columnNames = model.columnNames.map { UnsafePointer(strdup($0)) }
            rowNames = model.rowNames.map { UnsafePointer(strdup($0)) }
        }
        defer {
            for p in columnNames + rowNames { free(UnsafeMutablePointer(mutating: p)) }
        }
        return model.name.withCString { name in
            model.columnLower.withUnsafeBufferPointer { cl in
                model.columnUpper.withUnsafeBufferPointer { cu in
                    model.columnCost.withUnsafeBufferPointer { cc in
                        kinds.withUnsafeBufferPointer { ck in
                            model.rowLower.withUnsafeBufferPointer { rl in
                                model.rowUpper.withUnsafeBufferPointer { ru in
                                    model.entryRow.withUnsafeBufferPointer { er in
                                        model.entryColumn.withUnsafeBufferPointer { ec in
                                            model.entryValue.withUnsafeBufferPointer { ev in
                                                columnNames.withUnsafeBufferPointer { cn in
                                                    rowNames.withUnsafeBufferPointer { rn in
                                                        var m = omr_model()
                                                        m.rows = Int32(model.rowCount)
                                                        m.cols = Int32(model.columnCount)
                                                        m.col_lo = cl.baseAddress
                                                        m.col_hi = cu.baseAddress
                                                        m.col_obj = cc.baseAddress
                                                        m.col_kind = ck.baseAddress
                                                        m.row_lo = rl.baseAddress
                                                        m.row_hi = ru.baseAddress
                                                        m.nnz = Int32(model.entryCount)
                                                        m.nz_row = er.baseAddress
                                                        m.nz_col = ec.baseAddress
                                                        m.nz_val = ev.baseAddress
                                                        m.col_names = model.recordsNames ? cn.baseAddress : nil
                                                        m.row_names = model.recordsNames ? rn.baseAddress : nil
                                                        m.name = name
                                                        m.obj_constant = model.objectiveConstant
                                                        return body(&m)
                                                    }
                                                }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// Carries a progress closure through GLPK's C callback.
private final class ProgressBox {
    let report: (Double?, Double?) -> Void
    init(_ report: @escaping (Double?, Double?) -> Void) { self.report = report }
}

extension GLPK {
    /// A linear program that keeps its basis between solves, for column generation:
    /// add columns, re-solve from where the last solve stopped. Lives only inside
    /// `withIncrementalLP` (GLPK problems must not cross threads).
    public struct IncrementalLP: ~Copyable {
        fileprivate let handle: OpaquePointer
        public private(set) var columnCount = 0
        public private(set) var rowCount: Int
        /// Rows were added since the last solve: the next one starts with the dual simplex.
        fileprivate var rowsAdded = false

        /// Adds columns: each with its cost, bounds and (row, coefficient) entries.
        public mutating func addColumns(
            _ columns: [(cost: Double, lower: Double, upper: Double, entries: [(row: Int, value: Double)])]
        ) -> Bool {
            guard !columns.isEmpty else { return true }
            var start: [Int32] = [0]
            var rows: [Int32] = []
            var values: [Double] = []
            for c in columns {
                guard c.cost.isFinite, !c.lower.isNaN, !c.upper.isNaN, c.lower <= c.upper else { return false }
                for e in c.entries {
                    guard e.row >= 0, e.row < rowCount, e.value.isFinite else { return false }
                    rows.append(Int32(e.row))
                    values.append(e.value)
                }
                start.append(Int32(rows.count))
            }
            let rc = omr_lp_add_columns(
                handle, Int32(columns.count), columns.map(\.cost), columns.map(\.lower), columns.map(\.upper),
                start, rows, values)
            guard rc == 0 else { return false }
            columnCount += columns.count
            return true
        }

        /// Adds rows `lower ≤ Σ value × column ≤ upper` over existing columns; their slacks
        /// enter the basis, so the next solve starts from a dual feasible basis.
        public mutating func addRows(_ rows: [(lower: Double, upper: Double, entries: [(column: Int, value: Double)])])
            -> Bool
        {
            guard !rows.isEmpty else { return true }
            var start: [Int32] = [0]
            var columns: [Int32] = []
            var values: [Double] = []
            for r in rows {
                guard !r.lower.isNaN, !r.upper.isNaN, r.lower <= r.upper else { return false }
                for e in r.entries {
                    guard e.column >= 0, e.column < columnCount, e.value.isFinite else { return false }
                    columns.append(Int32(e.column))
                    values.append(e.value)
                }
                start.append(Int32(columns.count))
            }
            guard
                omr_lp_add_rows(handle, Int32(rows.count), rows.map(\.lower), rows.map(\.upper), start, columns, values)
                    == 0
            else { return false }
            rowCount += rows.count
            rowsAdded = true
            return true
        }

        /// Starts the next solve from the basis where `pairs[k].column` replaces the slack of
        /// `pairs[k].row` (a feasible start when those columns are a feasible solution).
        public func startBasis(_ pairs: [(row: Int, column: Int)]) -> Bool {
            guard pairs.allSatisfy({ $0.row >= 0 && $0.row < rowCount && $0.column >= 0 && $0.column < columnCount }),
                Set(pairs.map(\.row)).count == pairs.count, Set(pairs.map(\.column)).count == pairs.count
            else { return false }
            return omr_lp_set_basis(
                handle, Int32(pairs.count), pairs.map { Int32($0.row) }, pairs.map { Int32($0.column) }) == 0
        }

        /// Changes the bounds of a column.
        public func setBounds(column: Int, lower: Double, upper: Double) -> Bool {
            guard column >= 0, column < columnCount, !lower.isNaN, !upper.isNaN, lower <= upper else { return false }
            return omr_lp_set_col_bounds(handle, Int32(column), lower, upper) == 0
        }

        /// Solves from the current basis: the optimum, column values and row duals, or nil.
        public mutating func solve(timeLimit: Double?) -> (objective: Double, x: [Double], duals: [Double])? {
            var objective = 0.0
            var x = [Double](repeating: 0, count: columnCount)
            var duals = [Double](repeating: 0, count: rowCount)
            let rc = omr_lp_solve(handle, timeLimit ?? 0, rowsAdded ? 1 : 0, &objective, &x, &duals)
            rowsAdded = false
            return rc == 0 ? (objective, x, duals) : nil
        }
    }

    /// Runs `body` with an empty LP of the given rows (`lower ≤ row ≤ upper`), freed afterwards.
    public static func withIncrementalLP<R>(rows: [(lower: Double, upper: Double)], _ body: (inout IncrementalLP) -> R)
        -> R?
    {
        guard rows.allSatisfy({ !$0.lower.isNaN && !$0.upper.isNaN && $0.lower <= $0.upper }),
            let handle = omr_lp_create(Int32(rows.count), rows.map(\.lower), rows.map(\.upper))
        else { return nil }
        defer { omr_lp_free(handle) }
        var lp = IncrementalLP(handle: handle, rowCount: rows.count)
        return body(&lp)
    }
}
