/// The body of `PUT /v1/nodes/{id}/calendar`: the node's keys of time as a scenario writes
/// them (`timezone`, `cutoff`, `closed_weekdays`, `closed_dates`; an absent key is none: UTC,
/// no cutoff, nothing closed), and who asks (`actor`).
public struct NodeCalendarRequest: Sendable {
    public var timeZone: String?
    public var cutoffMinutes: Int?
    public var calendar: WorkCalendar
    public var actor: String?

    public init(document: Document) throws(DocumentError) {
        let log = IssueLog()
        guard
            let r = FieldReader(
                document, path: "", issues: log, required: [],
                optional: ["timezone", "cutoff", "closed_weekdays", "closed_dates", "actor"])
        else { throw DocumentError(issues: log.issues) }
        actor = r.has("actor") ? r.string("actor") : nil
        let zone = r.timeZone("timezone")
        let cutoff = r.localTime("cutoff")
        let calendar = r.workCalendar()
        guard log.isEmpty, let zone, let cutoff, let calendar else { throw DocumentError(issues: log.issues) }
        timeZone = zone
        cutoffMinutes = cutoff
        self.calendar = calendar
    }
}
