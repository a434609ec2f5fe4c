import MarketCore
import Synchronization

/// What each account of one venue did lately: orders accepted and fills in the last minute, orders refused
/// by reason, and when it last did anything. Fed by the venue's committed events and its order path; kept in
/// memory only (a restart starts it afresh), for the admin console.
final class AgentActivity: Sendable {
    /// One account's activity as the console shows it.
    struct Summary: Sendable {
        let ordersPerMinute: Int
        let fillsPerMinute: Int
        let rejections: [String: Int]
        let lastActivity: Timestamp?
    }

    private struct Entry {
        var orders = MinuteWindow()
        var fills = MinuteWindow()
        var rejections: [String: Int] = [:]
        var lastActivity: Int64 = 0
    }

    private let entries = Mutex<[AccountID: Entry]>([:])

    /// Counts the orders accepted and the fills of both sides in committed events.
    func note(_ events: [Event]) {
        entries.withLock { entries in
            for event in events {
                let time = event.timestamp.millisecondsSinceEpoch
                switch event.kind {
                case .orderAccepted(let order):
                    entries[order.account, default: Entry()].orders.add(at: time)
                    entries[order.account]!.lastActivity = max(entries[order.account]!.lastActivity, time)
                case .tradeExecuted(let trade):
                    for account in [trade.buyer, trade.seller] {
                        entries[account, default: Entry()].fills.add(at: time)
                        entries[account]!.lastActivity = max(entries[account]!.lastActivity, time)
                    }
                default:
                    break
                }
            }
        }
    }

    /// An order of `account` that the exchange refused, by the error code its answer carried.
    func rejected(_ account: AccountID, code: String, at time: Timestamp) {
        entries.withLock { entries in
            entries[account, default: Entry()].rejections[code, default: 0] += 1
            entries[account]!.lastActivity = max(entries[account]!.lastActivity, time.millisecondsSinceEpoch)
        }
    }

    /// Every account seen, as of `now`.
    func summaries(at now: Timestamp) -> [AccountID: Summary] {
        let time = now.millisecondsSinceEpoch
        return entries.withLock { entries in
            entries.mapValues { entry in
                Summary(
                    ordersPerMinute: entry.orders.count(at: time), fillsPerMinute: entry.fills.count(at: time),
                    rejections: entry.rejections,
                    lastActivity: entry.lastActivity == 0 ? nil : Timestamp(millisecondsSinceEpoch: entry.lastActivity))
            }
        }
    }
}

/// Occurrences in the last minute, in twelve five-second buckets (so "the last minute" is exact to five seconds).
struct MinuteWindow: Sendable {
    private static let bucketMilliseconds: Int64 = 5_000
    private static let bucketCount = 12
    private var buckets = [Int](repeating: 0, count: bucketCount)
    /// The bucket number (time / bucket length) the newest count went into.
    private var newest: Int64 = 0

    mutating func add(at time: Int64) {
        let bucket = time / Self.bucketMilliseconds
        if bucket > newest {
            // Buckets between the newest and this one saw nothing.
            for skipped in (newest + 1)...min(bucket, newest + Int64(Self.bucketCount)) {
                buckets[Self.slot(skipped)] = 0
            }
            newest = bucket
        }
        guard bucket > newest - Int64(Self.bucketCount) else { return }
        buckets[Self.slot(bucket)] += 1
    }

    func count(at time: Int64) -> Int {
        let current = time / Self.bucketMilliseconds
        let window = Int64(Self.bucketCount) - 1
        let lower = max(current, newest) - window
        let upper = min(current, newest)
        guard lower <= upper else { return 0 }
        return (lower...upper).reduce(0) { $0 + buckets[Self.slot($1)] }
    }

    private static func slot(_ bucket: Int64) -> Int { Int(bucket % Int64(bucketCount)) }
}

/// Requests each user made over the rate limit, server-wide (the limit is per user, not per venue).
final class RateLimitHits: Sendable {
    private let counts = Mutex<[UserID: (count: Int, last: Int64)]>([:])

    func record(_ user: UserID, at time: Timestamp) {
        counts.withLock { counts in
            let previous = counts[user]?.count ?? 0
            counts[user] = (previous + 1, time.millisecondsSinceEpoch)
        }
    }

    /// Refusals of `user` so far, and when the last one was.
    func hits(of user: UserID) -> (count: Int, last: Timestamp?) {
        counts.withLock { counts in
            guard let entry = counts[user] else { return (0, nil) }
            return (entry.count, Timestamp(millisecondsSinceEpoch: entry.last))
        }
    }
}
