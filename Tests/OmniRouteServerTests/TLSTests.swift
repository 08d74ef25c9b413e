import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import NIOPosix
import NIOSSL
import OmniRouteServer
import OmniRouteStore
import OmniRouteTestSupport
import Testing

@Suite("HTTPS")
struct TLSTests {
    /// The test certificate and a key written to files, as `serve --tls-cert/--tls-key` takes them.
    static func files(key: String = TestCertificate.key) throws -> (certificate: String, key: String) {
        let dir = Paths.temporaryDirectory()
        let certificate = dir.appendingPathComponent("cert.pem")
        let keyFile = dir.appendingPathComponent("key.pem")
        try Data(TestCertificate.certificate.utf8).write(to: certificate)
        try Data(key.utf8).write(to: keyFile)
        return (certificate.path, keyFile.path)
    }

    @Test("served over HTTPS: a client that trusts the certificate gets answers; plain HTTP gets none")
    func servesHTTPS() async throws {
        let files = try Self.files()
        let tls = try ServerTLS(certificateFile: files.certificate, keyFile: files.key)
        let app = RouteServer.application(store: try TinyNetwork.store(), port: 0, tls: tls)
        try await app.test(.ahc(.https)) { client in
            let port = try #require(client.port)
            // A client that verifies the chain and the name, as a real one does.
            var trusting = TLSConfiguration.makeClientConfiguration()
            trusting.trustRoots = .certificates(
                try NIOSSLCertificate.fromPEMBytes(Array(TestCertificate.certificate.utf8)))
            let verified = TestClient(
                host: "localhost", port: port,
                configuration: .init(tlsConfiguration: trusting, serverName: "localhost"),
                eventLoopGroupProvider: .shared(MultiThreadedEventLoopGroup.singleton))
            verified.connect()
            let health = try await verified.execute(.init("/healthz", method: .get, authority: "localhost:\(port)"))
            #expect(health.status == .ok)
            try await verified.shutdown()

            let quote = try await client.execute(
                uri: "/v1/quotes", method: .post, headers: jsonHeaders(),
                body: ByteBuffer(string: RouteAPITests.cart))
            #expect(quote.status == .ok, "\(quote.text)")

            // Plain HTTP on the TLS port is not answered as HTTP.
            #expect(RawHTTP.request(port: port, method: "GET", path: "/healthz") == nil)
        }
    }

    @Test("a missing, unreadable or mismatched certificate or key is refused, naming the flag")
    func badFiles() throws {
        let files = try Self.files()
        let mismatched = try Self.files(key: TestCertificate.unrelatedKey)
        let cases: [(String, String, String)] = [
            ("/nonexistent/cert.pem", files.key, "--tls-cert: cannot read /nonexistent/cert.pem"),
            (files.certificate, "/nonexistent/key.pem", "--tls-key: cannot read /nonexistent/key.pem"),
            (files.key, files.key, "--tls-cert: \(files.key) holds no PEM certificate"),
            (files.certificate, files.certificate, "--tls-key: \(files.certificate) holds no PEM private key"),
            (mismatched.certificate, mismatched.key, "--tls-key: \(mismatched.key) is not the private key"),
        ]
        for (certificate, key, message) in cases {
            do {
                _ = try ServerTLS(certificateFile: certificate, keyFile: key)
                Issue.record("accepted \(certificate) with \(key)")
            } catch {
                #expect(error.description.hasPrefix(message), "\(error.description)")
            }
        }
    }

    @Test("serve with --tls-cert but no --tls-key exits 2 before opening the database, naming the flag")
    func halfConfigured() throws {
        let files = try Self.files()
        let run = try OmniRouteBinary.run(
            ["serve", "--db", "/nonexistent/db.sqlite", "--tls-cert", files.certificate], timeout: 120)
        #expect(run.status == 2)
        #expect(run.output.contains("--tls-cert needs --tls-key"), "\(run.output)")
    }
}
