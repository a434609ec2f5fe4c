/// Everything a venue holds, as plain values: what recovery restores and what tests compare.
public struct VenueSnapshot: Sendable, Hashable, Codable {
    public var rules: VenueRules
    public var accounts: [AccountID: Account]
    public var markets: [TickerSymbol: MarketSnapshot]
    public var issuedCash: Cents
    public var lastSequence: UInt64

    public init(
        rules: VenueRules, accounts: [AccountID: Account], markets: [TickerSymbol: MarketSnapshot], issuedCash: Cents,
        lastSequence: UInt64
    ) {
        self.rules = rules
        self.accounts = accounts
        self.markets = markets
        self.issuedCash = issuedCash
        self.lastSequence = lastSequence
    }

    /// Every broken invariant, each as a sentence; empty when the venue is sound.
    ///
    /// Cash: accounts' free and reserved cash plus fees collected equals cash issued. Shares: for each
    /// ticker, accounts' free and reserved shares equal shares issued. Escrow: each account reserves
    /// exactly what its resting orders can still need. Nothing is negative, no book is crossed, and
    /// each account's open-order count matches its resting orders.
    public var invariantViolations: [String] {
        var violations: [String] = []
        let fees = markets.values.reduce(0) { $0 + $1.feesCollected }
        let cash = accounts.values.reduce(0) { $0 + $1.totalCash }
        if cash + fees != issuedCash {
            violations.append("cash: accounts hold \(cash) and fees \(fees), but \(issuedCash) was issued")
        }
        var reservedCash: [AccountID: Cents] = [:]
        var reservedShares: [AccountID: [TickerSymbol: Shares]] = [:]
        var restingCount: [AccountID: Int] = [:]
        for (symbol, market) in markets {
            let held = accounts.values.reduce(0) { $0 + $1.position(in: symbol).total }
            if held != market.issuedShares {
                violations.append("\(symbol): accounts hold \(held) shares, but \(market.issuedShares) were issued")
            }
            if let bid = market.bids.first?.price, let ask = market.asks.first?.price, bid >= ask {
                violations.append("\(symbol): the book is crossed, bid \(bid) ≥ ask \(ask)")
            }
            // What each open order needs on its own; a standing pair needs one leg's own escrow plus what
            // the other leg gives back when cancelled, which is the pair's escrow.
            var needs: [(account: AccountID, id: OrderID, side: Side, cash: Cents, shares: Shares)] = []
            for order in market.bids + market.asks {
                needs.append(
                    (
                        order.account, order.id, order.side,
                        order.side == .buy ? order.escrowPerShare * order.remaining : 0,
                        order.side == .sell ? order.remaining : 0
                    ))
            }
            for waiting in market.pending {
                let order = waiting.order
                needs.append(
                    (
                        order.account, order.id, order.side,
                        order.side == .buy ? order.escrowPerShare * order.quantity : 0,
                        order.side == .sell ? order.quantity : 0
                    ))
            }
            for need in needs {
                restingCount[need.account, default: 0] += 1
                var cash = need.cash
                var shares = need.shares
                if let link = market.links[need.id] {
                    guard let siblingLink = market.links[link.sibling] else {
                        violations.append("\(symbol): order \(need.id) is linked to \(link.sibling), which is not")
                        continue
                    }
                    if need.id > link.sibling { continue }
                    cash += siblingLink.cashOnCancel
                    shares += siblingLink.sharesOnCancel
                }
                reservedCash[need.account, default: 0] += cash
                reservedShares[need.account, default: [:]][symbol, default: 0] += shares
            }
            for order in market.bids + market.asks where order.remaining <= 0 || order.filledQuantity < 0 {
                violations.append("\(symbol): order \(order.id) rests with \(order.remaining) open")
            }
        }
        for (id, account) in accounts {
            if account.cash < 0 || account.reservedCash < 0 {
                violations.append("account \(id): negative cash \(account.cash) / reserved \(account.reservedCash)")
            }
            if account.reservedCash != reservedCash[id, default: 0] {
                violations.append(
                    "account \(id): reserves \(account.reservedCash) cash, its resting buys need \(reservedCash[id, default: 0])"
                )
            }
            if account.openOrders != restingCount[id, default: 0] {
                violations.append(
                    "account \(id): counts \(account.openOrders) open orders, \(restingCount[id, default: 0]) rest")
            }
            for (symbol, position) in account.positions {
                if position.shares < 0 || position.reservedShares < 0 || position.borrowed < 0
                    || position.collateral < 0
                {
                    violations.append("account \(id): negative \(symbol) position \(position)")
                }
                if position.borrowed == 0 && position.collateral != 0 {
                    violations.append("account \(id): holds \(position.collateral) collateral for no \(symbol) loan")
                }
                if position.borrowed != markets[symbol]?.loans[id] ?? 0 {
                    violations.append(
                        "account \(id): owes \(position.borrowed) \(symbol), the market lent it \(markets[symbol]?.loans[id] ?? 0)"
                    )
                }
                let needed = reservedShares[id]?[symbol] ?? 0
                if position.reservedShares != needed {
                    violations.append(
                        "account \(id): reserves \(position.reservedShares) \(symbol), its resting sells need \(needed)"
                    )
                }
            }
        }
        return violations
    }
}

/// One ticker's state as plain values; orders in priority order, best first.
public struct MarketSnapshot: Sendable, Hashable, Codable {
    public var listing: TickerListing
    public var lastPrice: Cents
    public var feesCollected: Cents
    public var volume: Shares
    public var status: TradingStatus
    public var issuedShares: Shares
    public var bids: [RestingOrder]
    public var asks: [RestingOrder]
    /// A delisted ticker's fees and trades stay in the venue's accounts; its book and holdings are empty.
    public var isDelisted: Bool
    /// Conditional orders waiting for their triggers, in id order.
    public var pending: [PendingOrder]
    /// Both legs of every standing one-cancels-other pair.
    public var links: [OrderID: OrderLink]
    /// Working and resting orders with exits to arm.
    public var brackets: [OrderID: BracketOrders]
    /// Shares each account has borrowed and not returned.
    public var loans: [AccountID: Shares]

    public init(
        listing: TickerListing, lastPrice: Cents, feesCollected: Cents, volume: Shares, status: TradingStatus,
        issuedShares: Shares, bids: [RestingOrder], asks: [RestingOrder], isDelisted: Bool = false,
        pending: [PendingOrder] = [], links: [OrderID: OrderLink] = [:], brackets: [OrderID: BracketOrders] = [:],
        loans: [AccountID: Shares] = [:]
    ) {
        self.loans = loans
        self.pending = pending
        self.links = links
        self.brackets = brackets
        self.isDelisted = isDelisted
        self.listing = listing
        self.lastPrice = lastPrice
        self.feesCollected = feesCollected
        self.volume = volume
        self.status = status
        self.issuedShares = issuedShares
        self.bids = bids
        self.asks = asks
    }

    init(_ market: TickerMarket) {
        self.init(
            listing: market.listing, lastPrice: market.lastPrice, feesCollected: market.feesCollected,
            volume: market.volume, status: market.status, issuedShares: market.issuedShares,
            bids: market.book.orders(on: .buy), asks: market.book.orders(on: .sell), isDelisted: market.isDelisted,
            pending: market.pending, links: market.links, brackets: market.brackets, loans: market.loans)
    }
}
