/// A ticker's prices at a glance.
public struct MarketQuote: Sendable, Hashable, Codable {
    public let listing: TickerListing
    /// The last trade's price, or the initial price before any trade.
    public let lastPrice: Cents
    public let bestBid: Cents?
    public let bestAsk: Cents?
    public let bidQuantity: Shares
    public let askQuantity: Shares
    public let volume: Shares
    /// Why orders are refused, when the ticker or the venue is halted.
    public let haltReason: String?

    init(_ market: TickerMarket) {
        listing = market.listing
        lastPrice = market.lastPrice
        bestBid = market.book.bestBid
        bestAsk = market.book.bestAsk
        bidQuantity = market.book.totalQuantity(on: .buy)
        askQuantity = market.book.totalQuantity(on: .sell)
        volume = market.volume
        haltReason = market.haltReason
    }
}

/// A book aggregated by price level, best first, without owners.
public struct BookDepth: Sendable, Hashable, Codable {
    public let ticker: TickerSymbol
    public let bids: [PriceLevelSummary]
    public let asks: [PriceLevelSummary]
}
