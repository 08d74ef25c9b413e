import FuzzSupport
import OmniRouteFormat
import OmniRouteModel

/// Bytes → `JSONParser` → `PlanChecker.check` against the fixed scenario (as `omniroute validate`
/// does, on any document) and `Plan(document:)`; neither may trap. A plan that decodes encodes to
/// a document that decodes to the same document.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPlan(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let document = try? JSONParser.parse(FuzzInput.bytes(data, size)) else { return 0 }
    let checker = PlanChecker(network: Fixture.network)
    _ = try? checker.check(document)
    guard let plan = try? Plan(document: document) else { return 0 }
    let encoded = plan.document
    let again: Plan
    do { again = try Plan(document: encoded) } catch { finding("an encoded plan does not decode: \(error)") }
    guard again.document == encoded else { finding("a plan decoded from its encoding differs") }
    _ = try? checker.check(encoded)
    return 0
}
