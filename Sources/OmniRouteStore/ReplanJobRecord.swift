import GRDB
import OmniRouteFormat
import OmniRouteModel

/// A re-plan job as the store keeps it (`replan_jobs`), so that its outcome outlives
/// the process that ran it. Options and result are kept as the API shows them.
public struct ReplanJobRecord: Sendable {
    public enum State: String, Sendable {
        case running, succeeded, failed
    }

    public var id: String
    public var state: State
    public var options: Document
    public var startedAt: String
    public var finishedAt: String?
    public var result: Document?
    public var error: String?

    /// What a job still `running` when its process stopped becomes at the next open.
    static let interrupted = "interrupted: the service stopped while the re-plan ran; nothing of it was written"

    /// Marks the jobs left `running` by a process that stopped as failed.
    static func markInterrupted(_ db: Database, at now: Timestamp) throws {
        try db.execute(sql: "UPDATE replan_jobs SET state = 'failed', error = ?, finished_at = ? WHERE state = 'running'",
                       arguments: [interrupted, now.text])
    }

    init(row: Row) {
        id = row["id"]
        state = State(rawValue: row["state"]) ?? .failed
        options = (try? JSONParser.parse(row["options"] as String)) ?? .object([])
        startedAt = row["started_at"]
        finishedAt = row["finished_at"]
        result = (row["result"] as String?).flatMap { try? JSONParser.parse($0) }
        error = row["error"]
    }
}

extension RouteStore {
    /// Records a new re-plan job as running and returns it, numbered after every job
    /// this database has run (`RP-1`, `RP-2`, …).
    public func beginReplanJob(options: Document) throws(StoreError) -> ReplanJobRecord {
        let now = clock.now
        return try write { db in
            let number = try Int.fetchOne(db, sql: "SELECT COALESCE(MAX(number), 0) + 1 FROM replan_jobs") ?? 1
            try db.execute(sql: "INSERT INTO replan_jobs (number, id, state, options, started_at) VALUES (?, ?, 'running', ?, ?)",
                           arguments: [number, "RP-\(number)", JSONWriter.write(options), now.text])
            return ReplanJobRecord(row: try Row.fetchOne(db, sql: "SELECT * FROM replan_jobs WHERE number = ?", arguments: [number])!)
        }
    }

    /// Records how job `id` ended: its result, or the error that stopped it.
    public func finishReplanJob(_ id: String, result: Document?, error: String?) throws(StoreError) {
        let now = clock.now
        try write { db in
            try db.execute(sql: "UPDATE replan_jobs SET state = ?, result = ?, error = ?, finished_at = ? WHERE id = ?",
                           arguments: [error == nil ? "succeeded" : "failed", result.map { JSONWriter.write($0) }, error, now.text, id])
        }
    }

    /// The re-plan job `id`, if this database ran it.
    public func replanJob(_ id: String) throws(StoreError) -> ReplanJobRecord? {
        try read { db in try Row.fetchOne(db, sql: "SELECT * FROM replan_jobs WHERE id = ?", arguments: [id]).map(ReplanJobRecord.init) }
    }
}
