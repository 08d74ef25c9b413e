import HTTPTypes
import Hummingbird
import OmniRouteModel
import OmniRouteStore

extension RouteAPI {
    /// Sourcing rules in versions: the active one, drafts, previews, activation; node tags.
    var rulesEndpoints: [Endpoint] {
        [
            Endpoint(.get, "v1/rules", .roles(.planner)) { _, _ in
                guard let active = try await self.blocking({ try self.store.activeRules() }) else {
                    throw Problem(.notFound, "Not found", "no rule version was ever activated: checkout uses no rules")
                }
                return self.json(active.document)
            },
            Endpoint(.put, "v1/rules", .roles(.planner)) { request, context in
                let document = try await RequestBody.parse(request, limit: Self.maxBatchBody)
                let draft = try RequestBody.decode { () throws(DocumentError) in
                    try RuleDraftRequest(document: document)
                }
                let actor = context.caller.actor(claimed: draft.actor)
                let version = try await self.blocking { try self.store.draftRules(draft.ruleSet, actor: actor) }
                var headers = HTTPFields()
                headers[.location] = "/v1/rules/versions/\(version.version)"
                return self.json(version.document, status: .created, headers: headers)
            },
            Endpoint(.get, "v1/rules/versions", .roles(.planner)) { request, _ in
                let from = try QueryParameter.int(request, "from", default: 1, range: 1...Limits.units)
                let limit = try QueryParameter.int(request, "limit", default: 100, range: 1...1000)
                let versions = try await self.blocking { try self.store.ruleVersions(from: from, limit: limit) }
                return self.json(.object([("versions", .array(versions.map { $0.summary }))]))
            },
            Endpoint(.get, "v1/rules/versions/{version}", .roles(.planner)) { _, context in
                let number = try Self.version(context)
                guard let version = try await self.blocking({ try self.store.ruleVersion(number) }) else {
                    throw Problem(.notFound, "Not found", "no rule version \(number)")
                }
                return self.json(version.document)
            },
            Endpoint(.post, "v1/rules/{version}/preview", .roles(.planner)) { request, context in
                let number = try Self.version(context)
                let selection = try Self.previewSelection(request)
                let preview = try await self.blocking { try self.store.previewRules(number, orders: selection) }
                return self.json(preview.document)
            },
            Endpoint(.post, "v1/rules/{version}/activate", .roles()) { request, context in
                let number = try Self.version(context)
                let document = try await RequestBody.optional(request)
                let r = try RequestBody.decode { () throws(DocumentError) in
                    try RuleActivationRequest(document: document)
                }
                let actor = context.caller.actor(claimed: r.actor)
                let version = try await self.blocking { try self.store.activateRules(number, actor: actor) }
                return self.json(version.document)
            },
            Endpoint(.put, "v1/nodes/{id}/tags", .roles()) { request, context in
                let id = try context.parameters.require("id")
                let document = try await RequestBody.parse(request, limit: Self.maxBody)
                let r = try RequestBody.decode { () throws(DocumentError) in try NodeTagsRequest(document: document) }
                let actor = context.caller.actor(claimed: r.actor)
                let node = try await self.blocking { try self.store.setTags(r.tags, node: id, actor: actor) }
                return self.json(
                    .object([("node", .string(node.id)), ("tags", .array(node.tags.map(Document.string)))]))
            },
            Endpoint(.put, "v1/nodes/{id}/calendar", .roles()) { request, context in
                let id = try context.parameters.require("id")
                let document = try await RequestBody.parse(request, limit: Self.maxBody)
                let r = try RequestBody.decode { () throws(DocumentError) in
                    try NodeCalendarRequest(document: document)
                }
                let actor = context.caller.actor(claimed: r.actor)
                let outcome = try await self.blocking { try self.store.setCalendar(r, node: id, actor: actor) }
                if !outcome.repromised.isEmpty {
                    self.ordersResourced.increment(by: outcome.repromised.count)
                    self.updateGauges()
                }
                return self.json(
                    .object(
                        [("node", .string(outcome.node.id))] + outcome.node.calendarPairs
                            + [("repromised", .array(outcome.repromised.map(\.document)))]))
            },
            Endpoint(.put, "v1/nodes/{id}/capacity", .roles()) { request, context in
                let id = try context.parameters.require("id")
                let document = try await RequestBody.parse(request, limit: Self.maxBody)
                let r = try RequestBody.decode { () throws(DocumentError) in
                    try NodeCapacityRequest(document: document)
                }
                let actor = context.caller.actor(claimed: r.actor)
                let node = try await self.blocking { try self.store.setCapacity(r, node: id, actor: actor) }
                return self.json(.object([("node", .string(node.id))] + node.capacityPairs))
            },
        ]
    }

    /// The `{version}` of the path: a whole number from 1 to 1,000,000,000.
    private static func version(_ context: RouteRequestContext) throws -> Int {
        let text = try context.parameters.require("version")
        guard let n = Int(text), (1...Limits.units).contains(n) else {
            throw Problem(
                .badRequest, "Invalid request",
                "the rule version must be a whole number from 1 to \(Limits.units), got \"\(text)\"",
                issues: [Issue(path: "version", message: "expected a whole number from 1 to \(Limits.units)")])
        }
        return n
    }

    /// `?orders=pending` (the default) or `?orders=last:N` (N from 1 to 10000).
    private static func previewSelection(_ request: Request) throws -> RulePreviewSelection {
        guard let text = request.uri.queryParameters.get("orders"), text != "pending" else { return .pending }
        if text.hasPrefix("last:"), let n = Int(text.dropFirst(5)), (1...10_000).contains(n) { return .last(n) }
        throw Problem(
            .badRequest, "Invalid request", "orders must be pending or last:N with N from 1 to 10000, got \"\(text)\"",
            issues: [Issue(path: "orders", message: "expected pending or last:N (N from 1 to 10000)")])
    }
}

extension RuleVersion {
    /// A version without its rules (`rules` counts them): what the list of versions shows.
    var summary: Document {
        if case .array(let items)? = rules["rules"] {
            document(rules: .int(items.count))
        } else {
            document(rules: .int(0))
        }
    }

    /// The version with its rules.
    var document: Document { document(rules: rules["rules"] ?? .array([])) }

    private func document(rules value: Document) -> Document {
        .object([
            ("version", .int(version)), ("state", .string(state)), ("rules", value),
            ("created_at", .string(createdAt)), ("created_by", createdBy.map(Document.string) ?? .null),
            (
                "activations",
                .array(
                    activations.map {
                        .object([("at", .string($0.at)), ("actor", $0.actor.map(Document.string) ?? .null)])
                    })
            ),
        ])
    }

}

extension RulePreview {
    var document: Document {
        .object([
            ("version", .int(version)), ("active_version", activeVersion.map(Document.int) ?? .null),
            ("orders_considered", .int(ordersConsidered)), ("orders_changed", .int(changes.count)),
            ("active", active.document), ("draft", draft.document),
            ("delta", draft.difference(from: active).document),
            ("unfulfilled_units", .object([("active", .int(activeUnfulfilled)), ("draft", .int(draftUnfulfilled))])),
            (
                "changes",
                .array(
                    changes.prefix(1000).map {
                        .object([
                            ("order", .string($0.order)), ("active", $0.active.document), ("draft", $0.draft.document),
                        ])
                    })
            ),
        ])
    }
}
