import Foundation
import MarketCore

extension Timestamp {
    /// ISO 8601 in UTC with milliseconds, as every answer writes times.
    var iso8601: String {
        date.formatted(
            .iso8601.year().month().day().time(includingFractionalSeconds: true).timeZone(separator: .omitted))
    }

    /// A time as a query parameter gives it: ISO 8601, or seconds since 1970.
    init?(parameter text: String) {
        if let seconds = Double(text), seconds.isFinite, abs(seconds) < 1e12 {
            self.init(millisecondsSinceEpoch: Int64(seconds * 1000))
        } else if let date = try? Date(text, strategy: .iso8601) {
            self.init(date)
        } else if let date = try? Date(
            text, strategy: .iso8601.year().month().day().time(includingFractionalSeconds: true))
        {
            self.init(date)
        } else {
            return nil
        }
    }
}
