/// Reads a list of `{"sku", "qty"}` lines (`qty` ≥ 1, each sku once) at `key`.
func readLines(_ r: FieldReader, _ key: String, log: IssueLog, max: Int = 200) -> [OrderLine]? {
    guard let items = r.list(key) else { return nil }
    if items.isEmpty { log.add(r.fieldPath(key), "needs at least one line") }
    if items.count > max { log.add(r.fieldPath(key), "at most \(max) lines, got \(items.count)") }
    var lines: [OrderLine] = []
    var seen = Set<String>()
    for (path, value) in items.prefix(max) {
        guard let l = FieldReader(value, path: path, issues: log, required: ["sku", "qty"]) else { continue }
        let sku = l.string("sku")
        let qty = l.int("qty", minimum: 1)
        if let sku, !seen.insert(sku).inserted { log.add(path + ".sku", "sku \"\(sku)\" is listed twice") }
        if let sku, let qty { lines.append(OrderLine(sku: sku, qty: qty)) }
    }
    return lines
}

/// The optional body of a cancellation: `{"reason": "...", "lines": [{"sku", "qty"}], "actor": "..."}`.
/// Without `lines` the whole order is cancelled; with them, only those units.
public struct CancelRequest: Sendable, Hashable {
    public var reason: String?
    /// The units to cancel; nil cancels the whole order.
    public var lines: [OrderLine]?
    /// Who cancelled (a customer-service agent, the customer's app), for the history.
    public var actor: String?

    public init(reason: String? = nil, lines: [OrderLine]? = nil, actor: String? = nil) {
        self.reason = reason
        self.lines = lines
        self.actor = actor
    }

    public init(document: Document) throws(DocumentError) {
        let log = IssueLog()
        guard
            let r = FieldReader(document, path: "", issues: log, required: [], optional: ["reason", "lines", "actor"])
        else {
            throw DocumentError(issues: log.issues)
        }
        reason = r.has("reason") ? r.string("reason") : nil
        actor = r.has("actor") ? r.string("actor") : nil
        lines = r.has("lines") ? readLines(r, "lines", log: log) : nil
        guard log.isEmpty else { throw DocumentError(issues: log.issues) }
    }
}

/// A node's report on one leg: `{"type": "picked"}`, `{"type": "shipped", "tracking_id": "1Z…"}`,
/// `{"type": "rejected", "lines": [{"sku", "qty"}], "reason": "…"}`.
///
/// `rejected` without lines rejects the whole leg; with lines it is a short pick:
/// only those units could not be picked, and the leg goes on with the rest.
public struct LegEventRequest: Sendable, Hashable {
    /// The status the event moves the leg to.
    public var status: LegStatus
    /// For `rejected`: the units the node could not pick (nil: all of them).
    public var lines: [OrderLine]?
    /// The carrier's tracking id; required with `shipped`.
    public var trackingId: String?
    public var reason: String?
    /// Who reported it (an associate, a WMS); the leg's node when absent.
    public var actor: String?

    public init(
        status: LegStatus, lines: [OrderLine]? = nil, trackingId: String? = nil, reason: String? = nil,
        actor: String? = nil
    ) {
        self.status = status
        self.lines = lines
        self.trackingId = trackingId
        self.reason = reason
        self.actor = actor
    }

    /// The statuses a node may report.
    public static let reportable: [LegStatus] = [
        .accepted, .rejected, .picked, .shipped, .inTransit, .readyForPickup, .delivered, .collected,
    ]

    public init(document: Document) throws(DocumentError) {
        let log = IssueLog()
        guard
            let r = FieldReader(
                document, path: "", issues: log, required: ["type"],
                optional: ["lines", "tracking_id", "reason", "actor"])
        else { throw DocumentError(issues: log.issues) }
        var status: LegStatus?
        if let type = r.string("type") {
            if let s = LegStatus(rawValue: type), Self.reportable.contains(s) {
                status = s
            } else {
                log.add(
                    "type",
                    "unknown event \"\(type)\" (expected one of: "
                        + "\(Self.reportable.map(\.rawValue).joined(separator: ", ")))"
                )
            }
        }
        lines = r.has("lines") ? readLines(r, "lines", log: log) : nil
        trackingId = r.has("tracking_id") ? r.string("tracking_id") : nil
        reason = r.has("reason") ? r.string("reason") : nil
        actor = r.has("actor") ? r.string("actor") : nil
        if let status {
            if lines != nil && status != .rejected { log.add("lines", "only a rejection lists lines") }
            if status == .shipped && trackingId == nil && !r.has("tracking_id") {
                log.add("tracking_id", "a shipped parcel needs the carrier's tracking id")
            }
            if let t = trackingId, t.count > 64 { log.add("tracking_id", "at most 64 characters") }
        }
        guard log.isEmpty, let status else { throw DocumentError(issues: log.issues) }
        self.status = status
    }
}

