import OmniRouteModel

extension RouteStore {
    /// Records a new re-plan job as running and returns it, numbered after every job
    /// this database has run (`RP-1`, `RP-2`, …). The caller holds the re-plan's claim, so
    /// a job still recorded as running is one whose instance died: it is marked interrupted.
    public func beginReplanJob(options: Document, holding claim: ReplanClaim) throws(StoreError) -> ReplanJobRecord {
        let now = clock.now
        return try write { tx in
            try tx.replanJobs.failRunning(error: ReplanJobRecord.interrupted, at: now)
            return try tx.replanJobs.begin(options: options, at: now)
        }
    }

    /// Records how job `id` ended: its result, or the error that stopped it.
    public func finishReplanJob(_ id: String, result: Document?, error: String?) throws(StoreError) {
        let now = clock.now
        try write { tx in try tx.replanJobs.finish(id, result: result, error: error, at: now) }
    }

    /// The re-plan job `id`, if this database ran it.
    public func replanJob(_ id: String) throws(StoreError) -> ReplanJobRecord? {
        try read { tx in try tx.replanJobs.find(id) }
    }
}
