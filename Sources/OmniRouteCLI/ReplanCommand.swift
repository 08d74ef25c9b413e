import ArgumentParser
import Foundation
import OmniRouteModel
import OmniRouteStore

/// `omniroute replan`: re-plan the pending orders of a store jointly.
struct ReplanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replan",
        abstract: "Re-plan every planned order jointly with the exact engine; write the new legs if they save enough.",
        discussion: """
            The orders' current legs are the starting incumbent; checkout goes on while the solver runs. New legs and \
            reservations are written in one transaction only if the total cost falls by more than --min-saving; an \
            order that changed while the solver ran keeps its plan.
            """)

    @Option(name: .long, help: "The database file (default: $OMNIROUTE_DB or ~/.local/share/omniroute/default.sqlite).")
    var db: String?

    @Option(name: .long, help: "Seconds the exact engine may take.")
    var timeLimit: Double = 60

    @Option(name: .long, help: "Relative gap at which the exact engine stops.")
    var gap: Double = 1e-3

    @Option(name: .long, help: "Write only if the total cost falls by more than this fraction.")
    var minSaving: Double = 1e-3

    @Flag(name: .long, help: "Report what would change, and a diff of the changed orders; write nothing.")
    var dryRun = false

    @Flag(name: .long, help: "Move an order only if it keeps every unit it had routed and arrives no later.")
    var keepPromises = false

    func validate() throws {
        guard timeLimit > 0 else { throw ValidationError("--time-limit must be > 0") }
        guard gap >= 0, gap < 1 else { throw ValidationError("--gap must be in [0, 1)") }
        guard minSaving >= 0, minSaving < 1 else { throw ValidationError("--min-saving must be in [0, 1)") }
    }

    func run() throws {
        let store = try DatabaseLocation.open(db)
        let bar = ProgressBar(seconds: timeLimit)
        let report: ReplanReport
        do {
            report = try store.replan(
                ReplanOptions(
                    timeLimit: timeLimit, gap: gap, minSaving: minSaving, dryRun: dryRun,
                    keepPromises: keepPromises)
            ) { bar.update($0) }
        } catch {
            bar.finish()
            throw CLIError.badInput(error.description)
        }
        bar.finish()
        print(Self.render(report, diff: dryRun))
    }

    static func render(_ r: ReplanReport, diff: Bool) -> String {
        func money(_ x: Double) -> String { String(format: "%.2f", x) }
        var out =
            "pending orders: \(r.ordersConsidered); changed: \(r.changes.count)\(r.written ? "" : " (not written)")"
        if !r.skipped.isEmpty { out += "; kept their plan: \(r.skipped.count)" }
        out += String(format: "; %.1f s\n", r.seconds)
        if let note = r.note { out += note + "\n" }
        let rows: [(String, Double, Double)] = [
            ("picking and handling", r.before.picking, r.after.picking),
            ("shipping", r.before.shipping, r.after.shipping),
            ("transfer", r.before.transfer, r.after.transfer), ("split penalties", r.before.splits, r.after.splits),
            ("late penalties", r.before.lateness, r.after.lateness),
            ("lost sales", r.before.lostSales, r.after.lostSales),
            ("total", r.before.total, r.after.total),
        ]
        out +=
            "\n" + "cost".padding(toLength: 22, withPad: " ", startingAt: 0) + "before".leftPad(14)
            + "after".leftPad(14) + "\n"
        for (name, b, a) in rows {
            out +=
                name.padding(toLength: 22, withPad: " ", startingAt: 0) + money(b).leftPad(14) + money(a).leftPad(14)
                + "\n"
        }
        out +=
            "legs".padding(toLength: 22, withPad: " ", startingAt: 0) + "\(r.before.legs)".leftPad(14)
            + "\(r.after.legs)".leftPad(14) + "\n"
        out +=
            "split orders".padding(toLength: 22, withPad: " ", startingAt: 0) + "\(r.before.splitOrders)".leftPad(14)
            + "\(r.after.splitOrders)".leftPad(14) + "\n"
        let saving = r.before.total > 0 ? (r.before.total - r.after.total) / r.before.total * 100 : 0
        let removed =
            r.before.extraLegs > 0
            ? Double(r.before.extraLegs - r.after.extraLegs) / Double(r.before.extraLegs) * 100 : 0
        out += String(
            format: "\nsaving %.2f%%; extra legs (beyond one per order) removed: %.1f%%; bound %@ (gap %.2f%%)\n",
            saving, removed, money(r.bound), r.gap * 100)
        if diff && !r.changes.isEmpty {
            out += "\nchanged orders:\n"
            for c in r.changes {
                func legs(_ p: PlannedOrder) -> String {
                    p.legs.map { "\($0.from)(\($0.units))" }.joined(separator: " + ")
                        + (p.unfulfilled.isEmpty ? "" : " + \(p.unfulfilledUnits) unfulfilled")
                }
                out +=
                    "  \(c.order): \(legs(c.before)) \(money(c.before.cost.total)) -> \(legs(c.after)) "
                    + "\(money(c.after.cost.total))\n"
            }
        }
        return out
    }
}

extension String {
    fileprivate func leftPad(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}

/// The re-plan's progress on stderr: on a terminal, one line redrawn with a bar of the
/// time used against the limit and the solver's latest news (its incumbent and bound
/// as each group of orders is solved); otherwise each piece of news on a line of its own.
final class ProgressBar: @unchecked Sendable {
    private let seconds: Double
    private let start = Date()
    private let terminal = isatty(STDERR_FILENO) == 1
    private let lock = NSLock()

    init(seconds: Double) { self.seconds = seconds }

    func update(_ news: String) {
        lock.withLock {
            let elapsed = Date().timeIntervalSince(start)
            let stamp = String(format: "%6.1f s", elapsed)
            guard terminal else {
                Inputs.note("[\(stamp)] " + news)
                return
            }
            let filled = Int((min(1, elapsed / max(seconds, 0.001)) * 30).rounded())
            let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: 30 - filled)
            let line = "[\(bar)] \(stamp) " + news.trimmingCharacters(in: .whitespaces)
            FileHandle.standardError.write(Data(("\r\u{1B}[K" + String(line.prefix(160))).utf8))
        }
    }

    func finish() {
        if terminal { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}
