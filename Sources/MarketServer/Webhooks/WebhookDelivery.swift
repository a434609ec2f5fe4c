import MarketCore
import NIOCore

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
    /// Kept as the buffer the HTTP client sends, so that no attempt copies it.
    let body: ByteBuffer
    let eventCount: Int
    var status: Status
    var attempts: Int
    let createdAt: Timestamp
    var nextAttemptAt: Timestamp
    var finishedAt: Timestamp?

    /// A new delivery of `events` (encoded facts), due now.
    init(id: Int64, endpoint: WebhookEndpoint, covers: ClosedRange<UInt64>?, events: [[UInt8]], at time: Timestamp) {
        let head = #"{"delivery_id":"\#(id)","endpoint_id":"\#(endpoint.id)","venue":"\#(endpoint.venue)","events":["#
        // Sized once: a delivery may carry thousands of events, and growing it by doubling copied them all.
        var body = ByteBuffer()
        body.reserveCapacity(head.utf8.count + events.reduce(2) { $0 + $1.count + 1 })
        body.writeString(head)
        for (index, event) in events.enumerated() {
            if index > 0 { body.writeInteger(UInt8(ascii: ",")) }
            body.writeBytes(event)
        }
        body.writeString("]}")
        self.init(
            id: id, endpoint: endpoint.id, covers: covers, body: body, eventCount: events.count, status: .pending,
            attempts: 0, createdAt: time, nextAttemptAt: time, finishedAt: nil)
    }

    init(
        id: Int64, endpoint: Int64, covers: ClosedRange<UInt64>?, body: ByteBuffer, eventCount: Int, status: Status,
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
