import MarketCore
import Testing

let epoch = Timestamp(millisecondsSinceEpoch: 1_750_000_000_000)

/// A venue plus the journal of every event it produced, with short ways to trade on it.
final class TestExchange {
    let venue: Venue
    private(set) var journal: [Event] = []

    init(
        fees: FeeSchedule = .free, limits: RiskLimits = .none,
        tickers: [TickerListing] = [TickerListing(symbol: "FUN", initialPrice: 100_00)],
        accounts: [Int64: Cents] = [1: 1_000_000_00, 2: 1_000_000_00, 3: 1_000_000_00],
        shares: Shares = 1_000, shortSelling: ShortSelling? = nil
    ) {
        venue = Venue(id: "test")
        record(try! venue.setFeeSchedule(fees, at: epoch))
        record(venue.setRiskLimits(limits, at: epoch))
        if shortSelling != nil { record(try! venue.setShortSelling(shortSelling, at: epoch)) }
        for listing in tickers { record(try! venue.list(listing, at: epoch)) }
        for (id, cash) in accounts.sorted(by: { $0.key < $1.key }) {
            record(try! venue.openAccount(AccountID(id), cash: cash, at: epoch))
            for listing in tickers where shares > 0 {
                record(
                    try! venue.adjustShares(
                        of: AccountID(id), in: listing.symbol, by: shares, reason: "seed", at: epoch))
            }
        }
    }

    func record(_ event: Event) { journal.append(event) }
    func record(_ events: [Event]) { journal.append(contentsOf: events) }

    @discardableResult
    func place(_ request: OrderRequest) throws(OrderRejection) -> OrderAcknowledgement {
        let result = try venue.submit(request, at: epoch)
        record(result.events)
        return result.acknowledgement
    }

    @discardableResult
    func buy(
        _ account: Int64, _ quantity: Shares, at price: Cents?, _ timeInForce: TimeInForce = .goodTillCancelled,
        ticker: TickerSymbol = "FUN", clientOrderID: String? = nil
    ) throws(OrderRejection) -> OrderAcknowledgement {
        try place(
            OrderRequest(
                account: AccountID(account), ticker: ticker, side: .buy,
                kind: price.map { .limit(price: $0) } ?? .market,
                quantity: quantity, timeInForce: timeInForce, clientOrderID: clientOrderID))
    }

    @discardableResult
    func sell(
        _ account: Int64, _ quantity: Shares, at price: Cents?, _ timeInForce: TimeInForce = .goodTillCancelled,
        ticker: TickerSymbol = "FUN", clientOrderID: String? = nil
    ) throws(OrderRejection) -> OrderAcknowledgement {
        try place(
            OrderRequest(
                account: AccountID(account), ticker: ticker, side: .sell,
                kind: price.map { .limit(price: $0) } ?? .market,
                quantity: quantity, timeInForce: timeInForce, clientOrderID: clientOrderID))
    }

    func cancel(_ order: OrderID, by account: Int64?, ticker: TickerSymbol = "FUN") throws(OrderChangeRejection) {
        record(try venue.cancel(order, in: ticker, by: account.map(AccountID.init), at: epoch))
    }

    @discardableResult
    func amend(
        _ order: OrderID, by account: Int64, price: Cents? = nil, quantity: Shares? = nil, ticker: TickerSymbol = "FUN"
    ) throws(OrderChangeRejection) -> OrderAcknowledgement {
        let result = try venue.amend(
            order, in: ticker, by: AccountID(account), price: price, quantity: quantity, at: epoch)
        record(result.events)
        return result.acknowledgement
    }

    func account(_ id: Int64) -> Account { venue.account(AccountID(id))! }
    func cash(_ id: Int64) -> Cents { account(id).cash }
    func shares(_ id: Int64, _ ticker: TickerSymbol = "FUN") -> Shares { account(id).position(in: ticker).shares }
    func depth(_ ticker: TickerSymbol = "FUN") -> BookDepth { venue.depth(ticker)! }
    func fees(_ ticker: TickerSymbol = "FUN") -> Cents { venue.snapshot().markets[ticker]!.feesCollected }

    /// The state a replay of the journal into an empty venue arrives at.
    func replayed() -> VenueSnapshot {
        let copy = Venue(id: "replay")
        for event in journal.sorted(by: { $0.sequence < $1.sequence }) { copy.apply(event) }
        return copy.snapshot()
    }

    /// Accounts whose cost basis does not account for every cent they made: for each, its value at the last
    /// prices, less what it was given (opening cash, adjustments, grants at their price, dividends), plus the
    /// fees it paid, must equal its positions' realized plus unrealized profit and loss.
    func costBasisViolations() -> [String] {
        let snapshot = venue.snapshot()
        let prices = snapshot.markets.mapValues(\.lastPrice)
        var fees: [AccountID: Cents] = [:]
        for case .tradeExecuted(let trade) in journal.map(\.kind) {
            fees[trade.buyer, default: 0] += trade.buyerFee
            fees[trade.seller, default: 0] += trade.sellerFee
        }
        return snapshot.accounts.sorted { $0.key.rawValue < $1.key.rawValue }.compactMap { id, account in
            let made = Valuation(account: account, prices: prices).total - account.given + fees[id, default: 0]
            let pnl = account.positions.reduce(Cents(0)) { sum, entry in
                let (ticker, position) = entry
                return sum + position.basis.realized
                    + position.basis.unrealized(holding: position.total, at: prices[ticker] ?? 0)
            }
            return made == pnl ? nil : "account \(id.rawValue): made \(made), realized and unrealized \(pnl)"
        }
    }

    /// Checks conservation, escrow and book invariants, and that the journal replays to the same state.
    func expectSound(sourceLocation: SourceLocation = #_sourceLocation) {
        let snapshot = venue.snapshot()
        #expect(snapshot.invariantViolations == [], sourceLocation: sourceLocation)
        #expect(costBasisViolations() == [], sourceLocation: sourceLocation)
        #expect(replayed() == snapshot, "the journal replays to a different state", sourceLocation: sourceLocation)
    }
}

extension Position {
    /// The shares and collateral alone, for tests about holdings rather than what they cost.
    var holdingOnly: Position {
        Position(shares: shares, reservedShares: reservedShares, borrowed: borrowed, collateral: collateral)
    }
}
