import Foundation

/// A number as Alpaca clients send it: a JSON number or a decimal string (`10`, `"10"`, `100.25`).
struct AlpacaAmount: Decodable, Sendable {
    let decimal: Decimal

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let text = try? container.decode(String.self) {
            guard let value = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")) else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a number")
            }
            decimal = value
        } else {
            decimal = try container.decode(Decimal.self)
        }
    }

    /// The exact decimal text, which the REST API reads as money.
    var text: String { "\(decimal)" }

    /// The amount as whole shares, when it is a positive whole number.
    var wholeShares: Int64? {
        guard !decimal.isNaN, decimal > 0, !text.contains(".") else { return nil }
        return Int64(text)
    }
}

/// The body of Alpaca's `POST /v2/orders`, as `alpaca-py` sends it.
struct AlpacaOrderRequest: Decodable, Sendable {
    struct Exit: Decodable, Sendable {
        let limitPrice: AlpacaAmount?
        let stopPrice: AlpacaAmount?

        enum CodingKeys: String, CodingKey { case limitPrice = "limit_price", stopPrice = "stop_price" }
    }

    let symbol: String?
    let qty: AlpacaAmount?
    let notional: AlpacaAmount?
    let side: String?
    let type: String?
    let timeInForce: String?
    let orderClass: String?
    let clientOrderID: String?
    let limitPrice: AlpacaAmount?
    let stopPrice: AlpacaAmount?
    let trailPrice: AlpacaAmount?
    let trailPercent: AlpacaAmount?
    let takeProfit: Exit?
    let stopLoss: Exit?

    enum CodingKeys: String, CodingKey {
        case symbol, qty, notional, side, type
        case timeInForce = "time_in_force", orderClass = "order_class", clientOrderID = "client_order_id"
        case limitPrice = "limit_price", stopPrice = "stop_price", trailPrice = "trail_price"
        case trailPercent = "trail_percent", takeProfit = "take_profit", stopLoss = "stop_loss"
    }

    /// What MarketSim is asked to do: one order, or a one-cancels-other pair.
    enum Translation {
        case single(RESTOrderBody)
        case pair(RESTPairBody)
    }

    /// The REST request that places this order, or the reason it cannot be placed (422, nothing placed).
    func translation() throws(AlpacaError) -> Translation {
        guard let symbol, !symbol.isEmpty else { throw .unprocessable("symbol is required") }
        guard notional == nil else {
            throw .unprocessable("notional orders are not supported: give qty, a whole number of shares")
        }
        guard let quantity = qty?.wholeShares else {
            throw .unprocessable("qty must be a positive whole number of shares")
        }
        guard let side, ["buy", "sell"].contains(side.lowercased()) else {
            throw .unprocessable("side must be buy or sell")
        }
        let type = (type ?? "").lowercased()
        guard ["market", "limit", "stop", "stop_limit", "trailing_stop"].contains(type) else {
            throw .unprocessable("type must be market, limit, stop, stop_limit or trailing_stop")
        }
        if type == "trailing_stop", trailPrice == nil, trailPercent == nil {
            throw .unprocessable("a trailing_stop order needs trail_price or trail_percent")
        }
        let timeInForce = try Self.timeInForce(self.timeInForce)
        switch (orderClass ?? "simple").lowercased() {
        case "", "simple":
            return .single(
                base(symbol, side, type, quantity, timeInForce, trailing: true))
        case "bracket":
            guard takeProfit?.limitPrice != nil, stopLoss?.stopPrice != nil else {
                throw .unprocessable("a bracket order needs take_profit.limit_price and stop_loss.stop_price")
            }
            return .single(withExits(base(symbol, side, type, quantity, timeInForce, trailing: false)))
        case "oto":
            guard (takeProfit?.limitPrice == nil) != (stopLoss?.stopPrice == nil) else {
                throw .unprocessable("an oto order needs either take_profit.limit_price or stop_loss.stop_price")
            }
            return .single(withExits(base(symbol, side, type, quantity, timeInForce, trailing: false)))
        case "oco":
            guard let target = takeProfit?.limitPrice ?? limitPrice, let stop = stopLoss?.stopPrice else {
                throw .unprocessable("an oco order needs take_profit.limit_price and stop_loss.stop_price")
            }
            let stopLimit = stopLoss?.limitPrice
            return .pair(
                RESTPairBody(
                    ticker: symbol, side: side.lowercased(), quantity: quantity,
                    legs: [
                        .init(type: "limit", price: target.text, stopPrice: nil, timeInForce: timeInForce),
                        .init(
                            type: stopLimit == nil ? "stop" : "stop_limit", price: stopLimit?.text,
                            stopPrice: stop.text, timeInForce: timeInForce),
                    ]))
        default:
            throw .unprocessable("order_class must be simple, bracket, oco or oto")
        }
    }

