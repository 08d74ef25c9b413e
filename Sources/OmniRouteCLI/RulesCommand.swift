import ArgumentParser
import Foundation
import OmniRouteExact
import OmniRouteFormat
import OmniRouteModel

/// `omniroute rules`: the retailer's sourcing rules.
struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules", abstract: "Sourcing rules: what each one costs.", subcommands: [RulesCostCommand.self])
}

/// `omniroute rules cost`: the scenario planned with all its rules and without each one.
struct RulesCostCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cost",
        abstract: "Plan a scenario with all its rules and without each one: the difference is what the rule costs.",
        discussion: """
            For each rule, the plan's cost without it (the other rules kept) and the price of the rule: the cost \
            with every rule minus the cost without this one. With an exact strategy both sides are solved with \
            their bounds, and the true price lies between (bound with − cost without) and (cost with − bound \
            without); with an online strategy the price is the heuristic's. A rule the plan does not feel costs 0.
            """)

    @Option(name: .long, help: ArgumentHelp("The strategy: \(Strategy.names).", valueName: "name"))
    var strategy: Strategy = .greedy

    @Flag(name: .long, help: "Write the table as JSON.")
    var json = false

    @OptionGroup var solver: SolverFlags

    @Argument(help: "Scenario file (or what-if variant) with rules.")
    var scenario: String

    func run() throws {
        let scenario = try Inputs.scenario(self.scenario)
        guard !scenario.rules.isEmpty else { throw CLIError.badInput("\(self.scenario): the scenario has no rules") }
        let network = Network(scenario)
        Inputs.note("with every rule: planning \(scenario.orders.count) orders (\(strategy.name))…")
        let baseline = try PlanningRun(scenario, strategy: strategy, solver: solver)
        var rows: [Row] = []
        for (k, rule) in scenario.rules.enumerated() {
            var without = scenario
            without.rules.remove(at: k)
            Inputs.note("without \(rule.id): planning…")
            let run = try PlanningRun(without, strategy: strategy, solver: solver)
            let applies = (0..<scenario.orders.count).filter { i in
                network.rules(for: network.resolved(i))?.applied.contains { $0.rule == k } ?? false
            }.count
            rows.append(Row(rule: rule.id, appliesTo: applies, without: run))
        }
        print(json ? JSONWriter.write(document(baseline, rows), pretty: true) : table(baseline, rows))
    }

    struct Row {
        var rule: String
        /// Orders of the scenario the rule applies to.
        var appliesTo: Int
        var without: PlanningRun
    }

    /// The price of a rule: the cost with every rule minus the cost without it, and with
    /// bounds on both sides the interval the true price lies in.
    static func price(_ with: PlanningRun, _ without: PlanningRun) -> (value: Double, low: Double?, high: Double?) {
        let value = with.plan.summary.totalCost - without.plan.summary.totalCost
        guard let boundWith = with.bound, let boundWithout = without.bound else { return (value, nil, nil) }
        return (
            value, boundWith - without.plan.summary.totalCost, with.plan.summary.totalCost - boundWithout
        )
    }

    func table(_ baseline: PlanningRun, _ rows: [Row]) -> String {
        let s = baseline.plan.summary
        var lines = [
            "\(scenario): \(s.orders) orders, \(strategy.name); with every rule: cost \(Format.money(s.totalCost)), "
                + "\(s.splitOrders) split, \(s.unfulfilledUnits) units unfulfilled"
                + (baseline.bound.map { ", bound \(Format.money($0))" } ?? ""),
            "",
        ]
        var table = [["rule", "applies to", "cost without", "price", "price %", "split", "unfulfilled"]]
        if baseline.bound != nil { table[0].append("price within") }
        for row in rows {
            let w = row.without.plan.summary
            let p = Self.price(baseline, row.without)
            var cells = [
                row.rule, "\(row.appliesTo) orders", Format.money(w.totalCost), Format.money(p.value),
                Format.fixed(w.totalCost == 0 ? 0 : p.value / w.totalCost * 100, 2) + "%",
                "\(w.splitOrders)", "\(w.unfulfilledUnits)",
            ]
            if let low = p.low, let high = p.high { cells.append("[\(Format.money(low)), \(Format.money(high))]") }
            table.append(cells)
        }
        let widths = table[0].indices.map { c in table.map { $0[c].count }.max() ?? 0 }
        for (r, cells) in table.enumerated() {
            let padded = cells.enumerated().map { c, text in
                c == 0
                    ? text.padding(toLength: widths[c], withPad: " ", startingAt: 0)
                    : String(repeating: " ", count: widths[c] - text.count) + text
            }
            lines.append(padded.joined(separator: "  "))
            if r == 0 { lines.append(widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")) }
        }
        return lines.joined(separator: "\n")
    }

    func document(_ baseline: PlanningRun, _ rows: [Row]) -> Document {
        func cost(_ run: PlanningRun) -> [(key: String, value: Document)] {
            var pairs: [(key: String, value: Document)] = [
                ("cost", .double(run.plan.summary.totalCost)), ("split_orders", .int(run.plan.summary.splitOrders)),
                ("unfulfilled_units", .int(run.plan.summary.unfulfilledUnits)),
            ]
            if let bound = run.bound { pairs.append(("bound", .double(bound))) }
            return pairs
        }
        let items: [Document] = rows.map { row in
            let p = Self.price(baseline, row.without)
            var pairs: [(key: String, value: Document)] = [
                ("rule", .string(row.rule)), ("applies_to_orders", .int(row.appliesTo)),
                ("without", .object(cost(row.without))), ("price", .double(p.value)),
            ]
            if let low = p.low, let high = p.high {
                pairs.append(("price_within", .array([.double(low), .double(high)])))
            }
            return .object(pairs)
        }
        return .object([
            ("scenario", .string(scenario)), ("strategy", .string(strategy.name)),
            ("with_every_rule", .object(cost(baseline))), ("rules", .array(items)),
        ])
    }
}
