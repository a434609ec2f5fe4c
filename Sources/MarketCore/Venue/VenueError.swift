/// Why the venue refused an administrative change. A refused change changes nothing.
public enum VenueError: Error, Sendable, Hashable {
    case unknownTicker(TickerSymbol)
    case tickerAlreadyListed(TickerSymbol)
    case invalidListing(String)
    case unknownAccount(AccountID)
    case accountAlreadyOpen(AccountID)
    case invalidFeeSchedule
    /// Margin rates outside 0 to 10,000 basis points, or a maintenance margin above the initial.
    case invalidShortSelling
    case invalidAmount
    /// The change would take the venue past ``AmountCeiling/supply``, or an amount computed from it would not
    /// fit.
    case amountTooLarge
    case insufficientCash(needed: Cents, available: Cents)
    case insufficientShares(needed: Shares, available: Shares)
    /// A ticker cannot be delisted while accounts are short of it: they must buy back first.
    case shortPositionsOpen(count: Int)
}
