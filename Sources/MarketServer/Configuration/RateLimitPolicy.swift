/// How many requests one client may make per window.
///
/// The default, 1000 requests per 60 seconds (about 16 per second, sustained), lets an agent quote and cancel on
/// every ticker each second while keeping one runaway loop from starving everyone else on a small server.
public struct RateLimitPolicy: Sendable, Hashable {
    public var requests: Int
    public var windowSeconds: Int

    public init(requests: Int, windowSeconds: Int) {
        self.requests = requests
        self.windowSeconds = windowSeconds
    }

    public static let `default` = RateLimitPolicy(requests: 1000, windowSeconds: 60)
}
