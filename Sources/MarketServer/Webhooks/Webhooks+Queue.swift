import MarketCore
import SQLKit

extension Webhooks {
    /// Gathers the facts of committed `events` of `venue` for the endpoints that want them. Called in commit
    /// order; events at or before the venue's cursor were gathered already and are skipped.
    func observe(_ events: [Event], in venue: String) {
        let waits = state.withLock { state in
            guard state.recovering[venue] != nil else { return false }
            state.recovering[venue]!.append(events)
            return true
        }
        if !waits { gather(events, in: venue) }
    }

    private func gather(_ events: [Event], in venue: String) {
        guard let last = events.last?.sequence else { return }
        let listeners = state.withLock { $0.endpoints.values.filter { $0.venue == venue && $0.isActive } }
        let topics = listeners.reduce(into: Set<WebhookTopic>()) { $0.formUnion($1.topics) }
        var gathered: [Int64: [[UInt8]]] = [:]
        if !topics.isEmpty {
            let after = state.withLock { $0.observed[venue] ?? 0 }
            for event in events where event.sequence > after {
                for fact in WebhookEvent.of(event, in: venue, wanted: topics.contains) {
                    for endpoint in listeners where fact.topic.map({ endpoint.wants($0, about: fact.account) }) ?? false
                    {
                        gathered[endpoint.id, default: []].append(fact.json)
                    }
                }
            }
        }
        state.withLock { state in
            for (endpoint, facts) in gathered { state.gathered[endpoint, default: []].append(contentsOf: facts) }
            state.observed[venue] = max(state.observed[venue] ?? 0, last)
        }
    }

    /// Queues `facts` at once, each endpoint's in one delivery, for facts the journal does not hold (price
    /// alerts, tournament changes, tests): they are written before this returns.
    func enqueueNow(_ facts: [(endpoint: WebhookEndpoint, event: WebhookEvent)]) async throws {
        guard !facts.isEmpty else { return }
        var byEndpoint: [Int64: [[UInt8]]] = [:]
        var order: [WebhookEndpoint] = []
        for (endpoint, event) in facts {
            if byEndpoint[endpoint.id] == nil { order.append(endpoint) }
            byEndpoint[endpoint.id, default: []].append(event.json)
        }
        let deliveries = state.withLock { state in
            order.flatMap { self.deliveries(of: byEndpoint[$0.id]!, to: $0, state: &state) }
        }
        try await store.flush(deliveries, cursors: [:], outcomes: [])
        hand(deliveries)
    }

    /// The endpoints of `venue` that want `topic` facts about `account` (or the whole venue when `nil`).
    func endpoints(of venue: String, wanting topic: WebhookTopic, about account: AccountID?) -> [WebhookEndpoint] {
        state.withLock { $0.endpoints.values.filter { $0.venue == venue && $0.wants(topic, about: account) } }
            .sorted { $0.id < $1.id }
    }

    /// Queues what was gathered, records what the workers did, and moves the cursors, in one transaction.
    func flush() async {
        let now = clock.now()
        let (deliveries, outcomes, cursors) = state.withLock { state in
            var deliveries = state.unsaved
            state.unsaved = []
            for (id, facts) in state.gathered.sorted(by: { $0.key < $1.key }) {
                guard let endpoint = state.endpoints[id] else { continue }
                deliveries += self.deliveries(of: facts, to: endpoint, state: &state)
            }
            state.gathered = [:]
            let outcomes = state.outcomes
            state.outcomes = []
            // A cursor alone is written at most once a second: it only bounds what a restart reads again.
            var cursors = state.observed.filter { state.saved[$0.key] != $0.value }
            if deliveries.isEmpty && outcomes.isEmpty
                && now.millisecondsSinceEpoch - state.lastCursorWrite.millisecondsSinceEpoch < 1_000
            {
                cursors = [:]
            }
            return (deliveries, outcomes, cursors)
        }
        guard !deliveries.isEmpty || !outcomes.isEmpty || !cursors.isEmpty else { return }
        do {
            try await store.flush(deliveries, cursors: cursors, outcomes: outcomes)
            state.withLock { state in
                state.saved.merge(cursors) { $1 }
                if !cursors.isEmpty { state.lastCursorWrite = now }
            }
            hand(deliveries)
        } catch {
            logger.warning("Webhook queue not written; trying again: \(error)")
            state.withLock { state in
                state.unsaved = deliveries + state.unsaved
                state.outcomes = outcomes + state.outcomes
            }
        }
    }

