import ArgumentParser
import Foundation
import OmniRouteStore

/// `omniroute db`: create and check the store's database.
struct DatabaseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db", abstract: "Create and check the store's SQLite database.",
        subcommands: [Init.self, Check.self]
    )

    struct Init: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a database from a scenario's network and stock (and, optionally, its orders).")

        @Option(name: .long, help: "The scenario (JSON or YAML) whose network and stock to load.")
        var seed: String

        @Option(
            name: .long, help: "The database file (default: $OMNIROUTE_DB or ~/.local/share/omniroute/default.sqlite).")
        var db: String?

        @Flag(name: .long, help: "Also place the scenario's orders, in arrival order, through the checkout heuristic.")
        var withOrders = false

        @Option(
            name: .long,
            help: ArgumentHelp(
                "The store's today: system, scenario (the scenario's now; the default with --with-orders), "
                    + "or an ISO 8601 instant.")
        )
        var clock: String?

        @Flag(name: .long, help: "Replace an existing database at the path.")
        var force = false

        func run() throws {
            let scenario = try Inputs.scenario(seed)
            let path = db ?? DatabaseLocation.defaultPath
            let storeClock: StoreClock
            switch clock ?? (withOrders ? "scenario" : "system") {
            case "scenario": storeClock = .fixed(scenario.now)
            case let text:
                guard let c = StoreClock(text) else {
                    throw CLIError.badInput(
                        "--clock: expected system, scenario or an ISO 8601 instant, got \"\(text)\"")
                }
                storeClock = c
            }
            if FileManager.default.fileExists(atPath: path) && !force {
                throw CLIError.badInput("\(path) already exists; pass --force to replace it")
            }
            try? FileManager.default.createDirectory(
                atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            let store: RouteStore
            do {
                store = try RouteStore.create(
                    path: path, seed: scenario, clock: storeClock, placeOrders: withOrders, replacing: force)
            } catch {
                throw CLIError.badInput(error.description)
            }
            let stats = store.stats
            print(
                "created \(path) from \(scenario.name): \(scenario.nodes.count) nodes, \(scenario.skus.count) skus, "
                    + "\(scenario.inventory.count) stock positions, \(scenario.rules.count) rules (version 1, "
                    + "active); \(stats.openOrders) open orders holding \(stats.heldUnits) units; "
                    + "clock \(storeClock)"
            )
        }
    }

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Verify the database's invariants; exit 1 naming each one broken.",
            discussion: """
                Checks: reserved = the sum of held reservations per position; no position holds more than it has \
                on hand; every leg of an open order holds its units at its node; closed orders hold nothing; legs \
                carry no more than ordered; capacity; SQLite's integrity and foreign keys.
                """)

        @Option(
            name: .long, help: "The database file (default: $OMNIROUTE_DB or ~/.local/share/omniroute/default.sqlite).")
        var db: String?

        func run() throws {
            let path = db ?? DatabaseLocation.defaultPath
            let problems: [String]
            let stats: StoreStats
            do {
                // Only reads: it may run beside a server that serves the database.
                let store = try RouteStore.open(path: path, exclusive: false)
                problems = try store.check()
                stats = store.stats
            } catch .storedOutOfRange(let values) {
                for value in values { print(value) }
                throw CLIError(
                    code: 1, message: "\(path): \(values.count) value\(values.count == 1 ? "" : "s") out of range")
            } catch {
                throw CLIError.badInput(error.description)
            }
            guard problems.isEmpty else {
                for p in problems { print(p) }
                throw CLIError(code: 1, message: "\(path): \(problems.count) problem\(problems.count == 1 ? "" : "s")")
            }
            print("\(path): ok (\(stats.openOrders) open orders, \(stats.heldUnits) units held)")
        }
    }
}