/// Which planned orders to send to their nodes: `{"due_within_days": 2, "orders": ["OR-1"]}`;
/// an empty body releases every planned order.
public struct ReleaseRequest: Sendable, Hashable {
    /// Only orders due within this many days of today (orders without a due date are not due soon).
    public var dueWithinDays: Int?
    /// Only these orders.
    public var orders: [String]?

    public init(dueWithinDays: Int? = nil, orders: [String]? = nil) {
        self.dueWithinDays = dueWithinDays
        self.orders = orders
    }

    public init(document: Document) throws(DocumentError) {
        let log = IssueLog()
        guard
            let r = FieldReader(document, path: "", issues: log, required: [], optional: ["due_within_days", "orders"])
        else {
            throw DocumentError(issues: log.issues)
        }
        dueWithinDays = r.has("due_within_days") ? r.int("due_within_days", minimum: 0, maximum: Limits.days) : nil
        if let items = r.list("orders") {
            var ids: [String] = []
            for (path, value) in items {
                if case .string(let s) = value, !s.isEmpty {
                    if ids.contains(s) {
                        log.add(path.description, "order \"\(s)\" is listed twice")
                    } else {
                        ids.append(s)
                    }
                } else {
                    log.add(path.description, "expected an order id")
                }
            }
            if items.isEmpty { log.add("orders", "name at least one order, or leave the field out") }
            orders = ids
        }
        guard log.isEmpty else { throw DocumentError(issues: log.issues) }
    }
}

/// Sales at a store's till: `{"node": "S-12", "lines": [{"sku", "qty"}], "reference": "receipt 881"}`.
/// Each unit sold leaves the store's on-hand.
public struct StoreSale: Sendable, Hashable {
    public var node: String
    public var lines: [OrderLine]
    public var reference: String?

    public init(node: String, lines: [OrderLine], reference: String? = nil) {
        self.node = node
        self.lines = lines
        self.reference = reference
    }

    public init(document: Document) throws(DocumentError) {
        let log = IssueLog()
        guard
            let r = FieldReader(document, path: "", issues: log, required: ["node", "lines"], optional: ["reference"])
        else {
            throw DocumentError(issues: log.issues)
        }
        let node = r.string("node")
        let lines = readLines(r, "lines", log: log)
        reference = r.has("reference") ? r.string("reference") : nil
        guard log.isEmpty, let node, let lines else { throw DocumentError(issues: log.issues) }
        self.node = node
        self.lines = lines
    }
}

/// A warehouse management system's count of a node:
/// `{"node": "W-1", "positions": [{"sku", "on_hand"}], "source": "wms"}`.
/// Each listed position is set to its count; positions not listed keep theirs.
public struct StockSnapshot: Sendable, Hashable {
    public var node: String
    public var counts: [(sku: String, onHand: Int)]
    public var source: String?

    public init(node: String, counts: [(sku: String, onHand: Int)], source: String? = nil) {
        self.node = node
        self.counts = counts
        self.source = source
    }

    public static func == (a: StockSnapshot, b: StockSnapshot) -> Bool {
        a.node == b.node && a.source == b.source
            && a.counts.elementsEqual(b.counts) { $0.sku == $1.sku && $0.onHand == $1.onHand }
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(node)
        for c in counts {
            hasher.combine(c.sku)
            hasher.combine(c.onHand)
        }
    }

    public init(document: Document) throws(DocumentError) {
        let log = IssueLog()
        guard
            let r = FieldReader(document, path: "", issues: log, required: ["node", "positions"], optional: ["source"])
        else {
            throw DocumentError(issues: log.issues)
        }
        let node = r.string("node")
        source = r.has("source") ? r.string("source") : nil
        var counts: [(sku: String, onHand: Int)] = []
        var seen = Set<String>()
        if let items = r.list("positions") {
            if items.isEmpty { log.add("positions", "a snapshot needs at least one position") }
            if items.count > StockAdjustment.maxBatch {
                log.add("positions", "at most \(StockAdjustment.maxBatch) positions")
            }
            for (path, value) in items.prefix(StockAdjustment.maxBatch) {
                guard let p = FieldReader(value, path: path, issues: log, required: ["sku", "on_hand"]) else {
                    continue
                }
                let sku = p.string("sku")
                let onHand = p.int("on_hand", minimum: 0)
                if let sku, !seen.insert(sku).inserted { log.add(path + ".sku", "sku \"\(sku)\" is counted twice") }
                if let sku, let onHand { counts.append((sku, onHand)) }
            }
        }
        guard log.isEmpty, let node else { throw DocumentError(issues: log.issues) }
        self.node = node
        self.counts = counts
    }
}
