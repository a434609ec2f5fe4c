/// A headline a venue publishes to everyone in it: market news, optionally about one ticker, and optionally
/// moving that ticker's fair value (the market maker and background traders trade around it).
public struct NewsItem: Sendable, Hashable, Codable {
    public let headline: String
    public let ticker: TickerSymbol?
    /// How far the news moves the ticker's fair value, in basis points; `nil` when it moves nothing.
    public let shockBasisPoints: Int64?

    public init(headline: String, ticker: TickerSymbol? = nil, shockBasisPoints: Int64? = nil) {
        self.headline = headline
        self.ticker = ticker
        self.shockBasisPoints = shockBasisPoints
    }
}
