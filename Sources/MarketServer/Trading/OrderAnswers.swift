import HTTPTypes
import Hummingbird
import MarketCore
import MarketWire
import NIOCore
import SQLKit

/// An order as the API shows it: the answer to placing one (with its fills), or a stored one as
/// `GET /api/orders` lists it (with its creation time). Absent parts are left out of the JSON, which is
/// written by hand: it answers every order placed, and through `JSONEncoder` it cost more than the rest
/// of the answer.
struct OrderAnswer: ResponseGenerator {
    let orderID: String
    let ticker: String
    let side: String
    let type: String
    let price: ExactDecimal?
    let quantity: Shares
    let filledQuantity: Shares
    let status: String
    let timeInForce: String
    let clientOrderID: String?
    var cancellationReason: String? = nil
    var trades: [TradeAnswer]? = nil
    var duplicate: Bool? = nil
    var createdAt: String? = nil
    /// When a stored order last changed (placed, filled, amended or cancelled).
    var updatedAt: String? = nil
    /// What its fills came to (Σ price × quantity), for a single stored order: its average price is this over
    /// the filled quantity, left to the client so that the answer stays exact.
    var filledValue: ExactDecimal? = nil
    var conditions = ConditionsAnswer()

    /// The `order_conditions` columns a listing joins to each order.
    static let conditionColumns = """
        c.stop_price_cents, c.trail_amount_cents, c.trail_basis_points, c.protection_price_cents, \
        c.display_quantity, c.post_only, c.linked_order_id, c.parent_order_id, c.take_profit_cents, \
        c.stop_loss_cents, c.stop_loss_limit_cents, c.triggered_at
        """

    /// A stored order, from the `orders` table joined to its `order_conditions` row, if any.
    init(row: any SQLRow) throws {
        orderID = String(try row.decode(column: "order_id", as: Int64.self))
        ticker = try row.decode(column: "symbol", as: String.self)
        side = try row.decode(column: "side", as: String.self)
        type = try row.decode(column: "order_type", as: String.self)
        price = try row.decode(column: "price_cents", as: Int64?.self).map(ExactDecimal.init(hundredths:))
        quantity = Shares(try row.decode(column: "quantity", as: Int64.self))
        filledQuantity = Shares(try row.decode(column: "filled_quantity", as: Int64.self))
        status = try row.decode(column: "status", as: String.self)
        timeInForce = try row.decode(column: "time_in_force", as: String.self)
        clientOrderID = try row.decode(column: "client_order_id", as: String?.self)
        createdAt = Timestamp(millisecondsSinceEpoch: try row.decode(column: "created_at", as: Int64.self)).iso8601
        updatedAt = Timestamp(millisecondsSinceEpoch: try row.decode(column: "updated_at", as: Int64.self)).iso8601
        if row.contains(column: "filled_value_cents") {
            filledValue = ExactDecimal(hundredths: try row.decode(column: "filled_value_cents", as: Int64?.self) ?? 0)
        }
        cancellationReason = try row.decode(column: "cancellation_reason", as: String?.self)
        if row.contains(column: "stop_price_cents") { conditions = try ConditionsAnswer(row: row, type: type) }
    }

    /// The answer to placing or amending an order.
    init(_ result: OrderResult) {
        self.init(result.acknowledgement, conditions: result.conditions, isDuplicate: result.isDuplicate)
    }

    init(_ acknowledgement: OrderAcknowledgement, conditions: OrderConditions?, isDuplicate: Bool) {
        orderID = acknowledgement.orderID.description
        ticker = acknowledgement.ticker.rawValue
        side = acknowledgement.side.rawValue
        type = OrderTypeName.of(kind: acknowledgement.kind, trigger: conditions?.trigger)
        price = acknowledgement.kind.limitPrice.map(ExactDecimal.init(cents:))
        quantity = acknowledgement.quantity
        filledQuantity = acknowledgement.filledQuantity
        status = acknowledgement.status.rawValue
        timeInForce = acknowledgement.timeInForce.rawValue
        clientOrderID = acknowledgement.clientOrderID
        cancellationReason = acknowledgement.cancellation?.rawValue
        trades = acknowledgement.trades.map(TradeAnswer.init)
        duplicate = isDuplicate
        if let conditions {
            // The answer to placing a conditional order comes before any trade could trigger it.
            self.conditions = ConditionsAnswer(conditions, triggered: false)
        }
    }
}

/// What an order carries beyond a plain one, as the API shows it; each member present only when it applies.
struct ConditionsAnswer: Sendable {
    var stopPrice: ExactDecimal?
    var trailAmount: ExactDecimal?
    var trailPercent: ExactDecimal?
    var protectionPrice: ExactDecimal?
    var triggered: Bool?
    var displayQuantity: Shares?
    var postOnly: Bool?
    var linkedOrderID: String?
    var parentOrderID: String?
    var bracket: (takeProfit: ExactDecimal?, stopLoss: ExactDecimal?, stopLossLimit: ExactDecimal?)?

