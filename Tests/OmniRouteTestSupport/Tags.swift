import Foundation
import Testing

extension Tag {
    /// Tests that take more than about two seconds on a 2-core machine (exact-engine runs on
    /// scenarios, brute-force agreement over many scenarios, subprocess servers, crash recovery).
    /// `scripts/test-fast.sh` skips them (`OMNIROUTE_SKIP_SLOW=1`, see `skippedWhenFast`).
    @Tag public static var slow: Self
}

/// Whether this run skips the slow tests: `OMNIROUTE_SKIP_SLOW=1` in the environment.
public enum SlowTests {
    public static let skipped = ProcessInfo.processInfo.environment["OMNIROUTE_SKIP_SLOW"] == "1"
}

extension Trait where Self == ConditionTrait {
    /// Disables the test or suite when `OMNIROUTE_SKIP_SLOW=1` (`swift test` filters by name,
    /// not by tag, so the fast run needs this condition beside `.tags(.slow)`).
    public static var skippedWhenFast: Self {
        .disabled(if: SlowTests.skipped, "a slow test, skipped because OMNIROUTE_SKIP_SLOW=1")
    }
}
