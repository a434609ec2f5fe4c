import Foundation
import MarketCore

/// A ticker listed in venue `main` at start, with the price its market opens at.
public struct InitialTicker: Sendable, Hashable {
    public var symbol: String
    public var initialPriceCents: Cents

    public init(symbol: String, initialPriceCents: Cents) {
        self.symbol = symbol
        self.initialPriceCents = initialPriceCents
    }

    /// The ticker as venue `main` lists it, on the default one-cent grid.
    var listing: TickerListing { TickerListing(symbol: TickerSymbol(symbol), initialPrice: initialPriceCents) }

    /// The tickers a fresh installation trades.
    public static let defaults: [InitialTicker] = [
        InitialTicker(symbol: "FUN", initialPriceCents: 100_00),
        InitialTicker(symbol: "MEME", initialPriceCents: 50_00),
        InitialTicker(symbol: "YOLO", initialPriceCents: 200_00),
        InitialTicker(symbol: "HODL", initialPriceCents: 75_00),
        InitialTicker(symbol: "PUMP", initialPriceCents: 25_00),
    ]

    /// Parses the `TICKERS` variable, a JSON object of symbol → initial price, sorted by symbol.
    ///
    /// Prices are decoded as `Decimal`, which keeps the digits of the JSON text, and then parsed exactly into cents.
    static func parseList(json: String, variable: String) throws(ConfigurationError) -> [InitialTicker] {
        let expected = #"a JSON object of ticker to positive price with at most two decimals, e.g. {"FUN":100}"#
        let invalid = ConfigurationError.invalidValue(variable: variable, value: json, expected: expected)
        guard let prices = try? JSONDecoder().decode([String: Decimal].self, from: Data(json.utf8)), !prices.isEmpty
        else { throw invalid }
        var tickers: [InitialTicker] = []
        for (symbol, price) in prices.sorted(by: { $0.key < $1.key }) {
            guard isValidSymbol(symbol), let cents = MoneyText.cents(parsing: price.description), cents > 0 else {
                throw invalid
            }
            tickers.append(InitialTicker(symbol: symbol, initialPriceCents: cents))
        }
        return tickers
    }

    /// Upper-case letters and digits, 1 to 10 characters, starting with a letter.
    static func isValidSymbol(_ symbol: String) -> Bool {
        guard let first = symbol.first, first.isASCII, first.isUppercase, symbol.count <= 10 else { return false }
        return symbol.allSatisfy { $0.isASCII && ($0.isUppercase || $0.isNumber) }
    }
}
