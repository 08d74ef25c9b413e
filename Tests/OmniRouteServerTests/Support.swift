import Foundation
import Hummingbird
import HTTPTypes
import HummingbirdTesting
import OmniRouteFormat
import OmniRouteModel
import OmniRouteServer
import OmniRouteStore
import OmniRouteTestSupport

#if canImport(Glibc)
import Glibc
#endif

enum Paths {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func temporaryDirectory() -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("omniroute-server-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

extension TinyNetwork {
    static func store(_ scenario: Scenario = scenario()) throws -> RouteStore {
        try RouteStore.create(path: Paths.temporaryDirectory().appendingPathComponent("api.sqlite").path, seed: scenario,
                              clock: .fixed(now), placeOrders: false)
    }

    static func application(_ scenario: Scenario = scenario()) throws -> some ApplicationProtocol {
        Application(router: RouteAPI(store: try store(scenario)).router())
    }
}

extension TestResponse {
    var json: Document? { try? JSONParser.parse(Array(body.readableBytesView)) }
    var text: String { String(buffer: body) }
}

func jsonHeaders(_ extra: [(String, String)] = []) -> HTTPFields {
    var headers: HTTPFields = [.contentType: "application/json"]
    for (name, value) in extra { headers[HTTPField.Name(name)!] = value }
    return headers
}

/// A minimal blocking HTTP/1.1 client over a POSIX socket, for talking to a server
/// in another process (one request per connection).
enum RawHTTP {
    struct Reply {
        var status: Int
        var body: String
    }

    static func request(port: Int, method: String, path: String, body: String? = nil, headers: [String: String] = [:]) -> Reply? {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { return nil }
        var text = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
        for (k, v) in headers { text += "\(k): \(v)\r\n" }
        if let body {
            text += "Content-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)"
        } else {
            text += "\r\n"
        }
        let bytes = Array(text.utf8)
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBufferPointer { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard n > 0 else { return nil }
            sent += n
        }
        var response: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = recv(fd, &buffer, buffer.count, 0)
            guard n > 0 else { break }
            response += buffer[0..<n]
        }
        let reply = String(decoding: response, as: UTF8.self)
        guard let statusLine = reply.split(separator: "\r\n").first, statusLine.hasPrefix("HTTP/1.1 "),
              let status = Int(statusLine.dropFirst(9).prefix(3)) else { return nil }
        let body = reply.range(of: "\r\n\r\n").map { String(reply[$0.upperBound...]) } ?? ""
        return Reply(status: status, body: body)
    }
}
