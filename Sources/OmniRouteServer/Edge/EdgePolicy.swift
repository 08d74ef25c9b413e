import NIOCore

/// What the server accepts at its edge, before any endpoint: which `Host` values
/// (against DNS rebinding), which cross-origin callers (CORS), and how long and how
/// many connections may stay open (against idle and drip-fed clients).
public struct EdgePolicy: Sendable, Equatable {
    /// Host names (`localhost`, any port) or `name:port` pairs a request's `Host` may
    /// carry; nil accepts any host.
    public var allowedHosts: [String]?
    /// Origins (`https://ops.example.com`) whose pages may call the API across origins;
    /// empty allows none, `*` any. A request from another origin is refused (403).
    public var allowedOrigins: [String]
    /// A connection with no request for this long is closed.
    public var idleTimeout: TimeAmount
    /// A request head (request line and headers) must arrive whole within this long of the
    /// connection opening (or, on a kept-alive connection, of the head's first byte).
    public var headTimeout: TimeAmount
    /// At most this many connections are open at once: a new one takes the place of the
    /// one that has waited longest for a request head, or is closed if every one is busy.
    public var maxConnections: Int
    /// At most this many connections from one client address (nil: no limit); more are
    /// closed as soon as they are accepted. Off behind a proxy, whose address all share.
    public var maxConnectionsPerClient: Int?

    public static let defaultIdleTimeout = TimeAmount.seconds(60)
    public static let defaultHeadTimeout = TimeAmount.seconds(10)
    public static let defaultMaxConnections = 1024
    public static let defaultMaxConnectionsPerClient = 256
    /// The hosts a server bound to a loopback address answers to unless told otherwise.
    public static let loopbackHosts = ["localhost", "127.0.0.1", "[::1]"]

    public init(
        allowedHosts: [String]? = nil, allowedOrigins: [String] = [], idleTimeout: TimeAmount = defaultIdleTimeout,
        headTimeout: TimeAmount = defaultHeadTimeout, maxConnections: Int = defaultMaxConnections,
        maxConnectionsPerClient: Int? = defaultMaxConnectionsPerClient
    ) {
        self.allowedHosts = allowedHosts
        self.allowedOrigins = allowedOrigins
        self.idleTimeout = idleTimeout
        self.headTimeout = headTimeout
        self.maxConnections = maxConnections
        self.maxConnectionsPerClient = maxConnectionsPerClient
    }

    /// The policy for a server bound to `address`: on a loopback address only the
    /// loopback names (and `extraHosts`) are accepted as `Host`; on any other address
    /// every host is, unless `extraHosts` names some (`*` accepts any).
    public static func forBinding(
        _ address: String, extraHosts: [String] = [], origins: [String] = [],
        idleTimeout: TimeAmount = defaultIdleTimeout, headTimeout: TimeAmount = defaultHeadTimeout,
        maxConnections: Int = defaultMaxConnections, maxConnectionsPerClient: Int? = defaultMaxConnectionsPerClient
    ) -> EdgePolicy {
        let hosts: [String]? =
            if extraHosts.contains("*") { nil } else if isLoopback(address) { loopbackHosts + extraHosts } else {
                extraHosts.isEmpty ? nil : extraHosts
            }
        return EdgePolicy(
            allowedHosts: hosts, allowedOrigins: origins, idleTimeout: idleTimeout, headTimeout: headTimeout,
            maxConnections: maxConnections, maxConnectionsPerClient: maxConnectionsPerClient)
    }

    /// Whether `address` is a loopback address or name.
    public static func isLoopback(_ address: String) -> Bool {
        let a = address.lowercased()
        return a == "localhost" || a == "::1" || a == "[::1]" || a.hasPrefix("127.")
    }

    /// Whether a request's `Host` value (`name` or `name:port`) is accepted.
    public func allows(host: String?) -> Bool {
        guard let allowedHosts else { return true }
        guard let host, let (name, port) = Self.split(host) else { return false }
        return allowedHosts.contains { entry in
            guard let (allowedName, allowedPort) = Self.split(entry) else { return false }
            return allowedName == name && (allowedPort == nil || allowedPort == port)
        }
    }

    /// Whether a page of `origin` may call the API.
    public func allows(origin: String) -> Bool {
        allowedOrigins.contains("*") || allowedOrigins.contains { $0.lowercased() == origin.lowercased() }
    }

    /// Whether `host` is a host name or `name:port` (as `--allow-host` takes).
    public static func isValidHost(_ host: String) -> Bool {
        guard let (name, _) = split(host) else { return false }
        return name.allSatisfy { $0.isLetter || $0.isNumber || "-._[]:".contains($0) }
    }

    /// Whether `origin` is `http` or `https`, `://`, and a host with an optional port, nothing more.
    public static func isValidOrigin(_ origin: String) -> Bool {
        let lower = origin.lowercased()
        guard let scheme = ["http://", "https://"].first(where: lower.hasPrefix) else { return false }
        let rest = String(lower.dropFirst(scheme.count))
        return !rest.contains("/") && isValidHost(rest)
    }

    /// `name[:port]` in lower case (`[::1]:8080` → `[::1]`, `8080`); nil when malformed.
    static func split(_ host: String) -> (name: String, port: Int?)? {
        let text = host.lowercased()
        var name = Substring(text)
        var port: Int?
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { return nil }
            name = text[...close]
            let rest = text[text.index(after: close)...]
            if !rest.isEmpty {
                guard rest.first == ":", let p = Int(rest.dropFirst()) else { return nil }
                port = p
            }
        } else if let colon = text.lastIndex(of: ":") {
            guard let p = Int(text[text.index(after: colon)...]) else { return nil }
            name = text[..<colon]
            port = p
        }
        guard !name.isEmpty, port.map({ (0...65535).contains($0) }) ?? true else { return nil }
        return (String(name), port)
    }
}
