import Foundation
import Hummingbird
import MarketCore

/// The account, the venue's tickers as assets, and the clock.
extension AlpacaRoutes {
    func addAccount(to group: RouterGroup<MarketRequestContext>) {
        group.get("v2/account") { request, context -> AlpacaJSON<AlpacaAccount> in
            let call = call(request, context)
            async let portfolio = call.value(REST.Portfolio.self, .get, "/portfolio")
            async let tickers = call.value(REST.Tickers.self, .get, "/market/tickers")
            return AlpacaJSON(AlpacaAccount(try await portfolio, isOpen: try await tickers.isOpen))
        }
        group.get("v2/assets") { request, context -> AlpacaJSON<[AlpacaAsset]> in
            let tickers = try await call(request, context).value(REST.Tickers.self, .get, "/market/tickers")
            let status = request.uri.queryParameters.get("status") ?? "active"
            guard status == "active" else { return AlpacaJSON([]) }
            return AlpacaJSON(tickers.tickers.sorted { $0.key < $1.key }.map { AlpacaAsset($0.key, $0.value) })
        }
        group.get("v2/assets/:asset") { request, context -> AlpacaJSON<AlpacaAsset> in
            let tickers = try await call(request, context).value(REST.Tickers.self, .get, "/market/tickers")
            let wanted = context.parameters.get("asset") ?? ""
            guard
                let (symbol, summary) = tickers.tickers.first(where: {
                    $0.key == wanted.uppercased() || AlpacaID.asset($0.key) == wanted.lowercased()
                })
            else { throw AlpacaError.notFound("asset not found") }
            return AlpacaJSON(AlpacaAsset(symbol, summary))
        }
        group.get("v2/clock") { request, context -> AlpacaJSON<AlpacaClock> in
            let tickers = try await call(request, context).value(REST.Tickers.self, .get, "/market/tickers")
            return AlpacaJSON(AlpacaClock(now: now(context), isOpen: tickers.isOpen))
        }
    }
}

extension REST.Tickers {
    /// A venue is open while any of its tickers trades.
    var isOpen: Bool { tickers.values.contains { $0.halted != true } }
}

/// Alpaca's account: cash counts what resting buys hold, buying power what is free to spend.
struct AlpacaAccount: Encodable, Sendable {
    let id: String
    let accountNumber: String
    let status = "ACTIVE"
    let currency = "USD"
    let cash: String
    let buyingPower: String
    let portfolioValue: String
    let equity: String
    let longMarketValue: String
    let shortMarketValue: String
    let initialMargin: String
    let shortingEnabled: Bool
    let tradingBlocked: Bool
    let patternDayTrader = false
    let multiplier = "1"

    enum CodingKeys: String, CodingKey {
        case id, status, currency, cash, equity, multiplier
        case accountNumber = "account_number", buyingPower = "buying_power"
        case regtBuyingPower = "regt_buying_power", daytradingBuyingPower = "daytrading_buying_power"
        case nonMarginableBuyingPower = "non_marginable_buying_power", portfolioValue = "portfolio_value"
        case lastEquity = "last_equity", longMarketValue = "long_market_value"
        case shortMarketValue = "short_market_value", initialMargin = "initial_margin"
        case maintenanceMargin = "maintenance_margin", shortingEnabled = "shorting_enabled"
        case tradingBlocked = "trading_blocked", transfersBlocked = "transfers_blocked"
        case accountBlocked = "account_blocked", patternDayTrader = "pattern_day_trader"
        case daytradeCount = "daytrade_count", accruedFees = "accrued_fees", sma
    }

    init(_ portfolio: REST.Portfolio, isOpen: Bool) {
        id = AlpacaID.account(portfolio.userID)
        accountNumber = "MS\(portfolio.userID)"
        cash = ExactDecimal(hundredths: portfolio.cash.hundredths &+ portfolio.escrowedCash.hundredths).text
        buyingPower = portfolio.buyingPower.text
        portfolioValue = portfolio.totalValue.text
        equity = portfolio.totalValue.text
        let values = portfolio.holdings.map(\.value.hundredths)
        longMarketValue = ExactDecimal(hundredths: values.filter { $0 > 0 }.reduce(0, &+)).text
        shortMarketValue = ExactDecimal(hundredths: values.filter { $0 < 0 }.reduce(0, &+)).text
        initialMargin = (portfolio.marginUsed ?? ExactDecimal(hundredths: 0)).text
        shortingEnabled = portfolio.shortSelling?.allowed ?? false
        tradingBlocked = !isOpen
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        for (key, text) in [
            (CodingKeys.id, id), (.accountNumber, accountNumber), (.status, status), (.currency, currency),
            (.cash, cash), (.buyingPower, buyingPower), (.regtBuyingPower, buyingPower),
            (.daytradingBuyingPower, buyingPower), (.nonMarginableBuyingPower, buyingPower),
            (.portfolioValue, portfolioValue), (.equity, equity), (.lastEquity, equity),
            (.longMarketValue, longMarketValue), (.shortMarketValue, shortMarketValue),
            (.initialMargin, initialMargin), (.maintenanceMargin, initialMargin), (.multiplier, multiplier),
            (.accruedFees, "0"), (.sma, "0"),
        ] {
            try container.encode(text, forKey: key)
        }
        try container.encode(shortingEnabled, forKey: .shortingEnabled)
        try container.encode(tradingBlocked, forKey: .tradingBlocked)
        try container.encode(false, forKey: .transfersBlocked)
        try container.encode(false, forKey: .accountBlocked)
        try container.encode(patternDayTrader, forKey: .patternDayTrader)
        try container.encode(0, forKey: .daytradeCount)
    }
}

/// A ticker as an Alpaca asset: whole shares, a cent tick, traded while its venue is not halted.
struct AlpacaAsset: Encodable, Sendable {
    let id: String
    let assetClass = "us_equity"
    let exchange = "OTC"
    let symbol: String
    let name: String
    let status = "active"
    let tradable: Bool
    let marginable = false
    let shortable = true
    let easyToBorrow = true
    let fractionable = false
    let priceIncrement = "0.01"
    let minOrderSize = "1"

    enum CodingKeys: String, CodingKey {
        case id, exchange, symbol, name, status, tradable, marginable, shortable, fractionable
        case assetClass = "class", easyToBorrow = "easy_to_borrow", priceIncrement = "price_increment"
        case minOrderSize = "min_order_size"
    }

    init(_ symbol: String, _ summary: REST.Tickers.Summary) {
        id = AlpacaID.asset(symbol)
        self.symbol = symbol
        name = symbol
        tradable = summary.halted != true
    }
}

/// Alpaca's clock. A venue has no sessions: while open it has no next close, and while halted its reopening is
/// not known, so `next_open` is now (poll again) and `next_close` the far future.
struct AlpacaClock: Encodable, Sendable {
    let timestamp: String
    let isOpen: Bool
    let nextOpen: String
    let nextClose: String

    enum CodingKeys: String, CodingKey {
        case timestamp, isOpen = "is_open", nextOpen = "next_open", nextClose = "next_close"
    }

    init(now: Timestamp, isOpen: Bool) {
        timestamp = now.iso8601
        self.isOpen = isOpen
        nextOpen = now.iso8601
        nextClose = "9999-12-31T23:59:59Z"
    }
}
