import ArgumentParser
import OmniRouteServer
import OmniRouteStore

/// `serve`'s options for access control: whether keys are required, who may read the
/// operations' endpoints, and the request limits per role.
struct AccessOptions: ParsableArguments {
    @Flag(
        name: .customLong("insecure-no-auth"),
        help: "Serve without checking keys on any address (only for a network where every caller is trusted).")
    var insecureNoAuth = false

    @Option(
        name: .customLong("operations-access"),
        help: ArgumentHelp(
            "open or key: whether /metrics and /openapi.yaml need a key (default: open on loopback, key elsewhere).",
            valueName: "open|key"))
    var operationsAccess: String?

    @Option(
        name: .customLong("rate-limit"),
        help: ArgumentHelp(
            "ROLE=RPS[/BURST] or ROLE=off: the request limit of each key in that role (repeat per role). Default: "
                + "checkout off, node 50/100, feeds 200/400, service 50/100, planner 20/40, admin 20/40.",
            valueName: "role=limit"))
    var rateLimits: [String] = []

    func policy(binding host: String) throws(CLIError) -> AccessPolicy {
        var policy = AccessPolicy.forBinding(host)
        policy.requireKeys = !insecureNoAuth
        switch operationsAccess {
        case nil: break
        case "open": policy.openOperations = true
        case "key": policy.openOperations = false
        case let other?: throw .badInput("--operations-access: expected open or key, got \"\(other)\"")
        }
        for text in rateLimits {
            let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, let role = APIKey.Role(rawValue: parts[0]) else {
                throw .badInput(
                    "--rate-limit: expected ROLE=RPS[/BURST] or ROLE=off with a role of "
                        + "\(APIKey.Role.allCases.map(\.rawValue).joined(separator: ", ")), got \"\(text)\"")
            }
            if parts[1] == "off" {
                policy.limits[role] = nil
            } else if let limit = RateLimit(parts[1]) {
                policy.limits[role] = limit
            } else {
                throw .badInput(
                    "--rate-limit: expected requests a second above 0 (and a burst of at least 1), got \"\(text)\"")
            }
        }
        return policy
    }

    /// Why the server must not start: off loopback, no keys and no `--insecure-no-auth`.
    func refusal(binding host: String, hasKeys: Bool) -> String? {
        guard !hasKeys, !insecureNoAuth, !EdgePolicy.isLoopback(host) else { return nil }
        return "refusing to serve \(host) without API keys: anyone who can reach it could read every order and "
            + "change any stock. Create one (omniroute keys create --name ops --role admin) or pass "
            + "--insecure-no-auth on a trusted network"
    }

    /// What the operator should know at start when the API runs open.
    func warning(binding host: String, hasKeys: Bool) -> String? {
        if insecureNoAuth { return "--insecure-no-auth: every request is served without a key on \(host)" }
        if !hasKeys {
            return "no API keys in the database: serving open on loopback \(host) until one is created "
                + "(omniroute keys create --name ops --role admin)"
        }
        return nil
    }
}
