import NIOCore
import Synchronization

/// One connection's outbound queue, bounded: the publisher never waits for a subscriber. When the queue
/// overflows, the subscriber is dropped (its connection closed) and everybody else goes on.
final class FeedSubscriber: Sendable {
    private struct State {
        var queue: [ByteBuffer] = []
        var waiter: CheckedContinuation<[ByteBuffer]?, Never>?
        var finished = false
    }

    let limit: Int
    private let state = Mutex(State())
    /// Called once when the queue overflows; closes the connection.
    private let onOverflow: @Sendable () -> Void

    init(limit: Int, onOverflow: @escaping @Sendable () -> Void) {
        self.limit = limit
        self.onOverflow = onOverflow
    }

    enum Offer { case queued, overflowed, finished }

    /// Queues a message, unless the subscriber is finished or this message overflows its queue.
    @discardableResult
    func offer(_ message: ByteBuffer) -> Offer {
        enum Outcome { case queued, resumed(CheckedContinuation<[ByteBuffer]?, Never>), overflowed, finished }
        let outcome = state.withLock { state -> Outcome in
            if state.finished { return .finished }
            if let waiter = state.waiter {
                state.waiter = nil
                return .resumed(waiter)
            }
            if state.queue.count >= limit {
                state.finished = true
                state.queue = []
                return .overflowed
            }
            state.queue.append(message)
            return .queued
        }
        switch outcome {
        case .queued: return .queued
        case .resumed(let waiter):
            waiter.resume(returning: [message])
            return .queued
        case .overflowed:
            onOverflow()
            return .overflowed
        case .finished: return .finished
        }
    }

    /// Everything queued, waiting when nothing is; `nil` once finished.
    func next() async -> [ByteBuffer]? {
        await withCheckedContinuation { continuation in
            let ready = state.withLock { state -> [ByteBuffer]?? in
                if !state.queue.isEmpty {
                    defer { state.queue = [] }
                    return .some(state.queue)
                }
                if state.finished { return .some(nil) }
                state.waiter = continuation
                return nil
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }

    /// Ends the queue; a waiting `next()` returns `nil`.
    func finish() {
        let waiter = state.withLock { state -> CheckedContinuation<[ByteBuffer]?, Never>? in
            state.finished = true
            state.queue = []
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume(returning: nil)
    }

    var isFinished: Bool { state.withLock { $0.finished } }
}
