import Hummingbird
import OmniRouteModel
import OmniRouteStore

extension RouteAPI {
    /// Stock on its way: purchase-order lines and transfers in transit.
    var inboundEndpoints: [Endpoint] {
        [
            Endpoint(.get, "v1/inbound", .roles(.feeds, .service, .planner)) { request, _ in
                let query = request.uri.queryParameters
                let lines = try self.store.inbound(
                    node: query.get("node").map { String($0) }, sku: query.get("sku").map { String($0) })
                return self.json(.object([("inbound", .array(lines.map { .object($0.documentPairs) }))]))
            },
            Endpoint(.post, "v1/inbound", .roles(.feeds)) { request, context in
                let document = try await RequestBody.parse(request, limit: Self.maxBody)
                let r = try RequestBody.decode { () throws(DocumentError) in try InboundRequest(document: document) }
                let actor = context.caller.actor(claimed: r.actor)
                let outcome = try await self.blocking { try self.store.addInbound(r, actor: actor) }
                return self.json(self.counted(outcome).document, status: .created)
            },
            Endpoint(.get, "v1/inbound/{id}", .roles(.feeds, .service, .planner)) { _, context in
                let id = try context.parameters.require("id")
                return self.json(.object(try self.store.inbound(id: id).documentPairs))
            },
            Endpoint(.patch, "v1/inbound/{id}", .roles(.feeds)) { request, context in
                let id = try context.parameters.require("id")
                let document = try await RequestBody.parse(request, limit: Self.maxBody)
                let r = try RequestBody.decode { () throws(DocumentError) in
                    try InboundChangeRequest(document: document)
                }
                let actor = context.caller.actor(claimed: r.actor)
                let outcome = try await self.blocking { try self.store.changeInbound(id: id, r, actor: actor) }
                return self.json(self.counted(outcome).document)
            },
            Endpoint(.post, "v1/inbound/{id}/receive", .roles(.node, .feeds)) { request, context in
                let id = try context.parameters.require("id")
                let document = try await RequestBody.optional(request)
                let r = try RequestBody.decode { () throws(DocumentError) in
                    try InboundCloseRequest(document: document, receiving: true)
                }
                try context.caller.requireNode(try self.store.inbound(id: id).line.node)
                let actor = context.caller.actor(claimed: r.actor)
                let outcome = try await self.blocking { try self.store.receiveInbound(id: id, r, actor: actor) }
                return self.json(self.counted(outcome).document)
            },
            Endpoint(.post, "v1/inbound/{id}/cancel", .roles(.feeds)) { request, context in
                let id = try context.parameters.require("id")
                let document = try await RequestBody.optional(request)
                let r = try RequestBody.decode { () throws(DocumentError) in
                    try InboundCloseRequest(document: document, receiving: false)
                }
                let actor = context.caller.actor(claimed: r.actor)
                let outcome = try await self.blocking { try self.store.cancelInbound(id: id, r, actor: actor) }
                return self.json(self.counted(outcome).document)
            },
        ]
    }

    /// Counts the orders an inbound change moved or filled.
    private func counted(_ outcome: InboundOutcome) -> InboundOutcome {
        if !outcome.repromised.isEmpty { ordersResourced.increment(by: outcome.repromised.count) }
        if !outcome.filled.isEmpty { backordersFilled.increment(by: outcome.filled.count) }
        if !outcome.repromised.isEmpty || !outcome.filled.isEmpty { updateGauges() }
        return outcome
    }
}

extension InboundOutcome {
    var document: Document {
        .object([
            ("line", line.map { .object($0.documentPairs) } ?? .null), ("position", position.document),
            ("repromised", .array(repromised.map(\.document))), ("filled", .array(filled.map { .string($0) })),
        ])
    }
}

extension Repromise {
    /// The order with its eta before and after, as answers write it.
    var document: Document {
        func day(_ d: CalendarDay?) -> Document { d.map { .string($0.description) } ?? .null }
        return .object([("order", .string(order)), ("previous_eta", day(before)), ("eta", day(after))])
    }
}
