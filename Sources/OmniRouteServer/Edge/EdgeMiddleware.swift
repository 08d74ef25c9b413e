import HTTPTypes
import Hummingbird
import Metrics

/// Checks every request at the edge, before the endpoints and their problem answers:
/// the `Host` against DNS rebinding (421), the `Origin` of a browser's cross-site
/// request (403 unless allowed; CORS preflights answered here), and that a request
/// with a body says it is JSON (415). A browser cannot send `application/json` across
/// origins without a preflight, so with these a web page cannot drive the API.
struct EdgeMiddleware<Context: RequestContext>: RouterMiddleware {
    let policy: EdgePolicy
    let allowed: EndpointTable
    /// `omniroute_edge_refused_total{reason}`: requests refused here, by reason.
    private let refusedHost = Counter(label: "omniroute_edge_refused_total", dimensions: [("reason", "host")])
    private let refusedOrigin = Counter(label: "omniroute_edge_refused_total", dimensions: [("reason", "origin")])
    private let refusedType = Counter(label: "omniroute_edge_refused_total", dimensions: [("reason", "content_type")])

    init(policy: EdgePolicy, allowed: EndpointTable) {
        self.policy = policy
        self.allowed = allowed
    }

    /// Request headers a cross-origin caller may send.
    static var allowedRequestHeaders: [String] { ["content-type", "idempotency-key", "authorization"] }
    /// Response headers a cross-origin caller may read.
    static var exposedHeaders: String { "Location, Idempotent-Replayed, Retry-After" }

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let host = request.head.authority
        guard policy.allows(host: host) else {
            refusedHost.increment()
            return Problem(
                .misdirectedRequest, "Host not allowed",
                "this server does not answer to Host \"\(host ?? "")\" (serve --allow-host adds names)"
            ).response
        }
        let origin = request.headers[.origin]
        // The server serves no pages of its own, so every page that calls it is of another origin.
        let crossOrigin = origin.map { !policy.allows(origin: $0) } ?? false
        if request.method == .options {
            if crossOrigin { refusedOrigin.increment() }
            return preflight(request, origin: origin, refused: crossOrigin)
        }
        if let origin, crossOrigin {
            refusedOrigin.increment()
            return Self.refused(origin: origin)
        }
        if Self.hasBody(request), !Self.isJSON(request.headers[.contentType]) {
            refusedType.increment()
            var response = Problem(
                .unsupportedMediaType, "Unsupported media type",
                "the body must be application/json, got \(request.headers[.contentType].map { "\"\($0)\"" } ?? "none")"
            ).response
            response.headers[.accept] = "application/json"
            return response
        }
        var response = try await next(request, context)
        if let origin, !crossOrigin {
            response.headers[.accessControlAllowOrigin] = origin
            response.headers[.accessControlExposeHeaders] = Self.exposedHeaders
            response.headers[.vary] = "Origin"
        }
        return response
    }

    /// `OPTIONS`: a CORS preflight from an allowed origin gets what it may do; from any
    /// other origin a 403; without an origin, the path's `Allow`.
    private func preflight(_ request: Request, origin: String?, refused: Bool) -> Response {
        let methods = allowed.methods(for: request.uri.path)
        guard !methods.isEmpty else {
            return Problem(.notFound, "Not Found", "no route OPTIONS \(request.uri.path)").response
        }
        let allow = (methods.map(\.rawValue) + ["OPTIONS"]).joined(separator: ", ")
        guard let origin else {
            return Response(status: .noContent, headers: [.allow: allow])
        }
        guard !refused else { return Self.refused(origin: origin) }
        var headers: HTTPFields = [
            .accessControlAllowOrigin: origin, .accessControlAllowMethods: allow, .vary: "Origin",
            .accessControlMaxAge: "600",
        ]
        let asked = (request.headers[.accessControlRequestHeaders] ?? "").split(separator: ",").map {
            $0.trimmingCharacters(in: .whitespaces).lowercased()
        }
        let granted = asked.filter { Self.allowedRequestHeaders.contains($0) }
        if !granted.isEmpty { headers[.accessControlAllowHeaders] = granted.joined(separator: ", ") }
        return Response(status: .noContent, headers: headers)
    }

    /// The 403 for a page of `origin`, which was not allowed.
    private static func refused(origin: String) -> Response {
        Problem(
            .forbidden, "Cross-origin request refused",
            "pages of \(origin) may not call this API (serve --allow-origin allows an origin)"
        ).response
    }

    /// Whether the request carries a body (a positive length, or a chunked one).
    static func hasBody(_ request: Request) -> Bool {
        if let length = request.headers[.contentLength] { return length != "0" }
        return request.headers[.transferEncoding] != nil
    }

    /// `application/json`, with or without parameters (`; charset=utf-8`).
    static func isJSON(_ contentType: String?) -> Bool {
        guard let contentType else { return false }
        let media = contentType.split(separator: ";", maxSplits: 1).first ?? ""
        return media.trimmingCharacters(in: .whitespaces).lowercased() == "application/json"
    }
}