    init() {}

    init(_ conditions: OrderConditions, triggered: Bool) {
        let money = ExactDecimal.init(cents:)
        switch conditions.trigger {
        case .stop(let price), .takeProfit(let price): stopPrice = money(price)
        case .trailingStop(.amount(let amount)): trailAmount = money(amount)
        case .trailingStop(.basisPoints(let points)): trailPercent = ExactDecimal(basisPoints: points)
        case nil: break
        }
        if conditions.trigger != nil { self.triggered = triggered }
        protectionPrice = conditions.protectionPrice.map(money)
        displayQuantity = conditions.displayQuantity
        postOnly = conditions.isPostOnly ? true : nil
        linkedOrderID = conditions.link?.sibling.description
        parentOrderID = conditions.parent?.description
        bracket = conditions.bracket.map {
            ($0.takeProfit.map(money), $0.stopLoss.map(money), $0.stopLossLimit.map(money))
        }
    }

    init(row: any SQLRow, type: String) throws {
        let money = ExactDecimal.init(hundredths:)
        func cents(_ column: String) throws -> Int64? { try row.decode(column: column, as: Int64?.self) }
        stopPrice = try cents("stop_price_cents").map(money)
        trailAmount = try cents("trail_amount_cents").map(money)
        trailPercent = try cents("trail_basis_points").map(money)
        protectionPrice = try cents("protection_price_cents").map(money)
        if !["limit", "market"].contains(type) { triggered = try cents("triggered_at") != nil }
        displayQuantity = try cents("display_quantity").map { Shares($0) }
        postOnly = try row.decode(column: "post_only", as: Bool?.self) == true ? true : nil
        linkedOrderID = try cents("linked_order_id").map(String.init)
        parentOrderID = try cents("parent_order_id").map(String.init)
        let (takeProfit, stopLoss) = (try cents("take_profit_cents"), try cents("stop_loss_cents"))
        if takeProfit != nil || stopLoss != nil {
            bracket = (takeProfit.map(money), stopLoss.map(money), try cents("stop_loss_limit_cents").map(money))
        }
    }

    func write(to json: inout JSONText) {
        json.member("stop_price", stopPrice)
        json.member("trail_amount", trailAmount)
        json.member("trail_percent", trailPercent)
        json.member("protection_price", protectionPrice)
        json.member("triggered", triggered)
        json.member("display_quantity", displayQuantity)
        json.member("post_only", postOnly)
        json.member("linked_order_id", linkedOrderID)
        json.member("parent_order_id", parentOrderID)
        if let bracket {
            json.key("bracket")
            json.beginObject()
            json.member("take_profit", bracket.takeProfit)
            json.member("stop_loss", bracket.stopLoss)
            json.member("stop_loss_limit", bracket.stopLossLimit)
            json.endObject()
        }
    }
}

/// Orders as a JSON array: a listing, or `{"orders": [...]}` for the two legs of a pair.
struct OrderListAnswer: ResponseGenerator {
    let orders: [OrderAnswer]
    /// Wraps the array in `{"orders": ...}`.
    var isWrapped = false

    func response(from request: Request, context: some RequestContext) throws -> Response {
        var json = JSONText()
        if isWrapped {
            json.beginObject()
            json.key("orders")
        }
        json.beginArray()
        for order in orders { order.write(to: &json) }
        json.endArray()
        if isWrapped { json.endObject() }
        return json.response()
    }
}

extension OrderAnswer {
    func response(from request: Request, context: some RequestContext) throws -> Response {
        json.response()
    }

    var json: JSONText {
        var json = JSONText()
        write(to: &json)
        return json
    }

    func write(to json: inout JSONText) {
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
        json.member("updated_at", updatedAt)
        json.member("filled_value", filledValue)
        conditions.write(to: &json)
        json.endObject()
    }
}

/// A fill as an order's answer lists it.
struct TradeAnswer: Encodable, Sendable {
    let tradeID: String
    let ticker: String
    let price: ExactDecimal
    let quantity: Shares
    let buyerID: String
    let sellerID: String
    let buyerFee: ExactDecimal
    let sellerFee: ExactDecimal
    let timestamp: String

    enum CodingKeys: String, CodingKey {
        case tradeID = "trade_id", ticker, price, quantity, timestamp
        case buyerID = "buyer_id", sellerID = "seller_id", buyerFee = "buyer_fee", sellerFee = "seller_fee"
    }

    init(_ trade: Trade) {
        tradeID = trade.id.description
        ticker = trade.ticker.rawValue
        price = ExactDecimal(cents: trade.price)
        quantity = trade.quantity
        buyerID = trade.buyer.description
        sellerID = trade.seller.description
        buyerFee = ExactDecimal(cents: trade.buyerFee)
        sellerFee = ExactDecimal(cents: trade.sellerFee)
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
