import Hummingbird
import MarketCore
import SQLKit

/// Public market data of one venue, from committed state only.
struct MarketDataRoutes: Sendable {
    let scope: VenueScope
    let database: Database

    func add(to group: RouterGroup<MarketRequestContext>) {
        group.get("market/tickers") { _, context -> TickerBoard in
            let venue = try scope.venue(context)
            var tickers: [String: TickerSummary] = [:]
            for listing in venue.committed.listings {
                if let quote = venue.committed.quote(listing.symbol) {
                    tickers[listing.symbol.rawValue] = TickerSummary(quote)
                }
            }
            return TickerBoard(tickers: tickers)
        }
        group.get("market/:ticker") { _, context -> TickerDetail in
            let venue = try scope.venue(context)
            return TickerDetail(try scope.ticker(context, in: venue).1)
        }
        group.get("market/:ticker/orderbook") { request, context -> OrderBookAnswer in
            let venue = try scope.venue(context)
            let (symbol, _) = try scope.ticker(context, in: venue)
            guard let levels = Int(request.uri.queryParameters.get("depth") ?? "50"), (1...1000).contains(levels) else {
                throw RequestError.invalidField("depth", reason: "must be a whole number from 1 to 1000")
            }
            guard let depth = venue.committed.depth(symbol, levels: levels) else {
                throw RequestError.notFound("Unknown ticker \(symbol)")
            }
            return OrderBookAnswer(depth)
        }
        group.get("market/:ticker/history") { request, context -> CandleHistory in
            let venue = try scope.venue(context)
            let (symbol, _) = try scope.ticker(context, in: venue)
            let query = request.uri.queryParameters
            let intervalName = query.get("interval") ?? "5m"
            guard let interval = CandleInterval(rawValue: intervalName) else {
                throw RequestError.invalidField(
                    "interval",
                    reason: "must be one of \(CandleInterval.allCases.map(\.rawValue).joined(separator: " "))")
            }
            let end = try query.get("end").map(Self.time(named: "end")) ?? venue.clock.now()
            let start =
                try query.get("start").map(Self.time(named: "start"))
                ?? Timestamp(millisecondsSinceEpoch: end.millisecondsSinceEpoch - 24 * 3_600_000)
            guard start <= end else { throw RequestError.invalidField("start", reason: "must not be after end") }
            let trades = try await database.withConnection { sql in
                try await sql.select().columns("price_cents", "quantity", "created_at").from("trades")
                    .where("venue_id", .equal, venue.id).where("symbol", .equal, symbol.rawValue)
                    .where("created_at", .greaterThanOrEqual, start.millisecondsSinceEpoch)
                    .where("created_at", .lessThan, end.millisecondsSinceEpoch)
                    .orderBy("trade_id").all()
                    .map {
                        CandleInterval.Fill(
                            price: Cents(try $0.decode(column: "price_cents", as: Int64.self)),
                            quantity: Shares(try $0.decode(column: "quantity", as: Int64.self)),
                            time: try $0.decode(column: "created_at", as: Int64.self))
                    }
            }
            return CandleHistory(
                ticker: symbol.rawValue, interval: intervalName,
                candles: interval.candles(of: trades).map(CandleAnswer.init))
        }
        addTape(to: group)
    }

    /// `GET /api/market/{ticker}/trades?limit=50`: the ticker's latest trades, newest first, without who made
    /// them.
    private func addTape(to group: RouterGroup<MarketRequestContext>) {
        group.get("market/:ticker/trades") { request, context -> TapeAnswer in
            let venue = try scope.venue(context)
            let (symbol, _) = try scope.ticker(context, in: venue)
            guard let limit = Int(request.uri.queryParameters.get("limit") ?? "50"), (1...1000).contains(limit) else {
                throw RequestError.invalidField("limit", reason: "must be a whole number from 1 to 1000")
            }
            let trades = try await database.withConnection { sql in
                try await sql.select().columns("trade_id", "price_cents", "quantity", "created_at").from("trades")
                    .where("venue_id", .equal, venue.id).where("symbol", .equal, symbol.rawValue)
                    .orderBy("created_at", .descending).orderBy("trade_id", .descending).limit(limit).all()
                    .map(TapeAnswer.Trade.init(row:))
            }
            return TapeAnswer(ticker: symbol.rawValue, trades: trades)
        }
    }

    private static func time(named name: String) -> (String) throws -> Timestamp {
        { text in
            guard let time = Timestamp(parameter: text) else {
                throw RequestError.invalidField(name, reason: "must be an ISO 8601 time or seconds since 1970")
            }
            return time
        }
    }
}

struct TickerBoard: ResponseEncodable {
    let tickers: [String: TickerSummary]
}

