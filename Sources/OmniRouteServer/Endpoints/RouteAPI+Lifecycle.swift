import Hummingbird
import Metrics
import OmniRouteModel
import OmniRouteStore

extension RouteAPI {
    /// Release to the nodes, the nodes' events on legs, and the event feed.
    var lifecycleEndpoints: [Endpoint] {
        [
            Endpoint(.post, "v1/release", .roles()) { request, context in
                let document = try await RequestBody.optional(request)
                let release = try RequestBody.decode { () throws(DocumentError) in
                    try ReleaseRequest(document: document)
                }
                let actor = context.caller.actor(claimed: "release") ?? "release"
                let report = try await self.blocking { try self.store.release(release, actor: actor) }
                self.ordersReleased.increment(by: report.released.count)
                self.updateGauges()
                return self.json(report.document)
            },
            Endpoint(.post, "v1/legs/{id}/events", .roles(.node)) { request, context in
                let text = try context.parameters.require("id")
                guard let leg = Int64(text), leg > 0 else {
                    throw Problem(.notFound, "Not found", "no leg \"\(text)\"")
                }
                let document = try await RequestBody.parse(request, limit: Self.maxBody)
                var claimedEvent = try RequestBody.decode { () throws(DocumentError) in
                    try LegEventRequest(document: document)
                }
                claimedEvent.actor = context.caller.actor(claimed: claimedEvent.actor)
                let event = claimedEvent
                let nodes = context.caller.nodes
                let outcome = try await self.blocking { try self.store.recordLegEvent(leg: leg, event, nodes: nodes) }
                if !outcome.replayed {
                    Counter(label: "omniroute_leg_events_total", dimensions: [("type", event.status.rawValue)])
                        .increment()
                    if event.status == .rejected { self.ordersResourced.increment() }
                    self.updateGauges()
                }
                return self.json(outcome.document)
            },
            Endpoint(.get, "v1/events", .roles(.node, .service, .planner)) { request, context in
                let after = try QueryParameter.int(request, "after", default: 0, range: 0...Int.max)
                let limit = try QueryParameter.int(request, "limit", default: 100, range: 1...RouteStore.maxPage)
                let node: String? = request.uri.queryParameters.get("node").map { String($0) }
                let type: String? = request.uri.queryParameters.get("type").map { String($0) }
                if context.caller.nodes != nil {
                    // A node key reads the feed of one of its nodes: its pick list.
                    guard let node else {
                        AuthRefusals.count(.node)
                        throw Problem(
                            .forbidden, "Forbidden", "a node key reads the events of its own nodes: add ?node=ID")
                    }
                    try context.caller.requireNode(node)
                }
                let events = try await self.blocking {
                    try self.store.events(after: Int64(after), limit: limit, node: node, type: type)
                }
                return self.json(EventPage(events: events, after: Int64(after)).document)
            },
        ]
    }
}
