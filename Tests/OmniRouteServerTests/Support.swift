import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import OmniRouteFormat
import OmniRouteModel
import OmniRouteServer
import OmniRouteStore
import OmniRouteTestSupport

#if canImport(Glibc)
    import Glibc
#endif

extension TinyNetwork {
    static func store(_ scenario: Scenario = scenario()) throws -> RouteStore {
        try RouteStore.create(
            path: Paths.database("api.sqlite"), seed: scenario,
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
        /// Header fields by lower-case name.
        var headers: [String: String]
        var body: String
    }

    /// `method path` with `headers`, a `Host` of 127.0.0.1 and, with a body, JSON's content type.
    static func request(
        port: Int, method: String, path: String, body: String? = nil, headers: [String: String] = [:]
    ) -> Reply? {
        var text = "\(method) \(path) HTTP/1.1\r\nConnection: close\r\n"
        var headers = headers
        if headers["Host"] == nil { headers["Host"] = "127.0.0.1" }
        if body != nil, headers["Content-Type"] == nil { headers["Content-Type"] = "application/json" }
        for (k, v) in headers.sorted(by: { $0.key < $1.key }) { text += "\(k): \(v)\r\n" }
        if let body {
            text += "Content-Length: \(body.utf8.count)\r\n\r\n\(body)"
        } else {
            text += "\r\n"
        }
        return exchange(port: port, Array(text.utf8))
    }

    /// Sends `bytes` on a new connection and reads the reply until the server closes it
    /// (nil if a send or a receive waits more than `timeout` seconds: a hung server never hangs a test).
    static func exchange(port: Int, _ bytes: [UInt8], timeout: Int = 120) -> Reply? {
        guard let fd = connect(port: port) else { return nil }
        defer { close(fd) }
        var limit = timeval(tv_sec: timeout, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        guard write(fd, bytes) else { return nil }
        var response: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = recv(fd, &buffer, buffer.count, 0)
            guard n > 0 else { break }
            response += buffer[0..<n]
        }
        let reply = String(decoding: response, as: UTF8.self)
        guard let headEnd = reply.range(of: "\r\n\r\n") else { return nil }
        let lines = reply[..<headEnd.lowerBound].components(separatedBy: "\r\n")
        guard let statusLine = lines.first, statusLine.hasPrefix("HTTP/1.1 "),
            let status = Int(statusLine.dropFirst(9).prefix(3))
        else { return nil }
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(
                in: .whitespaces)
        }
        return Reply(status: status, headers: headers, body: String(reply[headEnd.upperBound...]))
    }

    /// A connected socket to 127.0.0.1:`port`, or nil.
    static func connect(port: Int) -> Int32? {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            close(fd)
            return nil
        }
        return fd
    }

    /// Writes all of `bytes`; false when the connection is gone.
    static func write(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBufferPointer { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard n > 0 else { return false }
            sent += n
        }
        return true
    }

    /// Waits at most `milliseconds` for the server to close `fd` (end of stream or a reset);
    /// false if it is still open then. Bytes the server sends meanwhile are read and dropped.
    static func waitForClose(_ fd: Int32, milliseconds: Int32) -> Bool {
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            var watch = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&watch, 1, milliseconds) > 0 else { return false }
            let n = recv(fd, &buffer, buffer.count, Int32(MSG_DONTWAIT))
            if n > 0 { continue }
            return n == 0 || errno == ECONNRESET
        }
    }
}
