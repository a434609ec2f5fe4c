import NIOCore
import NIOWebSocket
import Synchronization

/// One connection's outbound queue, bounded: the publisher never waits for a subscriber.
///
/// Messages arrive as complete WebSocket frames, encoded once for every subscriber (a server's frames are not
/// masked, so they are the same bytes for all), and are written below the connection's frame encoder.
/// They are written by the connection's own event loop, without a task per subscriber: the first message
/// into an idle queue schedules a send there, and each send takes everything queued, writes it with one flush,
/// and when the socket has taken it sends what arrived meanwhile. A subscriber that does not read stops being
/// drained, so its queue fills; the message that would overflow it closes the connection instead, and nobody
/// else is slowed.
final class FeedSubscriber: FeedSink {
    enum Offer { case queued, overflowed, finished }

    private struct State {
        var queue: [ByteBuffer] = []
        /// Frames in `queue`: an entry may carry several, back to back.
        var queuedFrames = 0
        var sending = false
        var finished = false
    }

    let limit: Int
    private let connection: any Channel
    /// Where encoded frames enter the pipeline: the frame encoder's place, writing towards the socket.
    private let frames: NIOLoopBound<ChannelHandlerContext>
    private let state = Mutex(State())

    init(limit: Int, connection: any Channel, frames: NIOLoopBound<ChannelHandlerContext>) {
        self.limit = limit
        self.connection = connection
        self.frames = frames
    }

    /// The place below the connection's WebSocket frame encoder, where encoded frames can be written.
    static func frameWriter(of connection: any Channel) async throws -> NIOLoopBound<ChannelHandlerContext> {
        try await connection.eventLoop.submit {
            try connection.pipeline.syncOperations.context(handlerType: WebSocketFrameEncoder.self).loopBound
        }.get()
    }

    /// A text frame carrying `payload`, as a server sends it (final, unmasked).
    static func textFrame(_ payload: ByteBuffer) -> ByteBuffer {
        var payload = payload
        var frame = ByteBuffer()
        frame.reserveCapacity(payload.readableBytes + 10)
        frame.writeInteger(UInt8(0x81))
        switch payload.readableBytes {
        case ..<126: frame.writeInteger(UInt8(payload.readableBytes))
        case ...0xFFFF:
            frame.writeInteger(UInt8(126))
            frame.writeInteger(UInt16(payload.readableBytes))
        default:
            frame.writeInteger(UInt8(127))
            frame.writeInteger(UInt64(payload.readableBytes))
        }
        frame.writeBuffer(&payload)
        return frame
    }

    /// Queues `frames` complete frames (one, or several back to back), unless the subscriber is finished or
    /// they overflow its queue.
    @discardableResult
    func offer(_ message: ByteBuffer, frames: Int = 1) -> Offer {
        enum Outcome { case queued(startSending: Bool), overflowed, finished }
        let outcome = state.withLock { state -> Outcome in
            if state.finished { return .finished }
            if state.queuedFrames + frames > limit {
                state.finished = true
                state.queue = []
                state.queuedFrames = 0
                return .overflowed
            }
            state.queue.append(message)
            state.queuedFrames += frames
            if state.sending { return .queued(startSending: false) }
            state.sending = true
            return .queued(startSending: true)
        }
        switch outcome {
        case .queued(let startSending):
            if startSending { connection.eventLoop.execute { self.send() } }
            return .queued
        case .overflowed:
            connection.close(promise: nil)
            return .overflowed
        case .finished:
            return .finished
        }
    }

    /// Stops sending; what is queued is dropped.
    func finish() {
        state.withLock { state in
            state.finished = true
            state.queue = []
            state.queuedFrames = 0
        }
    }

    var isFinished: Bool { state.withLock { $0.finished } }

    /// On the event loop: writes everything queued with one flush, then goes on once the socket took it.
    private func send() {
        let batch = state.withLock { state -> [ByteBuffer] in
            guard !state.finished, !state.queue.isEmpty else {
                state.sending = false
                return []
            }
            defer {
                state.queue = []
                state.queuedFrames = 0
            }
            return state.queue
        }
        guard let last = batch.last else { return }
        let context = frames.value
        for frame in batch.dropLast() { context.write(NIOAny(frame), promise: nil) }
        let written = connection.eventLoop.makePromise(of: Void.self)
        context.writeAndFlush(NIOAny(last), promise: written)
        written.futureResult.whenComplete { result in
            switch result {
            case .success:
                self.send()
            case .failure:
                self.finish()
                self.connection.close(promise: nil)
            }
        }
    }
}
