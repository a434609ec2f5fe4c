import Synchronization

/// A lock held across suspension points: operations that await take their turns one at a time, in the
/// order they asked. A `Mutex` cannot be held across an `await`, and an actor lets a second caller in while
/// the first awaits; changes that read, await and then write (a venue's market life restarting) need this.
/// Not reentrant: an operation holding it must not ask for it again.
final class AsyncLock: Sendable {
    private struct State {
        var held = false
        var waiting: [CheckedContinuation<Void, Never>] = []
    }

    private let state = Mutex(State())

    init() {}

    /// Runs `operation` once every operation that asked before it has finished.
    func withLock<Value: Sendable>(_ operation: () async throws -> Value) async rethrows -> Value {
        await acquire()
        defer { release() }
        return try await operation()
    }

    private func acquire() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let granted = state.withLock { state in
                if state.held {
                    state.waiting.append(continuation)
                    return false
                }
                state.held = true
                return true
            }
            if granted { continuation.resume() }
        }
    }

    private func release() {
        let next = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard !state.waiting.isEmpty else {
                state.held = false
                return nil
            }
            return state.waiting.removeFirst()
        }
        // The lock passes straight to the next in line; it is never free in between.
        next?.resume()
    }
}
