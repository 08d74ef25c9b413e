import Foundation
import OmniRouteFormat
import OmniRouteModel
import OmniRouteStore
import OmniRouteTestSupport

enum Paths {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static func scenario(_ name: String) -> String { root.appendingPathComponent("scenarios/\(name)").path }

    /// A fresh database path in a new temporary directory.
    static func database() -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("omniroute-store-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir.appendingPathComponent("store.sqlite").path
    }
}

extension TinyNetwork {
    static func store(_ scenario: Scenario = scenario()) throws -> RouteStore {
        try RouteStore.create(path: Paths.database(), seed: scenario, clock: .fixed(now), placeOrders: false)
    }
}
