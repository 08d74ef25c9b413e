import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import Logging
import NIOCore

/// HTTP/1.1 connections with the edge policy's timeouts: Hummingbird's idle timeout
/// between requests, and a request-head timeout for connections that send no head or
/// send it too slowly (`RequestHeadTimeout`); and with its limits on connections, in
/// all and per client address (`ConnectionBook`).
struct EdgeChannel: ServerChildChannel {
    typealias Value = HTTP1Channel.Value
    let base: HTTP1Channel
    let connections: ConnectionBook

    init(responder: @escaping HTTPChannelHandler.Responder, policy: EdgePolicy) {
        let headTimeout = policy.headTimeout
        base = HTTP1Channel(
            responder: responder,
            configuration: .init(
                additionalChannelHandlers: [RequestHeadTimeout.HeadWatch(RequestHeadTimeout(limit: headTimeout))],
                idleTimeout: policy.idleTimeout))
        connections = ConnectionBook(limit: policy.maxConnections, limitPerClient: policy.maxConnectionsPerClient)
    }

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        guard let state = connections.admit(channel) else {
            let client = channel.remoteAddress.map { "\($0)" } ?? ""
            logger.notice(
                "refused a connection: every connection is busy, or its client has its share",
                metadata: [
                    "client": "\(client)"
                ])
            channel.close(promise: nil)
            return channel.eventLoop.makeFailedFuture(ChannelError.ioOnClosedChannel)
        }
        return base.setup(channel: channel, logger: logger).flatMapThrowing { value in
            // The head watch was made with the connection's pipeline; its byte watch goes in front of the decoder.
            let headWatch = try channel.pipeline.syncOperations.handler(type: RequestHeadTimeout.HeadWatch.self)
            headWatch.timeout.state = state
            try channel.pipeline.syncOperations.addHandler(
                RequestHeadTimeout.ByteWatch(headWatch.timeout), position: .first)
            return value
        }
    }

    func handle(value: Value, logger: Logger) async {
        await base.handle(value: value, logger: logger)
    }
}

extension HTTPServerBuilder {
    /// HTTP/1.1 with the edge policy's timeouts, inside TLS when `tls` is given (the
    /// head timeout then also bounds a TLS handshake that does not finish).
    static func edge(_ policy: EdgePolicy, tls: ServerTLS? = nil) -> HTTPServerBuilder {
        .init { responder in
            let channel = EdgeChannel(responder: responder, policy: policy)
            guard let tls else { return channel }
            return try TLSChannel(channel, tlsConfiguration: tls.configuration)
        }
    }
}
