import FuzzSupport
import OmniRouteFormat

/// First byte → which request decoder (`RequestDecoder`); the rest → `JSONParser` → that decoder
/// against the fixed scenario's network. Errors thrown are expected; nothing may trap.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRequests(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = FuzzInput.bytes(data, size)
    guard let selector = bytes.first, let document = try? JSONParser.parse(Array(bytes.dropFirst())) else { return 0 }
    RequestDecoder(selector: selector).decode(document)
    return 0
}
