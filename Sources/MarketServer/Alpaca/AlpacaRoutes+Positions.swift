import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdCore

/// Positions: list, get one, close one or all with market orders.
extension AlpacaRoutes {
    func addPositions(to group: RouterGroup<MarketRequestContext>) {
        group.get("v2/positions") { request, context -> AlpacaJSON<[AlpacaPosition]> in
            let portfolio = try await call(request, context).value(REST.Portfolio.self, .get, "/portfolio")
            return AlpacaJSON(portfolio.holdings.filter { $0.quantity != 0 }.map(AlpacaPosition.init))
        }
        group.get("v2/positions/:symbol") { request, context -> AlpacaJSON<AlpacaPosition> in
            AlpacaJSON(AlpacaPosition(try await holding(request, context)))
        }
        group.delete("v2/positions/:symbol") { request, context -> AlpacaJSON<AlpacaOrder> in
            let holding = try await holding(request, context)
            let shares = try Self.sharesToClose(of: holding, request.uri.queryParameters)
            return AlpacaJSON(try await close(holding, shares: shares, call(request, context)))
        }
        group.delete("v2/positions") { request, context -> AlpacaJSON<[ClosedPosition]> in
            let call = call(request, context)
            if request.uri.queryParameters.get("cancel_orders")?.lowercased() == "true" {
                _ = try await cancelAll(call)
            }
            let portfolio = try await call.value(REST.Portfolio.self, .get, "/portfolio")
            var outcomes: [ClosedPosition] = []
            for holding in portfolio.holdings where holding.quantity != 0 {
                do {
                    let order = try await close(holding, shares: holding.quantity.magnitude, call)
                    outcomes.append(ClosedPosition(symbol: holding.ticker, status: 200, body: .order(order)))
                } catch let error as AlpacaError {
                    outcomes.append(
                        ClosedPosition(
                            symbol: holding.ticker, status: error.status.code,
                            body: .failure(code: error.code, message: error.message)))
                }
            }
            return AlpacaJSON(outcomes, status: .init(code: 207, reasonPhrase: "Multi-Status"))
        }
    }

    private func holding(_ request: Request, _ context: MarketRequestContext) async throws -> REST.Portfolio.Holding {
        let symbol = (context.parameters.get("symbol") ?? "").uppercased()
        let portfolio = try await call(request, context).value(REST.Portfolio.self, .get, "/portfolio")
        guard
            let holding = portfolio.holdings.first(where: {
                $0.quantity != 0 && ($0.ticker == symbol || AlpacaID.asset($0.ticker) == symbol.lowercased())
            })
        else { throw AlpacaError.notFound("position does not exist") }
        return holding
    }

    /// A market order that takes `shares` off the position: a sale of a long one, a purchase for a short one.
    private func close(_ holding: REST.Portfolio.Holding, shares: UInt64, _ call: AlpacaCall) async throws
        -> AlpacaOrder
    {
        let body = RESTOrderBody(
            ticker: holding.ticker, side: holding.quantity > 0 ? "sell" : "buy", quantity: Int64(shares),
            type: "market", price: nil, stopPrice: nil, trailAmount: nil, trailPercent: nil, timeInForce: "GTC",
            clientOrderID: nil)
        let placed = try await call.value(REST.Placed.self, .post, "/orders", body: body)
        return try await order(placed.orderID, call)
    }

    /// `qty` shares, or `percentage` of the position (rounded down, at least one), or all of it.
    static func sharesToClose(of holding: REST.Portfolio.Holding, _ query: FlatDictionary<Substring, Substring>)
        throws(AlpacaError)
        -> UInt64
    {
        let held = holding.quantity.magnitude
        if let text = query.get("qty") {
            guard let shares = UInt64(text), (1...held).contains(shares) else {
                throw .unprocessable("qty must be a whole number from 1 to the \(held) shares held")
            }
            return shares
        }
        if let text = query.get("percentage") {
            guard let percent = Decimal(string: text), percent > 0, percent <= 100 else {
                throw .unprocessable("percentage must be above 0 and at most 100")
            }
            let exact = Decimal(held) * percent / 100
            let shares = NSDecimalNumber(decimal: exact).uint64Value
            return max(1, min(held, shares))
        }
        return held
    }
}

