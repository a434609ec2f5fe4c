import Foundation
import MarketCore
import MarketWire

/// A scheduled market event of one venue (`MARKET_EVENTS`, or a venue's `events`).
public struct MarketEventSchedule: Sendable, Hashable, Codable {
    public enum Kind: Sendable, Hashable, Codable {
        /// Cash paid per share to every holder of the ticker.
        case dividend(perShare: Cents)
        /// A jump of the ticker's fair value (market makers requote around it).
        case shock(basisPoints: Int64)
        /// A headline, published to the venue's `news` channel, moving the fair value of the ticker it names
        /// when it carries a shock.
        case news(NewsItem)
    }

    /// When the event fires, counted from the moment the venue's market life starts (server start for
    /// an ordinary venue, the start of trading for a tournament).
    public enum Timing: Sendable, Hashable, Codable {
        case every(Duration)
        case once(after: Duration)

        /// The time between firings of a repeating event.
        var interval: Duration? {
            if case .every(let interval) = self { interval } else { nil }
        }
    }

    /// The ticker a dividend or shock applies to, and the one a headline names, if it names one. (Optional
    /// for headlines only; settings stored before them always have one.)
    public var ticker: TickerSymbol?
    public var kind: Kind
    public var timing: Timing

    public init(ticker: TickerSymbol?, kind: Kind, every: Duration) {
        self.init(ticker: ticker, kind: kind, timing: .every(every))
    }

    public init(ticker: TickerSymbol?, kind: Kind, timing: Timing) {
        self.ticker = ticker
        self.kind = kind
        self.timing = timing
    }

    /// Reads the JSON of `MARKET_EVENTS`, a list of ``Text``.
    public static func parseList(json: String) throws -> [MarketEventSchedule] {
        try JSONDecoder().decode([Text].self, from: Data(json.utf8)).map { try $0.schedule() }
    }

    /// An event as people write it: `{"kind":"dividend","ticker":"FUN","amount":0.25,"every_seconds":3600}`,
    /// `{"kind":"shock","ticker":"MEME","percent":-8,"at_seconds":900}` (once, 900 s after the start), or
    /// `{"kind":"news","headline":"MEME's CEO resigns","ticker":"MEME","percent":-8,"at_seconds":900}` (ticker
    /// and percent optional). Amounts and percents are read exactly, with at most two decimals, as every amount
    /// of the API is.
    public struct Text: Decodable, Sendable {
        var kind: String
        var ticker: String?
        var headline: String?
        /// Cents per share.
        var amount: Cents?
        /// Hundredths of a percent: basis points.
        var percent: Int64?
        var everySeconds: Int?
        var atSeconds: Int?

        enum CodingKeys: String, CodingKey {
            case kind, ticker, headline, amount, percent, everySeconds = "every_seconds", atSeconds = "at_seconds"
        }

        init(
            kind: String, ticker: String?, headline: String? = nil, amount: Cents?, percent: Int64?,
            everySeconds: Int?, atSeconds: Int?
        ) {
            self.kind = kind
            self.ticker = ticker
            self.headline = headline
            self.amount = amount
            self.percent = percent
            self.everySeconds = everySeconds
            self.atSeconds = atSeconds
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            kind = try container.decode(String.self, forKey: .kind)
            ticker = try container.decodeIfPresent(String.self, forKey: .ticker)
            headline = try container.decodeIfPresent(String.self, forKey: .headline)
            amount = try container.decodeCentsIfPresent(forKey: .amount)
            percent = try container.decodeCentsIfPresent(forKey: .percent)?.value
            everySeconds = try container.decodeIfPresent(Int.self, forKey: .everySeconds)
            atSeconds = try container.decodeIfPresent(Int.self, forKey: .atSeconds)
        }

        /// The schedule, or an error naming what is wrong.
        public func schedule() throws -> MarketEventSchedule {
            let timing: Timing
            switch (everySeconds, atSeconds) {
            case (let every?, nil) where every > 0: timing = .every(.seconds(every))
            case (nil, let at?) where at >= 0: timing = .once(after: .seconds(at))
            default:
                throw SettingsError(
                    "an event needs either a positive every_seconds or a non-negative at_seconds", field: "at_seconds")
            }
            let symbol = ticker.map { TickerSymbol($0.uppercased()) }
            let kind: Kind
            switch self.kind {
            case "news":
                kind = .news(try news(about: symbol))
                return MarketEventSchedule(ticker: symbol, kind: kind, timing: timing)
            case "dividend":
                guard let amount, (1...AmountCeiling.orderValue).contains(amount) else {
                    throw SettingsError(
                        "a dividend needs a positive amount, at most 10,000,000,000.00, with two decimals",
                        field: "amount")
                }
                kind = .dividend(perShare: amount)
            case "shock":
                guard let percent, (-90_00...90_00).contains(percent) else {
                    throw SettingsError("a shock needs a percent between -90 and 90", field: "percent")
                }
                kind = .shock(basisPoints: percent)
            default:
                throw SettingsError("kind must be dividend, shock or news", field: "kind")
            }
            guard let symbol else { throw SettingsError("a \(self.kind) needs a ticker", field: "ticker") }
            return MarketEventSchedule(ticker: symbol, kind: kind, timing: timing)
        }

        /// A headline: 1 to 200 characters once trimmed of spaces; a percent moves the fair value of the ticker
        /// it names, so it needs one.
        private func news(about ticker: TickerSymbol?) throws -> NewsItem {
            guard let headline = headline?.trimmingCharacters(in: .whitespaces),
                (1...200).contains(headline.unicodeScalars.count)
            else { throw SettingsError("news needs a headline of 1 to 200 characters", field: "headline") }
            if let percent {
                guard ticker != nil else {
                    throw SettingsError("news with a percent needs the ticker it moves", field: "ticker")
                }
                guard (-90_00...90_00).contains(percent) else {
                    throw SettingsError("a shock needs a percent between -90 and 90", field: "percent")
                }
            }
            return NewsItem(headline: headline, ticker: ticker, shockBasisPoints: percent)
        }
    }
}
