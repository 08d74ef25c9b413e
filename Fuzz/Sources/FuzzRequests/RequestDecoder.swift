import FuzzSupport
import OmniRouteModel

/// One request-body decoder of the route API (and the what-if change list), picked by the first
/// byte of an input: its letter, or any other byte modulo the number of decoders.
enum RequestDecoder: UInt8, CaseIterable {
    case quote = 0x71  // q: POST /v1/quotes
    case order = 0x6F  // o: POST /v1/orders
    case cancel = 0x63  // c: POST /v1/orders/{id}/cancel
    case release = 0x72  // r: POST /v1/release
    case legEvent = 0x65  // e: POST /v1/legs/{id}/events
    case stockCount = 0x73  // s: PUT /v1/inventory/{node}/{sku}
    case adjustments = 0x61  // a: POST /v1/inventory/adjustments
    case snapshot = 0x6E  // n: POST /v1/inventory/snapshots
    case sale = 0x6C  // l: POST /v1/inventory/sales
    case replan = 0x70  // p: POST /v1/replan
    case whatIf = 0x77  // w: a list of scenario changes, applied to the fixed scenario

    init(selector: UInt8) {
        self = Self(rawValue: selector) ?? Self.allCases[Int(selector) % Self.allCases.count]
    }

    /// Decodes `document`; thrown errors are expected, traps are findings.
    func decode(_ document: Document) {
        let network = Fixture.network
        switch self {
        case .quote: _ = try? CheckoutRequest(document: document, network: network, allowOptions: true)
        case .order: _ = try? CheckoutRequest(document: document, network: network, allowOptions: false)
        case .cancel: _ = try? CancelRequest(document: document)
        case .release: _ = try? ReleaseRequest(document: document)
        case .legEvent: _ = try? LegEventRequest(document: document)
        case .stockCount: _ = try? StockCount(document: document)
        case .adjustments: _ = try? StockAdjustment.batch(document: document)
        case .snapshot: _ = try? StockSnapshot(document: document)
        case .sale: _ = try? StoreSale(document: document)
        case .replan: _ = try? ReplanRequest(document: document)
        case .whatIf:
            guard let changes = try? ScenarioChange.list(document: document),
                let scenario = try? Fixture.scenario.applying(changes)
            else { return }
            _ = Network(scenario)
        }
    }
}
