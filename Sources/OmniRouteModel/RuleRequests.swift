/// The body of `PUT /v1/rules`: `{"rules": [...], "actor": "..."}`. The rules themselves are
/// read against the network's nodes when stored (`Scenario.rules(_:nodes:)`).
public struct RuleDraftRequest: Sendable {
    /// `{"rules": [...]}`, the rule set as stored.
    public var ruleSet: Document
    /// Who stored the draft, for the history.
    public var actor: String?
    /// The most rules a set may have (each is compiled for every order checkout routes).
    public static let maxRules = 1_000

    public init(document: Document) throws(DocumentError) {
        let log = IssueLog()
        guard let r = FieldReader(document, path: "", issues: log, required: ["rules"], optional: ["actor"]) else {
            throw DocumentError(issues: log.issues)
        }
        actor = r.has("actor") ? r.string("actor") : nil
        if let items = r.list("rules"), items.count > Self.maxRules {
            log.add("rules", "at most \(Self.maxRules) rules, got \(items.count)")
        }
        guard log.isEmpty, let rules = r.raw("rules") else { throw DocumentError(issues: log.issues) }
        ruleSet = .object([("rules", rules)])
    }
}

/// The body of `PUT /v1/nodes/{id}/tags`: `{"tags": [...], "actor": "..."}`, distinct non-empty tags.
public struct NodeTagsRequest: Sendable {
    public var tags: [String]
    public var actor: String?

    public init(document: Document) throws(DocumentError) {
        let log = IssueLog()
        guard let r = FieldReader(document, path: "", issues: log, required: ["tags"], optional: ["actor"]) else {
            throw DocumentError(issues: log.issues)
        }
        actor = r.has("actor") ? r.string("actor") : nil
        let tags = r.tags("tags")
        if let tags, tags.count > 100 { log.add("tags", "at most 100 tags, got \(tags.count)") }
        guard log.isEmpty, let tags else { throw DocumentError(issues: log.issues) }
        self.tags = tags
    }
}

/// The body of `POST /v1/rules/{version}/activate`: `{"actor": "..."}`, or none.
public struct RuleActivationRequest: Sendable {
    public var actor: String?

    public init(document: Document) throws(DocumentError) {
        let log = IssueLog()
        guard let r = FieldReader(document, path: "", issues: log, required: [], optional: ["actor"]) else {
            throw DocumentError(issues: log.issues)
        }
        actor = r.has("actor") ? r.string("actor") : nil
        guard log.isEmpty else { throw DocumentError(issues: log.issues) }
    }
}
