import Foundation
import Hummingbird
import MarketCore

/// Market data from the venue's own trades and books: bars, latest quotes and trades, snapshots.
extension AlpacaRoutes {
    func addMarketData(to group: RouterGroup<MarketRequestContext>) {
        group.get("v2/stocks/bars") { request, context -> AlpacaJSON<BarPage> in
            let query = try BarQuery(request.uri.queryParameters)
            return AlpacaJSON(try await query.page(call(request, context)))
        }
        group.get("v2/stocks/quotes/latest") { request, context -> AlpacaJSON<[String: [String: AlpacaQuote]]> in
            let call = call(request, context)
            var quotes: [String: AlpacaQuote] = [:]
            for symbol in try Self.symbols(request) {
                quotes[symbol] = try await latestQuote(symbol, call, at: now(context))
            }
            return AlpacaJSON(["quotes": quotes])
        }
        group.get("v2/stocks/trades/latest") { request, context -> AlpacaJSON<[String: [String: AlpacaTrade]]> in
            let call = call(request, context)
            var trades: [String: AlpacaTrade] = [:]
            for symbol in try Self.symbols(request) { trades[symbol] = try await latestTrade(symbol, call) }
            return AlpacaJSON(["trades": trades])
        }
        group.get("v2/stocks/snapshots") { request, context -> AlpacaJSON<[String: AlpacaSnapshot]> in
            let call = call(request, context)
            var snapshots: [String: AlpacaSnapshot] = [:]
            for symbol in try Self.symbols(request) {
                snapshots[symbol] = try await snapshot(symbol, call, at: now(context))
            }
            return AlpacaJSON(snapshots)
        }
    }

    /// `symbols`, comma-separated, upper-cased, each once.
    static func symbols(_ request: Request) throws(AlpacaError) -> [String] {
        let symbols = Set(
            (request.uri.queryParameters.get("symbols") ?? "").split(separator: ",").map {
                $0.trimmingCharacters(in: .whitespaces).uppercased()
            }.filter { !$0.isEmpty })
        guard !symbols.isEmpty else { throw .unprocessable("symbols is required") }
        guard symbols.count <= 100 else { throw .unprocessable("at most 100 symbols") }
        return symbols.sorted()
    }

    func latestQuote(_ symbol: String, _ call: AlpacaCall, at now: Timestamp) async throws -> AlpacaQuote {
        let book = try await call.value(
            REST.Book.self, .get, "/market/\(APICall.pathSegment(symbol))/orderbook", query: [("depth", "1")])
        return AlpacaQuote(book, at: now)
    }

    func latestTrade(_ symbol: String, _ call: AlpacaCall) async throws -> AlpacaTrade? {
        let tape = try await call.value(
            REST.Tape.self, .get, "/market/\(APICall.pathSegment(symbol))/trades", query: [("limit", "1")])
        return tape.trades.first.map(AlpacaTrade.init)
    }

    func snapshot(_ symbol: String, _ call: AlpacaCall, at now: Timestamp) async throws -> AlpacaSnapshot {
        let path = "/market/\(APICall.pathSegment(symbol))/history"
        let hourAgo = Timestamp(millisecondsSinceEpoch: now.millisecondsSinceEpoch - 3_600_000)
        let twoDaysAgo = Timestamp(millisecondsSinceEpoch: now.millisecondsSinceEpoch - 2 * 86_400_000)
        let minutes = try await call.value(
            REST.Candles.self, .get, path, query: [("interval", "1m"), ("start", hourAgo.iso8601)])
        let days = try await call.value(
            REST.Candles.self, .get, path, query: [("interval", "1d"), ("start", twoDaysAgo.iso8601)])
        return AlpacaSnapshot(
            latestTrade: try await latestTrade(symbol, call), latestQuote: try await latestQuote(symbol, call, at: now),
            minuteBar: minutes.candles.last.map(AlpacaBar.init), dailyBar: days.candles.last.map(AlpacaBar.init),
            prevDailyBar: days.candles.dropLast().last.map(AlpacaBar.init))
    }
}

/// A bar in Alpaca's short keys. MarketSim's candles carry no trade count or VWAP: `n` and `vw` are null.
struct AlpacaBar: Encodable, Sendable {
    let t: String
    let o: ExactDecimal
    let h: ExactDecimal
    let l: ExactDecimal
    let c: ExactDecimal
    let v: Int64

    init(_ candle: REST.Candles.Candle) {
        t = candle.timestamp
        o = candle.open
        h = candle.high
        l = candle.low
        c = candle.close
        v = candle.volume
    }

    enum CodingKeys: String, CodingKey { case t, o, h, l, c, v, n, vw }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(t, forKey: .t)
        try container.encode(o, forKey: .o)
        try container.encode(h, forKey: .h)
        try container.encode(l, forKey: .l)
        try container.encode(c, forKey: .c)
        try container.encode(v, forKey: .v)
        try container.encodeNil(forKey: .n)
        try container.encodeNil(forKey: .vw)
    }
}

/// The best bid and ask with the quantity at each; an empty side is price and size 0, as Alpaca writes it.
struct AlpacaQuote: Encodable, Sendable {
    let t: String
    let bp: ExactDecimal
    let bs: Int64
    let ap: ExactDecimal
    let `as`: Int64

    init(_ book: REST.Book, at now: Timestamp) {
        t = now.iso8601
        bp = book.bids.first?.price ?? ExactDecimal(hundredths: 0)
        bs = book.bids.first?.quantity ?? 0
        ap = book.asks.first?.price ?? ExactDecimal(hundredths: 0)
        `as` = book.asks.first?.quantity ?? 0
    }
}

struct AlpacaTrade: Encodable, Sendable {
    let t: String
    let p: ExactDecimal
    let s: Int64
    let i: Int64

    init(_ trade: REST.Tape.Trade) {
        t = trade.timestamp
        p = trade.price
        s = trade.quantity
        i = Int64(trade.tradeID) ?? 0
    }
}

struct AlpacaSnapshot: Encodable, Sendable {
    let latestTrade: AlpacaTrade?
    let latestQuote: AlpacaQuote
    let minuteBar: AlpacaBar?
    let dailyBar: AlpacaBar?
    let prevDailyBar: AlpacaBar?
}
