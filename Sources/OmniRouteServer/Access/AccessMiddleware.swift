import HTTPTypes
import Hummingbird
import Logging
import OmniRouteModel
import OmniRouteStore

/// Checks who calls each request before its endpoint runs: the bearer key against the
/// store's keys (401 with `WWW-Authenticate: Bearer` for a missing, unknown or revoked
/// key), its roles against the endpoint's `Access` (403 naming the roles needed), and
/// the key's request limit (429 with `Retry-After`). It puts the `Caller` in the
/// context: the key, and the nodes a node key may touch, which node endpoints check.
/// While the database has no key that is not revoked (or the policy requires none),
/// every request goes through as anonymous. A refusal is counted and logged with the
/// key's name or the token's prefix, never the token.
struct AccessMiddleware: RouterMiddleware {
    typealias Context = RouteRequestContext

    let store: RouteStore
    let policy: AccessPolicy
    let endpoints: EndpointTable
    let limiter = RateLimiter()

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        // Unknown routes and methods are answered (404, 405) by the router and the problem middleware.
        guard let access = endpoints.access(request.method, request.uri.path) else {
            return try await next(request, context)
        }
        if access.kind == .open || (access.kind == .operational && policy.openOperations) || !policy.requireKeys
            || !store.hasActiveKeys
        {
            return try await next(request, context)
        }
        guard let token = Self.bearer(request.headers[.authorization]) else {
            return refuse(.missing, request, context, who: "no key", "this endpoint needs an API key")
        }
        guard let key = store.key(secret: token) else {
            let prefix = KeySecret.prefix(of: token).map { "prefix \($0)" } ?? "a malformed token"
            return refuse(.unknown, request, context, who: prefix, "no key has this secret")
        }
        guard !key.isRevoked else {
            return refuse(.revoked, request, context, who: "key \(key.name)", "key \"\(key.name)\" was revoked")
        }
        // The roles that let the key in, and the most generous limit among them (none if one is unlimited);
        // without arrays: this runs on every request.
        var caller = Caller(key: key, nodes: nil)
        var admitted = false
        var limited: (role: APIKey.Role, limit: RateLimit)?
        var unlimited = false
        for role in key.sortedRoles
        where access.kind != .roles || role == .admin || (role != .node && access.roles.contains(role)) {
            admitted = true
            guard let limit = policy.limits[role] else {
                unlimited = true
                break
            }
            if limited.map({ limit.perSecond > $0.limit.perSecond }) ?? true { limited = (role, limit) }
        }
        if !admitted, access.kind == .roles, access.roles.contains(.node), key.roles.contains(.node) {
            admitted = true
            caller = Caller(key: key, nodes: Set(key.nodes))
            if let limit = policy.limits[.node] { limited = (.node, limit) } else { unlimited = true }
        }
        guard admitted else {
            let needed = access.allowedRoles.map(\.rawValue).joined(separator: ", ")
            let has = key.sortedRoles.map(\.rawValue).joined(separator: ", ")
            return refuse(
                .role, request, context, who: "key \(key.name)",
                "this needs one of the roles \(needed); key \"\(key.name)\" has \(has)",
                status: .forbidden,
                extra: [("needed_roles", .array(access.allowedRoles.map { .string($0.rawValue) }))])
        }
        if !unlimited, let (role, limit) = limited, let wait = limiter.take(key: key.name, role: role, limit: limit) {
            var response = refuse(
                .rate, request, context, who: "key \(key.name)",
                "key \"\(key.name)\" is over its limit of \(limit.perSecond) requests a second as \(role.rawValue)",
                status: .tooManyRequests)
            response.headers[.retryAfter] = String(max(1, Int(wait.rounded(.up))))
            return response
        }
        var context = context
        context.caller = caller
        return try await next(request, context)
    }

    /// The token of `Authorization: Bearer <token>` (the scheme in any case), or nil.
    static func bearer(_ header: String?) -> String? {
        // On bytes: this runs on every request.
        guard let bytes = header?.utf8 else { return nil }
        var i = bytes.startIndex
        while i != bytes.endIndex, bytes[i] == 0x20 || bytes[i] == 0x09 { i = bytes.index(after: i) }
        for expected in "bearer".utf8 {
            guard i != bytes.endIndex, bytes[i] | 0x20 == expected else { return nil }
            i = bytes.index(after: i)
        }
        guard i != bytes.endIndex, bytes[i] == 0x20 || bytes[i] == 0x09 else { return nil }
        while i != bytes.endIndex, bytes[i] == 0x20 || bytes[i] == 0x09 { i = bytes.index(after: i) }
        var end = bytes.endIndex
        while end > i, bytes[bytes.index(before: end)] == 0x20 || bytes[bytes.index(before: end)] == 0x09 {
            end = bytes.index(before: end)
        }
        return i == end ? nil : String(Substring(bytes[i..<end]))
    }

    private func refuse(
        _ reason: AuthRefusals.Reason, _ request: Request, _ context: Context, who: String, _ detail: String,
        status: HTTPResponse.Status = .unauthorized, extra: [(key: String, value: Document)] = []
    ) -> Response {
        AuthRefusals.count(reason)
        context.logger.notice(
            "access refused (\(reason.rawValue)): \(request.method) \(request.uri.path) by \(who)")
        var response = Problem(
            status, status.reasonPhrase, detail, extra: extra
        )
        .response
        if status == .unauthorized {
            response.headers[.wwwAuthenticate] =
                reason == .missing ? #"Bearer realm="omniroute""# : #"Bearer realm="omniroute", error="invalid_token""#
        }
        return response
    }
}
