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

    /// What a job still `running` when its process stopped becomes, at the next open or
    /// when the next job starts.
    static let interrupted = "interrupted: the service stopped while the re-plan ran; nothing of it was written"
}
