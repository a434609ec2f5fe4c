import MarketCore

extension Webhooks {
    /// Encodes into the venue's stream the facts of committed `events` that some endpoint of `venue` wants.
    /// Called in commit order.
    func observe(_ events: [Event], in venue: String) {
        guard let last = events.last?.sequence, let first = events.first?.sequence else { return }
        let (stream, interest) = state.withLock { state in
            let stream = state.streams[venue] ?? WebhookStream(after: first - 1)
            state.streams[venue] = stream
            return (stream, state.interests[venue])
        }
        var facts: [(sequence: UInt64, event: WebhookEvent)] = []
        if let interest, !interest.isEmpty {
            for event in events {
                for fact in WebhookEvent.of(event, in: venue, wanted: interest.wants) {
                    facts.append((event.sequence, fact))
                }
            }
        }
        stream.append(facts, through: last)
    }

    /// The facts `endpoint` wants after `cursor`, up to about ``eventsPerDelivery``, and the sequence they
    /// reach: from the venue's stream, or from the journal when the stream no longer holds them.
    func facts(after cursor: UInt64, for endpoint: WebhookEndpoint) async throws -> (events: [[UInt8]], through: UInt64)
    {
        let stream = state.withLock { $0.streams[endpoint.venue] }
        if let found = stream?.facts(after: cursor, for: endpoint, limit: Self.eventsPerDelivery) { return found }
        let events = try await JournalEvents.read(endpoint.venue, after: cursor, limit: 2_000, from: store.database)
        guard let last = events.last?.sequence else { return ([], cursor) }
        var facts: [[UInt8]] = []
        for event in events {
            if facts.count >= Self.eventsPerDelivery { return (facts, event.sequence - 1) }
            facts += Self.facts(of: event, for: endpoint)
        }
        return (facts, last)
    }

    /// The body of a delivery made from the journal before a restart, made again from the same events.
    func rebuild(_ delivery: WebhookDelivery, for endpoint: WebhookEndpoint) async throws -> WebhookDelivery {
        guard let covers = delivery.covers else { return delivery }
        var facts: [[UInt8]] = []
        var after = covers.lowerBound - 1
        while after < covers.upperBound {
            let events = try await JournalEvents.read(
                endpoint.venue, after: after, limit: Int(min(covers.upperBound - after, 2_000)), from: store.database)
            guard let last = events.last?.sequence else { break }
            for event in events { facts += Self.facts(of: event, for: endpoint) }
            after = last
        }
        var rebuilt = WebhookDelivery(
            id: delivery.id, endpoint: endpoint, covers: covers, events: facts, at: delivery.createdAt)
        rebuilt.status = delivery.status
        rebuilt.attempts = delivery.attempts
        rebuilt.nextAttemptAt = delivery.nextAttemptAt
        return rebuilt
    }

    private static func facts(of event: Event, for endpoint: WebhookEndpoint) -> [[UInt8]] {
        WebhookEvent.of(event, in: endpoint.venue, wanted: endpoint.wants).map(\.json)
    }

    /// A new delivery of `events` for `endpoint`, written with the next flush.
    func newDelivery(of events: [[UInt8]], covering covers: ClosedRange<UInt64>?, for endpoint: WebhookEndpoint)
        -> WebhookDelivery
    {
        let now = clock.now()
        return state.withLock { state in
            state.lastDeliveryID += 1
            let delivery = WebhookDelivery(
                id: state.lastDeliveryID, endpoint: endpoint, covers: covers, events: events, at: now)
            state.created.append(delivery)
            return delivery
        }
    }

    /// Queues facts the journal does not hold (price alerts, tournament changes, tests), each endpoint's in
    /// one delivery, written before this returns.
    func enqueueNow(_ facts: [(endpoint: WebhookEndpoint, event: WebhookEvent)]) async throws {
        guard !facts.isEmpty else { return }
        var byEndpoint: [Int64: [[UInt8]]] = [:]
        var order: [WebhookEndpoint] = []
        for (endpoint, event) in facts {
            if byEndpoint[endpoint.id] == nil { order.append(endpoint) }
            byEndpoint[endpoint.id, default: []].append(event.json)
        }
        let now = clock.now()
        let deliveries = state.withLock { state in
            order.map { endpoint in
                state.lastDeliveryID += 1
                return WebhookDelivery(
                    id: state.lastDeliveryID, endpoint: endpoint, covers: nil, events: byEndpoint[endpoint.id]!, at: now
                )
            }
        }
        try await store.flush(deliveries, cursors: [:], outcomes: [])
        for delivery in deliveries { worker(for: delivery.endpoint, cursor: 0).enqueue(delivery) }
    }

