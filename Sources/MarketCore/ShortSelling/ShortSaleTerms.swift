/// What a sell may borrow against, read from its ticker before the account is locked. Plain numbers, as is
/// what it lends, so that the order path copies them without retaining anything.
struct ShortSaleTerms {
    let rules: ShortSelling
    let isShortable: Bool
    /// The price the borrowed shares are valued at: the higher of the sell's limit and the last price, so
    /// that a sell limited far below the market does not borrow cheaply.
    let referencePrice: Cents

    /// `nil` where the venue does not allow short selling.
    init?(_ request: borrowing OrderRequest, in market: borrowing TickerMarket) {
        guard let rules = market.rules.shortSelling else { return nil }
        self.rules = rules
        isShortable = market.listing.isShortable
        referencePrice = max(request.kind.limitPrice ?? 0, market.lastPrice)
    }

    /// The loan of `shares` of `ticker` to an account whose free cash is `cash`; refused when the ticker may
    /// not be sold short or the cash does not cover the collateral.
    func loan(
        of shares: Shares, _ ticker: borrowing TickerSymbol, holding cash: Cents
    ) throws(OrderRejection) -> Borrowing {
        guard isShortable else { throw .notShortable(copy ticker) }
        guard let collateral = rules.initialCollateral(for: shares, at: referencePrice) else {
            throw .amountTooLarge
        }
        if collateral > cash { throw .insufficientCash(needed: collateral, available: cash) }
        return Borrowing(shares: shares, collateral: collateral)
    }
}

/// Shares an order borrows and the collateral it holds for them, before they are named as a ``ShareLoan``.
struct Borrowing {
    let shares: Shares
    let collateral: Cents

    func lent(to account: AccountID, of ticker: TickerSymbol) -> ShareLoan {
        ShareLoan(account: account, ticker: ticker, shares: shares, collateral: collateral)
    }
}
