import HTTPTypes
import Hummingbird
import OmniRouteModel
import OmniRouteStore

extension RouteAPI {
    /// Re-plan jobs: start one, follow it.
    var replanEndpoints: [Endpoint] {
        [
            Endpoint(.post, "v1/replan", .roles(.planner)) { request, context in
                let document = try await RequestBody.optional(request)
                let r = try RequestBody.decode { () throws(DocumentError) in try ReplanRequest(document: document) }
                let options = ReplanOptions(
                    timeLimit: r.timeLimit, gap: r.gap, minSaving: r.minSaving, dryRun: r.dryRun,
                    keepPromises: r.keepPromises, actor: context.caller.key?.name)
                let started = try await self.blocking {
                    try self.replans.start(options, store: self.store, onFinish: { self.updateGauges() })
                }
                guard let job = started else {
                    throw Problem(.conflict, "Conflict", "a re-plan is already running")
                }
                var headers = HTTPFields()
                headers[.location] = "/v1/replan/\(job.id)"
                return self.json(job.document(progress: []), status: .accepted, headers: headers)
            },
            Endpoint(.get, "v1/replan/{id}", .roles(.planner)) { _, context in
                let id = try context.parameters.require("id")
                guard let job = try await self.blocking({ try self.replans.document(id, store: self.store) }) else {
                    throw Problem(.notFound, "Not found", "no re-plan \"\(id)\"")
                }
                return self.json(job)
            },
        ]
    }
}
