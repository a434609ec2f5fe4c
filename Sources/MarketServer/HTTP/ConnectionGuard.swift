import Foundation
import NIOCore
import NIOHTTP1

/// How long a connection may take over each part of a request before it is closed.
public struct ConnectionTimeouts: Sendable, Equatable {
    /// From opening the connection, or from the last answer, to the end of the next request's head. Covers
    /// idle keep-alive connections and clients that send their headers slowly alike.
    public var requestHead: TimeAmount
    /// From the end of a request's head to the end of its body.
    public var requestBody: TimeAmount

    public init(requestHead: TimeAmount = .seconds(30), requestBody: TimeAmount = .seconds(30)) {
        self.requestHead = requestHead
        self.requestBody = requestBody
    }
}

/// Sits right behind the HTTP/1 decoder and bounds what one connection can hold.
///
/// - A request's head must arrive within ``ConnectionTimeouts/requestHead`` of the connection opening or of
///   the last answer, and its body within ``ConnectionTimeouts/requestBody`` after that; otherwise the
///   connection is closed. The server's own time to answer is not limited here.
/// - A request the decoder cannot read (a bad request line, a duplicate, negative or conflicting
///   `Content-Length`, broken chunked encoding, too many or too large headers) gets its status from
///   ``MalformedRequest`` with the JSON error body every other refusal has, and the connection is closed.
///   Hummingbird alone would answer an empty 400, or nothing at all before the first request's head.
/// - A WebSocket upgrade takes the guard out: the feed's own pings watch an open socket.
final class ConnectionGuard: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    private let timeouts: ConnectionTimeouts
    private let onTimeout: @Sendable () -> Void
    /// When the connection is closed unless the part it waits for has arrived; `nil` while the server
    /// answers. Moving it costs no timer: the one timer, when it fires early, sets itself to the new time.
    private var deadline: NIODeadline?
    private var timer: Scheduled<Void>?
    /// A request's head was passed on and its answer is not yet written.
    private var requestInFlight = false
    private var isClosing = false

    /// `onTimeout` is called for each connection the guard closes for taking too long.
    init(timeouts: ConnectionTimeouts, onTimeout: @escaping @Sendable () -> Void) {
        self.timeouts = timeouts
        self.onTimeout = onTimeout
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { wait(timeouts.requestHead, context: context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        wait(timeouts.requestHead, context: context)
        context.fireChannelActive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
        deadline = nil
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            requestInFlight = true
            if head.headers.contains(name: "upgrade"),
                head.headers[canonicalForm: "upgrade"].contains(where: { $0.lowercased() == "websocket" })
            {
                context.fireChannelRead(data)
                context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
                return
            }
            wait(timeouts.requestBody, context: context)
        case .body:
            break
        case .end:
            deadline = nil
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) {
            requestInFlight = false
            wait(timeouts.requestHead, context: context)
        }
        context.write(data, promise: promise)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard let parserError = error as? HTTPParserError else {
            context.fireErrorCaught(error)
            return
        }
        // A request whose head was already passed on is answered by its handler, which sees the error in
        // its body; anything else is answered here, once.
        guard !requestInFlight, !isClosing else {
            context.fireErrorCaught(error)
            return
        }
        isClosing = true
        timer?.cancel()
        let answer = MalformedRequest(parserError)
        var headers = HTTPHeaders([("Content-Type", "application/json"), ("Connection", "close")])
        let body = context.channel.allocator.buffer(bytes: answer.body)
        headers.add(name: "Content-Length", value: String(body.readableBytes))
        context.write(
            wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: answer.status, headers: headers))),
            promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil))).assumeIsolated().whenComplete { _ in
            context.close(promise: nil)
        }
    }

    /// Gives the connection `timeout` from now for what it is expected to send next.
    private func wait(_ timeout: TimeAmount, context: ChannelHandlerContext) {
        let due = NIODeadline.now() + timeout
        deadline = due
        if timer == nil { schedule(at: due, context: context) }
    }

    private func schedule(at due: NIODeadline, context: ChannelHandlerContext) {
        timer = context.eventLoop.assumeIsolated().scheduleTask(deadline: due) { [weak self] in
            self?.timerFired(context: context)
        }
    }

    private func timerFired(context: ChannelHandlerContext) {
        timer = nil
        guard !isClosing, let deadline else { return }
        guard deadline <= .now() else { return schedule(at: deadline, context: context) }
        isClosing = true
        onTimeout()
        context.close(promise: nil)
    }
}

/// The answer to a request the HTTP decoder could not read.
struct MalformedRequest {
    let status: HTTPResponseStatus
    let code: String
    let detail: String
    /// The JSON error body, as every refusal has.
    var body: [UInt8] {
        let object = ["detail": detail, "error": code]
        return Array((try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data())
    }

    init(_ error: HTTPParserError) {
        let (status, code, detail): (HTTPResponseStatus, String, String) =
            switch error {
            case .headerOverflow:
                (.requestHeaderFieldsTooLarge, "headers_too_large", "The request line and headers are too large")
            case .invalidContentLength, .unexpectedContentLength:
                (
                    .badRequest, "bad_content_length",
                    "Content-Length is invalid, repeated or sent with Transfer-Encoding"
                )
            case .invalidChunkSize:
                (.badRequest, "bad_chunked_encoding", "The chunked body is malformed")
            default:
                (.badRequest, "malformed_request", "The request is not valid HTTP/1.1 (\(error))")
            }
        (self.status, self.code, self.detail) = (status, code, detail)
    }
}