/// A holding as an Alpaca position: quantities signed (a short one is negative), amounts as strings.
struct AlpacaPosition: Encodable, Sendable {
    let assetID: String
    let symbol: String
    let exchange = "OTC"
    let assetClass = "us_equity"
    let assetMarginable = false
    let qty: String
    let side: String
    let avgEntryPrice: String
    let marketValue: String
    let costBasis: String
    let unrealizedPL: String
    let unrealizedPLPC: String
    let currentPrice: String

    enum CodingKeys: String, CodingKey {
        case symbol, exchange, qty, side
        case assetID = "asset_id", assetClass = "asset_class", assetMarginable = "asset_marginable"
        case avgEntryPrice = "avg_entry_price", marketValue = "market_value", costBasis = "cost_basis"
        case unrealizedPL = "unrealized_pl", unrealizedPLPC = "unrealized_plpc", currentPrice = "current_price"
        case unrealizedIntradayPL = "unrealized_intraday_pl", unrealizedIntradayPLPC = "unrealized_intraday_plpc"
        case lastdayPrice = "lastday_price", changeToday = "change_today", qtyAvailable = "qty_available"
    }

    init(_ holding: REST.Portfolio.Holding) {
        let zero = ExactDecimal(hundredths: 0)
        assetID = AlpacaID.asset(holding.ticker)
        symbol = holding.ticker
        qty = String(holding.quantity)
        side = holding.quantity < 0 ? "short" : "long"
        avgEntryPrice = (holding.averagePrice ?? holding.currentPrice).text
        marketValue = holding.value.text
        let basis = holding.costBasis ?? zero
        costBasis = basis.text
        let pnl = holding.unrealizedPnL ?? zero
        unrealizedPL = pnl.text
        unrealizedPLPC = AlpacaNumber.ratio(pnl, ExactDecimal(hundredths: Int64(clamping: basis.hundredths.magnitude)))
        currentPrice = holding.currentPrice.text
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        for (key, text) in [
            (CodingKeys.assetID, assetID), (.symbol, symbol), (.exchange, exchange), (.assetClass, assetClass),
            (.qty, qty), (.qtyAvailable, qty), (.side, side), (.avgEntryPrice, avgEntryPrice),
            (.marketValue, marketValue), (.costBasis, costBasis), (.unrealizedPL, unrealizedPL),
            (.unrealizedPLPC, unrealizedPLPC), (.unrealizedIntradayPL, unrealizedPL),
            (.unrealizedIntradayPLPC, unrealizedPLPC), (.currentPrice, currentPrice), (.lastdayPrice, currentPrice),
            (.changeToday, "0"),
        ] {
            try container.encode(text, forKey: key)
        }
        try container.encode(assetMarginable, forKey: .assetMarginable)
    }
}

/// One position of a close-all, as Alpaca answers it: the closing order, or why it could not be placed.
struct ClosedPosition: Encodable, Sendable {
    enum Body: Encodable, Sendable {
        case order(AlpacaOrder)
        case failure(code: Int, message: String)

        func encode(to encoder: any Encoder) throws {
            switch self {
            case .order(let order): try order.encode(to: encoder)
            case .failure(let code, let message):
                var container = encoder.container(keyedBy: FailureKeys.self)
                try container.encode(code, forKey: .code)
                try container.encode(message, forKey: .message)
            }
        }

        private enum FailureKeys: String, CodingKey { case code, message }
    }

    let symbol: String
    let status: Int
    let body: Body

    var orderID: String? {
        if case .order(let order) = body { order.id } else { nil }
    }

    enum CodingKeys: String, CodingKey { case symbol, status, body, orderID = "order_id" }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(symbol, forKey: .symbol)
        try container.encode(status, forKey: .status)
        try container.encode(body, forKey: .body)
        try container.encodeIfPresent(orderID, forKey: .orderID)
    }
}
