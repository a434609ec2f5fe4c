import Foundation
import MarketCore
import NIOCore

/// The JSON messages of the WebSocket channels. Every message has a `type`, the `channel` it belongs to and
/// that channel's `sequence`; the fields after those follow the agent API contract.
enum FeedMessage {
    static func encode(_ value: some Encodable) -> ByteBuffer? {
        guard let data = try? JSONEncoder().encode(value) else { return nil }
        return ByteBuffer(bytes: data)
    }

    /// `{"type":"news","channel":"news","sequence","id","headline","ticker","percent","timestamp"}`: a headline
    /// as `GET /api/news` lists it.
    struct News: Encodable {
        let sequence: UInt64
        let item: NewsAnswer.Item

        enum CodingKeys: String, CodingKey { case type, channel, sequence }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode("news", forKey: .type)
            try container.encode("news", forKey: .channel)
            try container.encode(sequence, forKey: .sequence)
            try item.encode(to: encoder)
        }
    }

    /// `{"type":"prices","data":{"FUN":{"current_price","best_bid","best_ask"}}}`
    struct Prices: Encodable {
        let type = "prices"
        let channel = "prices"
        let sequence: UInt64
        let data: [String: TickerSummary]
    }

    /// `{"type":"orderbook","ticker","bids","asks"}`, best first, aggregated by price.
    struct OrderBook: Encodable {
        let type = "orderbook"
        let channel: String
        let sequence: UInt64
        let ticker: String
        let bids: [OrderBookAnswer.Level]
        let asks: [OrderBookAnswer.Level]

        init(_ depth: BookDepth, sequence: UInt64) {
            let answer = OrderBookAnswer(depth)
            channel = "orderbook:\(depth.ticker)"
            self.sequence = sequence
            ticker = answer.ticker
            bids = answer.bids
            asks = answer.asks
        }
    }

    /// `{"type":"trade","ticker","price","quantity","timestamp"}`, plus the trade id and the aggressor's side.
    struct PublicTrade: Encodable {
        let type = "trade"
        let channel: String
        let sequence: UInt64
        let tradeID: String
        let ticker: String
        let price: ExactDecimal
        let quantity: Shares
        let side: String
        let timestamp: String

        enum CodingKeys: String, CodingKey {
            case type, channel, sequence, ticker, price, quantity, side, timestamp, tradeID = "trade_id"
        }

        init(_ trade: Trade, sequence: UInt64) {
            channel = "trades:\(trade.ticker)"
            self.sequence = sequence
            tradeID = trade.id.description
            ticker = trade.ticker.rawValue
            price = ExactDecimal(cents: trade.price)
            quantity = trade.quantity
            side = trade.aggressor.rawValue
            timestamp = trade.timestamp.iso8601
        }
    }

    /// One of the caller's fills: `{"type":"fill","trade_id","order_id","ticker","side","price","quantity","fee",…}`.
    struct Fill: Encodable {
        let type = "fill"
        let channel = "private"
        let sequence: UInt64
        let tradeID: String
        let orderID: String
        let ticker: String
        let side: String
        let price: ExactDecimal
        let quantity: Shares
        let fee: ExactDecimal
        let counterpartyID: String
        let orderCompleted: Bool
        let timestamp: String

        enum CodingKeys: String, CodingKey {
            case type, channel, sequence, ticker, side, price, quantity, fee, timestamp
            case tradeID = "trade_id", orderID = "order_id", counterpartyID = "counterparty_id"
            case orderCompleted = "order_completed"
        }

        init(_ trade: Trade, for account: AccountID, sequence: UInt64) {
            let buys = trade.buyer == account
            self.sequence = sequence
            tradeID = trade.id.description
            orderID = (buys ? trade.buyOrder : trade.sellOrder).description
            ticker = trade.ticker.rawValue
            side = buys ? "buy" : "sell"
            price = ExactDecimal(cents: trade.price)
            quantity = trade.quantity
            fee = ExactDecimal(cents: buys ? trade.buyerFee : trade.sellerFee)
            counterpartyID = (buys ? trade.seller : trade.buyer).description
            orderCompleted = buys ? trade.completesBuyOrder : trade.completesSellOrder
            timestamp = trade.timestamp.iso8601
        }
    }

    /// A change to one of the caller's orders:
    /// `{"type":"order","event":"accepted|rested|cancelled|reduced","order_id","ticker",…}`.
    struct OrderUpdate: Encodable {
        let type = "order"
        let channel = "private"
        let sequence: UInt64
        let event: String
        let orderID: String
        let ticker: String
        let side: String?
        let price: ExactDecimal?
        let quantity: Shares?
        let remaining: Shares?
        let reason: String?
        let timestamp: String

        enum CodingKeys: String, CodingKey {
            case type, channel, sequence, event, ticker, side, price, quantity, remaining, reason, timestamp
            case orderID = "order_id"
        }

        init(
            event: String, order: OrderID, ticker: TickerSymbol, sequence: UInt64, at time: Timestamp,
            side: Side? = nil,
            price: Cents? = nil, quantity: Shares? = nil, remaining: Shares? = nil, reason: String? = nil
        ) {
            self.event = event
            orderID = order.description
            self.ticker = ticker.rawValue
            self.sequence = sequence
            timestamp = time.iso8601
            self.side = side?.rawValue
            self.price = price.map(ExactDecimal.init(cents:))
            self.quantity = quantity
            self.remaining = remaining
            self.reason = reason
        }
    }

    /// A dividend credited to the caller: `{"type":"dividend","ticker","amount_per_share","shares","amount"}`.
    struct Dividend: Encodable {
        let type = "dividend"
        let channel = "private"
        let sequence: UInt64
        let ticker: String
        let amountPerShare: ExactDecimal
        let shares: Shares
        let amount: ExactDecimal
        let timestamp: String

        enum CodingKeys: String, CodingKey {
            case type, channel, sequence, ticker, shares, amount, timestamp, amountPerShare = "amount_per_share"
        }
    }

    /// A short position below its maintenance margin (`margin_call`), and, when the call could not restore
    /// it, bought back by the exchange (`liquidation`); on the owner's private channel.
    struct Margin: Encodable {
        let type: String
        let channel = "private"
        let sequence: UInt64
        let ticker: String
        let price: ExactDecimal
        /// Shares short when it happened.
        let shortQuantity: Shares
        /// The collateral the maintenance margin asks for (`margin_call`).
        let required: ExactDecimal?
        /// Free cash moved into the collateral (`margin_call`), or collateral released to buy back with
        /// (`liquidation`).
        let collateral: ExactDecimal
        let timestamp: String

        enum CodingKeys: String, CodingKey {
            case type, channel, sequence, ticker, price, collateral, timestamp
            case shortQuantity = "short_quantity", required = "required_collateral"
        }
    }

    /// One of the account's safety limits tripped (`risk_limit_tripped`): its orders are cancelled and it places
    /// none until the limit is reset; on the owner's private channel.
    struct RiskLimit: Encodable {
        let type = "risk_limit_tripped"
        let channel = "private"
        let sequence: UInt64
        /// `daily_loss` or `drawdown`.
        let limit: String
        let threshold: ExactDecimal
        let equity: ExactDecimal
        /// The equity the loss is measured from: the day's opening, or the peak.
        let reference: ExactDecimal
        let timestamp: String

        enum CodingKeys: String, CodingKey {
            case type, channel, sequence, limit, threshold, equity, timestamp, reference = "reference_equity"
        }
    }
}
