import FuzzSupport
import OmniRouteFormat
import OmniRouteModel

/// Bytes → `JSONParser` → `Scenario(document:)`.
///
/// Properties checked: any parsed document survives a trip through `JSONWriter` text (reals within
/// 15 digits) and a second trip writes the same text; a scenario that decodes encodes to a document
/// that decodes to the same document, also after a trip through JSON text; its `Network` builds.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzScenario(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let document = try? JSONParser.parse(FuzzInput.bytes(data, size)) else { return 0 }
    let text = JSONWriter.write(document)
    let reread = reparse(text, "a parsed document")
    guard DocumentComparison.close(reread, document) else { finding("JSON text changed the document:\n\(text)") }
    guard JSONWriter.write(reread) == text else { finding("a second JSON trip wrote other text:\n\(text)") }

    guard let scenario = try? Scenario(document: document) else { return 0 }
    let encoded = scenario.document
    let again: Scenario
    do { again = try Scenario(document: encoded) } catch { finding("an encoded scenario does not decode: \(error)") }
    guard again.document == encoded else { finding("a scenario decoded from its encoding differs") }

    let written = JSONWriter.write(encoded)
    let fromText = reparse(written, "an encoded scenario")
    do { _ = try Scenario(document: fromText) } catch { finding("a written scenario does not read back: \(error)") }
    _ = Network(scenario)
    return 0
}

/// Text the writer produced must parse.
private func reparse(_ text: String, _ what: String) -> Document {
    do { return try JSONParser.parse(text) } catch { finding("\(what) written as JSON does not parse: \(error)") }
}