    /// `body` with the exits this request gives, as a MarketSim bracket.
    private func withExits(_ body: RESTOrderBody) -> RESTOrderBody {
        var body = body
        body.bracket = .init(
            takeProfit: takeProfit?.limitPrice?.text, stopLoss: stopLoss?.stopPrice?.text,
            stopLossLimit: stopLoss?.limitPrice?.text)
        return body
    }

    private func base(
        _ symbol: String, _ side: String, _ type: String, _ quantity: Int64, _ timeInForce: String, trailing: Bool
    ) -> RESTOrderBody {
        RESTOrderBody(
            ticker: symbol, side: side.lowercased(), quantity: quantity, type: type, price: limitPrice?.text,
            stopPrice: stopPrice?.text, trailAmount: trailing ? trailPrice?.text : nil,
            trailPercent: trailing ? trailPercent?.text : nil, timeInForce: timeInForce, clientOrderID: clientOrderID)
    }

    /// `day` orders are placed good till cancelled: a venue has no sessions for them to end with.
    static func timeInForce(_ text: String?) throws(AlpacaError) -> String {
        switch (text ?? "day").lowercased() {
        case "day", "gtc": "GTC"
        case "ioc": "IOC"
        case "fok": "FOK"
        default: throw .unprocessable("time_in_force must be day, gtc, ioc or fok")
        }
    }
}

/// The body of MarketSim's `POST /api/orders`.
struct RESTOrderBody: Encodable, Sendable {
    struct Bracket: Encodable, Sendable {
        let takeProfit: String?
        let stopLoss: String?
        let stopLossLimit: String?

        enum CodingKeys: String, CodingKey {
            case takeProfit = "take_profit", stopLoss = "stop_loss", stopLossLimit = "stop_loss_limit"
        }
    }

    let ticker: String
    let side: String
    let quantity: Int64
    let type: String
    let price: String?
    let stopPrice: String?
    let trailAmount: String?
    let trailPercent: String?
    let timeInForce: String
    let clientOrderID: String?
    var bracket: Bracket?

    enum CodingKeys: String, CodingKey {
        case ticker, side, quantity, type, price, bracket
        case stopPrice = "stop_price", trailAmount = "trail_amount", trailPercent = "trail_percent"
        case timeInForce = "time_in_force", clientOrderID = "client_order_id"
    }
}

/// The body of MarketSim's `POST /api/orders/oco`.
struct RESTPairBody: Encodable, Sendable {
    struct Leg: Encodable, Sendable {
        let type: String
        let price: String?
        let stopPrice: String?
        let timeInForce: String

        enum CodingKeys: String, CodingKey {
            case type, price, stopPrice = "stop_price", timeInForce = "time_in_force"
        }
    }

    let ticker: String
    let side: String
    let quantity: Int64
    let legs: [Leg]
}

/// The body of Alpaca's `PATCH /v2/orders/{id}`: only a new quantity and limit price can be given here.
struct AlpacaReplaceRequest: Decodable, Sendable {
    let qty: AlpacaAmount?
    let limitPrice: AlpacaAmount?
    let stopPrice: AlpacaAmount?
    let trail: AlpacaAmount?

    enum CodingKeys: String, CodingKey {
        case qty, trail, limitPrice = "limit_price", stopPrice = "stop_price"
    }

    /// The body of MarketSim's `PATCH /api/orders/{id}`.
    func amendment() throws(AlpacaError) -> RESTAmendment {
        guard stopPrice == nil, trail == nil else {
            throw .unprocessable("only qty and limit_price can be replaced; cancel the order and place a new one")
        }
        var quantity: Int64?
        if let qty {
            guard let shares = qty.wholeShares else { throw .unprocessable("qty must be a positive whole number") }
            quantity = shares
        }
        guard quantity != nil || limitPrice != nil else { throw .unprocessable("give qty, limit_price or both") }
        return RESTAmendment(price: limitPrice?.text, quantity: quantity)
    }
}

/// The body of MarketSim's `PATCH /api/orders/{id}`.
struct RESTAmendment: Encodable, Sendable {
    let price: String?
    let quantity: Int64?
}
