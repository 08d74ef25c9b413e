import Foundation
import OmniRouteHeuristics
import OmniRouteModel
import OmniRouteServer
import OmniRouteStore

/// Where the store's database lives when `--db` is not given, and how it is made.
enum DatabaseLocation {
    /// `$OMNIROUTE_DB`, else `$XDG_DATA_HOME/omniroute/default.sqlite`, else
    /// `~/.local/share/omniroute/default.sqlite`.
    static var defaultPath: String {
        let env = ProcessInfo.processInfo.environment
        if let path = env["OMNIROUTE_DB"], !path.isEmpty { return path }
        let base =
            env["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (NSHomeDirectory() as NSString).appendingPathComponent(".local/share")
        return (base as NSString).appendingPathComponent("omniroute/default.sqlite")
    }

    /// Opens the store at `path`; the default path is created on first use from the
    /// bundled east-medium network (its stock, no orders; the system clock).
    static func open(
        _ path: String?, clock: StoreClock? = nil, durability: RouteStore.Durability = .normal,
        checkoutStrategy: OnlineStrategy = .greedy
    ) throws(CLIError) -> RouteStore {
        let target = path ?? defaultPath
        do {
            if path == nil, !FileManager.default.fileExists(atPath: target) {
                let scenario = try bundledScenario()
                try? FileManager.default.createDirectory(
                    atPath: (target as NSString).deletingLastPathComponent,
                    withIntermediateDirectories: true)
                Inputs.note("creating the default database \(target) from the bundled \(scenario.name) network")
                return try RouteStore.create(
                    path: target, seed: scenario, clock: clock ?? .system, placeOrders: false,
                    durability: durability, checkoutStrategy: checkoutStrategy)
            }
            return try RouteStore.open(
                path: target, clock: clock, durability: durability, checkoutStrategy: checkoutStrategy)
        } catch let error as StoreError {
            // A database that holds values out of range is not bad input: it exits 1 with what is wrong.
            if case .storedOutOfRange = error { throw CLIError(code: 1, message: "\(target): \(error)") }
            throw .badInput(error.description)
        } catch let error as CLIError {
            throw error
        } catch {
            throw .badInput("\(error)")
        }
    }

    static func bundledScenario() throws(CLIError) -> Scenario {
        guard let url = RouteServer.bundledScenarioURL else {
            throw .badInput("the bundled scenario is missing from this build")
        }
        return try Inputs.scenario(url.path)
    }
}
