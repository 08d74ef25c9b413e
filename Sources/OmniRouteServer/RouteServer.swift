import Foundation
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import OmniRouteStore

/// Builds and runs the HTTP server for a store.
public enum RouteServer {
    /// The application serving `store` on `host:port` (port 0 picks a free port;
    /// `onRunning` receives the port bound), with the edge policy `edge` (by default
    /// the one for `host`: on loopback only loopback `Host` names) and the access policy
    /// `access` (by default the one for `host`), over HTTPS when `tls` is given. At a graceful
    /// shutdown the server stops taking requests, answers those in flight, and then
    /// the store is closed (`StoreService`).
    public static func application(
        store: RouteStore, host: String = "127.0.0.1", port: Int = 8080, edge: EdgePolicy? = nil,
        access: AccessPolicy? = nil, tls: ServerTLS? = nil, logger: Logger = Logger(label: "omniroute"),
        onRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        let edge = edge ?? EdgePolicy.forBinding(host)
        return Application(
            router: RouteAPI(store: store).router(edge: edge, access: access ?? AccessPolicy.forBinding(host)),
            server: .edge(edge, tls: tls),
            configuration: .init(address: .hostname(host, port: port), serverName: "omniroute"),
            services: [StoreService(store: store)],
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
