import Foundation

/// The `omniroute` executable built beside the test bundle.
public enum OmniRouteBinary {
    public static let path: String? = {
        let dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for candidate in [dir, dir.deletingLastPathComponent()] {
            let url = candidate.appendingPathComponent("omniroute")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url.path }
        }
        let debug = Paths.root.appendingPathComponent(".build/debug/omniroute").path
        return FileManager.default.isExecutableFile(atPath: debug) ? debug : nil
    }()
}

extension OmniRouteBinary {
    /// What a finished run printed (standard output and error together) and its exit status.
    public struct Run: Sendable {
        public var status: Int32
        public var output: String
    }

    public struct TimedOut: Error, CustomStringConvertible {
        public var arguments: [String]
        public var description: String { "omniroute \(arguments.joined(separator: " ")) did not finish in time" }
    }

    /// Runs `omniroute arguments`, killing it if it has not finished within `timeout` seconds.
    public static func run(_ arguments: [String], timeout: Double) throws -> Run {
        guard let path else { throw CocoaError(.fileNoSuchFile) }
        let log = FileManager.default.temporaryDirectory.appendingPathComponent(
            "omniroute-run-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: log) }
        let handle = try FileHandle(forWritingTo: log)
        defer { try? handle.close() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.standardOutput = handle
        process.standardError = handle
        let done = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in done.signal() }
        try process.run()
        if done.wait(timeout: .now() + timeout) == .timedOut {
            kill(process.processIdentifier, SIGKILL)
            done.wait()
            throw TimedOut(arguments: arguments)
        }
        let output = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        return Run(status: process.terminationStatus, output: output)
    }
}
