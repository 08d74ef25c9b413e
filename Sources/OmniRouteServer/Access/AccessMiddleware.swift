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
        var caller = Caller(key: key, nodes: nil)
        var granting: [APIKey.Role] = []
        if access.kind == .roles {
            granting = key.sortedRoles.filter { $0 == .admin || ($0 != .node && access.roles.contains($0)) }
            if granting.isEmpty, access.roles.contains(.node), key.roles.contains(.node) {
                granting = [.node]
                caller = Caller(key: key, nodes: Set(key.nodes))
            }
            guard !granting.isEmpty else {
                let needed = access.allowedRoles.map(\.rawValue).joined(separator: ", ")
                let has = key.sortedRoles.map(\.rawValue).joined(separator: ", ")
                return refuse(
                    .role, request, context, who: "key \(key.name)",
                    "this needs one of the roles \(needed); key \"\(key.name)\" has \(has)",
                    status: .forbidden,
                    extra: [("needed_roles", .array(access.allowedRoles.map { .string($0.rawValue) }))])
            }
        } else {
            granting = key.sortedRoles
        }
        // The most generous limit of the roles that let the key in; none if any of them is unlimited.
        let limits = granting.map { policy.limits[$0] }
        if !limits.contains(where: { $0 == nil }),
            let (role, limit) = zip(granting, limits.compactMap { $0 }).max(by: { $0.1.perSecond < $1.1.perSecond }),
            let wait = limiter.take(key: key.name, role: role, limit: limit)
        {
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
        guard let header else { return nil }
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        let token = parts[1].trimmingCharacters(in: .whitespaces)
        return token.isEmpty ? nil : token
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
