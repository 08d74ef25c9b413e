import Synchronization

/// The right to run the one re-plan of a database, held by one instance at a time (on
/// PostgreSQL a session advisory lock, which the server also lets go of when the instance
/// dies; on SQLite, whose one process holds the file, a flag). Released once, by whoever
/// ran the re-plan; a claim dropped unreleased is released then.
public final class ReplanClaim: Sendable {
    private let release: Mutex<(@Sendable () -> Void)?>

    init(release: @escaping @Sendable () -> Void) {
        self.release = Mutex(release)
    }

    deinit { letGo() }

    /// Lets another re-plan start (a second call does nothing).
    public func letGo() {
        let body = release.withLock { body in
            defer { body = nil }
            return body
        }
        body?()
    }
}
