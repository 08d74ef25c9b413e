import ArgumentParser
import Foundation
import OmniRouteFormat
import OmniRouteModel
import OmniRouteServer
import OmniRouteStore

/// `omniroute keys`: the API keys of a database.
struct KeysCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys", abstract: "Create, list and revoke the API keys of a database.",
        discussion: """
            Roles: \(APIKey.Role.allCases.map(\.rawValue).joined(separator: ", ")) (see docs/security.md). \
            While a server holds the database, manage its keys through the API (POST /v1/keys, \
            POST /v1/keys/NAME/revoke, with an admin key); `keys list` also reads beside a running server.
            """,
        subcommands: [Create.self, List.self, Revoke.self])

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a key and print its secret (shown this once; only its SHA-256 is kept).")

        @Option(name: .long, help: "The key's name (letters, digits, . _ -): the actor of what it does.")
        var name: String

        @Option(name: .customLong("role"), help: "A role of the key (repeat for several).")
        var roles: [String] = []

        @Option(name: .customLong("node"), help: "A node a node key acts for (repeat for several).")
        var nodes: [String] = []

        @Option(
            name: .long, help: "The database file (default: $OMNIROUTE_DB or ~/.local/share/omniroute/default.sqlite).")
        var db: String?

        func run() throws {
            let request: APIKeyRequest
            do {
                request = try APIKeyRequest(name: name, roles: roles, nodes: nodes)
            } catch {
                throw CLIError.badInput(KeysCommand.flags(error))
            }
            let store = try KeysCommand.open(db)
            defer { store.shutDown() }
            do {
                let created = try store.createKey(request, actor: "cli")
                print(created.secret)
                FileHandle.standardError.write(
                    Data(
                        ("created key \(created.key.name) "
                            + "(\(created.key.sortedRoles.map(\.rawValue).joined(separator: ", "))"
                            + (created.key.nodes.isEmpty ? "" : " for \(created.key.nodes.joined(separator: ", "))")
                            + "); the secret above is not shown again\n").utf8))
            } catch {
                throw CLIError.badInput(KeysCommand.flags(error))
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the keys: names, roles, nodes, created, last used, revoked; never secrets.")

        @Option(
            name: .long, help: "The database file (default: $OMNIROUTE_DB or ~/.local/share/omniroute/default.sqlite).")
        var db: String?

        @Flag(name: .long, help: "JSON instead of a table.")
        var json = false

        func run() throws {
            let path = db ?? DatabaseLocation.defaultPath
            let keys: [APIKey]
            do {
                // Only reads: it may run beside a server (which writes last uses from time to time).
                keys = try RouteStore.open(path: path, exclusive: false).keys()
            } catch {
                throw CLIError.badInput(error.description)
            }
            if json {
                print(JSONWriter.write(.object([("keys", .array(keys.map(\.document)))])))
                return
            }
            let header = ["name", "prefix", "roles", "nodes", "created", "last used", "revoked"]
            let rows =
                [header]
                + keys.map {
                    [
                        $0.name, $0.prefix, $0.sortedRoles.map(\.rawValue).joined(separator: ","),
                        $0.nodes.isEmpty ? "-" : $0.nodes.joined(separator: ","), $0.createdAt, $0.lastUsedAt ?? "-",
                        $0.revokedAt ?? "-",
                    ]
                }
            let widths = header.indices.map { c in rows.map { $0[c].count }.max() ?? 0 }
            for row in rows {
                print(
                    zip(row, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }.joined(
                        separator: "  "
                    ).trimmingCharacters(in: .whitespaces))
            }
            if keys.isEmpty { print("(no keys: a server on loopback runs open; elsewhere it refuses to start)") }
        }
    }

    struct Revoke: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a key: it is refused from then on.")

        @Argument(help: "The key's name.")
        var name: String

        @Option(
            name: .long, help: "The database file (default: $OMNIROUTE_DB or ~/.local/share/omniroute/default.sqlite).")
        var db: String?

        func run() throws {
            let store = try KeysCommand.open(db)
            defer { store.shutDown() }
            do {
                let key = try store.revokeKey(name, actor: "cli")
                print("revoked key \(key.name) (\(key.prefix)…) at \(key.revokedAt ?? "")")
            } catch {
                throw CLIError.badInput(error.description)
            }
        }
    }

    /// Opens the database for writing keys; a server holding it is named with what to do instead.
    static func open(_ db: String?) throws(CLIError) -> RouteStore {
        let path = db ?? DatabaseLocation.defaultPath
        do {
            return try RouteStore.open(path: path)
        } catch {
            var message = error.description
            if case .conflict = error {
                message += " (while a server runs, use its API with an admin key: POST /v1/keys, /v1/keys/NAME/revoke)"
            }
            throw .badInput(message)
        }
    }

    /// A key request's problems in the words of the command's flags (`roles[0]` → `--role`).
    static func flags(_ error: StoreError) -> String {
        guard case .invalid(let issues) = error else { return error.description }
        return issues.map { issue in
            let flag =
                issue.path.hasPrefix("roles") ? "--role" : issue.path.hasPrefix("nodes") ? "--node" : "--\(issue.path)"
            return "\(flag): \(issue.message)"
        }.joined(separator: "; ")
    }
}
