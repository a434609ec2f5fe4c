import MarketCore

extension WebhookEvent {
    /// A fill of `account`'s, written by hand: the facts most often sent, by far, are fills and trades, and
    /// `JSONEncoder` would cost more than everything else their delivery does. The members are those of
    /// ``FeedMessage/Fill`` in the envelope of ``WebhookEvent``.
    /// `time` is the trade's timestamp as text, formatted once for all of the trade's facts.
    static func fill(
        _ trade: Trade, for account: AccountID, index: Int, in venue: String, sequence: UInt64, time: String
    ) -> WebhookEvent {
        let buys = trade.buyer == account
        var json = envelope(
            id: "\(venue):\(sequence):\(index)", type: "fill", topic: .fills, venue: venue, sequence: sequence,
            time: time)
        json.beginObject()
        json.member("type", "fill")
        json.member("channel", "private")
        json.member("sequence", Int64(sequence))
        json.member("trade_id", trade.id.description)
        json.member("order_id", (buys ? trade.buyOrder : trade.sellOrder).description)
        json.member("ticker", trade.ticker.rawValue)
        json.member("side", buys ? "buy" : "sell")
        json.member("price", ExactDecimal(cents: trade.price))
        json.member("quantity", trade.quantity)
        json.member("fee", ExactDecimal(cents: buys ? trade.buyerFee : trade.sellerFee))
        json.member("counterparty_id", (buys ? trade.seller : trade.buyer).description)
        json.member("order_completed", buys ? trade.completesBuyOrder : trade.completesSellOrder)
        json.member("timestamp", time)
        json.endObject()
        json.endObject()
        return WebhookEvent(topic: .fills, account: account, json: json.bytes)
    }

    /// A trade of the venue, as the public `trades` channel shows it, written by hand as a fill is.
    static func trade(_ trade: Trade, in venue: String, sequence: UInt64, time: String) -> WebhookEvent {
        var json = envelope(
            id: "\(venue):\(sequence):trade", type: "trade", topic: .venueTrades, venue: venue, sequence: sequence,
            time: time)
        json.beginObject()
        json.member("type", "trade")
        json.member("channel", "trades:\(trade.ticker)")
        json.member("sequence", Int64(sequence))
        json.member("trade_id", trade.id.description)
        json.member("ticker", trade.ticker.rawValue)
        json.member("price", ExactDecimal(cents: trade.price))
        json.member("quantity", trade.quantity)
        json.member("side", trade.aggressor.rawValue)
        json.member("timestamp", time)
        json.endObject()
        json.endObject()
        return WebhookEvent(topic: .venueTrades, account: nil, json: json.bytes)
    }

    /// The envelope's members, up to `"data":`.
    private static func envelope(
        id: String, type: StaticString, topic: WebhookTopic, venue: String, sequence: UInt64, time: String
    ) -> JSONText {
        var json = JSONText(capacity: 420)
        json.beginObject()
        json.member("id", id)
        json.member("type", String(describing: type))
        json.member("topic", topic.rawValue)
        json.member("venue", venue)
        json.member("sequence", Int64(sequence))
        json.member("timestamp", time)
        json.key("data")
        return json
    }
}
