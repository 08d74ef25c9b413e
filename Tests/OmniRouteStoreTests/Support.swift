import Foundation
import OmniRouteFormat
import OmniRouteModel
import OmniRouteStore
import OmniRouteTestSupport

extension TinyNetwork {
    static func store(_ scenario: Scenario = scenario()) throws -> RouteStore {
        try RouteStore.create(path: Paths.database(), seed: scenario, clock: .fixed(now), placeOrders: false)
    }
}
