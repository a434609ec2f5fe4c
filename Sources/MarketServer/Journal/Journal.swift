import Logging
import MarketCore
import Synchronization

/// The venues' event journal.
///
/// Events arrive from every ticker's executor, possibly out of order across tickers; the writer commits
/// each venue's events strictly in sequence order, as many as are ready in one transaction (group
/// commit). After a commit it hands the batch to the venue's `onCommit` (the committed replica, the
/// account index and the live feeds) and only then answers the callers waiting on them, so nobody hears
/// of a change that a crash could take back. A failed commit stops the journal for good: memory and disk
/// may disagree, and only a restart, which recovers from the database, may go on.
public final class Journal: Sendable {
    /// The journal can no longer make anything durable.
    public struct Stopped: Error, CustomStringConvertible {
        public let reason: String
        public var description: String { "the journal stopped: \(reason)" }
    }

    private struct Waiter {
        let through: UInt64
        let continuation: CheckedContinuation<Void, any Error>
    }

    private struct VenueLog {
        var pending: [UInt64: EncodedEvent] = [:]
        var committed: UInt64
        var lastHash: String
        var waiters: [Waiter] = []
        /// For each event of a group that must commit in one transaction, the group's last sequence.
        var groupEnds: [UInt64: UInt64] = [:]
        let onCommit: @Sendable (JournalBatch) -> Void
    }

    private struct State {
        var logs: [String: VenueLog] = [:]
        var stopped: Stopped?
    }

    /// Events committed in one transaction at most, so that one batch never holds the database for long.
    private static let eventsPerTransaction = 4_000

    private let state = Mutex(State())
    private let store: any JournalStore
    private let logger: Logger
    /// The server's instruments: the journal records its commits, and the venues it serves their refusals.
    let metrics: ServerMetrics
    private let wakeups: AsyncStream<Void>
    private let wake: AsyncStream<Void>.Continuation

