import ArgumentParser
import OmniRouteExact
import OmniRouteHeuristics
import OmniRouteModel

extension GLPK.ExportFormat: ExpressibleByArgument {}

/// `omniroute export`: the joint MILP for other solvers.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the joint MILP of all orders (CPLEX LP or free MPS) so any solver can check the exact engine."
    )

    @Option(name: .long, help: "lp | mps")
    var format: GLPK.ExportFormat = .lp

    @Option(name: [.short, .customLong("output")], help: "File to write.")
    var output: String

    @Argument(help: "Scenario file.")
    var scenario: String

    func run() throws {
        let scenario = try Inputs.scenario(scenario)
        let network = Network(scenario)
        let milp = RoutingMILP(
            network: network, orders: Array(network.orders.indices), ledger: InventoryLedger(network: network),
            names: true)
        do { try GLPK.write(milp.model, format: format, to: output) } catch {
            throw CLIError.badInput(error.description)
        }
        let m = milp.model
        Inputs.note(
            "wrote \(output): \(m.columnCount) columns, \(m.rowCount) rows (\(milp.couplingRows) "
                + "stock and capacity rows), \(m.entryCount) nonzeros"
        )
    }
}
