import MarketCore
import Synchronization

/// Sends one endpoint's deliveries in queue order, one at a time: a delivery is retried, with a growing wait,
/// until it is answered with a 2xx or its retry window ends, and only then does the next one go.
final class WebhookWorker: Sendable {
    let endpoint: Int64
    private let webhooks: Webhooks
    private let queue = Mutex<[WebhookDelivery]>([])
    private let task = Mutex<Task<Void, Never>?>(nil)
    private let signal: AsyncStream<Void>.Continuation
    private let signals: AsyncStream<Void>

    init(endpoint: Int64, webhooks: Webhooks) {
        self.endpoint = endpoint
        self.webhooks = webhooks
        (signals, signal) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// Adds deliveries at the end of the queue, skipping any it holds already.
    func enqueue(_ deliveries: [WebhookDelivery]) {
        queue.withLock { queue in
            let last = queue.last?.id ?? 0
            queue.append(contentsOf: deliveries.filter { $0.id > last })
        }
        wake()
    }

    /// Tells the worker to look again: new deliveries, or its endpoint changed.
    func wake() { signal.yield() }

    func start() {
        task.withLock { $0 = Task { await run() } }
    }

    func stop() {
        task.withLock { $0?.cancel() }
        signal.finish()
    }

    private func run() async {
        var signals = self.signals.makeAsyncIterator()
        while !Task.isCancelled {
            guard let delivery = queue.withLock({ $0.first }), let endpoint = webhooks.endpoint(endpoint),
                endpoint.isActive
            else {
                guard await signals.next() != nil else { return }
                continue
            }
            let wait = delivery.nextAttemptAt.millisecondsSinceEpoch - webhooks.clock.now().millisecondsSinceEpoch
            if wait > 0 {
                do {
                    try await Task.sleep(for: .milliseconds(wait))
                } catch {
                    return
                }
                continue
            }
            let updated = await attempt(delivery, to: endpoint)
            if Task.isCancelled { return }
            queue.withLock { queue in
                if updated.status == .pending {
                    queue[0] = updated
                } else {
                    queue.removeFirst()
                }
            }
        }
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
            let deadline =
                delivery.createdAt.millisecondsSinceEpoch + webhooks.settings.retryWindow.wholeMilliseconds
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
        let doubled = first << min(attempts - 1, 20)
        let capped = min(doubled, 3_600_000)
        return .milliseconds(capped - Int64.random(in: 0...(capped / 2)))
    }
}
