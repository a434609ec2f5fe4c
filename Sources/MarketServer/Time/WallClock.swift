import Foundation
import MarketCore

/// The system's clock: the one place the server reads the time of day. Venues run on it unless they are
/// given another ``MarketClock``; sign-in, keys, sessions and logs always do.
public struct WallClock: MarketClock {
    public init() {}

    public func now() -> Timestamp { Timestamp(Date()) }
}

/// MarketCore's timestamps as Foundation dates, stored as milliseconds since 1970 (a `BIGINT` column).
extension Timestamp {
    public init(_ date: Date) {
        self.init(millisecondsSinceEpoch: Int64((date.timeIntervalSince1970 * 1000).rounded(.down)))
    }

    public var date: Date { Date(timeIntervalSince1970: Double(millisecondsSinceEpoch) / 1000) }
}
