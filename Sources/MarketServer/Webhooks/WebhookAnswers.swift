import Hummingbird
import MarketCore

/// `{"url", "topics", "venue"?, "description"?, "active"?}`: an endpoint to create, or what to change of one.
struct WebhookBody: Decodable, Sendable {
    let url: WebhookURL?
    let topics: Set<WebhookTopic>?
    let venue: String?
    let description: String?
    let active: Bool?

    enum CodingKeys: String, CodingKey { case url, topics, venue, description, active }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if let text = try container.decodeIfPresent(String.self, forKey: .url) {
            do {
                url = try WebhookURL(text)
            } catch {
                throw RequestError.invalidField("url", reason: error.reason)
            }
        } else {
            url = nil
        }
        if let names = try container.decodeIfPresent([String].self, forKey: .topics) {
            let topics = Set(names.compactMap(WebhookTopic.init(rawValue:)))
            guard !names.isEmpty, topics.count == names.count else {
                throw RequestError.badRequest(
                    code: "invalid_topics",
                    detail: "topics must name at least one of "
                        + WebhookTopic.allCases.map(\.rawValue).joined(separator: ", ") + ", each once")
            }
            self.topics = topics
        } else {
            topics = nil
        }
        venue = try container.decodeIfPresent(String.self, forKey: .venue)
        description = try container.decodeIfPresent(String.self, forKey: .description)
        if let description, description.count > 200 {
            throw RequestError.invalidField("description", reason: "must be at most 200 characters")
        }
        active = try container.decodeIfPresent(Bool.self, forKey: .active)
    }
}

/// One endpoint as the API shows it; `secret` only when it is created or its secret rotated.
struct WebhookAnswer: ResponseEncodable, Sendable {
    let webhookID: String
    let venue: String
    let url: String
    let topics: [String]
    let description: String
    let active: Bool
    let createdAt: String
    let secret: String?

    enum CodingKeys: String, CodingKey {
        case webhookID = "webhook_id", venue, url, topics, description, active, createdAt = "created_at", secret
    }

    init(_ endpoint: WebhookEndpoint, secret: String? = nil) {
        webhookID = String(endpoint.id)
        venue = endpoint.venue
        url = endpoint.url
        topics = endpoint.topics.sorted().map(\.rawValue)
        description = endpoint.description
        active = endpoint.isActive
        createdAt = endpoint.createdAt.iso8601
        self.secret = secret
    }
}

struct WebhookList: ResponseEncodable {
    let webhooks: [WebhookAnswer]
}

struct WebhookDeleted: ResponseEncodable {
    let webhookID: String
    var status = "deleted"

    enum CodingKeys: String, CodingKey { case webhookID = "webhook_id", status }
}

struct WebhookSecretAnswer: ResponseEncodable {
    let webhookID: String
    let secret: String

    enum CodingKeys: String, CodingKey { case webhookID = "webhook_id", secret }
}

struct WebhookTestAnswer: ResponseEncodable {
    struct Data: Encodable {
        let message: String
    }

    let webhookID: String
    var status = "queued"

    enum CodingKeys: String, CodingKey { case webhookID = "webhook_id", status }
}

/// One delivery with its attempts, newest deliveries first.
struct WebhookDeliveryAnswer: Encodable, Sendable {
    struct Attempt: Encodable, Sendable {
        let attempt: Int
        let attemptedAt: String
        let statusCode: Int?
        let error: String?
        let durationMs: Int64

        enum CodingKeys: String, CodingKey {
            case attempt, attemptedAt = "attempted_at", statusCode = "status_code", error, durationMs = "duration_ms"
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(attempt, forKey: .attempt)
            try container.encode(attemptedAt, forKey: .attemptedAt)
            try container.encode(statusCode, forKey: .statusCode)
            try container.encode(error, forKey: .error)
            try container.encode(durationMs, forKey: .durationMs)
        }
    }

    let deliveryID: String
    let status: String
    let eventCount: Int
    let createdAt: String
    let nextAttemptAt: String?
    let finishedAt: String?
    let attempts: [Attempt]

    enum CodingKeys: String, CodingKey {
        case deliveryID = "delivery_id", status, eventCount = "event_count", createdAt = "created_at"
        case nextAttemptAt = "next_attempt_at", finishedAt = "finished_at", attempts
    }

    init(_ delivery: WebhookDelivery, attempts: [WebhookDelivery.Attempt]) {
        deliveryID = String(delivery.id)
        status = delivery.status.rawValue
        eventCount = delivery.eventCount
        createdAt = delivery.createdAt.iso8601
        nextAttemptAt = delivery.status == .pending ? delivery.nextAttemptAt.iso8601 : nil
        finishedAt = delivery.finishedAt?.iso8601
        self.attempts = attempts.map {
            Attempt(
                attempt: $0.number, attemptedAt: $0.at.iso8601, statusCode: $0.statusCode, error: $0.error,
                durationMs: $0.duration.wholeMilliseconds)
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(deliveryID, forKey: .deliveryID)
        try container.encode(status, forKey: .status)
        try container.encode(eventCount, forKey: .eventCount)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(nextAttemptAt, forKey: .nextAttemptAt)
        try container.encode(finishedAt, forKey: .finishedAt)
        try container.encode(attempts, forKey: .attempts)
    }
}

struct WebhookDeliveryList: ResponseEncodable {
    let deliveries: [WebhookDeliveryAnswer]
}

/// `{"private_addresses": "allow" | "forbid"}`.
struct WebhookSettingsAnswer: ResponseEncodable, Decodable, Sendable {
    let allowsPrivate: Bool

    enum CodingKeys: String, CodingKey { case privateAddresses = "private_addresses" }

    init(allowsPrivate: Bool) {
        self.allowsPrivate = allowsPrivate
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        switch try container.decode(String.self, forKey: .privateAddresses) {
        case "allow": allowsPrivate = true
        case "forbid": allowsPrivate = false
        default: throw RequestError.invalidField("private_addresses", reason: "must be allow or forbid")
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(allowsPrivate ? "allow" : "forbid", forKey: .privateAddresses)
    }
}