    /// Flushes every ``WebhookSettings/batchInterval`` until cancelled, and once more then.
    func runFlushes() async {
        while !Task.isCancelled {
            do {
                try await Task.sleep(for: settings.batchInterval)
            } catch {
                break
            }
            await flush()
        }
        await flush()
    }

    /// Records what an attempt did; written with the next flush.
    func record(_ delivery: WebhookDelivery, _ attempt: WebhookDelivery.Attempt) {
        state.withLock { $0.outcomes.append((delivery, attempt)) }
    }

    private func deliveries(of facts: [[UInt8]], to endpoint: WebhookEndpoint, state: inout State)
        -> [WebhookDelivery]
    {
        let now = clock.now()
        return stride(from: 0, to: facts.count, by: Self.eventsPerDelivery).map { start in
            let chunk = facts[start..<min(start + Self.eventsPerDelivery, facts.count)]
            state.lastDeliveryID += 1
            let id = state.lastDeliveryID
            var body = Array(
                #"{"delivery_id":"\#(id)","endpoint_id":"\#(endpoint.id)","venue":"\#(endpoint.venue)","events":["#
                    .utf8)
            for (index, fact) in chunk.enumerated() {
                if index > 0 { body.append(UInt8(ascii: ",")) }
                body.append(contentsOf: fact)
            }
            body.append(contentsOf: Array("]}".utf8))
            return WebhookDelivery(
                id: id, endpoint: endpoint.id, body: body, eventCount: chunk.count, status: .pending, attempts: 0,
                createdAt: now, nextAttemptAt: now, finishedAt: nil)
        }
    }

    private func hand(_ deliveries: [WebhookDelivery]) {
        var byEndpoint: [Int64: [WebhookDelivery]] = [:]
        for delivery in deliveries { byEndpoint[delivery.endpoint, default: []].append(delivery) }
        for (endpoint, queued) in byEndpoint where self.endpoint(endpoint) != nil {
            worker(for: endpoint).enqueue(queued)
        }
    }
}

extension Webhooks {
    /// Starts the workers of the stored queue, and gathers again the events each venue committed after its
    /// cursor (those a crash left unqueued). A venue seen for the first time starts at its last event. Live
    /// batches that arrive meanwhile wait, so every event is gathered once and in order.
    func recover(_ venues: [VenueRuntime], database: Database) async throws {
        let pending = try await store.pending()
        state.withLock { state in
            for venue in venues { state.recovering[venue.id] = [] }
        }
        hand(pending)
        for venue in venues {
            let cursor = state.withLock { $0.observed[venue.id] }
            if let cursor {
                var after = cursor
                while true {
                    let events = try await JournalEvents.read(venue.id, after: after, limit: 5_000, from: database)
                    guard let last = events.last else { break }
                    gather(events, in: venue.id)
                    after = last.sequence
                }
            } else {
                let head = try await JournalEvents.lastSequence(of: venue.id, in: database)
                state.withLock { $0.observed[venue.id] = head }
            }
            // The venue leaves recovery only once nothing waits, so no live batch overtakes a waiting one.
            while let batch = state.withLock({ state -> [Event]? in
                guard let waiting = state.recovering[venue.id], !waiting.isEmpty else {
                    state.recovering[venue.id] = nil
                    return nil
                }
                return state.recovering[venue.id]!.removeFirst()
            }) {
                gather(batch, in: venue.id)
            }
        }
    }
}
