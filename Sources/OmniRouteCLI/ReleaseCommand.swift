import ArgumentParser
import Foundation
import OmniRouteModel
import OmniRouteStore

/// `omniroute release`: send planned orders to their nodes.
struct ReleaseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "release",
        abstract: "Send planned orders to their nodes (all, those due soon, or those named).",
        discussion: """
            Released orders are out of re-planning's reach: their legs become `released` and the event log gets one \
            order.released per order with its legs, which is what nodes pick from (GET /v1/events). Run it after \
            `omniroute replan`, so that the orders leave on the best plan.
            """)

    @Option(name: .long, help: "The database file (default: $OMNIROUTE_DB or ~/.local/share/omniroute/default.sqlite).")
    var db: String?

    @Option(
        name: .long,
        help: "Only orders due within this many days of today (orders without a due date are not due soon).")
    var dueWithinDays: Int?

    @Option(name: .customLong("order"), help: "Only this order (repeatable).")
    var orders: [String] = []

    func validate() throws {
        if let d = dueWithinDays, d < 0 { throw ValidationError("--due-within-days must be ≥ 0") }
    }

    func run() throws {
        let store = try DatabaseLocation.open(db)
        let report: ReleaseReport
        do {
            report = try store.release(
                ReleaseRequest(dueWithinDays: dueWithinDays, orders: orders.isEmpty ? nil : orders),
                actor: "omniroute release")
        } catch {
            throw CLIError.badInput(error.description)
        }
        print("released \(report.released.count) orders (\(report.legs) legs)")
        for (id, status) in report.skipped { print("  \(id): \(status.rawValue), not released") }
    }
}
