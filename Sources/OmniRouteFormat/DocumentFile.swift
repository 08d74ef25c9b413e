import Foundation
import OmniRouteModel

/// Reading and writing scenario and plan files. JSON is the default; `.yaml` and
/// `.yml` files are read as YAML.
public enum DocumentFile {
    /// A file that could not be read or parsed, with its path.
    public struct ReadError: Error, CustomStringConvertible, Sendable {
        public var path: String
        public var message: String
        public var description: String { "\(path): \(message)" }
    }

    /// Reads and parses the document at `path`.
    public static func read(_ path: String) throws(ReadError) -> Document {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            let reason = FileManager.default.fileExists(atPath: path) ? "cannot be read" : "no such file"
            throw ReadError(path: path, message: reason)
        }
        return try parse(data, path: path)
    }

    /// Parses `data` as the file at `path` would be (YAML by extension, else JSON).
    public static func parse(_ data: Data, path: String) throws(ReadError) -> Document {
        if path.hasSuffix(".yaml") || path.hasSuffix(".yml") {
            guard let text = String(data: data, encoding: .utf8) else {
                throw ReadError(path: path, message: "not UTF-8 text")
            }
            do { return try YAMLReader.parse(text) } catch {
                throw ReadError(path: path, message: "invalid YAML: \(error)")
            }
        }
        do {
            return try JSONParser.parse([UInt8](data))
        } catch {
            throw ReadError(path: path, message: "invalid JSON at \(error)")
        }
    }

    /// Writes `document` as JSON to `path` atomically (a reader never sees half a file).
    public static func write(_ document: Document, to path: String, pretty: Bool = false) throws(ReadError) {
        do {
            try Data(JSONWriter.write(document, pretty: pretty).utf8).write(
                to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw ReadError(path: path, message: "cannot be written: \(error.localizedDescription)")
        }
    }

    /// Reads a scenario file: parse errors and every schema issue name the file and field.
    /// A what-if variant file (one with `extends:`) reads as its scenario with its changes applied.
    public static func scenario(_ path: String) throws(ReadError) -> Scenario {
        let document = try read(path)
        if isVariant(document) { return try variant(path).scenario }
        do {
            return try Scenario(document: document)
        } catch {
            throw ReadError(
                path: path, message: "not a valid scenario:\n" + error.issues.map { "  \($0)" }.joined(separator: "\n"))
        }
    }
}
