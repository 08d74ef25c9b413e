/// The body of `PUT /v1/nodes/{id}/capacity`: the node's capacities as a scenario writes them
/// (`capacity_units` for the whole window, `capacity_per_day` per open day; an absent or null
/// key is unlimited), and who asks (`actor`).
public struct NodeCapacityRequest: Sendable {
    public var capacityUnits: Int?
    public var capacityPerDay: Int?
    public var actor: String?

    public init(document: Document) throws(DocumentError) {
        let log = IssueLog()
        guard
            let r = FieldReader(
                document, path: "", issues: log, required: [],
                optional: ["capacity_units", "capacity_per_day", "actor"])
        else { throw DocumentError(issues: log.issues) }
        actor = r.has("actor") ? r.string("actor") : nil
        let units = r.optionalInt("capacity_units", minimum: 0)
        let perDay = r.optionalInt("capacity_per_day", minimum: 0)
        guard log.isEmpty, let units, let perDay else { throw DocumentError(issues: log.issues) }
        capacityUnits = units
        capacityPerDay = perDay
    }
}
