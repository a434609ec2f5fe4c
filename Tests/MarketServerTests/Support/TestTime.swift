import MarketCore
import MarketServer

extension Timestamp {
    /// The wall clock's time, for tests that build events by hand.
    static var now: Timestamp { WallClock().now() }
}
