import ArgumentParser
import NIOCore
import OmniRouteServer

/// `serve`'s options for the edge: which hosts and origins are accepted, and how
/// long and how many connections may stay open.
struct EdgeOptions: ParsableArguments {
    @Option(
        name: .customLong("allow-host"),
        help: ArgumentHelp(
            "A Host the server answers to (name, or name:port; * for any). On a loopback address only "
                + "localhost, 127.0.0.1 and [::1] are accepted unless more are named; "
                + "elsewhere any host unless some are.",
            valueName: "host"))
    var hosts: [String] = []

    @Option(
        name: .customLong("allow-origin"),
        help: ArgumentHelp(
            "An origin whose web pages may call the API (https://ops.example.com; * for any). None by default.",
            valueName: "origin"))
    var origins: [String] = []

    @Option(help: ArgumentHelp("Seconds a connection may stay idle before it is closed.", valueName: "seconds"))
    var idleTimeout: Double = Double(EdgePolicy.defaultIdleTimeout.nanoseconds) / 1e9

    @Option(
        help: ArgumentHelp(
            "Seconds a request head may take to arrive (from the connection opening, or its first byte).",
            valueName: "seconds"))
    var headTimeout: Double = Double(EdgePolicy.defaultHeadTimeout.nanoseconds) / 1e9

    @Option(
        help: ArgumentHelp(
            "Connections open at once; a new one replaces the one idle longest, or is closed if all are busy.",
            valueName: "count"))
    var maxConnections = EdgePolicy.defaultMaxConnections

    @Option(
        help: ArgumentHelp(
            "Connections open at once from one client address (0: no limit, as behind a proxy); more are closed.",
            valueName: "count"))
    var maxConnectionsPerClient = EdgePolicy.defaultMaxConnectionsPerClient

    /// The policy for a server bound to `address`, or a usage error naming the option at fault.
    func policy(binding address: String) throws -> EdgePolicy {
        for host in hosts where host != "*" && !EdgePolicy.isValidHost(host) {
            throw CLIError.badInput("--allow-host: expected a host name or name:port, got \"\(host)\"")
        }
        for origin in origins where origin != "*" && !EdgePolicy.isValidOrigin(origin) {
            throw CLIError.badInput("--allow-origin: expected scheme://host[:port], got \"\(origin)\"")
        }
        func seconds(_ value: Double, _ name: String) throws -> TimeAmount {
            guard value.isFinite, value > 0, value <= 86_400 else {
                throw CLIError.badInput("--\(name): expected seconds above 0 and at most 86400, got \(value)")
            }
            return .nanoseconds(Int64(value * 1e9))
        }
        guard (1...1_000_000).contains(maxConnections) else {
            throw CLIError.badInput("--max-connections: expected 1 to 1000000, got \(maxConnections)")
        }
        guard (0...1_000_000).contains(maxConnectionsPerClient) else {
            throw CLIError.badInput(
                "--max-connections-per-client: expected 0 to 1000000, got \(maxConnectionsPerClient)")
        }
        return EdgePolicy.forBinding(
            address, extraHosts: hosts, origins: origins, idleTimeout: try seconds(idleTimeout, "idle-timeout"),
            headTimeout: try seconds(headTimeout, "head-timeout"), maxConnections: maxConnections,
            maxConnectionsPerClient: maxConnectionsPerClient == 0 ? nil : maxConnectionsPerClient)
    }
}
