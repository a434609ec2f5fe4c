import Synchronization

/// Meters failed logins per account and per client address, so a password cannot be guessed at the
/// server's speed.
///
/// Each key (a folded username, an address) gets a few free failures; after those, every further failure
/// doubles how long the key must wait before its next attempt, up to ``LoginThrottlePolicy/longestDelaySeconds``.
/// While a key waits, an attempt is refused before its password is checked, so even the right password
/// does not get through. A success clears the account's record; a quiet period clears any record.
/// Pure bookkeeping: the clock is passed in.
struct LoginThrottleLedger: Sendable {
    struct Record: Sendable {
        var failures: Int
        var lastFailureMilliseconds: Int64
        var blockedUntilMilliseconds: Int64
    }

    let policy: LoginThrottlePolicy
    private var records: [String: Record] = [:]
    /// Above this many records, expired ones are dropped so memory stays bounded whatever names are tried.
    private let pruneThreshold = 50_000

    init(policy: LoginThrottlePolicy) {
        self.policy = policy
    }

    /// Seconds `key` must still wait before it may try again; 0 if it may try now.
    func waitSeconds(for key: String, nowMilliseconds: Int64) -> Int {
        guard let record = records[key], record.blockedUntilMilliseconds > nowMilliseconds else { return 0 }
        return Int((record.blockedUntilMilliseconds - nowMilliseconds + 999) / 1_000)
    }

    /// Counts a failed attempt by `key`, with `freeFailures` before delays start.
    mutating func recordFailure(of key: String, freeFailures: Int, nowMilliseconds: Int64) {
        var record =
            records[key] ?? Record(failures: 0, lastFailureMilliseconds: nowMilliseconds, blockedUntilMilliseconds: 0)
        if nowMilliseconds - record.lastFailureMilliseconds > Int64(policy.forgetAfterSeconds) * 1_000 {
            record = Record(failures: 0, lastFailureMilliseconds: nowMilliseconds, blockedUntilMilliseconds: 0)
        }
        record.failures += 1
        record.lastFailureMilliseconds = nowMilliseconds
        let over = record.failures - freeFailures
        if over > 0 {
            let doubled = policy.firstDelaySeconds << min(over - 1, 20)
            let delay = min(doubled, policy.longestDelaySeconds)
            record.blockedUntilMilliseconds = nowMilliseconds + Int64(delay) * 1_000
        }
        if records[key] == nil && records.count >= pruneThreshold { prune(nowMilliseconds: nowMilliseconds) }
        records[key] = record
    }

    mutating func clear(_ key: String) {
        records[key] = nil
    }

    private mutating func prune(nowMilliseconds: Int64) {
        let forget = Int64(policy.forgetAfterSeconds) * 1_000
        records = records.filter {
            nowMilliseconds - $0.value.lastFailureMilliseconds < forget
                || $0.value.blockedUntilMilliseconds > nowMilliseconds
        }
    }
}

/// How failed logins are metered (see ``LoginThrottleLedger``).
public struct LoginThrottlePolicy: Sendable, Equatable {
    /// Failures of one account before its delays start.
    public var freeFailuresPerAccount = 5
    /// Failures from one address, over all the names it tries, before its delays start.
    public var freeFailuresPerAddress = 20
    /// The first delay; each further failure doubles it.
    public var firstDelaySeconds = 1
    public var longestDelaySeconds = 900
    /// A key with no failure for this long starts over.
    public var forgetAfterSeconds = 900

    public init() {}
}

/// The ledger behind a lock, keyed by account and by address.
final class LoginThrottle: Sendable {
    private let ledger: Mutex<LoginThrottleLedger>

    init(policy: LoginThrottlePolicy) {
        ledger = Mutex(LoginThrottleLedger(policy: policy))
    }

    /// Seconds before an attempt for `username` from `address` may be made; 0 if it may be made now.
    func waitSeconds(username: String, address: String, nowMilliseconds: Int64) -> Int {
        ledger.withLock { ledger in
            max(
                ledger.waitSeconds(for: Self.accountKey(username), nowMilliseconds: nowMilliseconds),
                ledger.waitSeconds(for: Self.addressKey(address), nowMilliseconds: nowMilliseconds))
        }
    }

    func recordFailure(username: String, address: String, nowMilliseconds: Int64) {
        ledger.withLock { ledger in
            ledger.recordFailure(
                of: Self.accountKey(username), freeFailures: ledger.policy.freeFailuresPerAccount,
                nowMilliseconds: nowMilliseconds)
            ledger.recordFailure(
                of: Self.addressKey(address), freeFailures: ledger.policy.freeFailuresPerAddress,
                nowMilliseconds: nowMilliseconds)
        }
    }

    func recordSuccess(username: String) {
        ledger.withLock { $0.clear(Self.accountKey(username)) }
    }

    private static func accountKey(_ username: String) -> String { "account:" + username.lowercased() }
    private static func addressKey(_ address: String) -> String { "address:" + address }
}
