import MarketCore

/// A WebSocket channel of one venue, as named in the URL: `prices`, `news`, `trades:{TICKER}`,
/// `orderbook:{TICKER}`, or `private`, the caller's own orders and fills.
enum FeedChannel: Hashable, Sendable, CustomStringConvertible {
    case prices
    /// The venue's headlines as they are published.
    case news
    case trades(TickerSymbol)
    case orderBook(TickerSymbol)
    /// One account's order updates and fills.
    case account(AccountID)

    /// The channel a public name stands for; `nil` when the name is unknown. `private` needs the caller's account.
    init?(name: String, listed: [TickerSymbol], caller: AccountID?) {
        if name == "prices" || name == "news" {
            self = name == "news" ? .news : .prices
            return
        }
        if name == "private" {
            guard let caller else { return nil }
            self = .account(caller)
            return
        }
        let parts = name.split(separator: ":", maxSplits: 1).map(String.init)
        guard parts.count == 2 else { return nil }
        let symbol = TickerSymbol(parts[1].uppercased())
        guard listed.contains(symbol) else { return nil }
        switch parts[0] {
        case "trades": self = .trades(symbol)
        case "orderbook": self = .orderBook(symbol)
        default: return nil
        }
    }

    var description: String {
        switch self {
        case .prices: "prices"
        case .news: "news"
        case .trades(let ticker): "trades:\(ticker)"
        case .orderBook(let ticker): "orderbook:\(ticker)"
        case .account: "private"
        }
    }
}
