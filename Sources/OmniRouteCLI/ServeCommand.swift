import ArgumentParser
import Foundation
import Hummingbird
import Logging
import OmniRouteExact
import OmniRouteHeuristics
import OmniRouteModel
import OmniRouteServer
import OmniRouteStore

/// `omniroute serve`: the HTTP route API.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the checkout route API (quotes, orders, inventory, availability, metrics).",
        discussion: """
            With no --db it serves the default database, created on first use from the bundled east-medium \
            network. See docs/api.md; the OpenAPI document is served at /openapi.yaml.
            """)

    @Option(name: .long, help: "The database file (default: $OMNIROUTE_DB or ~/.local/share/omniroute/default.sqlite).")
    var db: String?

    @Option(name: .long, help: "The address to listen on.")
    var host = "127.0.0.1"

    @Option(name: .long, help: "The port to listen on (0: any free port).")
    var port = 8080

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Once listening, write the port bound to this file (for scripts and tests; "
                + "see also the first line printed).",
            valueName: "file"))
    var portFile: String?

    @Option(name: .long, help: "Override the store's clock: system or an ISO 8601 instant.")
    var clock: String?

    @Option(
        name: .long, help: "normal (a confirmed order survives the process being killed) or full (also a power cut).")
    var durability: String = "normal"

    @Option(name: .long, help: "Log level: trace, debug, info, notice, warning, error.")
    var logLevel: String = "info"

    @Option(
        name: .long,
        help: ArgumentHelp(
            "The online strategy that routes checkout: \(OnlineStrategy.all.map(\.name).joined(separator: " | ")).",
            valueName: "name"))
    var checkoutStrategy = OnlineStrategy.greedy.name

    @OptionGroup(title: "Edge")
    var edge: EdgeOptions

    @OptionGroup(title: "Access")
    var access: AccessOptions

    @OptionGroup(title: "TLS")
    var tlsFiles: TLSOptions

    func run() async throws {
        let edgePolicy = try edge.policy(binding: host)
        let accessPolicy = try access.policy(binding: host)
        let tls = try tlsFiles.serverTLS()
        var clockOverride: StoreClock?
        if let clock {
            guard let c = StoreClock(clock) else {
                throw CLIError.badInput("--clock: expected system or an ISO 8601 instant, got \"\(clock)\"")
            }
            clockOverride = c
        }
        guard let level = RouteStore.Durability(rawValue: durability) else {
            throw CLIError.badInput("--durability: expected normal or full, got \"\(durability)\"")
        }
        guard let logLevel = Logger.Level(rawValue: logLevel) else {
            throw CLIError.badInput("--log-level: unknown level \"\(logLevel)\"")
        }
        guard let checkout = OnlineStrategy.named(checkoutStrategy) else {
            let online = OnlineStrategy.all.map(\.name).joined(separator: ", ")
            let exact =
                Strategy.named(checkoutStrategy)?.isExact == true
                ? " (an exact strategy plans batches, not checkout)" : ""
            throw CLIError.badInput(
                "--checkout-strategy: expected one of \(online), got \"\(checkoutStrategy)\"\(exact)")
        }
        let store = try DatabaseLocation.open(db, clock: clockOverride, durability: level, checkoutStrategy: checkout)
        var logger = Logger(label: "omniroute")
        logger.logLevel = logLevel
        if let refusal = access.refusal(binding: host, hasKeys: store.hasActiveKeys) {
            store.shutDown()
            throw CLIError(code: 1, message: refusal)
        }
        if let warning = access.warning(binding: host, hasKeys: store.hasActiveKeys) { logger.warning("\(warning)") }
        let example = Self.exampleRequest(store.network)
        let host = host
        let portFile = portFile
        let scheme = tls == nil ? "http" : "https"
        let app = RouteServer.application(
            store: store, host: host, port: port, edge: edgePolicy, access: accessPolicy, tls: tls, logger: logger
        ) { bound in
            // First line: machine-readable, for scripts and tests; then the banner for a person.
            let banner = """
                listening on \(host):\(bound)
                omniroute: serving \(store.path) (\(store.network.scenario.name), clock \(store.clock), \
                checkout \(store.checkoutStrategy.name)) on \(scheme)://\(host):\(bound)
                try:
                  curl -s \(scheme)://\(host):\(bound)/v1/quotes -H 'content-type: application/json' -d '\(example)'

                """
            if let portFile { try? Data("\(bound)\n".utf8).write(to: URL(fileURLWithPath: portFile), options: .atomic) }
            FileHandle.standardOutput.write(Data(banner.utf8))
        }
        // SIGTERM and SIGINT stop taking requests, answer those in flight, let placements commit,
        // checkpoint the database, and exit 0.
        do {
            try await app.runService(gracefulShutdownSignals: [.sigterm, .sigint])
        } catch {
            throw CLIError(code: 1, message: "the server stopped: \(error)")
        }
    }

    /// A quote request for the network: its best-stocked sku, shipped to near its first store.
    static func exampleRequest(_ network: Network) -> String {
        var units: [String: Int] = [:]
        for row in network.scenario.inventory { units[row.sku, default: 0] += row.availableToPromise }
        let sku =
            units.max { $0.value == $1.value ? $0.key > $1.key : $0.value < $1.value }?.key ?? network.skus.first?.id
            ?? "SKU"
        let place =
            network.nodes.first { $0.kind == .store }?.location ?? network.nodes.first?.location
            ?? GeoPoint(lat: 40.7, lon: -74)
        let lat = String(format: "%.2f", place.lat + 0.05)
        let lon = String(format: "%.2f", place.lon + 0.05)
        return
            #"{"lines":[{"sku":"\#(sku)","qty":1}],"delivery":{"mode":"ship","#
            + #""location":{"lat":\#(lat),"lon":\#(lon)}}}"#
    }
}
