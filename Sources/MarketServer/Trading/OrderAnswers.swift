import HTTPTypes
import Hummingbird
import MarketCore
import NIOCore
import SQLKit

/// An order as the API shows it: the answer to placing one (with its fills), or a stored one as
/// `GET /api/orders` lists it (with its creation time). Absent parts are left out of the JSON.
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
    var cancellationReason: String? = nil
    var trades: [TradeAnswer]? = nil
    var duplicate: Bool? = nil
    var createdAt: String? = nil

    enum CodingKeys: String, CodingKey {
        case orderID = "order_id", ticker, side, type, price, quantity, status, trades, duplicate
        case filledQuantity = "filled_quantity", timeInForce = "time_in_force", clientOrderID = "client_order_id"
        case cancellationReason = "cancellation_reason", createdAt = "created_at"
    }

    /// A stored order, from the `orders` table.
    init(row: any SQLRow) throws {
        orderID = String(try row.decode(column: "order_id", as: Int64.self))
        ticker = try row.decode(column: "symbol", as: String.self)
        side = try row.decode(column: "side", as: String.self)
        type = try row.decode(column: "order_type", as: String.self)
        price = try row.decode(column: "price_cents", as: Int64?.self).map(MoneyText.jsonNumber(cents:))
        quantity = try row.decode(column: "quantity", as: Int64.self)
        filledQuantity = try row.decode(column: "filled_quantity", as: Int64.self)
        status = try row.decode(column: "status", as: String.self)
        timeInForce = try row.decode(column: "time_in_force", as: String.self)
        clientOrderID = try row.decode(column: "client_order_id", as: String?.self)
        createdAt = Timestamp(millisecondsSinceEpoch: try row.decode(column: "created_at", as: Int64.self)).iso8601
    }

    /// The answer to placing or amending an order.
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

extension OrderAnswer {
    /// The answer as the `Encodable` form writes it, written by hand: it answers every order placed, and
    /// through `JSONEncoder` it cost more than the rest of the answer.
    func response(from request: Request, context: some RequestContext) throws -> Response {
        let json = self.json
        var headers = HTTPFields()
        headers.reserveCapacity(4)
        headers[.contentType] = "application/json; charset=utf-8"
        headers[.contentLength] = String(json.bytes.count)
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: json.bytes)))
    }

    var json: JSONText {
        var json = JSONText()
        json.beginObject()
        json.member("order_id", orderID)
        json.member("ticker", ticker)
        json.member("side", side)
        json.member("type", type)
        json.member("price", price)
        json.member("quantity", quantity)
        json.member("filled_quantity", filledQuantity)
        json.member("status", status)
        json.member("time_in_force", timeInForce)
        json.member("client_order_id", clientOrderID)
        json.member("cancellation_reason", cancellationReason)
        if let trades {
            json.key("trades")
            json.beginArray()
            for trade in trades { trade.write(to: &json) }
            json.endArray()
        }
        json.member("duplicate", duplicate)
        json.member("created_at", createdAt)
        json.endObject()
        return json
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

    func write(to json: inout JSONText) {
        json.beginObject()
        json.member("trade_id", tradeID)
        json.member("ticker", ticker)
        json.member("price", price)
        json.member("quantity", quantity)
        json.member("buyer_id", buyerID)
        json.member("seller_id", sellerID)
        json.member("buyer_fee", buyerFee)
        json.member("seller_fee", sellerFee)
        json.member("timestamp", timestamp)
        json.endObject()
    }
}
