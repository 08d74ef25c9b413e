import HTTPTypes
import Hummingbird
import OmniRouteModel
import OmniRouteStore

extension RouteAPI {
    /// Quotes, orders and a customer's orders.
    var checkoutEndpoints: [Endpoint] {
        [
            Endpoint(.post, "v1/quotes", .roles(.checkout)) { request, _ in try await self.quote(request) },
            Endpoint(.post, "v1/orders", .roles(.checkout)) { request, context in
                try await self.place(request, actor: context.caller.key?.name)
            },
            Endpoint(.get, "v1/orders/{id}", .roles(.checkout, .service, .planner)) { _, context in
                let id = try context.parameters.require("id")
                return self.json(try await self.blocking { try self.store.order(id: id).document })
            },
            Endpoint(.post, "v1/orders/{id}/cancel", .roles(.checkout, .service)) { request, context in
                let document = try await RequestBody.optional(request)
                var claimedCancel = try RequestBody.decode { () throws(DocumentError) in
                    try CancelRequest(document: document)
                }
                claimedCancel.actor = context.caller.actor(claimed: claimedCancel.actor)
                let cancel = claimedCancel
                let id = try context.parameters.require("id")
                let (order, changed) = try await self.blocking { try self.store.cancel(id: id, cancel) }
                if changed && order.status == .cancelled {
                    self.ordersCancelled.increment()
                    self.updateGauges()
                }
                return self.json(order.document)
            },
            Endpoint(.get, "v1/orders/{id}/history", .roles(.service, .planner)) { _, context in
                let id = try context.parameters.require("id")
                let events = try await self.blocking { try self.store.history(order: id) }
                return self.json(OrderHistoryPage(order: id, events: events).document)
            },
            Endpoint(.get, "v1/customers/{id}/orders", .roles(.service, .planner)) { request, context in
                let limit = try QueryParameter.int(request, "limit", default: 20, range: 1...RouteStore.maxPage)
                let customer = try context.parameters.require("id")
                let cursor = request.uri.queryParameters.get("cursor").map { String($0) }
                let page = try await self.blocking {
                    try self.store.orders(customer: customer, limit: limit, cursor: cursor).document
                }
                return self.json(page)
            },
        ]
    }

    private func quote(_ request: Request) async throws -> Response {
        let document = try await RequestBody.parse(request, limit: Self.maxBody)
        let network = store.network
        let cart = try RequestBody.decode { () throws(DocumentError) in
            try CheckoutRequest(document: document, network: network, allowOptions: true)
        }
        let explain = try QueryParameter.bool(request, "explain", default: false)
        let quote = try store.quote(cart, explain: explain)
        quotes.increment()
        switch quote {
        case .route(let q): return json(q.document)
        case .options(let o): return json(o.document)
        }
    }

    private func place(_ request: Request, actor: String?) async throws -> Response {
        let document = try await RequestBody.parse(request, limit: Self.maxBody)
        let network = store.network
        let cart = try RequestBody.decode { () throws(DocumentError) in
            try CheckoutRequest(document: document, network: network, allowOptions: false)
        }
        let key = try IdempotencyKey.read(request.headers)
        let placement = try await store.place(
            cart, idempotencyKey: key, fingerprint: RequestBody.fingerprint(document), actor: actor)
        var headers = HTTPFields()
        headers[.location] = "/v1/orders/\(placement.order.order.id)"
        if placement.replayed {
            headers[IdempotencyKey.replayedHeader] = "true"
        } else {
            ordersPlaced.increment()
            updateGauges()
        }
        return json(placement.order.document, status: .created, headers: headers)
    }
}
