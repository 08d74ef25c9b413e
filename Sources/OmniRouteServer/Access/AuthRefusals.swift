import Metrics

/// `omniroute_auth_refused_total{reason}`: requests the access check refused, by reason.
enum AuthRefusals {
    enum Reason: String, CaseIterable {
        /// No `Authorization: Bearer` header.
        case missing
        /// A bearer token that no key has.
        case unknown
        /// A revoked key.
        case revoked
        /// The key has none of the roles the endpoint needs.
        case role
        /// A node key touching another node.
        case node
        /// Over the key's request limit.
        case rate
    }

    private static let counters = Dictionary(
        uniqueKeysWithValues: Reason.allCases.map {
            ($0, Counter(label: "omniroute_auth_refused_total", dimensions: [("reason", $0.rawValue)]))
        })

    static func count(_ reason: Reason) { counters[reason]?.increment() }
}
