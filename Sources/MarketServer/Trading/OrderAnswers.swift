import Hummingbird
import MarketCore

/// An order as the API answers it.
struct OrderAnswer: ResponseEncodable {
    let orderID: String
    let ticker: String
    let side: String
    let type: String
    let price: Double?
    let quantity: Int64
    let filledQuantity: Int64
    let status: String
    let timeInForce: String
    let clientOrderID: String?
    let cancellationReason: String?
    let trades: [TradeAnswer]
    let duplicate: Bool

    enum CodingKeys: String, CodingKey {
        case orderID = "order_id", ticker, side, type, price, quantity, status, trades, duplicate
        case filledQuantity = "filled_quantity", timeInForce = "time_in_force", clientOrderID = "client_order_id"
        case cancellationReason = "cancellation_reason"
    }

    init(_ result: OrderResult) {
        let acknowledgement = result.acknowledgement
        orderID = acknowledgement.orderID.description
        ticker = acknowledgement.ticker.rawValue
        side = acknowledgement.side.rawValue
        type = acknowledgement.kind == .market ? "market" : "limit"
        price = acknowledgement.kind.limitPrice.map(MoneyText.jsonNumber(cents:))
        quantity = acknowledgement.quantity
        filledQuantity = acknowledgement.filledQuantity
        status = acknowledgement.status.rawValue
        timeInForce = acknowledgement.timeInForce.rawValue
        clientOrderID = acknowledgement.clientOrderID
        cancellationReason = acknowledgement.cancellation?.rawValue
        trades = acknowledgement.trades.map(TradeAnswer.init)
        duplicate = result.isDuplicate
    }
}

/// A fill as an order's answer lists it.
struct TradeAnswer: Encodable, Sendable {
    let tradeID: String
    let ticker: String
    let price: Double
    let quantity: Int64
    let buyerID: String
    let sellerID: String
    let buyerFee: Double
    let sellerFee: Double
    let timestamp: String

    enum CodingKeys: String, CodingKey {
        case tradeID = "trade_id", ticker, price, quantity, timestamp
        case buyerID = "buyer_id", sellerID = "seller_id", buyerFee = "buyer_fee", sellerFee = "seller_fee"
    }

    init(_ trade: Trade) {
        tradeID = trade.id.description
        ticker = trade.ticker.rawValue
        price = MoneyText.jsonNumber(cents: trade.price)
        quantity = trade.quantity
        buyerID = trade.buyer.description
        sellerID = trade.seller.description
        buyerFee = MoneyText.jsonNumber(cents: trade.buyerFee)
        sellerFee = MoneyText.jsonNumber(cents: trade.sellerFee)
        timestamp = trade.timestamp.iso8601
    }
}
