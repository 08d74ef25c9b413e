import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Metrics
import OmniRouteFormat
import OmniRouteModel
import OmniRouteStore

/// The HTTP route API over a store (see docs/api.md and docs/openapi.yaml).
public struct RouteAPI: Sendable {
    public let store: RouteStore
    /// Largest request body accepted by the cart and count endpoints.
    public static let maxBody = 64 * 1024
    /// Largest body of an adjustments batch.
    public static let maxBatchBody = 2 * 1024 * 1024

    private let ordersPlaced: Counter
    private let ordersCancelled: Counter
    private let ordersReleased: Counter
    private let ordersResourced: Counter
    private let backordersFilled: Counter
    private let quotes: Counter
    private let heldUnits: Gauge
    private let openOrders: Gauge
    private let replans = ReplanJobs()

    public init(store: RouteStore) {
        _ = ServiceMetrics.registry  // the Prometheus backend must be in place before any metric is made
        ordersPlaced = Counter(label: "omniroute_orders_placed_total")
        ordersCancelled = Counter(label: "omniroute_orders_cancelled_total")
        ordersReleased = Counter(label: "omniroute_orders_released_total")
        ordersResourced = Counter(label: "omniroute_orders_resourced_total")
        backordersFilled = Counter(label: "omniroute_backorders_filled_total")
        quotes = Counter(label: "omniroute_quotes_total")
        heldUnits = Gauge(label: "omniroute_reservations_held_units")
        openOrders = Gauge(label: "omniroute_open_orders")
        self.store = store
        updateGauges()
    }

