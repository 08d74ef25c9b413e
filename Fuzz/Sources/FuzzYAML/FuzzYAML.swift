import FuzzSupport
import OmniRouteFormat
import OmniRouteModel

/// Bytes (UTF-8) → `YAMLReader` → a what-if variant's `changes` applied to the fixed scenario
/// (what `DocumentFile.variant` does after reading its file), or `Scenario(document:)` for a
/// document without `extends`. Nothing may trap or hang.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzYAML(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let text = String(validating: FuzzInput.bytes(data, size), as: UTF8.self),
        let document = try? YAMLReader.parse(text)
    else { return 0 }
    guard DocumentFile.isVariant(document) else {
        _ = try? Scenario(document: document)
        return 0
    }
    guard let list = document["changes"], let changes = try? ScenarioChange.list(document: list),
        let scenario = try? Fixture.scenario.applying(changes)
    else { return 0 }
    _ = Network(scenario)
    return 0
}
