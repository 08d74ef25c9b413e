import Foundation
import HummingbirdTLS
import NIOSSL

/// HTTPS for `serve --tls-cert FILE --tls-key FILE`: a PEM certificate chain (the
/// server's certificate first) and its PEM private key, checked to match when read,
/// served with TLS 1.2 or later and HTTP/1.1 offered by ALPN.
public struct ServerTLS: Sendable {
    /// The configuration the server's TLS handler is made with.
    public let configuration: TLSConfiguration

    /// Reads and checks the certificate chain and key; a problem names the flag of
    /// the file it is in.
    public init(certificateFile: String, keyFile: String) throws(ServerTLSError) {
        let chain: [NIOSSLCertificate]
        do {
            chain = try NIOSSLCertificate.fromPEMBytes(Self.read(certificateFile, flag: "--tls-cert"))
        } catch let error as ServerTLSError {
            throw error
        } catch {
            throw ServerTLSError("--tls-cert: \(certificateFile) holds no PEM certificate (\(error))")
        }
        guard !chain.isEmpty else {
            throw ServerTLSError("--tls-cert: \(certificateFile) holds no PEM certificate")
        }
        let key: NIOSSLPrivateKey
        do {
            key = try NIOSSLPrivateKey(bytes: Self.read(keyFile, flag: "--tls-key"), format: .pem)
        } catch let error as ServerTLSError {
            throw error
        } catch {
            throw ServerTLSError("--tls-key: \(keyFile) holds no PEM private key, or it is encrypted (\(error))")
        }
        var configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key))
        configuration.minimumTLSVersion = .tlsv12
        configuration.applicationProtocols = ["http/1.1"]
        do {
            // Making the context is where a key that does not belong to the certificate is found.
            _ = try NIOSSLContext(configuration: configuration)
        } catch {
            throw ServerTLSError(
                "--tls-key: \(keyFile) is not the private key of the certificate in \(certificateFile) (\(error))")
        }
        self.configuration = configuration
    }

    private static func read(_ path: String, flag: String) throws(ServerTLSError) -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ServerTLSError("\(flag): cannot read \(path)")
        }
        return [UInt8](data)
    }
}

/// Why the TLS files cannot be served, naming the flag.
public struct ServerTLSError: Error, CustomStringConvertible, Sendable {
    public let description: String
    init(_ description: String) { self.description = description }
}
