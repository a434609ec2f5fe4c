/// One fact that changed a venue's state, numbered by the venue's sequence.
///
/// Applying a venue's events in sequence order to an empty venue reproduces its state exactly:
/// every live change goes through the same `apply` code that a replay uses.
public struct Event: Sendable, Hashable, Codable {
    public let sequence: UInt64
    public let timestamp: Timestamp
    public let kind: EventKind

    public init(sequence: UInt64, timestamp: Timestamp, kind: EventKind) {
        self.sequence = sequence
        self.timestamp = timestamp
        self.kind = kind
    }
}

/// What happened. Amounts are stated, not recomputed, so an event reads as an audit record.
public enum EventKind: Sendable, Hashable, Codable {
    case accountOpened(AccountID, cash: Cents)
    case cashAdjusted(AccountID, amount: Cents, reason: String)
    case sharesAdjusted(AccountID, TickerSymbol, amount: Shares, reason: String)
    case tickerListed(TickerListing)
    case orderAccepted(AcceptedOrder)
    case tradeExecuted(Trade)
    /// The unfilled part of the working order took its place in the book.
    case orderRested(OrderID, TickerSymbol, account: AccountID)
    /// A conditional order's trigger was met: it leaves the waiting list and becomes the working order.
    case orderTriggered(OrderTriggering)
    case orderCancelled(OrderCancellation)
    /// A resting order's open quantity was lowered; it keeps its place in the queue.
    case orderReduced(OrderReduction)
    /// `nil` ticker: the whole venue.
    case tradingStatusChanged(TickerSymbol?, TradingStatus)
    case feeScheduleChanged(FeeSchedule)
    case riskLimitsChanged(RiskLimits)
    /// Selling short turned on with these margins, or off (`nil`).
    case shortSellingChanged(ShortSelling?)
    /// An account turned short selling on or off for itself, where the venue's rule asks accounts to opt in.
    case accountShortSellingChanged(AccountID, enabled: Bool)
    /// One of an account's safety limits tripped; its orders are cancelled by the events just after.
    case riskLimitTripped(RiskLimitTrip)
    /// The account's tripped safety limit was reset: it may place orders again.
    case riskLimitReset(AccountID)
    /// Shares lent to an account to sell short, against the collateral taken from its free cash.
    case sharesBorrowed(ShareLoan)
    /// Borrowed shares given back from the account's free shares, releasing collateral to its free cash.
    case sharesReturned(ShareLoan)
    /// A short position below its maintenance margin, topped up from free cash.
    case marginCalled(MarginCall)
    /// A short position the exchange buys back; its collateral is released to free cash first.
    case positionLiquidated(Liquidation)
    /// Cash paid to every holder of a ticker, per share held (free and reserved); the cash is issued.
    case dividendPaid(DividendPayment)
    /// The ticker leaves the venue: every holder's shares are bought back at the payment's price per share
    /// (the cash issued, the shares withdrawn), and it takes no more orders. Its resting orders were
    /// cancelled by the events just before.
    case tickerDelisted(DividendPayment)
    /// An administrator's or host's action, recorded beside its effect.
    case adminAction(AuditRecord)
    /// A headline published to the venue; it changes no account or book.
    case newsPublished(NewsItem)

    /// The ticker whose book the event touches, if any.
    public var ticker: TickerSymbol? {
        switch self {
        case .sharesAdjusted(_, let ticker, _, _): ticker
        case .tickerListed(let listing): listing.symbol
        case .orderAccepted(let order): order.ticker
        case .tradeExecuted(let trade): trade.ticker
        case .orderRested(_, let ticker, _): ticker
        case .orderTriggered(let triggering): triggering.ticker
        case .orderCancelled(let cancellation): cancellation.ticker
        case .orderReduced(let reduction): reduction.ticker
        case .tradingStatusChanged(let ticker, _): ticker
        case .dividendPaid(let payment), .tickerDelisted(let payment): payment.ticker
        case .sharesBorrowed(let loan), .sharesReturned(let loan): loan.ticker
        case .marginCalled(let call): call.ticker
        case .positionLiquidated(let liquidation): liquidation.ticker
        // News names a ticker without touching its book.
        case .accountOpened, .cashAdjusted, .feeScheduleChanged, .riskLimitsChanged, .shortSellingChanged,
            .accountShortSellingChanged, .riskLimitTripped, .riskLimitReset, .adminAction, .newsPublished:
            nil
        }
    }
}

/// An order as the exchange accepted it, with what it reserved.
///
/// Stored properties are declared widest first, so the one-byte ones share the last word instead of each
/// padding a word of its own: the order path copies these values often.
public struct AcceptedOrder: Sendable, Hashable, Codable {
    public let id: OrderID
    public let account: AccountID
    public let ticker: TickerSymbol
    public let quantity: Shares
    public let clientOrderID: String?
    /// Cash held per open share for a buy (its limit, or for a market buy the worst price it will
    /// reach, plus the largest fee); zero for a sell.
    public let escrowPerShare: Cents
    public let reservedCash: Cents
    public let reservedShares: Shares
    /// Everything beyond a plain limit or market order; `nil` for a plain one.
    public internal(set) var conditions: OrderConditions?
    public let kind: OrderKind
    public let side: Side
    public let timeInForce: TimeInForce

