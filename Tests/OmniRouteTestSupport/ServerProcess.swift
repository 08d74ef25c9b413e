import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// An `omniroute serve` in another process on a free port, for tests: started with
/// `--port 0`, its port read from the first line it prints (`listening on HOST:PORT`),
/// everything it prints kept in a log file. Stopped (SIGKILL) by `kill()` or when the
/// value is released, so a failing test never leaves a server behind.
public final class ServerProcess: @unchecked Sendable {
    public let process: Process
    public let port: Int
    /// Standard output and error of the server.
    public let log: URL

    public struct StartFailed: Error, CustomStringConvertible {
        public var description: String
    }

    /// Starts `omniroute serve --db db --port 0 arguments…` and waits (at most `timeout`
    /// seconds) until it listens.
    public init(db: String, arguments: [String] = [], log: URL, timeout: Double = 120) throws {
        guard let binary = OmniRouteBinary.path else { throw StartFailed(description: "omniroute is not built") }
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let logHandle = try FileHandle(forWritingTo: log)
        let output = Pipe()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["serve", "--db", db, "--port", "0", "--log-level", "warning"] + arguments
        process.standardOutput = output
        process.standardError = logHandle
        try process.run()
        // A reader thread copies stdout into the log and reports the port of the first line.
        let listening = DispatchSemaphore(value: 0)
        let found = PortBox()
        let reader = output.fileHandleForReading
        Thread.detachNewThread {
            var pending = Data()
            while case let chunk = reader.availableData, !chunk.isEmpty {
                logHandle.write(chunk)
                guard found.port == nil else { continue }
                pending += chunk
                if let text = String(data: pending, encoding: .utf8), let line = text.split(separator: "\n").first,
                    text.contains("\n"), line.hasPrefix("listening on "),
                    let port = line.split(separator: ":").last.flatMap({ Int($0) })
                {
                    found.port = port
                    listening.signal()
                }
            }
            listening.signal()  // the server exited without listening
        }
        guard listening.wait(timeout: .now() + timeout) == .success, let port = found.port else {
            Glibc.kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            throw StartFailed(description: "the server did not start: \(text)")
        }
        self.process = process
        self.port = port
        self.log = log
    }

    deinit { kill() }

    /// Sends `signal` and waits (at most `timeout` seconds) for the exit status; nil if it did not exit.
    public func stop(signal: Int32 = SIGTERM, timeout: Double = 120) -> Int32? {
        guard process.isRunning else { return process.terminationStatus }
        Glibc.kill(process.processIdentifier, signal)
        let exited = DispatchSemaphore(value: 0)
        DispatchQueue.global().async { [process] in
            process.waitUntilExit()
            exited.signal()
        }
        guard exited.wait(timeout: .now() + timeout) == .success else { return nil }
        return process.terminationStatus
    }

    /// Kills the server at once (SIGKILL) and waits for it.
    public func kill() {
        guard process.isRunning else { return }
        Glibc.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    private final class PortBox: @unchecked Sendable {
        private let lock = NSLock()
        private var value: Int?
        var port: Int? {
            get { lock.withLock { value } }
            set { lock.withLock { value = newValue } }
        }
    }
}
