/// How webhooks are delivered (`WEBHOOK_*` variables).
public struct WebhookSettings: Sendable, Hashable {
    /// Whether endpoints may point at loopback, private, link-local and other non-public addresses. The
    /// admin setting (`PUT /api/admin/webhooks/settings`) overrides it at run time.
    public enum PrivateAddresses: String, Sendable, Hashable {
        case allow, forbid
    }

    /// Events are gathered this long per endpoint into one delivery (`WEBHOOK_BATCH_MS`). A second: under load
    /// each request costs more than the events in it, and a shorter interval cost the order path twice as much.
    public var batchInterval: Duration = .seconds(1)
    /// An attempt that has no answer after this long failed (`WEBHOOK_TIMEOUT_SECONDS`).
    public var attemptTimeout: Duration = .seconds(10)
    /// The wait after the first failed attempt; it doubles after each, up to an hour, with jitter
    /// (`WEBHOOK_BACKOFF_MS`).
    public var firstBackoff: Duration = .seconds(1)
    /// A delivery still failing this long after it was queued is dead-lettered (`WEBHOOK_RETRY_SECONDS`).
    public var retryWindow: Duration = .seconds(24 * 3_600)
    /// `nil`: allowed when the server listens on a loopback address (development), forbidden otherwise
    /// (`WEBHOOK_PRIVATE_ADDRESSES`).
    public var privateAddresses: PrivateAddresses?

    public init() {}

    /// The default for a server listening on `host`.
    func privateAddressesAllowed(listeningOn host: String) -> Bool {
        switch privateAddresses {
        case .allow: true
        case .forbid: false
        case nil: ["127.0.0.1", "::1", "localhost"].contains(host)
        }
    }
}
