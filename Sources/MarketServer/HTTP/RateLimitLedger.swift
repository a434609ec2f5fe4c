/// Fixed-window request counting per client: pure bookkeeping, the clock is passed in.
public struct RateLimitLedger: Sendable {
    /// The verdict on one request and the numbers reported in the `X-RateLimit-*` headers.
    public struct Decision: Sendable, Equatable {
        public var allowed: Bool
        public var limit: Int
        public var remaining: Int
        /// Seconds until the window ends and the count starts over (at least 1).
        public var resetSeconds: Int
    }

    private struct Window: Sendable {
        var startMilliseconds: Int64
        var count: Int
    }

    public let policy: RateLimitPolicy
    private var windows: [String: Window] = [:]
    /// Above this many tracked clients, expired windows are dropped so memory stays bounded.
    private let pruneThreshold = 10_000

    public init(policy: RateLimitPolicy) {
        self.policy = policy
    }

    /// Counts a request by `client` at `nowMilliseconds` and says whether it is within the limit.
    public mutating func admit(client: String, nowMilliseconds: Int64) -> Decision {
        let windowMilliseconds = Int64(policy.windowSeconds) * 1000
        var window = windows[client] ?? Window(startMilliseconds: nowMilliseconds, count: 0)
        if nowMilliseconds - window.startMilliseconds >= windowMilliseconds {
            window = Window(startMilliseconds: nowMilliseconds, count: 0)
        }
        let allowed = window.count < policy.requests
        if allowed { window.count += 1 }
        if windows[client] == nil && windows.count >= pruneThreshold {
            windows = windows.filter { nowMilliseconds - $0.value.startMilliseconds < windowMilliseconds }
        }
        windows[client] = window
        let remainingMilliseconds = window.startMilliseconds + windowMilliseconds - nowMilliseconds
        return Decision(
            allowed: allowed,
            limit: policy.requests,
            remaining: policy.requests - window.count,
            resetSeconds: max(1, Int((remainingMilliseconds + 999) / 1000))
        )
    }
}
