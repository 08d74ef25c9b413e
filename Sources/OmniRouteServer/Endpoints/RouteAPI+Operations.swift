import Foundation
import HTTPTypes
import Hummingbird
import OmniRouteModel
import OmniRouteStore

extension RouteAPI {
    /// Health (liveness, and readiness: whether the database answers), metrics and the OpenAPI document.
    var operationsEndpoints: [Endpoint] {
        [
            Endpoint(.get, "healthz", .open) { _, _ in self.json(.object([("status", .string("ok"))])) },
            Endpoint(.get, "healthz/ready", .open) { _, _ in
                do {
                    try await self.blocking { try self.store.checkReachable() }
                    return self.json(.object([("status", .string("ready"))]))
                } catch {
                    let detail = (error as? StoreError).map { "\($0)" } ?? "\(error)"
                    let body: Document = .object([("status", .string("unavailable")), ("detail", .string(detail))])
                    return self.json(body, status: .serviceUnavailable)
                }
            },
            Endpoint(.get, "metrics", .operational) { _, _ in
                self.updateGauges()
                var headers = HTTPFields()
                headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
                let body = ByteBuffer(string: ServiceMetrics.exposition())
                return Response(status: .ok, headers: headers, body: .init(byteBuffer: body))
            },
            Endpoint(.get, "openapi.yaml", .operational) { _, _ in
                guard
                    let url = Bundle.module.url(
                        forResource: "openapi", withExtension: "yaml", subdirectory: "Resources"),
                    let text = try? String(contentsOf: url, encoding: .utf8)
                else {
                    throw Problem(
                        .internalServerError, "Internal error", "the OpenAPI document is missing from the build")
                }
                var headers = HTTPFields()
                headers[.contentType] = "application/yaml"
                return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
            },
        ]
    }
}
