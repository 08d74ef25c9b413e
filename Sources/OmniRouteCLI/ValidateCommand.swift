import ArgumentParser
import OmniRouteFormat
import OmniRouteModel

/// `omniroute validate`: the project's own checker.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check a scenario, or a plan against its scenario (feasibility and every reported figure).",
        discussion:
            "Exit 0 when valid; 1 when the plan is infeasible or reports wrong figures; "
            + "2 when a file is not of the format."
    )

    @Argument(help: "Scenario file.")
    var scenario: String

    @Argument(help: "Plan file to check against the scenario.")
    var plan: String?

    @Flag(help: "Print the report as JSON.")
    var json = false

    func run() throws {
        let scenario = try Inputs.scenario(scenario)
        guard let planPath = plan else {
            print(
                "scenario \(scenario.name): \(scenario.nodes.count) nodes, \(scenario.skus.count) skus, "
                    + "\(scenario.orders.count) orders: valid"
            )
            return
        }
        let document = try Inputs.document(planPath)
        let report: PlanChecker.Report
        do { report = try PlanChecker(network: Network(scenario)).check(document) } catch {
            throw CLIError.badInput(
                "\(planPath): not a valid plan:\n" + error.issues.map { "  \($0)" }.joined(separator: "\n"))
        }
        let t = report.recomputed
        if json {
            let doc = Document.object([
                ("feasible", .bool(report.feasible)), ("consistent", .bool(report.consistent)),
                ("errors", .array(report.errors.prefix(200).map(Document.string))),
                ("mismatches", .array(report.mismatches.prefix(200).map(Document.string))),
                (
                    "recomputed",
                    .object([
                        ("total_cost", .double(t.totalCost)), ("orders", .int(t.orders)), ("legs", .int(t.legs)),
                        ("units", .int(t.units)), ("split_orders", .int(t.splitOrders)),
                        ("late_orders", .int(t.lateOrders)),
                        ("unfulfilled_units", .int(t.unfulfilledUnits)),
                    ])
                ),
            ])
            print(JSONWriter.write(doc, pretty: true), terminator: "")
        } else {
            for e in report.errors.prefix(50) { print("error:", e) }
            for m in report.mismatches.prefix(50) { print("mismatch:", m) }
            let shown = report.errors.count > 50 || report.mismatches.count > 50 ? " (first 50 of each shown)" : ""
            print(
                "\(report.ok ? "OK" : "FAIL"): \(t.orders) orders, \(t.legs) legs, "
                    + "total_cost \(Format.fixed(t.totalCost, 4)), "
                    + "\(report.errors.count) errors, \(report.mismatches.count) mismatches\(shown)"
            )
        }
        if !report.ok { throw ExitCode(1) }
    }
}
