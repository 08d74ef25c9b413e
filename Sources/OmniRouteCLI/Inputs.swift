import Foundation
import OmniRouteExact
import OmniRouteFormat
import OmniRouteHeuristics
import OmniRouteModel

/// Loading inputs with errors that name the file and field (exit code 2).
enum Inputs {
    static func scenario(_ path: String) throws(CLIError) -> Scenario {
        do { return try DocumentFile.scenario(path) } catch { throw .badInput(error.description) }
    }

    static func document(_ path: String) throws(CLIError) -> Document {
        do { return try DocumentFile.read(path) } catch { throw .badInput(error.description) }
    }

    static func plan(_ path: String) throws(CLIError) -> Plan {
        let document = try document(path)
        do { return try Plan(document: document) } catch {
            throw .badInput("\(path): not a valid plan:\n" + error.issues.map { "  \($0)" }.joined(separator: "\n"))
        }
    }

    static func write(_ text: String, to path: String?) throws(CLIError) {
        guard let path else {
            FileHandle.standardOutput.write(Data(text.utf8))
            return
        }
        do { try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic) } catch {
            throw .badInput("\(path): cannot be written (\(error.localizedDescription))")
        }
    }

    static func note(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }
}
