import Foundation

/// Orders the store's two kinds of writers without polling: placements, which hold
/// their units in the book at once and are written later by the group committer,
/// and drains (lifecycle transactions, checks), which must see in the database every
/// hold the book has.
///
/// A drain stops new placements from starting and waits until those in flight have
/// settled; a placement that arrives meanwhile waits (asynchronously) until no drain
/// is on. Every wait is on a condition or a continuation, never a sleep.
final class WriteGate: @unchecked Sendable {
    private let condition = NSCondition()
    // Guarded by `condition`.
    private var inFlight = 0
    private var draining = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []

    /// Placements held in the book and not yet settled.
    var placementsInFlight: Int {
        condition.lock()
        defer { condition.unlock() }
        return inFlight
    }

    /// Counts a placement in, unless a drain is on (then false: wait with `untilNoDrain`).
    func enterPlacement() -> Bool {
        condition.lock()
        defer { condition.unlock() }
        guard draining == 0 else { return false }
        inFlight += 1
        return true
    }

    /// A placement has settled (committed, or failed and given its units back).
    func leavePlacement() {
        condition.lock()
        inFlight -= 1
        if inFlight == 0 { condition.broadcast() }
        condition.unlock()
    }

    /// Returns once no drain is on.
    func untilNoDrain() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            condition.lock()
            if draining == 0 {
                condition.unlock()
                continuation.resume()
            } else {
                waiting.append(continuation)
                condition.unlock()
            }
        }
    }

    /// Starts a drain: no placement starts from now on, and this returns once every
    /// placement in flight has settled. Blocks the calling thread meanwhile.
    func beginDrain() {
        condition.lock()
        draining += 1
        while inFlight > 0 { condition.wait() }
        condition.unlock()
    }

    /// Ends a drain; the placements waiting for it go on once no other drain is on.
    func endDrain() {
        condition.lock()
        draining -= 1
        let resumed = draining == 0 ? waiting : []
        if draining == 0 { waiting = [] }
        condition.unlock()
        for continuation in resumed { continuation.resume() }
    }
}
