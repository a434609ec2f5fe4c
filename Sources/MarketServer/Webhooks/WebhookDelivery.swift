import MarketCore

/// One request body for an endpoint, and how its sending went.
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
    /// The journal sequences whose events it carries; `nil` for facts the journal does not hold, whose body
    /// is stored.
    let covers: ClosedRange<UInt64>?
    let body: [UInt8]
    let eventCount: Int
    var status: Status
    var attempts: Int
    let createdAt: Timestamp
    var nextAttemptAt: Timestamp
    var finishedAt: Timestamp?

    /// A new delivery of `events` (encoded facts), due now.
    init(id: Int64, endpoint: WebhookEndpoint, covers: ClosedRange<UInt64>?, events: [[UInt8]], at time: Timestamp) {
        var body = Array(
            #"{"delivery_id":"\#(id)","endpoint_id":"\#(endpoint.id)","venue":"\#(endpoint.venue)","events":["#.utf8)
        for (index, event) in events.enumerated() {
            if index > 0 { body.append(UInt8(ascii: ",")) }
            body.append(contentsOf: event)
        }
        body.append(contentsOf: Array("]}".utf8))
        self.init(
            id: id, endpoint: endpoint.id, covers: covers, body: body, eventCount: events.count, status: .pending,
            attempts: 0, createdAt: time, nextAttemptAt: time, finishedAt: nil)
    }

    init(
        id: Int64, endpoint: Int64, covers: ClosedRange<UInt64>?, body: [UInt8], eventCount: Int, status: Status,
        attempts: Int, createdAt: Timestamp, nextAttemptAt: Timestamp, finishedAt: Timestamp?
    ) {
        self.id = id
        self.endpoint = endpoint
        self.covers = covers
        self.body = body
        self.eventCount = eventCount
        self.status = status
        self.attempts = attempts
        self.createdAt = createdAt
        self.nextAttemptAt = nextAttemptAt
        self.finishedAt = finishedAt
    }
}
