import MarketCore

/// One request body queued for an endpoint, and how its sending went.
struct WebhookDelivery: Sendable, Hashable {
    enum Status: String, Sendable, Hashable {
        case pending, delivered, dead
    }

    /// One try at sending it: the answer's status code, or why there was none.
    struct Attempt: Sendable, Hashable {
        let number: Int
        let at: Timestamp
        let statusCode: Int?
        let error: String?
        let duration: Duration
    }

    let id: Int64
    let endpoint: Int64
    let body: [UInt8]
    let eventCount: Int
    var status: Status
    var attempts: Int
    let createdAt: Timestamp
    var nextAttemptAt: Timestamp
    var finishedAt: Timestamp?
}
