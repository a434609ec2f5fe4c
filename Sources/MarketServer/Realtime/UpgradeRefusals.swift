import Foundation
import HTTPTypes
import NIOCore
import NIOHTTPTypes
import Synchronization

/// The answers of WebSocket upgrades that the feed routes refused, kept by connection until they are
/// written. Hummingbird answers any refused upgrade with a bare 400 and no body; ``UpgradeRefusalWriter``
/// writes the refusal the route gave instead (401 for bad credentials, 404 for an unknown venue, ticker or
/// channel), with the API's JSON error body.
final class UpgradeRefusals: Sendable {
    private let answers = Mutex<[ObjectIdentifier: ErrorAnswer]>([:])

    /// Keeps `answer` for the upgrade request on `channel`, until it is written or the connection closes.
    func record(_ answer: ErrorAnswer, for channel: any Channel) {
        let key = ObjectIdentifier(channel)
        answers.withLock { $0[key] = answer }
        channel.closeFuture.whenComplete { [self] _ in _ = answers.withLock { $0.removeValue(forKey: key) } }
    }

    func take(for channel: any Channel) -> ErrorAnswer? {
        answers.withLock { $0.removeValue(forKey: ObjectIdentifier(channel)) }
    }
}

/// Replaces the bare 400 of a refused upgrade by the refusal its route recorded.
final class UpgradeRefusalWriter: ChannelOutboundHandler, RemovableChannelHandler {
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private let refusals: UpgradeRefusals

    init(refusals: UpgradeRefusals) {
        self.refusals = refusals
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        guard case .head(let head) = unwrapOutboundIn(data), head.status == .badRequest,
            head.headerFields[.contentLength] == "0", let answer = refusals.take(for: context.channel)
        else {
            context.write(data, promise: promise)
            return
        }
        let body = (try? JSONEncoder().encode(answer)) ?? Data()
        var fields = head.headerFields
        for field in answer.headers { fields[field.name] = field.value }
        fields[.contentType] = "application/json; charset=utf-8"
        fields[.contentLength] = String(body.count)
        context.write(wrapOutboundOut(.head(HTTPResponse(status: answer.status, headerFields: fields))), promise: nil)
        context.write(wrapOutboundOut(.body(ByteBuffer(bytes: body))), promise: promise)
    }
}
