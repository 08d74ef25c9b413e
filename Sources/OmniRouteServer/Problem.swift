import Hummingbird
import OmniRouteFormat
import OmniRouteModel
import OmniRouteStore

/// An error answer in `application/problem+json` (RFC 9457): a status, a title, a
/// detail in words, and for invalid input the path of each field at fault.
public struct Problem: Error, Sendable {
    public var status: HTTPResponse.Status
    public var title: String
    public var detail: String
    /// `errors: [{pointer, detail}]` for invalid fields.
    public var issues: [Issue] = []
    /// More members (the best route that exists when stock is short, say).
    public var extra: [(key: String, value: Document)] = []

    public init(
        _ status: HTTPResponse.Status, _ title: String, _ detail: String, issues: [Issue] = [],
        extra: [(key: String, value: Document)] = []
    ) {
        self.status = status
        self.title = title
        self.detail = detail
        self.issues = issues
        self.extra = extra
    }

    /// The problem a store error stands for.
    init(_ error: StoreError) {
        switch error {
        case .invalid(let issues):
            self.init(
                .unprocessableContent, "Invalid request", issues.map(\.description).joined(separator: "; "),
                issues: issues)
        case .notFound(let what):
            self.init(.notFound, "Not found", what)
        case .conflict(let why):
            self.init(.conflict, "Conflict", why)
        case .insufficientStock(let short, let quote):
            self.init(
                .conflict, "Insufficient stock", error.description,
                extra: [
                    ("short", .array(short.map(\.document))), ("best_route", Self.withoutOrderId(quote.document)),
                ])
        case .illegalTransition(_, let status, _, let allowed):
            self.init(
                .conflict, "Transition not allowed", error.description,
                extra: [
                    ("leg_status", .string(status.rawValue)), ("allowed", .array(allowed.map { .string($0.rawValue) })),
                ])
        case .idempotencyKeyReused:
            self.init(.unprocessableContent, "Idempotency key reused", error.description)
        case .database(let message):
            self.init(.serviceUnavailable, "Storage unavailable", message)
        case .storedOutOfRange:
            self.init(.serviceUnavailable, "Storage unavailable", error.description)
        }
    }

    private static func withoutOrderId(_ d: Document) -> Document {
        guard case .object(let pairs) = d else { return d }
        return .object(pairs.filter { $0.key != "order" })
    }

    var document: Document {
        var pairs: [(key: String, value: Document)] = [
            ("type", .string("about:blank")), ("title", .string(title)), ("status", .int(Int(status.code))),
            ("detail", .string(detail)),
        ]
        if !issues.isEmpty {
            pairs.append(
                (
                    "errors",
                    .array(
                        issues.map {
                            .object([
                                ("pointer", .string(Self.pointer($0.path))), ("field", .string($0.path)),
                                ("detail", .string($0.message)),
                            ])
                        })
                ))
        }
        return .object(pairs + extra)
    }

    /// A JSON pointer (RFC 6901) for a field path such as `lines[1].qty` → `/lines/1/qty`.
    static func pointer(_ path: String) -> String {
        guard !path.isEmpty else { return "" }
        var out = ""
        for part in path.split(separator: ".", omittingEmptySubsequences: false) {
            var text = Substring(part)
            while let open = text.firstIndex(of: "[") {
                let name = text[..<open]
                if !name.isEmpty { out += "/" + name }
                guard let close = text[open...].firstIndex(of: "]") else { break }
                out += "/" + text[text.index(after: open)..<close]
                text = text[text.index(after: close)...]
            }
            if !text.isEmpty {
                out += "/" + text.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
            }
        }
        return out
    }

    var response: Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/problem+json"
        return Response(
            status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: JSONWriter.write(document))))
    }
}

/// Turns every error a handler throws into a problem answer: the service's own
/// problems as they are, Hummingbird's (unknown route, body too large) with their
/// status, a known path asked with a method it does not have as a 405 with `Allow`,
/// anything else as a 500 that is logged.
struct ProblemMiddleware<Context: RequestContext>: RouterMiddleware {
    let allowed: EndpointTable

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let problem as Problem {
            return problem.response
        } catch let error as StoreError {
            return Problem(error).response
        } catch let error as any HTTPResponseError {
            if error.status == .notFound, case let methods = allowed.methods(for: request.uri.path),
                !methods.isEmpty, !methods.contains(request.method)
            {
                let allow = methods.map(\.rawValue).joined(separator: ", ")
                var response = Problem(
                    .methodNotAllowed, "Method not allowed",
                    "\(request.uri.path) answers \(allow), not \(request.method)"
                ).response
                response.headers[.allow] = allow
                return response
            }
            let detail: String =
                switch error.status {
                case .notFound: "no route \(request.method) \(request.uri.path)"
                case .contentTooLarge: "the request body is larger than this endpoint accepts"
                default: (error as? HTTPError)?.body ?? error.status.reasonPhrase
                }
            return Problem(error.status, error.status.reasonPhrase, detail).response
        } catch {
            context.logger.error("unhandled error on \(request.method) \(request.uri.path): \(error)")
            return Problem(.internalServerError, "Internal error", "the request failed; see the server log").response
        }
    }
}
