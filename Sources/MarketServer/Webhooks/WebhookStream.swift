import MarketCore
import Synchronization

/// One venue's recent committed facts, encoded once for all its endpoints: every fact of a topic some
/// endpoint wanted when it was committed, for the events after ``floor`` through ``head``. Endpoints read
/// their own from here; one that fell further behind reads the journal instead.
final class WebhookStream: Sendable {
    /// Facts kept at most; past it the older half is dropped.
    static let capacity = 200_000

    private struct State {
        var facts: [(sequence: UInt64, event: WebhookEvent)] = []
        var start = 0
        var floor: UInt64
        var head: UInt64
    }

    private let state: Mutex<State>

    /// A stream whose first events come after `sequence`.
    init(after sequence: UInt64) {
        state = Mutex(State(floor: sequence, head: sequence))
    }

    /// Adds the facts of events committed through `head`.
    func append(_ facts: [(sequence: UInt64, event: WebhookEvent)], through head: UInt64) {
        state.withLock { state in
            state.facts.append(contentsOf: facts)
            state.head = max(state.head, head)
            guard state.facts.count - state.start > Self.capacity else { return }
            // Whole sequences are dropped, so that the stream never holds part of an event's facts.
            var cut = state.start + (state.facts.count - state.start) / 2
            let sequence = state.facts[cut].sequence
            while cut < state.facts.count && state.facts[cut].sequence == sequence { cut += 1 }
            state.floor = sequence
            state.start = cut
            if state.start > state.facts.count / 2 {
                state.facts.removeFirst(state.start)
                state.start = 0
            }
        }
    }

    /// Up to about `limit` facts `endpoint` wants after `cursor`, whole events only, and the sequence they
    /// reach (the head when nothing was left out); `nil` when `cursor` is before what the stream holds.
    func facts(after cursor: UInt64, for endpoint: WebhookEndpoint, limit: Int) -> (
        events: [[UInt8]], through: UInt64
    )? {
        state.withLock { state in
            guard cursor >= state.floor else { return nil }
            var low = state.start
            var high = state.facts.count
            while low < high {
                let middle = (low + high) / 2
                if state.facts[middle].sequence <= cursor { low = middle + 1 } else { high = middle }
            }
            var events: [[UInt8]] = []
            var index = low
            while index < state.facts.count {
                let (sequence, fact) = state.facts[index]
                if events.count >= limit, sequence != state.facts[index - 1].sequence {
                    return (events, state.facts[index - 1].sequence)
                }
                if let topic = fact.topic, endpoint.wants(topic, about: fact.account) { events.append(fact.json) }
                index += 1
            }
            return (events, max(state.head, cursor))
        }
    }
}