    /// A router with every endpoint, problem answers for every error, and request metrics.
    public func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.add(middleware: MetricsMiddleware())
        router.add(middleware: ProblemMiddleware())
        router.get("healthz") { _, _ in try self.json(.object([("status", .string("ok")), ("store", .string(self.store.path))])) }
        router.get("metrics") { _, _ in
            self.updateGauges()
            var headers = HTTPFields()
            headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: ServiceMetrics.exposition())))
        }
        router.get("openapi.yaml") { _, _ in
            guard let url = Bundle.module.url(forResource: "openapi", withExtension: "yaml", subdirectory: "Resources"),
                  let text = try? String(contentsOf: url, encoding: .utf8)
            else { throw Problem(.internalServerError, "Internal error", "the OpenAPI document is missing from the build") }
            var headers = HTTPFields()
            headers[.contentType] = "application/yaml"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
        }
        let v1 = router.group("v1")
        v1.post("quotes") { request, context in try await self.quote(request, context) }
        v1.post("orders") { request, context in try await self.place(request, context) }
        v1.get("orders/{id}") { _, context in
            try self.json(self.store.order(id: context.parameters.require("id")).document)
        }
        v1.post("orders/{id}/cancel") { request, context in
            let document = try await Self.optionalBody(request)
            let cancel = try Self.decode { () throws(DocumentError) in try CancelRequest(document: document) }
            let (order, changed) = try self.store.cancel(id: context.parameters.require("id"), cancel)
            if changed && order.status == .cancelled {
                self.ordersCancelled.increment()
                self.updateGauges()
            }
            return try self.json(order.document)
        }
        v1.get("orders/{id}/history") { _, context in
            let id = try context.parameters.require("id")
            let events = try self.store.history(order: id)
            return try self.json(.object([("order", .string(id)), ("events", .array(events.map(\.document)))]))
        }
        v1.get("customers/{id}/orders") { request, context in
            let limit = try Self.intParameter(request, "limit", default: 20, range: 1...RouteStore.maxPage)
            let page = try self.store.orders(customer: context.parameters.require("id"), limit: limit,
                                             cursor: request.uri.queryParameters.get("cursor"))
            return try self.json(.object([
                ("customer_id", .string(page.customerId)), ("orders", .array(page.orders.map(\.document))),
                ("next", page.next.map { .string($0) } ?? .null),
            ]))
        }
        v1.get("events") { request, _ in
            let after = try Self.intParameter(request, "after", default: 0, range: 0...Int.max)
            let limit = try Self.intParameter(request, "limit", default: 100, range: 1...RouteStore.maxPage)
            let node: String? = request.uri.queryParameters.get("node").map { String($0) }
            let type: String? = request.uri.queryParameters.get("type").map { String($0) }
            let events = try self.store.events(after: Int64(after), limit: limit, node: node, type: type)
            return try self.json(.object([
                ("events", .array(events.map(\.document))), ("next", .string(String(events.last?.seq ?? Int64(after)))),
            ]))
        }
        v1.post("release") { request, _ in
            let document = try await Self.optionalBody(request)
            let r = try Self.decode { () throws(DocumentError) in try ReleaseRequest(document: document) }
            let report = try self.store.release(r)
            self.ordersReleased.increment(by: report.released.count)
            self.updateGauges()
            return try self.json(.object([
                ("released", .array(report.released.map { .string($0) })), ("legs", .int(report.legs)),
                ("skipped", .array(report.skipped.map { .object([("order", .string($0.id)), ("status", .string($0.status.rawValue))]) })),
            ]))
        }
        v1.post("legs/{id}/events") { request, context in
            let text = try context.parameters.require("id")
            guard let leg = Int64(text), leg > 0 else { throw Problem(.notFound, "Not found", "no leg \"\(text)\"") }
            let document = try await Self.parse(request, limit: Self.maxBody)
            let event = try Self.decode { () throws(DocumentError) in try LegEventRequest(document: document) }
            let outcome = try self.store.recordLegEvent(leg: leg, event)
            if !outcome.replayed {
                Counter(label: "omniroute_leg_events_total", dimensions: [("type", event.status.rawValue)]).increment()
                if event.status == .rejected { self.ordersResourced.increment() }
                self.updateGauges()
            }
            return try self.json(.object([
                ("leg", .int(Int(outcome.leg))), ("event", .int(Int(outcome.eventSeq))), ("replayed", .bool(outcome.replayed)),
                ("order", outcome.order.document),
            ]))
        }
        v1.get("inventory/{node}/{sku}") { _, context in
            try self.json(self.store.stock(node: context.parameters.require("node"), sku: context.parameters.require("sku")).document)
        }
        v1.put("inventory/{node}/{sku}") { request, context in
            let document = try await Self.parse(request, limit: Self.maxBody)
            let count = try Self.decode { () throws(DocumentError) in try StockCount(document: document) }
            let change = try self.store.setStock(node: context.parameters.require("node"), sku: context.parameters.require("sku"),
                                                 onHand: count.onHand, safetyStock: count.safetyStock, source: count.source)
            self.resourced(change)
            guard case .object(let pairs) = change.positions[0].document else { return try self.json(change.document) }
            return try self.json(.object(pairs + [("resourced", .array(change.resourced.map { .string($0) })),
                                                  ("filled", .array(change.filled.map { .string($0) }))]))
        }
        v1.post("inventory/adjustments") { request, _ in
            let document = try await Self.parse(request, limit: Self.maxBatchBody)
            let batch = try Self.decode { () throws(DocumentError) in try StockAdjustment.batch(document: document) }
            return try self.json(self.resourced(self.store.adjust(batch.adjustments, reason: batch.reason)).document)
        }
        v1.post("inventory/snapshots") { request, _ in
            let document = try await Self.parse(request, limit: Self.maxBatchBody)
            let snapshot = try Self.decode { () throws(DocumentError) in try StockSnapshot(document: document) }
            return try self.json(self.resourced(self.store.applySnapshot(snapshot)).document)
        }
        v1.post("inventory/sales") { request, _ in
            let document = try await Self.parse(request, limit: Self.maxBody)
            let sale = try Self.decode { () throws(DocumentError) in try StoreSale(document: document) }
            return try self.json(self.resourced(self.store.recordSale(sale)).document)
        }
        v1.post("replan") { request, _ in
            let document = try await Self.optionalBody(request)
            let r = try Self.decode { () throws(DocumentError) in try ReplanRequest(document: document) }
            let options = ReplanOptions(timeLimit: r.timeLimit, gap: r.gap, minSaving: r.minSaving, dryRun: r.dryRun,
                                        keepPromises: r.keepPromises)
            guard let job = try self.replans.start(options, store: self.store, onFinish: { self.updateGauges() }) else {
                throw Problem(.conflict, "Conflict", "a re-plan is already running")
            }
            var headers = HTTPFields()
            headers[.location] = "/v1/replan/\(job.id)"
            return try self.json(job.document(progress: []), status: .accepted, headers: headers)
        }
        v1.get("replan/{id}") { _, context in
            let id = try context.parameters.require("id")
            guard let job = try self.replans.document(id, store: self.store) else {
                throw Problem(.notFound, "Not found", "no re-plan \"\(id)\"")
            }
            return try self.json(job)
        }
        v1.get("availability") { request, _ in
            guard let sku = request.uri.queryParameters.get("sku"), !sku.isEmpty else {
                throw Problem(.badRequest, "Invalid request", "the query parameter sku is required",
                              issues: [Issue(path: "sku", message: "required")])
            }
            var near: GeoPoint?
            if let text = request.uri.queryParameters.get("near") {
                let parts = text.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
                guard parts.count == 2, let lat = parts[0], let lon = parts[1], (-90...90).contains(lat), (-180...180).contains(lon) else {
                    throw Problem(.badRequest, "Invalid request", "near must be lat,lon in degrees, got \"\(text)\"",
                                  issues: [Issue(path: "near", message: "expected lat,lon")])
                }
                near = GeoPoint(lat: lat, lon: lon)
            }
            return try self.json(self.store.availability(sku: sku, near: near).document)
        }
        return router
    }

    // MARK: handlers

    private func quote(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let document = try await Self.parse(request, limit: Self.maxBody)
        let network = store.network
        let cart = try Self.decode { () throws(DocumentError) in try CheckoutRequest(document: document, network: network, allowOptions: true) }
        let explain = request.uri.queryParameters.get("explain").map { $0 == "true" || $0 == "1" } ?? false
        let quote = try store.quote(cart, explain: explain)
        quotes.increment()
        switch quote {
        case .route(let q): return try json(q.document)
        case .options(let o): return try json(o.document)
        }
    }

    private func place(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let document = try await Self.parse(request, limit: Self.maxBody)
        let network = store.network
        let cart = try Self.decode { () throws(DocumentError) in try CheckoutRequest(document: document, network: network, allowOptions: false) }
        let key = request.headers[HTTPField.Name("Idempotency-Key")!]
        if let key, key.isEmpty || key.utf8.count > 255 {
            throw Problem(.badRequest, "Invalid request", "Idempotency-Key must be 1 to 255 characters",
                          issues: [Issue(path: "Idempotency-Key", message: "1 to 255 characters")])
        }
        let placement = try await store.place(cart, idempotencyKey: key, fingerprint: Self.fingerprint(document))
        var headers = HTTPFields()
        headers[.location] = "/v1/orders/\(placement.order.order.id)"
        if placement.replayed {
            headers[HTTPField.Name("Idempotent-Replayed")!] = "true"
        } else {
            ordersPlaced.increment()
            updateGauges()
        }
        return try json(placement.order.document, status: .created, headers: headers)
    }

    // MARK: plumbing

    /// Counts the orders a stock feed re-sourced, and those whose unfulfilled units it could send.
    @discardableResult
    private func resourced(_ change: StockChange) -> StockChange {
        if !change.resourced.isEmpty { ordersResourced.increment(by: change.resourced.count) }
        if !change.filled.isEmpty { backordersFilled.increment(by: change.filled.count) }
        if !change.resourced.isEmpty || !change.filled.isEmpty { updateGauges() }
        return change
    }

    private func updateGauges() {
        let stats = store.stats
        heldUnits.record(stats.heldUnits)
        openOrders.record(stats.openOrders)
    }

    private func json(_ document: Document, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) throws -> Response {
        var headers = headers
        headers[.contentType] = "application/json"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: JSONWriter.write(document))))
    }

    /// The JSON body, or an empty object when there is none.
    static func optionalBody(_ request: Request) async throws -> Document {
        let body = try await request.body.collect(upTo: Self.maxBody)
        return body.readableBytes > 0 ? try parse(body) : .object([])
    }

    /// A whole-number query parameter in `range`, or `default` when absent.
    static func intParameter(_ request: Request, _ name: String, default value: Int, range: ClosedRange<Int>) throws -> Int {
        guard let text = request.uri.queryParameters.get(name) else { return value }
        guard let n = Int(text), range.contains(n) else {
            throw Problem(.badRequest, "Invalid request", "\(name) must be a whole number from \(range.lowerBound), got \"\(text)\"",
                          issues: [Issue(path: name, message: "expected a whole number ≥ \(range.lowerBound)")])
        }
        return n
    }

    static func parse(_ request: Request, limit: Int) async throws -> Document {
        try parse(try await request.body.collect(upTo: limit))
    }

    static func parse(_ buffer: ByteBuffer) throws -> Document {
        let bytes = Array(buffer.readableBytesView)
        guard !bytes.isEmpty else { throw Problem(.badRequest, "Malformed JSON", "the request needs a JSON body") }
        do {
            return try JSONParser.parse(bytes)
        } catch {
            throw Problem(.badRequest, "Malformed JSON", "the body is not JSON: \(error)")
        }
    }

    static func decode<T>(_ body: () throws(DocumentError) -> T) throws(Problem) -> T {
        do {
            return try body()
        } catch {
            throw Problem(.unprocessableContent, "Invalid request", error.issues.map(\.description).joined(separator: "; "),
                          issues: error.issues)
        }
    }

    /// A stable hash of a request document (FNV-1a, 64 bits, over its canonical JSON,
    /// object members sorted): a retry with the same key must carry the same request.
    static func fingerprint(_ document: Document) -> String {
        func canonical(_ d: Document) -> Document {
            switch d {
            case .object(let pairs): .object(pairs.map { ($0.key, canonical($0.value)) }.sorted { $0.0 < $1.0 }.map { (key: $0.0, value: $0.1) })
            case .array(let items): .array(items.map(canonical))
            case .int(let i): .double(Double(i))
            default: d
            }
        }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in JSONWriter.write(canonical(document)).utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return String(hash, radix: 16)
    }
}
