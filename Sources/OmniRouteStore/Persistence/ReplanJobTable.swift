import OmniRouteFormat
import OmniRouteModel

/// Re-plan jobs (`replan_jobs`), numbered after every job the database has run.
struct ReplanJobTable {
    let connection: any SQLConnection

    /// Records a new job as running and returns it (`RP-1`, `RP-2`, …).
    func begin(options: Document, at now: Timestamp) throws -> ReplanJobRecord {
        let number = try connection.value("SELECT COALESCE(MAX(number), 0) + 1 FROM replan_jobs") ?? 1
        try connection.run(
            "INSERT INTO replan_jobs (number, id, state, options, started_at) VALUES (?, ?, 'running', ?, ?)",
            [number, "RP-\(number)", JSONWriter.write(options), now.text])
        return record(
            try connection.row("SELECT * FROM replan_jobs WHERE number = ?", [number])!)
    }

    /// Records how job `id` ended: `succeeded` with its result, or `failed` with `error`.
    func finish(_ id: String, result: Document?, error: String?, at now: Timestamp) throws {
        try connection.run(
            "UPDATE replan_jobs SET state = ?, result = ?, error = ?, finished_at = ? WHERE id = ?",
            [
                error == nil ? "succeeded" : "failed", result.map { JSONWriter.write($0) }, error,
                now.text, id,
            ])
    }

    /// Marks the jobs still `running` (their process stopped) as failed with `error`.
    func failRunning(error: String, at now: Timestamp) throws {
        try connection.run(
            "UPDATE replan_jobs SET state = 'failed', error = ?, finished_at = ? WHERE state = 'running'",
            [error, now.text])
    }

    /// Job `id`, or nil.
    func find(_ id: String) throws -> ReplanJobRecord? {
        try connection.row("SELECT * FROM replan_jobs WHERE id = ?", [id]).map(record)
    }

    private func record(_ row: SQLRow) -> ReplanJobRecord {
        ReplanJobRecord(
            id: row["id"], state: ReplanJobRecord.State(rawValue: row["state"]) ?? .failed,
            options: (try? JSONParser.parse(row["options"] as String)) ?? .object([]), startedAt: row["started_at"],
            finishedAt: row["finished_at"], result: (row["result"] as String?).flatMap { try? JSONParser.parse($0) },
            error: row["error"])
    }
}
