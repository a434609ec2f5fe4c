/// A trader's holdings in one venue.
///
/// `cash` is free to spend; `reservedCash` is held by working and resting buys. Likewise each
/// position's `shares` are free and its `reservedShares` held by sells; shares borrowed to sell short count
/// among them, owed back, with cash held as their collateral (see ``ShortSelling``). Nothing here ever goes
/// negative: every debit is checked before the event that makes it is issued.
public struct Account: Sendable, Hashable, Codable {
    public internal(set) var cash: Cents
    public internal(set) var reservedCash: Cents = 0
    /// Positions sorted by symbol: an account holds few tickers, and a short sorted array is
    /// cheaper to search than a string-keyed dictionary, and compares equal however it was built.
    private var holdings: [Holding] = []
    /// Orders working or resting.
    public internal(set) var openOrders: Int = 0
    /// The answer given to each order placed with a client order id; `nil` while it is working.
    public internal(set) var acknowledgements: [String: OrderAcknowledgement?] = [:]

    /// What the exchange put into the account rather than the account earning it by trading: its opening
    /// cash, administrators' cash adjustments, and share grants valued at the last price when granted.
    public internal(set) var contributed: Cents
    /// Dividends received.
    public internal(set) var dividends: Cents = 0
    /// Whether the account turned short selling on for itself, which a venue whose rule asks accounts to opt
    /// in requires before it lends them shares.
    public internal(set) var sellsShort = false
    /// The safety limit that tripped, until it is reset; the account places no orders meanwhile.
    public internal(set) var trippedLimit: RiskLimitKind?

    public init(cash: Cents) {
        self.cash = cash
        contributed = cash
    }

    /// Everything the account holds that did not come from trading.
    public var given: Cents { contributed.saturatingAdding(dividends) }

    public func position(in ticker: TickerSymbol) -> Position {
        holdings.first { $0.symbol == ticker }?.position ?? Position()
    }

    /// Every ticker the account has held.
    public var positions: [TickerSymbol: Position] {
        Dictionary(uniqueKeysWithValues: holdings.map { ($0.symbol, $0.position) })
    }

    private mutating func changePosition(in ticker: TickerSymbol, _ change: (inout Position) -> Void) {
        if let index = holdings.firstIndex(where: { $0.symbol == ticker }) {
            change(&holdings[index].position)
            return
        }
        var position = Position()
        change(&position)
        let index = holdings.firstIndex { $0.symbol > ticker } ?? holdings.endIndex
        holdings.insert(Holding(symbol: ticker, position: position), at: index)
    }

    /// Free plus reserved cash, and the collateral held for borrowed shares.
    public var totalCash: Cents { cash + reservedCash + collateral }

    /// Cash held as collateral for borrowed shares, over every ticker.
    public var collateral: Cents { holdings.reduce(0) { $0 + $1.position.collateral } }

    /// Applies this account's part of `event`.
    mutating func apply(_ event: EventKind, for account: AccountID) {
        switch event {
        case .cashAdjusted(_, let amount, _):
            cash += amount
            contributed = contributed.saturatingAdding(amount)
        case .sharesAdjusted(_, let ticker, let amount, _):
            changePosition(in: ticker) { $0.shares += amount }
        case .orderAccepted(let order):
            reserve(for: order)
        case .tradeExecuted(let trade):
            settle(trade, as: account)
        case .orderCancelled(let cancellation):
            release(cash: cancellation.releasedCash, shares: cancellation.releasedShares, of: cancellation.ticker)
            openOrders -= 1
        case .orderReduced(let reduction):
            release(cash: reduction.releasedCash, shares: reduction.releasedShares, of: reduction.ticker)
        case .dividendPaid(let payment):
            let amount = payment.amount(for: account)
            cash += amount
            dividends = dividends.saturatingAdding(amount)
        case .tickerDelisted(let payment):
            guard let credit = payment.credit(for: account) else { break }
            cash += credit.amount
            changePosition(in: payment.ticker) {
                $0.basis.fill(-credit.shares, at: payment.amountPerShare, holding: $0.total)
                $0.shares -= credit.shares
            }
        case .sharesBorrowed(let loan):
            cash -= loan.collateral
            changePosition(in: loan.ticker) { $0.borrow(loan.shares, collateral: loan.collateral) }
        case .sharesReturned(let loan):
            cash += loan.collateral
            changePosition(in: loan.ticker) { $0.repay(loan.shares, releasing: loan.collateral) }
        case .marginCalled(let call):
            cash -= call.collateralAdded
            changePosition(in: call.ticker) { $0.collateral += call.collateralAdded }
        case .positionLiquidated(let liquidation):
            cash += liquidation.collateralReleased
            changePosition(in: liquidation.ticker) { $0.collateral -= liquidation.collateralReleased }
        case .accountShortSellingChanged(_, let enabled):
            sellsShort = enabled
        case .riskLimitTripped(let trip):
            trippedLimit = trip.limit
        case .riskLimitReset:
            trippedLimit = nil
        case .accountOpened, .tickerListed, .orderRested, .orderTriggered, .tradingStatusChanged, .feeScheduleChanged,
            .riskLimitsChanged, .shortSellingChanged, .adminAction, .newsPublished:
            break
        }
    }

