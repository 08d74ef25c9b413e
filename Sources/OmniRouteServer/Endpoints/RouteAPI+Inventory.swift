import Hummingbird
import OmniRouteModel
import OmniRouteStore

extension RouteAPI {
    /// Stock positions, counts and feeds, and availability.
    var inventoryEndpoints: [Endpoint] {
        [
            Endpoint(.get, "v1/inventory/{node}/{sku}") { _, context in
                let node = try context.parameters.require("node")
                let sku = try context.parameters.require("sku")
                return self.json(try self.store.stock(node: node, sku: sku).document)
            },
            Endpoint(.put, "v1/inventory/{node}/{sku}") { request, context in
                let document = try await RequestBody.parse(request, limit: Self.maxBody)
                let count = try RequestBody.decode { () throws(DocumentError) in try StockCount(document: document) }
                let node = try context.parameters.require("node")
                let sku = try context.parameters.require("sku")
                let change = try await self.blocking {
                    try self.store.setStock(
                        node: node, sku: sku, onHand: count.onHand, safetyStock: count.safetyStock, source: count.source
                    )
                }
                return self.json(self.resourced(change).singlePositionDocument)
            },
            Endpoint(.post, "v1/inventory/adjustments") { request, _ in
                let document = try await RequestBody.parse(request, limit: Self.maxBatchBody)
                let batch = try RequestBody.decode { () throws(DocumentError) in
                    try StockAdjustment.batch(document: document)
                }
                let change = try await self.blocking { try self.store.adjust(batch.adjustments, reason: batch.reason) }
                return self.json(self.resourced(change).document)
            },
            Endpoint(.post, "v1/inventory/snapshots") { request, _ in
                let document = try await RequestBody.parse(request, limit: Self.maxBatchBody)
                let snapshot = try RequestBody.decode { () throws(DocumentError) in
                    try StockSnapshot(document: document)
                }
                let change = try await self.blocking { try self.store.applySnapshot(snapshot) }
                return self.json(self.resourced(change).document)
            },
            Endpoint(.post, "v1/inventory/sales") { request, _ in
                let document = try await RequestBody.parse(request, limit: Self.maxBody)
                let sale = try RequestBody.decode { () throws(DocumentError) in try StoreSale(document: document) }
                let change = try await self.blocking { try self.store.recordSale(sale) }
                return self.json(self.resourced(change).document)
            },
            Endpoint(.get, "v1/availability") { request, _ in
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