    public init(
        id: OrderID, account: AccountID, ticker: TickerSymbol, side: Side, kind: OrderKind, quantity: Shares,
        timeInForce: TimeInForce, clientOrderID: String?, escrowPerShare: Cents, reservedCash: Cents,
        reservedShares: Shares, conditions: OrderConditions? = nil
    ) {
        self.id = id
        self.account = account
        self.ticker = ticker
        self.side = side
        self.kind = kind
        self.quantity = quantity
        self.timeInForce = timeInForce
        self.clientOrderID = clientOrderID
        self.escrowPerShare = escrowPerShare
        self.reservedCash = reservedCash
        self.reservedShares = reservedShares
        self.conditions = conditions
    }

    public var trigger: OrderTrigger? { conditions?.trigger }
    public var displayQuantity: Shares? { conditions?.displayQuantity }
    public var isPostOnly: Bool { conditions?.isPostOnly ?? false }
    public var link: OrderLink? { conditions?.link }
    public var bracket: BracketOrders? { conditions?.bracket }

    /// How it trades once it works: a conditional market buy as an immediate-or-cancel limit at its
    /// protection price, a conditional market sell as a market order, everything else as placed.
    var executionKind: OrderKind { conditions?.protectionPrice.map { .limit(price: $0) } ?? kind }

    var executionTimeInForce: TimeInForce { kind == .market ? .immediateOrCancel : timeInForce }
}

/// A conditional order's trigger met by a trade.
public struct OrderTriggering: Sendable, Hashable, Codable {
    public let order: OrderID
    public let account: AccountID
    public let ticker: TickerSymbol
    /// The trade price that met the trigger.
    public let price: Cents

    public init(order: OrderID, account: AccountID, ticker: TickerSymbol, price: Cents) {
        self.order = order
        self.account = account
        self.ticker = ticker
        self.price = price
    }
}

/// A working or resting order taken out of the market, with the escrow it gave back.
public struct OrderCancellation: Sendable, Hashable, Codable {
    public let order: OrderID
    public let account: AccountID
    public let ticker: TickerSymbol
    /// The open quantity cancelled.
    public let quantity: Shares
    public let releasedCash: Cents
    public let releasedShares: Shares
    public let side: Side
    public let reason: CancellationReason

    public init(
        order: OrderID, account: AccountID, ticker: TickerSymbol, side: Side, quantity: Shares, releasedCash: Cents,
        releasedShares: Shares, reason: CancellationReason
    ) {
        self.order = order
        self.account = account
        self.ticker = ticker
        self.side = side
        self.quantity = quantity
        self.releasedCash = releasedCash
        self.releasedShares = releasedShares
        self.reason = reason
    }
}

/// A resting order's open quantity lowered in place.
public struct OrderReduction: Sendable, Hashable, Codable {
    public let order: OrderID
    public let account: AccountID
    public let ticker: TickerSymbol
    public let side: Side
    /// The open quantity taken off.
    public let quantity: Shares
    public let newRemaining: Shares
    public let releasedCash: Cents
    public let releasedShares: Shares

    public init(
        order: OrderID, account: AccountID, ticker: TickerSymbol, side: Side, quantity: Shares, newRemaining: Shares,
        releasedCash: Cents, releasedShares: Shares
    ) {
        self.order = order
        self.account = account
        self.ticker = ticker
        self.side = side
        self.quantity = quantity
        self.newRemaining = newRemaining
        self.releasedCash = releasedCash
        self.releasedShares = releasedShares
    }
}

/// Cash paid per share to every holder of one ticker: a dividend, or the settlement of a delisting. Says what
/// each holder received for the shares it held when it was paid.
public struct DividendPayment: Sendable, Hashable, Codable {
    /// One holder's part.
    public struct Credit: Sendable, Hashable, Codable {
        public let account: AccountID
        public let shares: Shares
        public let amount: Cents

        public init(account: AccountID, shares: Shares, amount: Cents) {
            self.account = account
            self.shares = shares
            self.amount = amount
        }
    }

    public let ticker: TickerSymbol
    public let amountPerShare: Cents
    /// Sorted by account.
    public let credits: [Credit]

    public init(ticker: TickerSymbol, amountPerShare: Cents, credits: [Credit]) {
        self.ticker = ticker
        self.amountPerShare = amountPerShare
        self.credits = credits.sorted { $0.account < $1.account }
    }

    /// Cash paid out in all.
    public var total: Cents { credits.reduce(0) { $0 + $1.amount } }

    /// What `account` received.
    public func amount(for account: AccountID) -> Cents { credit(for: account)?.amount ?? 0 }

    /// `account`'s part, if it held any shares.
    public func credit(for account: AccountID) -> Credit? {
        var low = 0
        var high = credits.count
        while low < high {
            let middle = (low + high) / 2
            if credits[middle].account < account { low = middle + 1 } else { high = middle }
        }
        return low < credits.count && credits[low].account == account ? credits[low] : nil
    }
}
