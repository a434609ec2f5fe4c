import MarketCore

/// What the active endpoints of one venue want, so that a commit encodes only the facts some endpoint will be
/// sent: a fill of an account nobody listens for costs nothing.
struct WebhookInterest: Sendable, Hashable {
    /// Topics wanted whoever they concern (`tournament` and the hosts' `venue_*` topics), as bits.
    private(set) var venueTopics: UInt16 = 0
    /// Topics about one account that its owner wants, as bits.
    private(set) var accountTopics: [AccountID: UInt16] = [:]

    init(_ endpoints: some Sequence<WebhookEndpoint>) {
        for endpoint in endpoints where endpoint.isActive {
            for topic in endpoint.topics {
                if topic.isAboutAnAccount {
                    accountTopics[AccountID(endpoint.owner.rawValue), default: 0] |= topic.bit
                } else {
                    venueTopics |= topic.bit
                }
            }
        }
    }

    /// Whether nothing is wanted at all.
    var isEmpty: Bool { venueTopics == 0 && accountTopics.isEmpty }

    /// Whether some endpoint wants a fact of `topic` about `account` (or about the whole venue, when `nil`).
    func wants(_ topic: WebhookTopic, about account: AccountID?) -> Bool {
        if venueTopics & topic.bit != 0 { return true }
        guard let account else { return false }
        return (accountTopics[account] ?? 0) & topic.bit != 0
    }
}
