import Foundation
import Hummingbird
import HummingbirdCore
import MarketCore

/// The query of Alpaca's `GET /v2/stocks/bars`, and the pages it reads.
///
/// A page token names the last bar a page gave (its symbol and time), so the next page starts right after it
/// however many bars were added since.
struct BarQuery: Sendable {
    let symbols: [String]
    let interval: String
    let start: String?
    let end: String?
    let limit: Int
    let ascending: Bool
    let after: (symbol: String, time: String)?

    /// Alpaca's time frames and MarketSim's candle intervals.
    static let intervals = ["1Min": "1m", "5Min": "5m", "15Min": "15m", "1Hour": "1h", "1Day": "1d"]

    init(_ query: FlatDictionary<Substring, Substring>) throws(AlpacaError) {
        symbols = Set(
            (query.get("symbols") ?? "").split(separator: ",").map { $0.uppercased() }.filter { !$0.isEmpty }
        ).sorted()
        guard !symbols.isEmpty, symbols.count <= 100 else { throw .unprocessable("symbols: give 1 to 100 symbols") }
        guard let interval = Self.intervals[query.get("timeframe") ?? ""] else {
            throw .unprocessable("timeframe must be one of 1Min, 5Min, 15Min, 1Hour, 1Day")
        }
        self.interval = interval
        start = try Self.time(query.get("start"), "start")
        end = try Self.time(query.get("end"), "end")
        guard let limit = Int(query.get("limit") ?? "1000"), (1...10_000).contains(limit) else {
            throw .unprocessable("limit must be a whole number from 1 to 10000")
        }
        self.limit = limit
        switch query.get("sort") ?? "asc" {
        case "asc": ascending = true
        case "desc": ascending = false
        default: throw .unprocessable("sort must be asc or desc")
        }
        if let token = query.get("page_token"), !token.isEmpty {
            guard let data = Data(base64Encoded: token), let text = String(data: data, encoding: .utf8),
                let separator = text.firstIndex(of: " ")
            else { throw .unprocessable("page_token is not one this server gave") }
            after = (String(text[..<separator]), String(text[text.index(after: separator)...]))
        } else {
            after = nil
        }
    }

    func page(_ call: AlpacaCall) async throws -> BarPage {
        var bars: [String: [AlpacaBar]] = [:]
        var count = 0
        var last: (symbol: String, time: String)?
        var more = false
        for symbol in symbols where after.map({ symbol >= $0.symbol }) ?? true {
            var query = [("interval", interval)]
            if let start { query.append(("start", start)) }
            if let end { query.append(("end", end)) }
            let history = try await call.value(
                REST.Candles.self, .get, "/market/\(APICall.pathSegment(symbol))/history", query: query)
            var candles = history.candles
            if !ascending { candles.reverse() }
            if let after, symbol == after.symbol {
                candles = candles.filter { ascending ? $0.timestamp > after.time : $0.timestamp < after.time }
            }
            guard count < limit else {
                more = more || !candles.isEmpty
                continue
            }
            let taken = candles.prefix(limit - count)
            count += taken.count
            bars[symbol] = taken.map(AlpacaBar.init)
            if let final = taken.last { last = (symbol, final.timestamp) }
            more = more || taken.count < candles.count
        }
        let token = more ? last.map { Data("\($0.symbol) \($0.time)".utf8).base64EncodedString() } : nil
        return BarPage(bars: bars, nextPageToken: token)
    }

    /// An RFC 3339 time or a date, as MarketSim's history route reads it.
    private static func time(_ text: String?, _ name: String) throws(AlpacaError) -> String? {
        guard let text else { return nil }
        if let time = Timestamp(parameter: text) { return time.iso8601 }
        if let date = try? Date(text, strategy: .iso8601.year().month().day()) { return Timestamp(date).iso8601 }
        throw .unprocessable("\(name) must be an RFC 3339 time or a date")
    }
}

struct BarPage: Encodable, Sendable {
    let bars: [String: [AlpacaBar]]
    let nextPageToken: String?

    enum CodingKeys: String, CodingKey { case bars, nextPageToken = "next_page_token" }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(bars, forKey: .bars)
        try container.encode(nextPageToken, forKey: .nextPageToken)
    }
}
