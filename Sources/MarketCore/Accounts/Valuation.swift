/// An account valued at given prices: cash (free, escrowed and held as collateral) plus every holding at its
/// price, a short one negative.
///
/// Sums saturate instead of trapping, so an absurd holding (billions of shares credited by an
/// administrator) is shown as the largest representable value rather than crashing whoever reads it.
public struct Valuation: Sendable, Hashable {
    public struct Holding: Sendable, Hashable {
        public let ticker: TickerSymbol
        public let quantity: Shares
        public let price: Cents
        public let value: Cents
    }

    /// Non-zero holdings, by ticker.
    public let holdings: [Holding]
    public let total: Cents

    /// Values `account`; a ticker without a price counts at zero.
    public init(account: Account, prices: [TickerSymbol: Cents]) {
        holdings = account.positions.sorted { $0.key < $1.key }.compactMap { ticker, position in
            guard position.total != 0 else { return nil }
            let price = prices[ticker] ?? 0
            return Holding(
                ticker: ticker, quantity: position.total, price: price,
                value: price.saturatingMultiplied(by: position.total))
        }
        let cash = account.cash.saturatingAdding(account.reservedCash).saturatingAdding(account.collateral)
        total = holdings.reduce(cash) { $0.saturatingAdding($1.value) }
    }
}
