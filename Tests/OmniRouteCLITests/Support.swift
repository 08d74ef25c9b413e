import Foundation
import OmniRouteFormat
import OmniRouteModel
import OmniRouteTestSupport

extension Paths {
    /// `../shared/tools/validate_plan.py`, when the shared folder sits beside the clone.
    static let referenceChecker: URL? = {
        let url = root.deletingLastPathComponent().appendingPathComponent("shared/tools/validate_plan.py")
        return FileManager.default.fileExists(atPath: url.path) ? url : nil
    }()
}

/// The outcome of running a program.
struct ProcessResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Runs a program to completion and captures its output (through files, so a
/// large output never blocks the child); kills it and fails after `timeout` seconds.
func runProcess(_ executable: String, _ arguments: [String], timeout: Double = 1_200) throws -> ProcessResult {
    let dir = Paths.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let outURL = dir.appendingPathComponent("stdout")
    let errURL = dir.appendingPathComponent("stderr")
    _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
    _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
    let out = try FileHandle(forWritingTo: outURL)
    let err = try FileHandle(forWritingTo: errURL)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    process.standardOutput = out
    process.standardError = err
    let exited = DispatchSemaphore(value: 0)
    process.terminationHandler = { _ in exited.signal() }
    try process.run()
    if exited.wait(timeout: .now() + timeout) == .timedOut {
        kill(process.processIdentifier, SIGKILL)
        exited.wait()
        throw CocoaError(.executableLoad, userInfo: ["reason": "\(executable) \(arguments) ran over \(timeout) s"])
    }
    try out.close()
    try err.close()
    return ProcessResult(
        status: process.terminationStatus, stdout: String(decoding: try Data(contentsOf: outURL), as: UTF8.self),
        stderr: String(decoding: try Data(contentsOf: errURL), as: UTF8.self))
}

extension OmniRouteBinary {
    static func run(_ arguments: String...) throws -> ProcessResult {
        guard let path else { throw CocoaError(.fileNoSuchFile) }
        return try runProcess(path, arguments)
    }
}

/// What the reference checker says of a plan.
struct ReferenceVerdict {
    var status: Int32
    var feasible: Bool
    var consistent: Bool
    var errors: [String]
    var mismatches: [String]
    var totalCost: Double
    var legs: Int
    var units: Int
}

enum ReferenceChecker {
    static func check(scenario: String, plan: String) throws -> ReferenceVerdict? {
        guard let script = Paths.referenceChecker else { return nil }
        let r = try runProcess("/usr/bin/env", ["python3", script.path, scenario, plan, "--json"])
        guard r.status != 2 else {
            return ReferenceVerdict(
                status: 2, feasible: false, consistent: false, errors: [r.stderr], mismatches: [],
                totalCost: 0, legs: 0, units: 0)
        }
        let doc = try JSONParser.parse(r.stdout)
        func strings(_ key: String) -> [String] {
            guard case .array(let items)? = doc[key] else { return [] }
            return items.compactMap { if case .string(let s) = $0 { s } else { nil } }
        }
        func number(_ d: Document?) -> Double {
            switch d {
            case .int(let i)?: Double(i)
            case .double(let x)?: x
            default: .nan
            }
        }
        let rec = doc["recomputed"]
        return ReferenceVerdict(
            status: r.status, feasible: doc["feasible"] == .bool(true), consistent: doc["consistent"] == .bool(true),
            errors: strings("errors"), mismatches: strings("mismatches"),
            totalCost: number(rec?["total_cost"]), legs: Int(number(rec?["legs"])), units: Int(number(rec?["units"])))
    }
}

/// Writes a document as JSON into `dir`.
@discardableResult
func write(_ document: Document, _ name: String, in dir: URL) throws -> String {
    let path = dir.appendingPathComponent(name).path
    try DocumentFile.write(document, to: path)
    return path
}
