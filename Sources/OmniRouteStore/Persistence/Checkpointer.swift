import Foundation
import GRDB
import Synchronization

/// Keeps SQLite's write-ahead log short without making a checkout wait for it.
///
/// SQLite's own automatic checkpoint copies the log into the database file inside the
/// commit that crosses 1,000 pages, so every thousandth page or so one group of
/// placements waits for a 4 MB copy and an fsync. Here automatic checkpoints are off,
/// and a thread with its own connection copies the log passively while writers go on.
/// Passive copies alone never let the log start over under continuous writes, so once
/// they have caught up with a long log, the writer itself runs a RESTART checkpoint
/// between two transactions (`SQLiteDatabase.afterCommit`): only the last few frames are left to
/// copy, and no writer waits on another's busy handler.
final class Checkpointer: Sendable {
    /// Log frames (pages) after which the log is restarted once passive copies have caught up.
    static let restartFrames = 2_000
    /// Frames still to copy below which a restart counts as caught up.
    static let caughtUpFrames = 256
    /// Log frames after which the log is restarted whatever is left to copy.
    static let hardLimitFrames = 16_000

    /// False when `OMNIROUTE_CHECKPOINT=sqlite` leaves checkpoints to SQLite (inside the
    /// commits, every 1,000 pages), for comparison or as a fallback.
    static let enabled = ProcessInfo.processInfo.environment["OMNIROUTE_CHECKPOINT"] != "sqlite"

    private let queue: DatabaseQueue
    private let stopped = Atomic<Bool>(false)
    /// Signalled by `stop`, so that the thread's wait between checkpoints ends at once.
    private let wake = DispatchSemaphore(value: 0)
    private let due = Atomic<Bool>(false)
    private let done = DispatchSemaphore(value: 0)

    init(path: String) throws {
        var config = Configuration()
        config.busyMode = .timeout(5)
        queue = try DatabaseQueue(path: path, configuration: config)
        let thread = Thread { [self] in run() }
        thread.name = "omniroute-checkpoint"
        thread.start()
    }

    /// Stops the thread (after its current checkpoint).
    func stop() {
        guard !stopped.exchange(true, ordering: .relaxed) else { return }
        wake.signal()
        done.wait()
    }

    /// True (once) when the passive copies have caught up with a long log: the writer
    /// should then restart it between two transactions (`SQLiteDatabase.afterCommit`).
    func restartIsDue() -> Bool { due.exchange(false, ordering: .relaxed) }

    private func run() {
        defer { done.signal() }
        while !stopped.load(ordering: .relaxed) {
            var idle = true
            if let (log, copied) = passive() {
                idle = log == copied
                if log >= Self.hardLimitFrames || (log >= Self.restartFrames && log - copied <= Self.caughtUpFrames) {
                    due.store(true, ordering: .relaxed)
                }
            }
            // Every 50 ms while the log is copied, 10 ms while it grows; at once on stop.
            _ = wake.wait(timeout: .now() + .milliseconds(idle ? 50 : 10))
        }
    }

    /// A passive checkpoint: the log's frames and how many are copied, or nil if it failed.
    private func passive() -> (log: Int, copied: Int)? {
        try? queue.inDatabase { db in
            guard let row = try Row.fetchOne(db, sql: "PRAGMA wal_checkpoint(PASSIVE)") else { return nil }
            let log: Int = row[1]
            let copied: Int = row[2]
            return log < 0 ? nil : (log, copied)
        }
    }
}
