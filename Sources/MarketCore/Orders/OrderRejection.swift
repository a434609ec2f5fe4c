/// Why the exchange refused an order. A refused order changes nothing.
public enum OrderRejection: Error, Sendable, Hashable {
    case unknownTicker(TickerSymbol)
    case unknownAccount(AccountID)
    case nonPositiveQuantity
    case nonPositivePrice
    case priceOffTickGrid(price: Cents, tickSize: Cents)
    /// An amount (price × quantity, or an escrow) too large to represent exactly.
    case amountTooLarge
    case quantityAboveLimit(limit: Shares)
    case notionalAboveLimit(limit: Cents)
    case positionLimit(limit: Shares)
    case openOrderLimit(limit: Int)
    case insufficientCash(needed: Cents, available: Cents)
    case insufficientShares(needed: Shares, available: Shares)
    /// The venue allows short selling, but not of this ticker.
    case notShortable(TickerSymbol)
    case tradingHalted(reason: String)
    /// The client order id is being used right now by an order on another ticker.
    case clientOrderIDInUse(String)
    /// A post-only order would have traded on arrival.
    case postOnlyWouldTrade
    /// A conditional order's trigger is already met by the last trade price.
    case triggerAlreadyReached(lastPrice: Cents)
    /// A leg of a one-cancels-other pair would trade on arrival.
    case legWouldTrade
    /// The order's parts do not go together; the reason says which.
    case invalidCombination(String)
    /// The account's safety limit tripped; it places nothing until the limit is reset.
    case riskLimitTripped(RiskLimitKind)
}

/// Why the exchange refused to cancel or amend an order.
public enum OrderChangeRejection: Error, Sendable, Hashable {
    case unknownTicker(TickerSymbol)
    /// The order is not resting in this book: unknown, filled or already cancelled.
    case notResting(OrderID)
    /// The order belongs to another account.
    case notOwner(OrderID)
    /// The amendment changes nothing, or asks for a non-positive quantity.
    case invalidAmendment
    /// The replacement order was refused.
    case replacementRejected(OrderRejection)
    /// Conditional orders, legs of a one-cancels-other pair and bracket entries are cancelled and placed
    /// again, not amended.
    case notAmendable(OrderID)
}