    /// The endpoints of `venue` that want `topic` facts about `account` (or the whole venue when `nil`).
    func endpoints(of venue: String, wanting topic: WebhookTopic, about account: AccountID?) -> [WebhookEndpoint] {
        state.withLock { $0.endpoints.values.filter { $0.venue == venue && $0.wants(topic, about: account) } }
            .sorted { $0.id < $1.id }
    }

    /// Records what an attempt did, and where the endpoint's cursor now is; written with the next flush.
    func record(_ delivery: WebhookDelivery, _ attempt: WebhookDelivery.Attempt) {
        state.withLock { $0.outcomes.append((delivery, attempt)) }
    }

    func moveCursor(of endpoint: Int64, to cursor: UInt64) {
        state.withLock { $0.cursors[endpoint] = max($0.cursors[endpoint] ?? 0, cursor) }
    }

    /// Writes new deliveries, attempts and cursors in one transaction; cursors alone at most once a second,
    /// since they only bound what a restart reads again.
    func flush() async {
        let now = clock.now()
        let (created, outcomes, cursors) = state.withLock { state in
            let cursorsDue =
                !state.created.isEmpty || !state.outcomes.isEmpty
                || now.millisecondsSinceEpoch - state.lastCursorWrite.millisecondsSinceEpoch >= 1_000
            defer {
                state.created = []
                state.outcomes = []
                if cursorsDue {
                    state.cursors = [:]
                    state.lastCursorWrite = now
                }
            }
            return (state.created, state.outcomes, cursorsDue ? state.cursors : [:])
        }
        do {
            try await store.flush(created, cursors: cursors, outcomes: outcomes)
        } catch {
            logger.warning("Webhook deliveries not written; trying again: \(error)")
            state.withLock { state in
                state.created = created + state.created
                state.outcomes = outcomes + state.outcomes
                state.cursors.merge(cursors) { max($0, $1) }
            }
        }
    }

    /// Every ``WebhookSettings/batchInterval``, until cancelled: flushes, and lets every worker look for new
    /// facts; once an hour, deletes the history past ``historyKept``. Flushes once more at the end.
    ///
    /// The workers are woken in ``wakeGroups`` groups spread over the interval rather than all at once, so that
    /// a hundred endpoints make a steady trickle of deliveries instead of a burst that stalls the order path
    /// on every tick.
    func runFlushes() async {
        var pruned = ContinuousClock.now
        var group = 0
        while !Task.isCancelled {
            do {
                try await Task.sleep(for: settings.batchInterval / Self.wakeGroups)
            } catch {
                break
            }
            if group == 0 { await flush() }
            for worker in workers.withLock({ $0.values.filter { Int($0.endpoint % Int64(Self.wakeGroups)) == group } })
            {
                worker.wake()
            }
            group = (group + 1) % Self.wakeGroups
            if ContinuousClock.now - pruned >= .seconds(3_600) {
                pruned = ContinuousClock.now
                let cutoff = clock.now().millisecondsSinceEpoch - Self.historyKept.wholeMilliseconds
                try? await store.prune(finishedBefore: Timestamp(millisecondsSinceEpoch: cutoff))
            }
        }
        await flush()
    }

    /// Starts a worker for every stored endpoint at its cursor, with its unfinished deliveries.
    func start() async throws {
        let pending = try await store.pending()
        for (endpoint, cursor) in try await store.endpoints() {
            let worker = worker(for: endpoint.id, cursor: cursor)
            var own: [WebhookDelivery] = []
            for delivery in pending where delivery.endpoint == endpoint.id {
                own.append(try await rebuild(delivery, for: endpoint))
            }
            worker.resume(own)
        }
    }
}
