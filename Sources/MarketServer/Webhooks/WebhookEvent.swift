import Foundation
import MarketCore

/// One fact a webhook carries, encoded once for every endpoint it goes to:
/// `{"id","type","topic","venue","sequence","timestamp","data"}`, where `data` is the message the WebSocket
/// feed sends for it and `sequence` the venue's journal sequence of the event (0 for a fact the journal does
/// not hold). `id` names the fact, so that a receiver can drop one it is sent twice.
struct WebhookEvent: Sendable {
    /// `nil` for a test event, which goes only to the endpoint it tests.
    let topic: WebhookTopic?
    /// The account it concerns; `nil` for a fact about the whole venue.
    let account: AccountID?
    let json: [UInt8]

    private struct Envelope: Encodable {
        let id: String
        let type: String
        let topic: String
        let venue: String
        let sequence: UInt64
        let timestamp: String
        let data: any Encodable

        enum CodingKeys: String, CodingKey { case id, type, topic, venue, sequence, timestamp, data }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(id, forKey: .id)
            try container.encode(type, forKey: .type)
            try container.encode(topic, forKey: .topic)
            try container.encode(venue, forKey: .venue)
            try container.encode(sequence, forKey: .sequence)
            try container.encode(timestamp, forKey: .timestamp)
            try data.encode(to: container.superEncoder(forKey: .data))
        }
    }

    init(topic: WebhookTopic?, account: AccountID?, json: [UInt8]) {
        self.topic = topic
        self.account = account
        self.json = json
    }

    init?(
        id: String, type: String, topic: WebhookTopic?, account: AccountID?, venue: String, sequence: UInt64,
        at timestamp: Timestamp, data: any Encodable
    ) {
        let envelope = Envelope(
            id: id, type: type, topic: topic?.rawValue ?? "test", venue: venue, sequence: sequence,
            timestamp: timestamp.iso8601,
            data: data)
        guard let json = try? JSONEncoder().encode(envelope) else { return nil }
        self.topic = topic
        self.account = account
        self.json = Array(json)
    }

    /// The facts of committed `event` of `venue` that `wanted` says some endpoint asks for: a topic, about an
    /// account or (`nil`) the whole venue.
    static func of(_ event: Event, in venue: String, wanted: (WebhookTopic, AccountID?) -> Bool) -> [WebhookEvent] {
        if case .tradeExecuted(let trade) = event.kind {
            return of(trade, in: venue, sequence: event.sequence, wanted: wanted)
        }
        var facts: [WebhookEvent] = []
        for (index, update) in PrivateUpdate.of(event).enumerated() {
            guard let topic = topic(of: update), wanted(topic, update.account) else { continue }
            let id = "\(venue):\(event.sequence):\(index)"
            if let fact = WebhookEvent(
                id: id, type: update.type, topic: topic, account: update.account, venue: venue,
                sequence: event.sequence,
                at: event.timestamp, data: update.message(event.sequence))
            {
                facts.append(fact)
            }
        }
        switch event.kind {
        case .tradeExecuted(let trade) where wanted(.venueTrades, nil):
            facts +=
                WebhookEvent(
                    id: "\(venue):\(event.sequence):trade", type: "trade", topic: .venueTrades, account: nil,
                    venue: venue,
                    sequence: event.sequence, at: event.timestamp,
                    data: FeedMessage.PublicTrade(trade, sequence: event.sequence)
                ).map { [$0] } ?? []
        case .tradingStatusChanged(let ticker, let status) where wanted(.venueStatus, nil):
            let data = TradingStatusMessage(ticker: ticker?.rawValue, status: status)
            facts +=
                WebhookEvent(
                    id: "\(venue):\(event.sequence):status", type: "trading_status", topic: .venueStatus, account: nil,
                    venue: venue, sequence: event.sequence, at: event.timestamp, data: data
                ).map { [$0] } ?? []
        default:
            break
        }
        return facts
    }

    /// A trade's facts: a fill for each side (as ``PrivateUpdate`` orders them), then the venue's trade.
    private static func of(
        _ trade: Trade, in venue: String, sequence: UInt64, wanted: (WebhookTopic, AccountID?) -> Bool
    ) -> [WebhookEvent] {
        var facts: [WebhookEvent] = []
        var time: String?
        let accounts = trade.buyer == trade.seller ? [trade.buyer] : [trade.buyer, trade.seller]
        // The index is the fill's place among the trade's private updates, wanted or not: it is part of its id.
        for (index, account) in accounts.enumerated() where wanted(.fills, account) {
            time = time ?? trade.timestamp.iso8601
            facts.append(fill(trade, for: account, index: index, in: venue, sequence: sequence, time: time!))
        }
        if wanted(.venueTrades, nil) {
            facts.append(Self.trade(trade, in: venue, sequence: sequence, time: time ?? trade.timestamp.iso8601))
        }
        return facts
    }

    private static func topic(of update: PrivateUpdate) -> WebhookTopic? {
        switch update.kind {
        case .fill: .fills
        case .order: .orders
        case .margin: .margin
        case .riskLimit: .riskLimits
        case .dividend: nil
        }
    }
}

/// `{"ticker": symbol | null, "status": "open" | "halted", "reason"?}`: trading in one ticker, or in the whole
/// venue when `ticker` is null, halted or resumed.
struct TradingStatusMessage: Encodable {
    let ticker: String?
    let status: TradingStatus

    enum CodingKeys: String, CodingKey { case ticker, status, reason }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(ticker, forKey: .ticker)
        switch status {
        case .open:
            try container.encode("open", forKey: .status)
        case .halted(let reason):
            try container.encode("halted", forKey: .status)
            try container.encode(reason, forKey: .reason)
        }
    }
}
