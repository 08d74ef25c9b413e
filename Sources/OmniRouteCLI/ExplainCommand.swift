import ArgumentParser
import OmniRouteExact
import OmniRouteHeuristics
import OmniRouteModel

/// `omniroute explain`: why one order was routed as it was.
struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract:
            "Explain one order's route: every candidate source, why others were excluded, the chosen legs, "
            + "the best alternative."
    )

    @Argument(help: "Scenario file.")
    var scenario: String

    @Argument(help: "Order id.")
    var order: String

    @Option(name: .long, help: ArgumentHelp(stringLiteral: OnlineStrategy.all.map(\.name).joined(separator: " | ")))
    var strategy: Strategy = .greedy

    @Option(name: .long, help: "List at most this many excluded nodes (0 for all).")
    var excludedLimit = 15

    func validate() throws {
        guard excludedLimit >= 0 else { throw ValidationError("--excluded-limit must be 0 (all) or a positive count") }
        guard strategy.online != nil else {
            let online = OnlineStrategy.all.map(\.name).joined(separator: ", ")
            throw ValidationError(
                "explain replays an online strategy (\(online)); an exact plan is chosen for all orders jointly")
        }
    }

    func run() throws {
        let scenario = try Inputs.scenario(scenario)
        let network = Network(scenario)
        if let refusal = strategy.online!.refusal(network) { throw CLIError.badInput(refusal.description) }
        let explanation: OrderExplanation
        do {
            explanation = try Explainer(network: network).explain(
                orderId: order, router: strategy.online!.router(network))
        } catch {
            throw CLIError.badInput("order: \(error)")
        }
        var text = Self.render(explanation, currency: scenario.currency, excludedLimit: excludedLimit)
        text += try liftedRules(scenario, network, explanation).map { "\n" + $0 }.joined()
        print(text)
    }

    /// For each rule that applies to the order, what the order would cost were that rule
    /// lifted: the strategy replayed on the scenario without it (the earlier orders too).
    func liftedRules(_ scenario: Scenario, _ network: Network, _ e: OrderExplanation) throws -> [String] {
        guard let index = scenario.orders.firstIndex(where: { $0.id == order }),
            let rules = network.rules(for: network.resolved(index)), !rules.applied.isEmpty
        else { return [] }
        var out = [
            "",
            "rules that apply to the order, and what it would cost were each "
                + "lifted (the strategy replayed without it):",
        ]
        for applied in rules.applied {
            var without = scenario
            without.rules.remove(at: applied.rule)
            let lifted = Network(without)
            let replay: OrderExplanation
            do {
                replay = try Explainer(network: lifted).explain(orderId: order, router: strategy.online!.router(lifted))
            } catch {
                throw CLIError.badInput("order: \(error)")
            }
            let cost = replay.chosen.cost.total
            let delta = cost - e.chosen.cost.total
            out.append(
                "  - \(scenario.rules[applied.rule].id): \(Format.money(cost)) "
                    + "(\(delta >= 0 ? "+" : "")\(Format.money(delta)) against the chosen route)")
        }
        return out
    }

    static func describe(_ leg: PlannedLeg) -> String {
        let lines = leg.lines.map { "\($0.qty)×\($0.sku)" }.joined(separator: ", ")
        let via = leg.service.map { " by \($0)" } ?? ""
        let c = leg.cost
        return "\(leg.type.rawValue) from \(leg.from)\(via): \(lines); eta \(leg.eta); cost \(Format.money(c.total)) "
            + "(pick \(Format.money(c.pick)), handling \(Format.money(c.handling)), "
            + "shipping \(Format.money(c.shipping)), "
            + "transfer \(Format.money(c.transfer))\(c.rules == 0 ? "" : ", rules \(Format.money(c.rules))"))"
    }

    static func describe(_ o: PlannedOrder) -> [String] {
        var out = o.legs.map { "  - " + describe($0) }
        if o.legs.isEmpty { out.append("  - no legs") }
        if !o.unfulfilled.isEmpty {
            out.append("  - unfulfilled: " + o.unfulfilled.map { "\($0.qty)×\($0.sku)" }.joined(separator: ", "))
        }
        let c = o.cost
        out.append(
            "  order cost \(Format.money(c.total)) = legs \(Format.money(c.legs)) "
                + "+ split \(Format.money(c.splitPenalty)) "
                + "+ late \(Format.money(c.latePenalty)) (\(o.lateDays) days) "
                + "+ lost sales \(Format.money(c.unfulfilled)); eta \(o.eta.map(\.description) ?? "none")"
        )
        return out
    }

    static func render(_ e: OrderExplanation, currency: String?, excludedLimit: Int = 15) -> String {
        let o = e.order
        let delivery: String =
            switch o.delivery {
            case .ship(let p): "ship to (\(p.lat), \(p.lon))"
            case .pickup(let s): "pickup at \(s)"
            }
        var out = [
            "order \(o.id) (\(o.channel.rawValue), customer \(o.customerId)), \(delivery), due \(o.dueBy), "
                + "\(o.allowSplit ? "split allowed" : "no split")",
            "lines: " + o.lines.map { "\($0.qty)×\($0.sku)" }.joined(separator: ", "),
            "routed by \(e.strategy) after \(e.ordersBefore) earlier orders took their stock and capacity",
            "",
            "chosen route:",
        ]
        out += describe(e.chosen)
        out.append("")
        let candidates = e.sources.filter { $0.exclusion == nil }
        out.append(
            "candidate sources (\(candidates.count)), cheapest first; "
                + "cost is the order's total if this node alone sent all it can:"
        )
        out.append(
            Format.table(
                ["node", "kind", "km", "can send", "best leg", "order cost alone", ""],
                candidates.map { s in
                    [
                        s.node, s.kind.rawValue, Format.fixed(s.distanceKm, 0),
                        zip(s.available, o.lines).map { a, l in "\(a.qty)/\(l.qty) \(a.sku)" }.joined(separator: ", "),
                        s.bestLeg.map {
                            "\($0.type.rawValue)\($0.service.map { " " + $0 } ?? "") \(Format.money($0.cost.total)), "
                                + "eta \($0.eta)"
                        } ?? "-",
                        s.orderCostAlone.map(Format.money) ?? "-", s.chosen ? "chosen" : "",
                    ]
                }))
        let excluded = e.sources.filter { $0.exclusion != nil }
        out.append("")
        out.append("excluded sources holding stock of the order (\(excluded.count)), nearest first:")
        let shown = excluded.sorted { $0.distanceKm < $1.distanceKm }.prefix(
            excludedLimit == 0 ? Int.max : excludedLimit)
        out += shown.map {
            "  - \($0.node) (\($0.kind.rawValue), \(Format.fixed($0.distanceKm, 0)) km): \($0.exclusion!)"
        }
        if shown.count < excluded.count {
            out.append("  … and \(excluded.count - shown.count) more (--excluded-limit 0 lists all)")
        }
        out.append("  \(e.nodesWithoutStock) other nodes hold none of the order's skus")
        out.append("")
        if let alt = e.alternative, let avoided = e.alternativeAvoids, let extra = e.alternativeExtraCost {
            out.append(
                "best alternative found by the greedy search without \(avoided): \(Format.money(alt.cost.total)), "
                    + "\(extra >= 0 ? "+" : "")\(Format.money(extra)) against the chosen route"
            )
            out += describe(alt)
        } else {
            out.append("no alternative: the route uses no source")
        }
        return out.joined(separator: "\n")
    }
}
