import Foundation
import OmniRouteModel
import OmniRouteStore
import Synchronization

/// Re-plans run as background jobs: one at a time, each on a thread of its own
/// (the exact engine is synchronous and GLPK keeps its state per thread), their
/// state and progress kept in memory (jobs do not outlive the process).
final class ReplanJobs: Sendable {
    enum State: String, Sendable {
        case running, succeeded, failed
    }

    struct Job: Sendable {
        var id: String
        var state: State
        var options: ReplanOptions
        var startedAt: Timestamp
        var progress: [String] = []
        var report: ReplanReport?
        var error: String?
    }

    private let jobs = Mutex<[String: Job]>([:])

    /// Starts a re-plan, or returns nil when one is running.
    func start(_ options: ReplanOptions, store: RouteStore, onFinish: @escaping @Sendable () -> Void) -> Job? {
        let job = jobs.withLock { all -> Job? in
            guard !all.values.contains(where: { $0.state == .running }) else { return nil }
            let job = Job(id: "RP-\(all.count + 1)", state: .running, options: options, startedAt: store.clock.now)
            all[job.id] = job
            return job
        }
        guard let job else { return nil }
        let id = job.id
        let thread = Thread { [self] in
            do {
                let report = try store.replan(options) { line in
                    self.jobs.withLock { all in
                        all[id]?.progress.append(line)
                        if all[id]!.progress.count > 200 { all[id]!.progress.removeFirst() }
                    }
                }
                jobs.withLock { all in
                    all[id]?.state = .succeeded
                    all[id]?.report = report
                }
            } catch {
                jobs.withLock { all in
                    all[id]?.state = .failed
                    all[id]?.error = "\(error)"
                }
            }
            onFinish()
        }
        thread.name = "omniroute-replan"
        thread.stackSize = 16 << 20
        thread.start()
        return job
    }

    func job(_ id: String) -> Job? { jobs.withLock { $0[id] } }
}

extension ReplanJobs.Job {
    var document: Document {
        var pairs: [(key: String, value: Document)] = [
            ("id", .string(id)), ("state", .string(state.rawValue)), ("started_at", .string(startedAt.text)),
            ("options", .object([("time_limit", .double(options.timeLimit)), ("gap", .double(options.gap)),
                                 ("min_saving", .double(options.minSaving)), ("dry_run", .bool(options.dryRun)),
                                 ("keep_promises", .bool(options.keepPromises))])),
            ("progress", .array(progress.suffix(20).map { .string($0) })),
        ]
        if let report { pairs.append(("result", report.document)) }
        if let error { pairs.append(("error", .string(error))) }
        return .object(pairs)
    }
}

extension CostBreakdown {
    var document: Document {
        .object([
            ("picking", .double(picking)), ("shipping", .double(shipping)), ("transfer", .double(transfer)),
            ("split_penalties", .double(splits)), ("late_penalties", .double(lateness)), ("lost_sales", .double(lostSales)),
            ("total", .double(total)), ("legs", .int(legs)), ("split_orders", .int(splitOrders)), ("extra_legs", .int(extraLegs)),
        ])
    }
}

extension ReplanReport {
    var document: Document {
        .object([
            ("orders_considered", .int(ordersConsidered)), ("orders_changed", .int(changes.count)), ("written", .bool(written)),
            ("note", note.map { .string($0) } ?? .null),
            ("kept", .array(skipped.map { .object([("order", .string($0.order)), ("reason", .string($0.reason))]) })),
            ("before", before.document), ("after", after.document), ("bound", .double(bound)), ("gap", .double(gap)),
            ("seconds", .double(seconds)),
            ("changes", .array(changes.prefix(1000).map {
                .object([("order", .string($0.order)), ("before", $0.before.document), ("after", $0.after.document)])
            })),
        ])
    }
}
