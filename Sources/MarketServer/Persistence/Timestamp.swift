import Foundation
import MarketCore

/// The shell's clock for MarketCore's timestamps, stored as milliseconds since 1970 (a `BIGINT` column).
extension Timestamp {
    public init(_ date: Date) {
        self.init(millisecondsSinceEpoch: Int64((date.timeIntervalSince1970 * 1000).rounded(.down)))
    }

    public static var now: Timestamp { Timestamp(Date()) }

    public var date: Date { Date(timeIntervalSince1970: Double(millisecondsSinceEpoch) / 1000) }
}
