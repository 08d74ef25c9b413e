import Hummingbird
import HummingbirdCore
import Logging
import NIOCore

/// HTTP/1.1 connections with the edge policy's timeouts: Hummingbird's idle timeout
/// for connections that send nothing, and a request-head timeout for those that send
/// a head too slowly (`RequestHeadTimeout`). The connection limit is the server
/// configuration's (`RouteServer`).
struct EdgeChannel: ServerChildChannel {
    typealias Value = HTTP1Channel.Value
    let base: HTTP1Channel

    init(responder: @escaping HTTPChannelHandler.Responder, policy: EdgePolicy) {
        let headTimeout = policy.headTimeout
        base = HTTP1Channel(
            responder: responder,
            configuration: .init(
                additionalChannelHandlers: [RequestHeadTimeout.HeadWatch(RequestHeadTimeout(limit: headTimeout))],
                idleTimeout: policy.idleTimeout))
    }

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        base.setup(channel: channel, logger: logger).flatMapThrowing { value in
            // The head watch was made with the connection's pipeline; its byte watch goes in front of the decoder.
            let headWatch = try channel.pipeline.syncOperations.handler(type: RequestHeadTimeout.HeadWatch.self)
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
    /// HTTP/1.1 with the edge policy's timeouts.
    static func edge(_ policy: EdgePolicy) -> HTTPServerBuilder {
        .init { responder in EdgeChannel(responder: responder, policy: policy) }
    }
}
