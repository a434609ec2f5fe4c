import MarketCore
import Synchronization

/// Sends one endpoint's deliveries in order, one at a time: each is retried, with a growing wait, until it
/// is answered with a 2xx or its retry window ends, and only then does the next one go. When its queue is
/// empty it makes the next delivery from the facts after its cursor.
final class WebhookWorker: Sendable {
    private struct State {
        /// The journal sequence through which the endpoint's facts are delivered, dead-lettered or queued.
        var cursor: UInt64
        var queue: [WebhookDelivery] = []
    }

    let endpoint: Int64
    private let webhooks: Webhooks
    private let state: Mutex<State>
    private let task = Mutex<Task<Void, Never>?>(nil)
    private let signal: AsyncStream<Void>.Continuation
    private let signals: AsyncStream<Void>

    init(endpoint: Int64, cursor: UInt64, webhooks: Webhooks) {
        self.endpoint = endpoint
        self.webhooks = webhooks
        state = Mutex(State(cursor: cursor))
        (signals, signal) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// Adds a delivery of facts the journal does not hold at the end of the queue.
    func enqueue(_ delivery: WebhookDelivery) {
        state.withLock { $0.queue.append(delivery) }
        wake()
    }

    /// Takes up the deliveries a restart found unfinished, before anything else; the cursor moves past those
    /// made from the journal.
    func resume(_ deliveries: [WebhookDelivery]) {
        state.withLock { state in
            state.queue = deliveries.sorted { $0.id < $1.id } + state.queue
            let covered = deliveries.compactMap(\.covers?.upperBound).max() ?? 0
            state.cursor = max(state.cursor, covered)
        }
        wake()
    }

    /// Skips to `head`: the endpoint is new or resumed, and what happened before is not for it.
    func restart(at head: UInt64) {
        state.withLock { $0.cursor = max($0.cursor, head) }
        webhooks.moveCursor(of: endpoint, to: head)
    }

    /// Tells the worker to look again: new facts, a new delivery, or its endpoint changed.
    func wake() { signal.yield() }

    func start() {
        task.withLock { $0 = Task { await run() } }
    }

    func stop() {
        task.withLock { $0?.cancel() }
        signal.finish()
    }

    /// Sends what is queued; otherwise, on each tick of the batch interval, makes the next delivery from the
    /// facts after the cursor (at once again when that one was full, so that a backlog drains).
    private func run() async {
        var signals = self.signals.makeAsyncIterator()
        var mayMake = true
        while !Task.isCancelled {
            guard let endpoint = webhooks.endpoint(endpoint), endpoint.isActive, mayMake || !isQueueEmpty else {
                guard await signals.next() != nil else { return }
                mayMake = true
                continue
            }
            if let delivery = state.withLock({ $0.queue.first }) {
                guard await send(delivery, to: endpoint) else { return }
                continue
            }
            let cursor = state.withLock { $0.cursor }
            guard let (events, through) = try? await webhooks.facts(after: cursor, for: endpoint), through > cursor
            else {
                mayMake = false
                continue
            }
            if events.isEmpty {
                state.withLock { $0.cursor = max($0.cursor, through) }
                webhooks.moveCursor(of: endpoint.id, to: through)
            } else {
                let delivery = webhooks.newDelivery(of: events, covering: (cursor + 1)...through, for: endpoint)
                state.withLock { state in
                    state.queue.append(delivery)
                    state.cursor = max(state.cursor, through)
                }
                mayMake = events.count >= Webhooks.eventsPerDelivery
            }
        }
    }

    private var isQueueEmpty: Bool { state.withLock { $0.queue.isEmpty } }

    /// Waits until `delivery` is due and tries it once; `false` when the worker was stopped meanwhile.
    private func send(_ delivery: WebhookDelivery, to endpoint: WebhookEndpoint) async -> Bool {
        let wait = delivery.nextAttemptAt.millisecondsSinceEpoch - webhooks.clock.now().millisecondsSinceEpoch
        if wait > 0 {
            do {
                try await Task.sleep(for: .milliseconds(wait))
            } catch {
                return false
            }
            return true
        }
        let updated = await attempt(delivery, to: endpoint)
        if Task.isCancelled { return false }
        state.withLock { state in
            if updated.status == .pending {
                state.queue[0] = updated
            } else {
                state.queue.removeFirst()
            }
        }
        if updated.status != .pending, let covers = updated.covers {
            webhooks.moveCursor(of: endpoint.id, to: covers.upperBound)
        }
        return true
    }

    private func attempt(_ delivery: WebhookDelivery, to endpoint: WebhookEndpoint) async -> WebhookDelivery {
        let started = ContinuousClock.now
        let at = webhooks.clock.now()
        let answer = await webhooks.send(delivery, to: endpoint, at: at)
        var updated = delivery
        updated.attempts += 1
        let attempt = WebhookDelivery.Attempt(
            number: updated.attempts, at: at, statusCode: answer.statusCode, error: answer.error,
            duration: ContinuousClock.now - started)
        let now = webhooks.clock.now()
        if answer.succeeded {
            updated.status = .delivered
            updated.finishedAt = now
        } else {
            let retryAt = now.millisecondsSinceEpoch + backoff(after: updated.attempts).wholeMilliseconds
            let deadline = delivery.createdAt.millisecondsSinceEpoch + webhooks.settings.retryWindow.wholeMilliseconds
            if retryAt > deadline {
                updated.status = .dead
                updated.finishedAt = now
            } else {
                updated.nextAttemptAt = Timestamp(millisecondsSinceEpoch: retryAt)
            }
        }
        webhooks.record(updated, attempt)
        return updated
    }

    /// The first backoff doubled for each earlier failure, at most an hour, then a random part of its second
    /// half taken off (jitter), so that endpoints that failed together do not retry together.
    private func backoff(after attempts: Int) -> Duration {
        let first = webhooks.settings.firstBackoff.wholeMilliseconds
        let capped = min(first << min(attempts - 1, 20), 3_600_000)
        return .milliseconds(capped - Int64.random(in: 0...(capped / 2)))
    }
}
