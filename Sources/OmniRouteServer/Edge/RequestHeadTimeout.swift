import NIOCore
import NIOHTTPTypes

/// Closes a connection whose request head (request line and headers) does not arrive
/// whole within a time of the connection opening, or of the head's first byte on a
/// connection kept alive, so that a client that connects and sends nothing, or drips
/// a head byte by byte, cannot hold a connection (slow loris). Between the requests of
/// a kept-alive connection Hummingbird's idle timeout applies.
///
/// Two handlers share one `RequestHeadTimeout` on the connection's event loop: the
/// byte watch in front of the HTTP decoder starts the clock when the connection opens
/// and at the first byte of a later head, and the head watch behind it stops the clock
/// when the decoded head arrives and learns when a response has ended (so the next
/// bytes begin a new head).
final class RequestHeadTimeout {
    let limit: TimeAmount
    /// What the connection book reads of this connection (set once it is counted in).
    var state: ConnectionState?
    private var headsRead = 0
    private var responsesEnded = 0
    private var deadline: Scheduled<Void>?

    init(limit: TimeAmount) { self.limit = limit }

    /// Waiting for a head: every request read has been answered.
    private var awaitingHead: Bool { headsRead == responsesEnded }

    /// Starts the clock unless a request is being answered or the clock runs already.
    fileprivate func start(_ context: ChannelHandlerContext) {
        guard awaitingHead, deadline == nil else { return }
        let channel = context.channel
        deadline = context.eventLoop.assumeIsolated().scheduleTask(in: limit) { [weak self] in
            guard let self, self.awaitingHead else { return }
            channel.close(promise: nil)
        }
    }

    fileprivate func headArrived() {
        headsRead += 1
        state?.busy()
        deadline?.cancel()
        deadline = nil
    }

    fileprivate func responseEnded() {
        responsesEnded += 1
        if awaitingHead { state?.waiting() }
    }

    fileprivate func closed() {
        deadline?.cancel()
        deadline = nil
    }

    /// Sees the raw bytes, in front of the HTTP decoder.
    final class ByteWatch: ChannelInboundHandler, RemovableChannelHandler {
        typealias InboundIn = ByteBuffer
        typealias InboundOut = ByteBuffer
        let timeout: RequestHeadTimeout

        init(_ timeout: RequestHeadTimeout) { self.timeout = timeout }

        func handlerAdded(context: ChannelHandlerContext) {
            if context.channel.isActive { timeout.start(context) }
        }

        func channelActive(context: ChannelHandlerContext) {
            timeout.start(context)
            context.fireChannelActive()
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            timeout.start(context)
            context.fireChannelRead(data)
        }

        func channelInactive(context: ChannelHandlerContext) {
            timeout.closed()
            context.fireChannelInactive()
        }
    }

    /// Sees decoded request heads and response ends, behind the HTTP codec.
    final class HeadWatch: ChannelDuplexHandler, RemovableChannelHandler {
        typealias InboundIn = HTTPRequestPart
        typealias InboundOut = HTTPRequestPart
        typealias OutboundIn = HTTPResponsePart
        typealias OutboundOut = HTTPResponsePart
        let timeout: RequestHeadTimeout

        init(_ timeout: RequestHeadTimeout) { self.timeout = timeout }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            if case .head = unwrapInboundIn(data) { timeout.headArrived() }
            context.fireChannelRead(data)
        }

        func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
            if case .end = unwrapOutboundIn(data) { timeout.responseEnded() }
            context.write(data, promise: promise)
        }
    }
}
