import Foundation

/// Paths the tests share: the package root, its bundled scenarios, fresh temporary
/// directories and database files.
public enum Paths {
    /// The package root (two levels above this file's folder).
    public static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    /// The bundled `scenarios/` folder.
    public static let scenarios = root.appendingPathComponent("scenarios")

    /// The path of a bundled scenario file.
    public static func scenario(_ name: String) -> String { scenarios.appendingPathComponent(name).path }

    /// The bundled scenario files (`.json`), small ones first.
    public static func bundledScenarios(includeLarge: Bool) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: scenarios.path)) ?? []
        return names.filter { $0.hasSuffix(".json") && (includeLarge || !$0.contains("large")) }.sorted().map(scenario)
    }

    /// A fresh, empty temporary directory (created).
    public static func temporaryDirectory() -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("omniroute-tests-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// A database path (not yet created) in a fresh temporary directory; with
    /// `OMNIROUTE_TEST_BACKEND=postgres`, a fresh empty database on the server at
    /// `OMNIROUTE_TEST_POSTGRES_URL` instead, so the same tests run on both backends.
    public static func database(_ name: String = "store.sqlite") -> String {
        if TestBackend.current == .postgres {
            guard let server = TestBackend.serverURL else {
                preconditionFailure("OMNIROUTE_TEST_BACKEND=postgres needs OMNIROUTE_TEST_POSTGRES_URL")
            }
            return TestBackend.freshDatabase(on: server)
        }
        return temporaryDirectory().appendingPathComponent(name).path
    }
}
