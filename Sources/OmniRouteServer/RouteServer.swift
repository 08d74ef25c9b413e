import Foundation
import Hummingbird
import Logging
import NIOCore
import OmniRouteStore

/// Builds and runs the HTTP server for a store.
public enum RouteServer {
    /// The application serving `store` on `host:port` (port 0 picks a free port;
    /// `onRunning` receives the port bound).
    public static func application(store: RouteStore, host: String = "127.0.0.1", port: Int = 8080,
                                   logger: Logger = Logger(label: "omniroute"),
                                   onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) -> some ApplicationProtocol {
        Application(router: RouteAPI(store: store).router(),
                    configuration: .init(address: .hostname(host, port: port), serverName: "omniroute"),
                    onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? port) },
                    logger: logger)
    }
}

extension RouteServer {
    /// The scenario bundled with the server (`east-medium`): the network of the
    /// default database.
    public static var bundledScenarioURL: URL? {
        Bundle.module.url(forResource: "east-medium", withExtension: "json", subdirectory: "Resources")
    }
}
