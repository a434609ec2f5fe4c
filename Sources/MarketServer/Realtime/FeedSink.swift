import NIOCore

/// Where a channel's messages go: a WebSocket connection's queue (``FeedSubscriber``), or a reader inside the
/// server (``FeedRelay``). The publisher hands over complete text frames and never waits.
protocol FeedSink: AnyObject, Sendable {
    /// Takes `frames` complete text frames, back to back in `message`, unless the sink is finished or full.
    @discardableResult
    func offer(_ message: ByteBuffer, frames: Int) -> FeedSubscriber.Offer
}

/// A channel read inside the server, one message payload at a time: the Alpaca stream turns an account's
/// updates into its own messages this way. Bounded like a connection: a reader that falls `limit` messages
/// behind is finished rather than waited for.
final class FeedRelay: FeedSink {
    let messages: AsyncStream<ByteBuffer>
    private let continuation: AsyncStream<ByteBuffer>.Continuation

    init(limit: Int) {
        (messages, continuation) = AsyncStream.makeStream(of: ByteBuffer.self, bufferingPolicy: .bufferingOldest(limit))
    }

    func offer(_ message: ByteBuffer, frames: Int) -> FeedSubscriber.Offer {
        var message = message
        for _ in 0..<frames {
            guard let payload = Self.payload(ofFrameIn: &message) else { break }
            switch continuation.yield(payload) {
            case .enqueued: continue
            case .dropped:
                continuation.finish()
                return .overflowed
            case .terminated: return .finished
            @unknown default: return .finished
            }
        }
        return .queued
    }

    func finish() { continuation.finish() }

    /// Reads one unmasked server frame (as ``FeedSubscriber/textFrame(_:)`` writes it) and returns its payload.
    private static func payload(ofFrameIn buffer: inout ByteBuffer) -> ByteBuffer? {
        guard buffer.readInteger(as: UInt8.self) != nil, let short = buffer.readInteger(as: UInt8.self) else {
            return nil
        }
        let length: Int? =
            switch short {
            case 126: buffer.readInteger(as: UInt16.self).map(Int.init)
            case 127: buffer.readInteger(as: UInt64.self).flatMap { Int(exactly: $0) }
            default: Int(short)
            }
        guard let length else { return nil }
        return buffer.readSlice(length: length)
    }
}
