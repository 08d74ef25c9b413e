import Hummingbird
import OmniRouteModel
import OmniRouteStore

extension RouteAPI {
    /// Stock positions, counts and feeds, and availability.
    var inventoryEndpoints: [Endpoint] {
        [
            Endpoint(.get, "v1/inventory/{node}/{sku}", .roles(.node, .feeds, .service, .planner)) { _, context in
                let node = try context.parameters.require("node")
                let sku = try context.parameters.require("sku")
                try context.caller.requireNode(node)
                return self.json(try self.store.stock(node: node, sku: sku).document)
            },
            Endpoint(.put, "v1/inventory/{node}/{sku}", .roles(.node, .feeds)) { request, context in
                let document = try await RequestBody.parse(request, limit: Self.maxBody)
                let count = try RequestBody.decode { () throws(DocumentError) in try StockCount(document: document) }
                let node = try context.parameters.require("node")
                let sku = try context.parameters.require("sku")
                try context.caller.requireNode(node)
                let source = context.caller.actor(claimed: count.source)
                let change = try await self.blocking {
                    try self.store.setStock(
                        node: node, sku: sku, onHand: count.onHand, safetyStock: count.safetyStock, source: source)
                }
                return self.json(self.resourced(change).singlePositionDocument)
            },
            Endpoint(.post, "v1/inventory/adjustments", .roles(.node, .feeds)) { request, context in
                let document = try await RequestBody.parse(request, limit: Self.maxBatchBody)
                let batch = try RequestBody.decode { () throws(DocumentError) in
                    try StockAdjustment.batch(document: document)
                }
                try context.caller.requireNodes(batch.adjustments.map(\.node))
                let actor = context.caller.key?.name
                let change = try await self.blocking {
                    try self.store.adjust(batch.adjustments, reason: batch.reason, actor: actor)
                }
                return self.json(self.resourced(change).document)
            },
            Endpoint(.post, "v1/inventory/snapshots", .roles(.node, .feeds)) { request, context in
                let document = try await RequestBody.parse(request, limit: Self.maxBatchBody)
                var claimedSnapshot = try RequestBody.decode { () throws(DocumentError) in
                    try StockSnapshot(document: document)
                }
                try context.caller.requireNode(claimedSnapshot.node)
                claimedSnapshot.source = context.caller.actor(claimed: claimedSnapshot.source)
                let snapshot = claimedSnapshot
                let change = try await self.blocking { try self.store.applySnapshot(snapshot) }
                return self.json(self.resourced(change).document)
            },
            Endpoint(.post, "v1/inventory/sales", .roles(.node, .feeds)) { request, context in
                let document = try await RequestBody.parse(request, limit: Self.maxBody)
                let sale = try RequestBody.decode { () throws(DocumentError) in try StoreSale(document: document) }
                try context.caller.requireNode(sale.node)
                let actor = context.caller.key?.name
                let change = try await self.blocking { try self.store.recordSale(sale, actor: actor) }
                return self.json(self.resourced(change).document)
            },
            Endpoint(.get, "v1/availability", .roles(.checkout, .service, .planner)) { request, _ in
                guard let sku = request.uri.queryParameters.get("sku"), !sku.isEmpty else {
                    throw Problem(
                        .badRequest, "Invalid request", "the query parameter sku is required",
                        issues: [Issue(path: "sku", message: "required")])
                }
                let near = try request.uri.queryParameters.get("near").map(QueryParameter.point)
                return self.json(try self.store.availability(sku: String(sku), near: near).document)
            },
        ]
    }
}