    /// A journal in `database`. On SQLite it writes through a connection and thread of its own.
    public init(database: Database, logger: Logger, metrics: ServerMetrics = ServerMetrics()) {
        if let path = database.sqlitePath {
            store = SQLiteJournalStore(path: path)
        } else {
            store = SQLKitJournalStore(database: database)
        }
        self.logger = logger
        self.metrics = metrics
        (wakeups, wake) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// Starts journalling a venue whose stored events end at `committed`, chained to `lastHash`.
    func register(
        venue: String, committedThrough committed: UInt64, lastHash: String,
        onCommit: @escaping @Sendable (JournalBatch) -> Void
    ) {
        state.withLock { $0.logs[venue] = VenueLog(committed: committed, lastHash: lastHash, onCommit: onCommit) }
    }

    /// Why nothing can be made durable any more, if so.
    var stopped: Stopped? { state.withLock { $0.stopped } }

    /// Queues events for the writer. Call it right after the venue produced them, with no suspension in
    /// between: the writer waits for every sequence number in order, so a lost event would stall it.
    ///
    /// `together`: the events commit in one transaction (an administrative change and its audit record),
    /// with whatever other events fall between them.
    func enqueue(_ events: [Event], venue: String, together: Bool = false) {
        guard !events.isEmpty else { return }
        let encoded: [EncodedEvent]
        do {
            encoded = try events.map(EncodedEvent.init)
        } catch {
            // The events are decided and cannot be journalled: stop, as for a failed commit.
            stop(because: error)
            return
        }
        state.withLock { state in
            for event in encoded { state.logs[venue]?.pending[event.event.sequence] = event }
            if together, events.count > 1, let end = events.map(\.sequence).max() {
                for event in events { state.logs[venue]?.groupEnds[event.sequence] = end }
            }
        }
        wake.yield()
    }

    /// Returns once the venue's events through `sequence` are committed.
    func waitUntilDurable(venue: String, through sequence: UInt64) async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let answer: Result<Void, any Error>? = state.withLock { state in
                if let stopped = state.stopped { return .failure(stopped) }
                guard let log = state.logs[venue] else { return .failure(Stopped(reason: "unknown venue \(venue)")) }
                if log.committed >= sequence { return .success(()) }
                state.logs[venue]!.waiters.append(Waiter(through: sequence, continuation: continuation))
                return nil
            }
            if let answer { continuation.resume(with: answer) }
        }
    }

    /// The writer: commits whatever is ready until ``finish()``, then commits what is left.
    public func run() async {
        if let executor = store.preferredExecutor {
            await withTaskExecutorPreference(executor) { await commitUntilFinished() }
        } else {
            await commitUntilFinished()
        }
        // Nothing can be made durable any more: a change decided after this point is refused, not left
        // waiting forever for a writer that is gone (a market maker may still quote while the server stops).
        halt(Stopped(reason: "the server is shutting down"))
        await store.close()
    }

    /// Stops the writer after it commits what is queued.
    public func finish() { wake.finish() }

    private func commitUntilFinished() async {
        for await _ in wakeups {
            while await commitReadyEvents() {}
        }
        while await commitReadyEvents() {}
    }

    /// Commits one batch; `false` when nothing was ready.
    private func commitReadyEvents() async -> Bool {
        let ready = state.withLock { state -> [(venue: String, events: [EncodedEvent], lastHash: String)] in
            guard state.stopped == nil else { return [] }
            var ready: [(venue: String, events: [EncodedEvent], lastHash: String)] = []
            var budget = Self.eventsPerTransaction
            for (venue, log) in state.logs where budget > 0 {
                var events: [EncodedEvent] = []
                var next = log.committed + 1
                // A batch may end only where no group that began in it is still open; a group is taken
                // whole even past the budget.
                var groupEnd: UInt64 = 0
                var complete = 0
                while budget > 0 || next <= groupEnd, let event = state.logs[venue]!.pending.removeValue(forKey: next) {
                    if !log.groupEnds.isEmpty, let end = log.groupEnds[next] { groupEnd = max(groupEnd, end) }
                    events.append(event)
                    if groupEnd <= next { complete = events.count }
                    next += 1
                    budget -= 1
                }
                if complete < events.count {
                    // Part of a group is not queued yet: what was taken of it waits for the rest.
                    for event in events[complete...] { state.logs[venue]!.pending[event.event.sequence] = event }
                    events.removeSubrange(complete...)
                }
                if !log.groupEnds.isEmpty {
                    for event in events { state.logs[venue]!.groupEnds[event.event.sequence] = nil }
                }
                if !events.isEmpty { ready.append((venue, events, log.lastHash)) }
            }
            return ready
        }
        guard !ready.isEmpty else { return false }
        do {
            let batches = ready.map { venue, events, lastHash in
                var previous = lastHash
                let entries = events.map { event in
                    let entry = JournalEntry(event, venue: venue, previousHash: previous)
                    previous = entry.hash
                    return entry
                }
                return JournalBatch(venue: venue, events: events.map(\.event), entries: entries)
            }
            let started = ContinuousClock.now
            try await store.commit(batches)
            metrics.recordCommit(
                events: batches.reduce(0) { $0 + $1.events.count }, duration: ContinuousClock.now - started)
            for batch in batches { acknowledge(batch) }
        } catch {
            stop(because: error)
        }
        return true
    }

    private func acknowledge(_ batch: JournalBatch) {
        let onCommit = state.withLock { $0.logs[batch.venue]?.onCommit }
        onCommit?(batch)
        metrics.recordCommitted(batch.events, venue: batch.venue)
        let released = state.withLock { state -> [Waiter] in
            guard var log = state.logs[batch.venue] else { return [] }
            log.committed = batch.events.last!.sequence
            log.lastHash = batch.entries.last!.hash
            let (done, waiting) = log.waiters.partitioned { $0.through <= log.committed }
            log.waiters = waiting
            state.logs[batch.venue] = log
            return done
        }
        for waiter in released { waiter.continuation.resume() }
    }

    private func stop(because error: any Error) {
        logger.critical("Journal commit failed; no venue takes orders until a restart: \(String(reflecting: error))")
        metrics.recordJournalFailure()
        halt(Stopped(reason: String(describing: error)))
    }

    /// Takes no more events and fails everyone still waiting.
    private func halt(_ stopped: Stopped) {
        let waiters = state.withLock { state -> [Waiter] in
            if state.stopped == nil { state.stopped = stopped }
            var waiters: [Waiter] = []
            for venue in state.logs.keys {
                waiters += state.logs[venue]!.waiters
                state.logs[venue]!.waiters = []
                state.logs[venue]!.pending = [:]
                state.logs[venue]!.groupEnds = [:]
            }
            return waiters
        }
        for waiter in waiters { waiter.continuation.resume(throwing: stopped) }
    }
}

extension Array {
    /// The elements that satisfy `belongs`, and the rest, each in their original order.
    func partitioned(by belongs: (Element) -> Bool) -> (matching: [Element], rest: [Element]) {
        var matching: [Element] = []
        var rest: [Element] = []
        for element in self {
            if belongs(element) { matching.append(element) } else { rest.append(element) }
        }
        return (matching, rest)
    }
}