struct TickerSummary: Encodable, Sendable {
    let currentPrice: ExactDecimal
    let bestBid: ExactDecimal?
    let bestAsk: ExactDecimal?
    let halted: Bool

    enum CodingKeys: String, CodingKey {
        case currentPrice = "current_price", bestBid = "best_bid", bestAsk = "best_ask", halted
    }

    init(_ quote: MarketQuote) {
        currentPrice = ExactDecimal(cents: quote.lastPrice)
        bestBid = quote.bestBid.map(ExactDecimal.init(cents:))
        bestAsk = quote.bestAsk.map(ExactDecimal.init(cents:))
        halted = quote.haltReason != nil
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(currentPrice, forKey: .currentPrice)
        try container.encode(bestBid, forKey: .bestBid)
        try container.encode(bestAsk, forKey: .bestAsk)
        try container.encode(halted, forKey: .halted)
    }
}

struct TickerDetail: ResponseEncodable {
    let ticker: String
    let currentPrice: ExactDecimal
    let bestBid: ExactDecimal?
    let bestAsk: ExactDecimal?
    let bidDepth: Shares
    let askDepth: Shares
    let volume: Shares
    let tickSize: ExactDecimal
    let haltReason: String?

    enum CodingKeys: String, CodingKey {
        case ticker, volume
        case currentPrice = "current_price", bestBid = "best_bid", bestAsk = "best_ask"
        case bidDepth = "bid_depth", askDepth = "ask_depth", tickSize = "tick_size", haltReason = "halt_reason"
    }

    init(_ quote: MarketQuote) {
        ticker = quote.listing.symbol.rawValue
        currentPrice = ExactDecimal(cents: quote.lastPrice)
        bestBid = quote.bestBid.map(ExactDecimal.init(cents:))
        bestAsk = quote.bestAsk.map(ExactDecimal.init(cents:))
        bidDepth = quote.bidQuantity
        askDepth = quote.askQuantity
        volume = quote.volume
        tickSize = ExactDecimal(cents: quote.listing.tickSize)
        haltReason = quote.haltReason
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(ticker, forKey: .ticker)
        try container.encode(currentPrice, forKey: .currentPrice)
        try container.encode(bestBid, forKey: .bestBid)
        try container.encode(bestAsk, forKey: .bestAsk)
        try container.encode(bidDepth, forKey: .bidDepth)
        try container.encode(askDepth, forKey: .askDepth)
        try container.encode(volume, forKey: .volume)
        try container.encode(tickSize, forKey: .tickSize)
        try container.encode(haltReason, forKey: .haltReason)
    }
}

struct OrderBookAnswer: ResponseEncodable {
    struct Level: Encodable, Sendable {
        let price: ExactDecimal
        let quantity: Shares
    }

    let ticker: String
    let bids: [Level]
    let asks: [Level]

    init(_ depth: BookDepth) {
        ticker = depth.ticker.rawValue
        bids = depth.bids.map { Level(price: ExactDecimal(cents: $0.price), quantity: $0.quantity) }
        asks = depth.asks.map { Level(price: ExactDecimal(cents: $0.price), quantity: $0.quantity) }
    }
}

struct CandleHistory: ResponseEncodable {
    let ticker: String
    let interval: String
    let candles: [CandleAnswer]
}

struct CandleAnswer: Encodable, Sendable {
    let timestamp: String
    let open: ExactDecimal
    let high: ExactDecimal
    let low: ExactDecimal
    let close: ExactDecimal
    let volume: Shares

    init(_ candle: CandleInterval.Candle) {
        timestamp = Timestamp(millisecondsSinceEpoch: candle.start).iso8601
        open = ExactDecimal(cents: candle.open)
        high = ExactDecimal(cents: candle.high)
        low = ExactDecimal(cents: candle.low)
        close = ExactDecimal(cents: candle.close)
        volume = candle.volume
    }
}

/// A ticker's latest trades, as `GET /api/market/{ticker}/trades` lists them.
struct TapeAnswer: ResponseEncodable {
    struct Trade: Encodable, Sendable {
        let tradeID: String
        let price: ExactDecimal
        let quantity: Int64
        let timestamp: String

        enum CodingKeys: String, CodingKey { case tradeID = "trade_id", price, quantity, timestamp }

        init(row: any SQLRow) throws {
            tradeID = String(try row.decode(column: "trade_id", as: Int64.self))
            price = ExactDecimal(hundredths: try row.decode(column: "price_cents", as: Int64.self))
            quantity = try row.decode(column: "quantity", as: Int64.self)
            timestamp = Timestamp(millisecondsSinceEpoch: try row.decode(column: "created_at", as: Int64.self)).iso8601
        }
    }

    let ticker: String
    let trades: [Trade]
}
