/// An absolute count of one position from a POS or WMS feed.
public struct StockCount: Sendable, Hashable {
    public var onHand: Int
    /// Nil keeps the current safety stock.
    public var safetyStock: Int?
    /// Which system counted (`pos`, `wms`, ...), for the event log.
    public var source: String?

    public init(onHand: Int, safetyStock: Int? = nil, source: String? = nil) {
        self.onHand = onHand
        self.safetyStock = safetyStock
        self.source = source
    }

    /// Reads `{"on_hand": 12, "safety_stock": 2, "source": "wms"}` strictly.
    public init(document: Document) throws(DocumentError) {
        let log = IssueLog()
        guard
            let r = FieldReader(
                document, path: "", issues: log, required: ["on_hand"], optional: ["safety_stock", "source"])
        else { throw DocumentError(issues: log.issues) }
        let onHand = r.int("on_hand", minimum: 0)
        let safety = r.has("safety_stock") ? r.int("safety_stock", minimum: 0) : nil
        let source = r.has("source") ? r.string("source") : nil
        guard log.isEmpty, let onHand else { throw DocumentError(issues: log.issues) }
        self.init(onHand: onHand, safetyStock: safety, source: source)
    }
}

/// A change to one position's on-hand (a receipt, a sale, a count correction).
public struct StockAdjustment: Sendable, Hashable {
    public var node: String
    public var sku: String
    public var delta: Int

    public init(node: String, sku: String, delta: Int) {
        self.node = node
        self.sku = sku
        self.delta = delta
    }

    /// Most adjustments in one batch.
    public static let maxBatch = 10_000

    /// Reads `{"adjustments": [{"node", "sku", "delta"}], "reason": "..."}` strictly
    /// (a delta of 0 is refused as a likely mistake).
    public static func batch(document: Document) throws(DocumentError) -> (
        adjustments: [StockAdjustment], reason: String?
    ) {
        let log = IssueLog()
        guard let r = FieldReader(document, path: "", issues: log, required: ["adjustments"], optional: ["reason"])
        else {
            throw DocumentError(issues: log.issues)
        }
        let reason = r.has("reason") ? r.string("reason") : nil
        var out: [StockAdjustment] = []
        if let items = r.list("adjustments") {
            if items.isEmpty { log.add("adjustments", "a batch needs at least one adjustment") }
            if items.count > maxBatch { log.add("adjustments", "at most \(maxBatch) adjustments, got \(items.count)") }
            for (path, value) in items.prefix(maxBatch) {
                guard let a = FieldReader(value, path: path, issues: log, required: ["node", "sku", "delta"]) else {
                    continue
                }
                let node = a.string("node")
                let sku = a.string("sku")
                let delta = a.int("delta")
                if delta == 0 { log.add(path + ".delta", "must not be 0") }
                if let node, let sku, let delta { out.append(StockAdjustment(node: node, sku: sku, delta: delta)) }
            }
        }
        guard log.isEmpty else { throw DocumentError(issues: log.issues) }
        return (out, reason)
    }
}

/// The optional body of a re-plan request:
/// `{"time_limit": 60, "gap": 0.001, "min_saving": 0.001, "dry_run": false, "keep_promises": false}`.
public struct ReplanRequest: Sendable, Hashable {
    public var timeLimit: Double = 60
    public var gap: Double = 1e-3
    public var minSaving: Double = 1e-3
    public var dryRun = false
    public var keepPromises = false

    public init(document: Document) throws(DocumentError) {
        let log = IssueLog()
        guard
            let r = FieldReader(
                document, path: "", issues: log, required: [],
                optional: ["time_limit", "gap", "min_saving", "dry_run", "keep_promises"])
        else { throw DocumentError(issues: log.issues) }
        if r.has("time_limit"), let t = r.number("time_limit", above: 0) {
            if t > 3600 { log.add("time_limit", "at most 3600 seconds, got \(t)") } else { timeLimit = t }
        }
        if r.has("gap"), let g = r.number("gap", minimum: 0) {
            if g >= 1 { log.add("gap", "must be below 1, got \(g)") } else { gap = g }
        }
        if r.has("min_saving"), let m = r.number("min_saving", minimum: 0) {
            if m >= 1 { log.add("min_saving", "must be below 1, got \(m)") } else { minSaving = m }
        }
        if r.has("dry_run"), let d = r.bool("dry_run") { dryRun = d }
        if r.has("keep_promises"), let k = r.bool("keep_promises") { keepPromises = k }
        guard log.isEmpty else { throw DocumentError(issues: log.issues) }
    }
}
