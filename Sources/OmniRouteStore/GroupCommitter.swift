import Foundation

/// Writes placed orders in groups: every placement waiting when the writer becomes
/// free goes into one SQLite transaction (each in its own savepoint, so one that
/// fails does not take the others with it). Under load this turns hundreds of
/// commits a second into tens, and each order's pages are written once per group,
/// not once per order. A placement is confirmed only after its group has committed.
final class GroupCommitter: @unchecked Sendable {
    /// Bookkeeping of one placement once its outcome is known, run on the writer thread
    /// before the placement's caller resumes.
    typealias Settle = @Sendable (Result<Placement, any Error>) -> Void

    struct Job {
        let write: @Sendable (StoreTransaction) throws -> Placement
        let settle: Settle
        let continuation: CheckedContinuation<Placement, any Error>
    }

    private let database: any StoreDatabase
    private let condition = NSCondition()
    private var queue: [Job] = []
    private var stopped = false

    /// Runs on the writer thread after each group, its placements confirmed (log upkeep).
    private let afterGroup: @Sendable () -> Void

    init(database: any StoreDatabase, afterGroup: @escaping @Sendable () -> Void) {
        self.database = database
        self.afterGroup = afterGroup
        let thread = Thread { [self] in run() }
        thread.name = "omniroute-commit"
        thread.start()
    }

    /// Runs `write` in the next group and returns its value once the group has committed.
    /// `settle` runs on the writer thread with the outcome before the caller resumes, so
    /// bookkeeping that others wait for never waits for a free task thread.
    func submit(_ write: @escaping @Sendable (StoreTransaction) throws -> Placement, settle: @escaping Settle)
        async throws -> Placement
    {
        try await withCheckedThrowingContinuation { continuation in
            condition.lock()
            if stopped {
                condition.unlock()
                let closed = StoreError.database("the store is closed")
                settle(.failure(closed))
                continuation.resume(throwing: closed)
                return
            }
            queue.append(Job(write: write, settle: settle, continuation: continuation))
            condition.signal()
            condition.unlock()
        }
    }

    /// Lets the writer thread finish what is queued and end.
    func stop() {
        condition.lock()
        stopped = true
        condition.signal()
        condition.unlock()
    }

    private func run() {
        while true {
            condition.lock()
            while queue.isEmpty && !stopped { condition.wait() }
            if queue.isEmpty {
                condition.unlock()
                return
            }
            let batch = queue
            queue.removeAll(keepingCapacity: true)
            condition.unlock()
            let results = commit(batch)
            for (job, result) in zip(batch, results) { job.settle(result) }
            for (job, result) in zip(batch, results) { job.continuation.resume(with: result) }
            afterGroup()
        }
    }

    private func commit(_ batch: [Job]) -> [Result<Placement, any Error>] {
        var results: [Result<Placement, any Error>] = []
        do {
            try database.write { tx in
                for job in batch {
                    var value: Placement?
                    do {
                        try tx.inSavepoint { value = try job.write(tx) }
                        results.append(.success(value!))
                    } catch {
                        results.append(.failure(error))
                    }
                }
            }
            return results
        } catch {
            // The group did not commit: nothing of it is stored.
            return batch.map { _ in .failure(error) }
        }
    }
}
