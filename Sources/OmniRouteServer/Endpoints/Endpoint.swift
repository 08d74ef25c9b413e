import HTTPTypes
import Hummingbird

/// One operation of the route API: a method, a path in the router's pattern syntax
/// (`v1/orders/{id}`), who may call it, and what answers it. Every endpoint is listed
/// once, in `RouteAPI.endpoints`; the router, the access check and the `Allow` header
/// of a 405 are made from that list.
struct Endpoint: Sendable {
    typealias Handler = @Sendable (Request, RouteRequestContext) async throws -> Response

    let method: HTTPRequest.Method
    let path: String
    let access: Access
    let handler: Handler

    init(_ method: HTTPRequest.Method, _ path: String, _ access: Access, _ handler: @escaping Handler) {
        self.method = method
        self.path = path
        self.access = access
        self.handler = handler
    }
}

/// The endpoints by path pattern: the methods each path answers (so that a request with
/// a method its path does not have gets `405 Method Not Allowed` and an `Allow` header,
/// RFC 9110, rather than a 404) and who may call each.
struct EndpointTable: Sendable {
    private var routes: [(segments: [Substring], methods: [(method: HTTPRequest.Method, access: Access)])] = []

    init(_ endpoints: [Endpoint]) {
        for endpoint in endpoints {
            let segments = Self.segments(endpoint.path)
            if let i = routes.firstIndex(where: { $0.segments == segments }) {
                routes[i].methods.append((endpoint.method, endpoint.access))
            } else {
                routes.append((segments, [(endpoint.method, endpoint.access)]))
            }
        }
    }

    /// The methods of the route whose pattern matches `path` (a `{name}` segment
    /// matches any one segment); empty when no route has that path.
    func methods(for path: String) -> [HTTPRequest.Method] { route(path)?.map(\.method) ?? [] }

    /// Who may call `method` on `path`; nil when the API has no such operation.
    func access(_ method: HTTPRequest.Method, _ path: String) -> Access? {
        route(path)?.first { $0.method == method }?.access
    }

    private func route(_ path: String) -> [(method: HTTPRequest.Method, access: Access)]? {
        let parts = Self.segments(path)
        for route in routes where route.segments.count == parts.count {
            let matches = zip(route.segments, parts).allSatisfy { pattern, part in
                pattern == part || (pattern.first == "{" && pattern.last == "}")
            }
            if matches { return route.methods }
        }
        return nil
    }

    private static func segments(_ path: String) -> [Substring] {
        path.split(separator: "/", omittingEmptySubsequences: true)
    }
}
