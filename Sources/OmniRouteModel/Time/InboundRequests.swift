extension FieldReader {
    /// A date `YYYY-MM-DD` under `key`; nil (an issue logged) when absent or bad.
    func date(_ key: String) -> CalendarDay? {
        guard let text = string(key) else { return nil }
        guard let day = CalendarDay(iso: text) else {
            issues.add(fieldPath(key), "expected a date YYYY-MM-DD, got \"\(text)\"")
            return nil
        }
        return day
    }
}

/// The body of `POST /v1/inbound`: stock on its way to a node (a purchase-order line, a transfer
/// in transit), `{"node", "sku", "qty", "arrives"}` with an optional `id` (not starting with
/// `IN-`, which generated ids use), `reference` (a PO number) and `actor`.
public struct InboundRequest: Sendable {
    public var id: String?
    public var line: InboundLine
    public var reference: String?
    public var actor: String?

    public init(document: Document) throws(DocumentError) {
        let log = IssueLog()
        guard
            let r = FieldReader(
                document, path: "", issues: log, required: ["node", "sku", "qty", "arrives"],
                optional: ["id", "reference", "actor"])
        else { throw DocumentError(issues: log.issues) }
        id = r.has("id") ? r.string("id") : nil
        if let id, !CheckoutRequest.isClientId(id) {
            log.add("id", "an inbound id is 1 to 64 letters, digits, '.', '_' or '-', got \"\(id)\"")
        } else if let id, id.hasPrefix("IN-") {
            log.add("id", "ids starting with IN- are the store's own; choose another")
        }
        reference = r.has("reference") ? r.string("reference") : nil
        actor = r.has("actor") ? r.string("actor") : nil
        let node = r.string("node")
        let sku = r.string("sku")
        let qty = r.int("qty", minimum: 1)
        let arrives = r.date("arrives")
        guard log.isEmpty, let node, let sku, let qty, let arrives else { throw DocumentError(issues: log.issues) }
        line = InboundLine(node: node, sku: sku, qty: qty, arrives: arrives)
    }
}

/// The body of `PATCH /v1/inbound/{id}`: a new arrival date and/or quantity (at least one), the
/// reason (a carrier's notice) and `actor`.
public struct InboundChangeRequest: Sendable {
    public var qty: Int?
    public var arrives: CalendarDay?
    public var reason: String?
    public var actor: String?

    public init(document: Document) throws(DocumentError) {
        let log = IssueLog()
        guard
            let r = FieldReader(
                document, path: "", issues: log, required: [], optional: ["qty", "arrives", "reason", "actor"])
        else { throw DocumentError(issues: log.issues) }
        qty = r.has("qty") ? r.int("qty", minimum: 1) : nil
        arrives = r.has("arrives") ? r.date("arrives") : nil
        reason = r.has("reason") ? r.string("reason") : nil
        actor = r.has("actor") ? r.string("actor") : nil
        if !r.has("qty") && !r.has("arrives") { log.add("", "give a new qty, a new arrives date, or both") }
        guard log.isEmpty else { throw DocumentError(issues: log.issues) }
    }
}

/// The body of `POST /v1/inbound/{id}/receive` (`qty`: the units that came, the line's own when
/// absent) and of `POST /v1/inbound/{id}/cancel` (no `qty`); both with an optional `reason` and `actor`.
public struct InboundCloseRequest: Sendable {
    public var qty: Int?
    public var reason: String?
    public var actor: String?

    public init(qty: Int? = nil, reason: String? = nil, actor: String? = nil) {
        self.qty = qty
        self.reason = reason
        self.actor = actor
    }

    public init(document: Document?, receiving: Bool) throws(DocumentError) {
        guard let document else { return }
        let log = IssueLog()
        guard
            let r = FieldReader(
                document, path: "", issues: log, required: [],
                optional: receiving ? ["qty", "reason", "actor"] : ["reason", "actor"])
        else { throw DocumentError(issues: log.issues) }
        qty = r.has("qty") ? r.int("qty", minimum: 0) : nil
        reason = r.has("reason") ? r.string("reason") : nil
        actor = r.has("actor") ? r.string("actor") : nil
        guard log.isEmpty else { throw DocumentError(issues: log.issues) }
    }
}
