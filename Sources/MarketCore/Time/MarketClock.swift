import Synchronization

/// Where a venue's time comes from. The core reads no clock of its own: the shell asks the venue's clock
/// once per change and hands the time in, so a venue can run on the wall clock, or on one a test or a
/// backtest moves by hand.
public protocol MarketClock: Sendable {
    /// The time now, by this clock.
    func now() -> Timestamp
}

/// A clock that stands still until it is moved: for tests, replays and simulated time.
public final class ManualClock: MarketClock {
    private let milliseconds: Atomic<Int64>

    public init(_ start: Timestamp) {
        milliseconds = Atomic(start.millisecondsSinceEpoch)
    }

    public func now() -> Timestamp {
        Timestamp(millisecondsSinceEpoch: milliseconds.load(ordering: .sequentiallyConsistent))
    }

    /// Moves the clock forward by `milliseconds`; never backward.
    public func advance(byMilliseconds step: Int64) {
        precondition(step >= 0, "a clock does not run backward")
        milliseconds.add(step, ordering: .sequentiallyConsistent)
    }

    /// Sets the clock to `time`, if that is not earlier than it shows.
    public func set(to time: Timestamp) {
        precondition(time >= now(), "a clock does not run backward")
        milliseconds.store(time.millisecondsSinceEpoch, ordering: .sequentiallyConsistent)
    }
}
