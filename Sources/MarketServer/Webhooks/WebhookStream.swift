import MarketCore
import Synchronization

/// One venue's recent committed facts, encoded once for all its endpoints: every fact of a topic some
/// endpoint wanted when it was committed, for the events after ``floor`` through ``head``. Endpoints read
/// their own from here; one that fell further behind reads the journal instead.
final class WebhookStream: Sendable {
    /// Facts kept at most; past it the older half is dropped.
    static let capacity = 200_000

    /// The facts in columns, so that an endpoint's scan reads plain numbers and copies only what it wants.
    private struct State {
        var sequences: [UInt64] = []
        var topics: [WebhookTopic?] = []
        var accounts: [AccountID?] = []
        var json: [[UInt8]] = []
        var start = 0
        var floor: UInt64
        var head: UInt64

        var count: Int { sequences.count }

        mutating func dropFirst(_ count: Int) {
            sequences.removeFirst(count)
            topics.removeFirst(count)
            accounts.removeFirst(count)
            json.removeFirst(count)
        }
    }

    private let state: Mutex<State>

    /// A stream whose first events come after `sequence`.
    init(after sequence: UInt64) {
        state = Mutex(State(floor: sequence, head: sequence))
    }

    /// Adds the facts of events committed through `head`.
    func append(_ facts: [(sequence: UInt64, event: WebhookEvent)], through head: UInt64) {
        state.withLock { state in
            for (sequence, fact) in facts {
                state.sequences.append(sequence)
                state.topics.append(fact.topic)
                state.accounts.append(fact.account)
                state.json.append(fact.json)
            }
            state.head = max(state.head, head)
            guard state.count - state.start > Self.capacity else { return }
            // Whole sequences are dropped, so that the stream never holds part of an event's facts.
            var cut = state.start + (state.count - state.start) / 2
            let sequence = state.sequences[cut]
            while cut < state.count && state.sequences[cut] == sequence { cut += 1 }
            state.floor = sequence
            state.start = cut
            if state.start > state.count / 2 {
                state.dropFirst(state.start)
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
            var high = state.count
            while low < high {
                let middle = (low + high) / 2
                if state.sequences[middle] <= cursor { low = middle + 1 } else { high = middle }
            }
            var events: [[UInt8]] = []
            var index = low
            while index < state.count {
                let sequence = state.sequences[index]
                if events.count >= limit, sequence != state.sequences[index - 1] {
                    return (events, state.sequences[index - 1])
                }
                if let topic = state.topics[index], endpoint.wants(topic, about: state.accounts[index]) {
                    events.append(state.json[index])
                }
                index += 1
            }
            return (events, max(state.head, cursor))
        }
    }
}
