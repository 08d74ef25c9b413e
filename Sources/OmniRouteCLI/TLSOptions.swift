import ArgumentParser
import OmniRouteServer

/// `serve`'s options for HTTPS.
struct TLSOptions: ParsableArguments {
    @Option(
        name: .customLong("tls-cert"),
        help: ArgumentHelp(
            "Serve HTTPS with this PEM certificate chain (the server's certificate first); needs --tls-key.",
            valueName: "file"))
    var certificate: String?

    @Option(
        name: .customLong("tls-key"),
        help: ArgumentHelp("The PEM private key of --tls-cert's certificate (not encrypted).", valueName: "file"))
    var key: String?

    /// The TLS to serve with, or nil for plain HTTP.
    func serverTLS() throws -> ServerTLS? {
        switch (certificate, key) {
        case (nil, nil): return nil
        case (.some, nil): throw CLIError.badInput("--tls-cert needs --tls-key")
        case (nil, .some): throw CLIError.badInput("--tls-key needs --tls-cert")
        case (let certificate?, let key?):
            do { return try ServerTLS(certificateFile: certificate, keyFile: key) } catch {
                throw CLIError.badInput(error.description)
            }
        }
    }
}
