import Foundation
import OmniRouteModel
import OmniRouteStore
import Synchronization

/// Re-plans run as background jobs: one at a time on a database, whichever instance
/// starts it (the store's `ReplanClaim`), each on a thread of its own (the exact engine
/// is synchronous and GLPK keeps its state per thread). The store records each job
/// (`ReplanJobRecord`), so its outcome outlives the process; the progress lines of the
/// jobs this process runs are kept in memory only.
final class ReplanJobs: Sendable {
    /// The progress of every job this process ran.
    private let progress = Mutex<[String: [String]]>([:])

    /// Starts a re-plan and returns its record, or nil when one is running.
    func start(_ options: ReplanOptions, store: RouteStore, onFinish: @escaping @Sendable () -> Void) throws(StoreError)
        -> ReplanJobRecord?
    {
        guard let claim = try store.claimReplan() else { return nil }
        let record: ReplanJobRecord
        do {
            record = try store.beginReplanJob(options: options.document, holding: claim)
        } catch {
            claim.letGo()
            throw error
        }
        let id = record.id
        progress.withLock { $0[id] = [] }
        let thread = Thread { [self] in
            var result: Document?
            var failure: String?
            do {
                result = try store.replan(options, holding: claim) { line in
                    self.progress.withLock { all in
                        all[id, default: []].append(line)
                        if all[id]!.count > 200 { all[id]!.removeFirst() }
                    }
                }.document
            } catch {
                failure = "\(error)"
            }
            // Should the record fail to be written, the next open or job marks it interrupted.
            try? store.finishReplanJob(id, result: result, error: failure)
            claim.letGo()
            onFinish()
        }
        thread.name = "omniroute-replan"
        thread.stackSize = 16 << 20
        thread.start()
        return record
    }

    /// Job `id` as the API shows it, if the store has it.
    func document(_ id: String, store: RouteStore) throws(StoreError) -> Document? {
        guard let record = try store.replanJob(id) else { return nil }
        return record.document(progress: progress.withLock { $0[id] } ?? [])
    }
}

extension ReplanOptions {
    var document: Document {
        .object([
            ("time_limit", .double(timeLimit)), ("gap", .double(gap)), ("min_saving", .double(minSaving)),
            ("dry_run", .bool(dryRun)), ("keep_promises", .bool(keepPromises)),
        ])
    }
}

extension ReplanJobRecord {
    /// The job with the last 20 of its `progress` lines (empty for a job another process ran).
    func document(progress: [String]) -> Document {
        var pairs: [(key: String, value: Document)] = [
            ("id", .string(id)), ("state", .string(state.rawValue)), ("started_at", .string(startedAt)),
            ("finished_at", finishedAt.map { .string($0) } ?? .null), ("options", options),
            ("progress", .array(progress.suffix(20).map { .string($0) })),
        ]
        if let result { pairs.append(("result", result)) }
        if let error { pairs.append(("error", .string(error))) }
        return .object(pairs)
    }
}

extension CostBreakdown {
    var document: Document {
        .object([
            ("picking", .double(picking)), ("shipping", .double(shipping)), ("transfer", .double(transfer)),
            ("split_penalties", .double(splits)), ("late_penalties", .double(lateness)),
            ("lost_sales", .double(lostSales)),
            ("total", .double(total)), ("legs", .int(legs)), ("split_orders", .int(splitOrders)),
            ("extra_legs", .int(extraLegs)),
        ])
    }
}

extension ReplanReport {
    var document: Document {
        .object([
            ("orders_considered", .int(ordersConsidered)), ("orders_changed", .int(changes.count)),
            ("written", .bool(written)),
            ("note", note.map { .string($0) } ?? .null),
            ("kept", .array(skipped.map { .object([("order", .string($0.order)), ("reason", .string($0.reason))]) })),
            ("before", before.document), ("after", after.document), ("bound", .double(bound)), ("gap", .double(gap)),
            ("seconds", .double(seconds)),
            (
                "changes",
                .array(
                    changes.prefix(1000).map {
                        .object([
                            ("order", .string($0.order)), ("before", $0.before.document), ("after", $0.after.document),
                        ])
                    })
            ),
        ])
    }
}
