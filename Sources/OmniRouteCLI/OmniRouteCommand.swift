import ArgumentParser
import Foundation

/// `omniroute`: fulfillment routing from the command line.
public struct OmniRouteCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "omniroute",
        abstract: "Fulfillment routing and order orchestration for omnichannel retail.",
        discussion: """
            Exit codes: 0 success; 1 a plan that is infeasible or inconsistent, a database that fails its checks, \
            or a server that cannot start; 2 bad input or usage.
            """,
        subcommands: [
            PlanCommand.self, ValidateCommand.self, ExplainCommand.self, SummaryCommand.self, ExportCommand.self,
            DatabaseCommand.self, ServeCommand.self, ReplanCommand.self, ReleaseCommand.self, WhatIfCommand.self,
            CompareCommand.self, RulesCommand.self, KeysCommand.self,
        ]
    )

    public init() {}

    /// Runs the command line with the project's exit codes (usage errors exit 2, not 64), asynchronous
    /// subcommands (`serve`) on the main task. `main.swift` calls it.
    public static func execute(_ arguments: [String]? = nil) async -> Never {
        do {
            var command = try parseAsRoot(arguments)
            if var asynchronous = command as? any AsyncParsableCommand {
                try await asynchronous.run()
            } else {
                try command.run()
            }
            Foundation.exit(0)
        } catch let code as ExitCode {
            Foundation.exit(code.rawValue)
        } catch let error as CLIError {
            FileHandle.standardError.write(Data(("omniroute: " + error.message + "\n").utf8))
            Foundation.exit(error.code)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                print(fullMessage(for: error))
                Foundation.exit(0)
            }
            FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
            Foundation.exit(2)
        }
    }
}

/// A failure with the exit code it means: 1 for an infeasible or inconsistent plan,
/// 2 for bad input or usage.
public struct CLIError: Error {
    public var code: Int32
    public var message: String

    public static func badInput(_ message: String) -> CLIError { CLIError(code: 2, message: message) }
}
