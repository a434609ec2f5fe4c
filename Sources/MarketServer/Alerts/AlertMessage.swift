import MarketCore

extension FeedMessage {
    /// A trade reached the price of one of the account's alerts; on the owner's private channel.
    struct Alert: Encodable {
        let type = "alert"
        let channel = "private"
        let sequence: UInt64
        let alert: AlertAnswer
        let tradePrice: ExactDecimal
        let tradeID: String
        let timestamp: String

        enum CodingKeys: String, CodingKey {
            case type, channel, sequence, alert, timestamp, tradePrice = "trade_price", tradeID = "trade_id"
        }

        init(_ firing: PriceAlerts.Firing, sequence: UInt64) {
            self.sequence = sequence
            alert = AlertAnswer(firing.alert)
            tradePrice = ExactDecimal(cents: firing.trade.price)
            tradeID = firing.trade.id.description
            timestamp = firing.trade.timestamp.iso8601
        }
    }
}
