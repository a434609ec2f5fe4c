import Crypto
import MarketCore
import NIOCore

/// A URL that a user asked to be called with the events of some topics in one venue.
struct WebhookEndpoint: Sendable, Hashable {
    let id: Int64
    let owner: UserID
    let venue: String
    var url: String
    var topics: Set<WebhookTopic> { didSet { mask = Self.mask(topics) } }
    /// The topics as bits, so that matching a fact against many endpoints hashes nothing.
    private var mask: UInt16
    var description: String
    /// A paused endpoint is sent nothing; what happens meanwhile is not kept for it.
    var isActive: Bool
    /// Random text the signing secret is derived from; rotating the secret replaces it.
    var secretSalt: String
    let createdAt: Timestamp

    init(
        id: Int64, owner: UserID, venue: String, url: String, topics: Set<WebhookTopic>, description: String,
        isActive: Bool, secretSalt: String, createdAt: Timestamp
    ) {
        self.id = id
        self.owner = owner
        self.venue = venue
        self.url = url
        self.topics = topics
        self.mask = Self.mask(topics)
        self.description = description
        self.isActive = isActive
        self.secretSalt = secretSalt
        self.createdAt = createdAt
    }

    /// Whether a fact of `topic` about `account` (or about the whole venue, when `nil`) is for this endpoint.
    func wants(_ topic: WebhookTopic, about account: AccountID?) -> Bool {
        guard isActive, mask & topic.bit != 0 else { return false }
        guard let account, !topic.isForHosts else { return true }
        return account.rawValue == owner.rawValue
    }

    private static func mask(_ topics: Set<WebhookTopic>) -> UInt16 {
        topics.reduce(0) { $0 | $1.bit }
    }

    static func newSalt() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<16).map { _ in UInt8.random(in: .min ... .max, using: &generator) }.hexString
    }
}

/// Derives each endpoint's signing secret from a server key kept in `settings`, so that the database alone does
/// not give the secrets away and nothing secret is stored per endpoint.
struct WebhookSecrets: Sendable {
    private let key: SymmetricKey

    init(hexKey: String) {
        key = SymmetricKey(data: Array(hexKey.utf8))
    }

    static func load(settings: SettingsStore) async throws -> WebhookSecrets {
        let hex = try await settings.value(for: "webhook_signing_key") {
            WebhookEndpoint.newSalt() + WebhookEndpoint.newSalt()
        }
        return WebhookSecrets(hexKey: hex)
    }

    /// `whsec_` and 64 hex digits.
    func secret(of endpoint: WebhookEndpoint) -> String {
        let message = Array("webhook:\(endpoint.id):\(endpoint.secretSalt)".utf8)
        return "whsec_" + HMAC<SHA256>.authenticationCode(for: message, using: key).hexString
    }

    /// `v1=` and the hex HMAC-SHA256 of `timestamp`, a dot and `body`, keyed with the endpoint's secret.
    func signature(of body: ByteBuffer, at timestamp: Int64, for endpoint: WebhookEndpoint) -> String {
        var code = HMAC<SHA256>(key: SymmetricKey(data: Array(secret(of: endpoint).utf8)))
        code.update(data: Array("\(timestamp).".utf8))
        body.withUnsafeReadableBytes { code.update(data: $0) }
        return "v1=" + code.finalize().hexString
    }
}
