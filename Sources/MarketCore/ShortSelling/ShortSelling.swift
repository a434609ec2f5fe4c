/// A venue's rule for selling shares an account does not hold: off when a venue has none.
///
/// A sale beyond the shares an account holds first borrows the missing shares from the exchange, holding
/// cash collateral for them: the sale's value at the higher of its limit and the last price, plus the initial
/// margin. The borrowed shares are then sold like any others. Shares that come back into the account (a buy,
/// a cancelled sale) repay the loan at once and release its collateral in proportion. The margin is per
/// position: a short position whose collateral falls below its value at the last price plus the maintenance
/// margin is topped up from free cash back to the initial margin (a margin call), and if free cash cannot
/// bring it above the maintenance margin, the exchange buys it back at market (a liquidation).
///
/// Where the rule asks accounts to opt in, only an account that turned short selling on for itself may sell
/// short, as a broker asks for a margin agreement; the others are refused a sale beyond their shares as
/// where short selling is off.
public struct ShortSelling: Sendable, Hashable, Codable {
    /// Collateral held beyond the short position's value when the shares are borrowed, in basis points.
    public var initialMarginBasisPoints: Int64
    /// The least collateral a short position may hold beyond its value, in basis points.
    public var maintenanceMarginBasisPoints: Int64
    /// Whether an account must turn short selling on for itself before it may sell short.
    public var isOptIn: Bool

    public init(
        initialMarginBasisPoints: Int64 = 5_000, maintenanceMarginBasisPoints: Int64 = 2_500, isOptIn: Bool = false
    ) {
        self.initialMarginBasisPoints = initialMarginBasisPoints
        self.maintenanceMarginBasisPoints = maintenanceMarginBasisPoints
        self.isOptIn = isOptIn
    }

    /// Whether `account` may sell short under this rule.
    func admits(_ account: borrowing Account) -> Bool { !isOptIn || account.sellsShort }

    /// Rates from 0 to 10,000 basis points, the maintenance margin at most the initial.
    public var isValid: Bool {
        (0...10_000).contains(initialMarginBasisPoints) && (0...10_000).contains(maintenanceMarginBasisPoints)
            && maintenanceMarginBasisPoints <= initialMarginBasisPoints
    }

    /// Collateral for `shares` short at `price` with `basisPoints` of margin beyond their value, rounded up
    /// to the cent; `nil` when it does not fit.
    static func collateral(for shares: Shares, at price: Cents, marginBasisPoints basisPoints: Int64) -> Cents? {
        guard let value = price.multipliedExactly(by: shares) else { return nil }
        let (margin, remainder) = value.share(basisPoints: basisPoints)
        return value.addingExactly(remainder > 0 ? margin + 1 : margin)
    }

    /// The collateral `shares` short at `price` need when borrowed, and after a margin call.
    func initialCollateral(for shares: Shares, at price: Cents) -> Cents? {
        Self.collateral(for: shares, at: price, marginBasisPoints: initialMarginBasisPoints)
    }

    /// The least collateral `shares` short at `price` may hold.
    func maintenanceCollateral(for shares: Shares, at price: Cents) -> Cents? {
        Self.collateral(for: shares, at: price, marginBasisPoints: maintenanceMarginBasisPoints)
    }
}

/// Shares lent to an account by the exchange against cash collateral, or given back with collateral released.
public struct ShareLoan: Sendable, Hashable, Codable {
    public let account: AccountID
    public let ticker: TickerSymbol
    public let shares: Shares
    /// Held (borrowing) or released (returning).
    public let collateral: Cents

    public init(account: AccountID, ticker: TickerSymbol, shares: Shares, collateral: Cents) {
        self.account = account
        self.ticker = ticker
        self.shares = shares
        self.collateral = collateral
    }
}

/// A short position found below its maintenance margin at `price`, and the free cash moved into its
/// collateral to bring it back toward the initial margin.
public struct MarginCall: Sendable, Hashable, Codable {
    public let account: AccountID
    public let ticker: TickerSymbol
    /// The last price the position was valued at.
    public let price: Cents
    /// The short position: shares sold and not yet bought back.
    public let shortShares: Shares
    /// The collateral the maintenance margin asks for at `price`.
    public let required: Cents
    /// Free cash moved into the collateral; all the account had, when that was less than the call.
    public let collateralAdded: Cents

    public init(
        account: AccountID, ticker: TickerSymbol, price: Cents, shortShares: Shares, required: Cents,
        collateralAdded: Cents
    ) {
        self.account = account
        self.ticker = ticker
        self.price = price
        self.shortShares = shortShares
        self.required = required
        self.collateralAdded = collateralAdded
    }
}

/// A short position the margin call could not restore, bought back by the exchange: its collateral is
/// released to free cash, the account's orders on the ticker are cancelled, and a market buy for the short
/// quantity (as much as the cash covers) is placed for it. The events that follow carry those steps.
public struct Liquidation: Sendable, Hashable, Codable {
    public let account: AccountID
    public let ticker: TickerSymbol
    public let price: Cents
    public let shortShares: Shares
    public let collateralReleased: Cents

    public init(account: AccountID, ticker: TickerSymbol, price: Cents, shortShares: Shares, collateralReleased: Cents)
    {
        self.account = account
        self.ticker = ticker
        self.price = price
        self.shortShares = shortShares
        self.collateralReleased = collateralReleased
    }
}
