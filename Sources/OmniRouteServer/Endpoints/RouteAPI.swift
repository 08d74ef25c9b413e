import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Metrics
import OmniRouteFormat
import OmniRouteModel
import OmniRouteStore

/// The HTTP route API over a store (see docs/api.md and docs/openapi.yaml).
///
/// Its endpoints are grouped by resource, each group in an extension of its own:
/// checkout (`RouteAPI+Checkout`), the order lifecycle (`+Lifecycle`), inventory
/// (`+Inventory`), re-planning (`+Replan`), sourcing rules (`+Rules`) and operations
/// (`+Operations`). The JSON they answer with is shaped in `WireFormat.swift`.
public struct RouteAPI: Sendable {
    public let store: RouteStore
    /// Largest request body accepted by the cart and count endpoints.
    public static let maxBody = 64 * 1024
    /// Largest body of an adjustments batch.
    public static let maxBatchBody = 2 * 1024 * 1024

    let ordersPlaced: Counter
    let ordersCancelled: Counter
    let ordersReleased: Counter
    let ordersResourced: Counter
    let backordersFilled: Counter
    let quotes: Counter
    private let heldUnits: Gauge
    private let openOrders: Gauge
    let replans = ReplanJobs()

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

    /// Every endpoint of the API, once.
    var endpoints: [Endpoint] {
        operationsEndpoints + checkoutEndpoints + lifecycleEndpoints + inventoryEndpoints + inboundEndpoints
            + replanEndpoints
            + rulesEndpoints + keysEndpoints
    }

    /// A router with every endpoint, request metrics, the edge checks of `edge` (host,
    /// origin, content type), the access check of `access` (keys, roles, limits) and
    /// problem answers for every error (405 with `Allow` for a method a path does not have).
    public func router(
        edge: EdgePolicy = EdgePolicy(), access: AccessPolicy = AccessPolicy()
    ) -> Router<RouteRequestContext> {
        let endpoints = endpoints
        let table = EndpointTable(endpoints)
        let router = Router(context: RouteRequestContext.self)
        router.add(middleware: MetricsMiddleware())
        router.add(middleware: EdgeMiddleware(policy: edge, allowed: table))
        router.add(middleware: AccessMiddleware(store: store, policy: access, endpoints: table))
        router.add(middleware: ProblemMiddleware(allowed: table))
        for endpoint in endpoints {
            router.on(RouterPath(endpoint.path), method: endpoint.method, use: endpoint.handler)
        }
        return router
    }

    /// Each endpoint's method, path and the roles that may call it (`admin` included; empty
    /// when open or open to any key), for checking the OpenAPI document against the router.
    public var accessTable: [(method: String, path: String, roles: [String], kind: String)] {
        endpoints.map { e in
            let kind =
                switch e.access.kind {
                case .open: "open"
                case .operational: "operational"
                case .roles: "roles"
                }
            return (e.method.rawValue, "/" + e.path, e.access.allowedRoles.map(\.rawValue), kind)
        }
    }

    // MARK: shared by the endpoints

    /// Counts the orders a stock feed re-sourced, and those whose unfulfilled units it could send.
    @discardableResult
    func resourced(_ change: StockChange) -> StockChange {
        if !change.resourced.isEmpty { ordersResourced.increment(by: change.resourced.count) }
        if !change.filled.isEmpty { backordersFilled.increment(by: change.filled.count) }
        if !change.resourced.isEmpty || !change.filled.isEmpty { updateGauges() }
        return change
    }

    func updateGauges() {
        let stats = store.stats
        heldUnits.record(stats.heldUnits)
        openOrders.record(stats.openOrders)
    }

    func json(_ document: Document, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        var headers = headers
        headers[.contentType] = "application/json"
        let body = ByteBuffer(string: JSONWriter.write(document))
        return Response(status: status, headers: headers, body: .init(byteBuffer: body))
    }
}