    /// Counts shares of `ticker` granted (or taken back, when negative) by an administrator, once applied, as
    /// contributed at `price`, and as bought (or sold) there for their cost basis.
    mutating func valueShareGrant(_ shares: Shares, of ticker: TickerSymbol, at price: Cents) {
        contributed = contributed.saturatingAdding(price.saturatingMultiplied(by: shares))
        changePosition(in: ticker) { $0.basis.fill(shares, at: price, holding: $0.total - shares) }
    }

    /// Holds the order's escrow.

    mutating func reserve(for order: AcceptedOrder) {
        cash -= order.reservedCash
        reservedCash += order.reservedCash
        if order.reservedShares != 0 {
            changePosition(in: order.ticker) {
                $0.shares -= order.reservedShares
                $0.reservedShares += order.reservedShares
            }
        }
        openOrders += 1
        if let key = order.clientOrderID { acknowledgements[key] = .some(nil) }
    }

    /// Pays or receives for a fill, as its buyer or seller.
    mutating func settle(_ trade: Trade, as account: AccountID) {
        if account == trade.buyer {
            reservedCash -= trade.buyerEscrowReleased
            cash += trade.buyerEscrowReleased - trade.notional - trade.buyerFee
            changePosition(in: trade.ticker) {
                $0.basis.fill(trade.quantity, at: trade.price, holding: $0.total)
                $0.shares += trade.quantity
            }
            if trade.completesBuyOrder { openOrders -= 1 }
        }
        if account == trade.seller {
            changePosition(in: trade.ticker) {
                $0.basis.fill(-trade.quantity, at: trade.price, holding: $0.total)
                $0.reservedShares -= trade.quantity
            }
            cash += trade.notional - trade.sellerFee
            if trade.completesSellOrder { openOrders -= 1 }
        }
    }

    /// Remembers the answer to an order placed with a client order id.
    mutating func record(_ acknowledgement: OrderAcknowledgement, for clientOrderID: String) {
        acknowledgements[clientOrderID] = .some(acknowledgement)
    }

    private mutating func release(cash released: Cents, shares: Shares, of ticker: TickerSymbol) {
        reservedCash -= released
        cash += released
        if shares != 0 {
            changePosition(in: ticker) {
                $0.reservedShares -= shares
                $0.shares += shares
            }
        }
    }
}

private struct Holding: Sendable, Hashable, Codable {
    let symbol: TickerSymbol
    var position: Position
}

/// Shares of one ticker held by an account, and those it owes.
public struct Position: Sendable, Hashable, Codable {
    /// Free to sell.
    public internal(set) var shares: Shares = 0
    /// Held by resting or working sells.
    public internal(set) var reservedShares: Shares = 0
    /// Borrowed from the exchange to sell short, and owed back.
    public internal(set) var borrowed: Shares = 0
    /// Cash held against the borrowed shares.
    public internal(set) var collateral: Cents = 0
    /// What the net shares cost and what reducing them realized.
    public internal(set) var basis = CostBasis()

    public init(
        shares: Shares = 0, reservedShares: Shares = 0, borrowed: Shares = 0, collateral: Cents = 0,
        basis: CostBasis = CostBasis()
    ) {
        self.shares = shares
        self.reservedShares = reservedShares
        self.borrowed = borrowed
        self.collateral = collateral
        self.basis = basis
    }

    /// Free plus reserved shares, less those owed: negative for a short position.
    public var total: Shares { shares + reservedShares - borrowed }

    /// Shares sold short and not yet bought back: what is owed beyond what is held.
    public var shortShares: Shares { total < 0 ? -total : 0 }

    mutating func borrow(_ quantity: Shares, collateral held: Cents) {
        shares += quantity
        borrowed += quantity
        collateral += held
    }

    mutating func repay(_ quantity: Shares, releasing released: Cents) {
        shares -= quantity
        borrowed -= quantity
        collateral -= released
    }
}
