/// A pair of accounts that repeatedly traded a ticker back and forth with each other: each bought from
/// the other, which can move value between them without taking any market risk.
public struct RoundTripFlag: Sendable, Hashable {
    /// The pair: `first` has the lower account id.
    public var first: AccountID
    public var second: AccountID
    public var ticker: TickerSymbol
    /// Times the shares went there and back: the smaller of the two directions' trade counts.
    public var roundTrips: Int
    /// Every trade between the two in the ticker, both directions.
    public var trades: Int

    public init(first: AccountID, second: AccountID, ticker: TickerSymbol, roundTrips: Int, trades: Int) {
        self.first = first
        self.second = second
        self.ticker = ticker
        self.roundTrips = roundTrips
        self.trades = trades
    }
}

/// Finds the pairs of accounts whose trades with each other look like repeated round trips, for hosts to
/// review. It flags; it does not judge: market makers and ordinary traders meet often too, so callers leave
/// out the market makers' own account.
public enum RoundTripDetector {
    /// The trades between two accounts, as the detector needs them.
    public struct Fill: Sendable, Hashable {
        public var buyer: AccountID
        public var seller: AccountID
        public var ticker: TickerSymbol

        public init(buyer: AccountID, seller: AccountID, ticker: TickerSymbol) {
            self.buyer = buyer
            self.seller = seller
            self.ticker = ticker
        }
    }

    /// Pairs with at least `threshold` round trips in one ticker, most round trips first.
    public static func flags(in fills: [Fill], threshold: Int = 3) -> [RoundTripFlag] {
        struct Pair: Hashable {
            let low: AccountID
            let high: AccountID
            let ticker: TickerSymbol
        }
        var lowBought: [Pair: Int] = [:]
        var highBought: [Pair: Int] = [:]
        for fill in fills where fill.buyer != fill.seller {
            let buyerIsLow = fill.buyer.rawValue < fill.seller.rawValue
            let pair = Pair(
                low: buyerIsLow ? fill.buyer : fill.seller, high: buyerIsLow ? fill.seller : fill.buyer,
                ticker: fill.ticker)
            if buyerIsLow { lowBought[pair, default: 0] += 1 } else { highBought[pair, default: 0] += 1 }
        }
        return lowBought.compactMap { pair, bought in
            let roundTrips = min(bought, highBought[pair] ?? 0)
            guard roundTrips >= threshold else { return nil }
            return RoundTripFlag(
                first: pair.low, second: pair.high, ticker: pair.ticker, roundTrips: roundTrips,
                trades: bought + (highBought[pair] ?? 0))
        }
        .sorted {
            ($0.roundTrips, $1.first.rawValue, $1.second.rawValue, $1.ticker)
                > ($1.roundTrips, $0.first.rawValue, $0.second.rawValue, $0.ticker)
        }
    }
}
