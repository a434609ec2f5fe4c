/// Listing a ticker, paying a dividend on it and delisting it; what holders are paid is issued.
extension Venue {
    /// Lists a new ticker, open for trading under the venue's rules.
    public func list(_ listing: TickerListing, at time: Timestamp) throws(VenueError) -> Event {
        guard listing.tickSize > 0 else { throw .invalidListing("the tick size must be positive") }
        guard AmountCeiling.isPrice(listing.initialPrice), AmountCeiling.isPrice(listing.tickSize) else {
            throw .invalidListing("the initial price and tick size must be at most \(AmountCeiling.orderValue) cents")
        }
        guard listing.isOnGrid(listing.initialPrice) else {
            throw .invalidListing("the initial price must be positive and on the tick grid")
        }
        return try rules.withLock { (rules) throws(VenueError) -> Event in
            try markets.withLock { (markets) throws(VenueError) -> Event in
                guard !markets.contains(where: { $0.symbol == listing.symbol }) else {
                    throw .tickerAlreadyListed(listing.symbol)
                }
                markets.append(MarketCell(TickerMarket(listing: listing, rules: rules)))
                return Event(sequence: allocate(1), timestamp: time, kind: .tickerListed(listing))
            }
        }
    }

    /// Takes `ticker` off the venue: cancels its resting orders (refunding their escrow), then buys back every
    /// holder's shares at `price` each. The cash paid is issued and the shares withdrawn, so conservation holds;
    /// the ticker refuses orders from then on and is no longer listed, and its symbol cannot be listed again.
    public func delist(_ ticker: TickerSymbol, at price: Cents, time: Timestamp) throws(VenueError) -> [Event] {
        guard price > 0 else { throw .invalidAmount }
        guard let cell = cell(for: ticker) else { throw .unknownTicker(ticker) }
        return try cell.market.withLock { (market) throws(VenueError) -> [Event] in
            guard !market.isDelisted else { throw .unknownTicker(ticker) }
            let short = market.loans.keys.filter { (ledger.account($0)?.position(in: ticker).total ?? 0) < 0 }
            if !short.isEmpty { throw .shortPositionsOpen(count: short.count) }
            // Resting sells hold the only reserved shares: once they are cancelled, each holder's free
            // shares are all it has, and all it is paid for.
            let credits = try holderCredits(of: ticker, perShare: price)
            var events = cancelResting(of: nil, in: &market, reason: .administrative, at: time)
            // Shares borrowed for sells not yet filled came back with their cancellation: every loan is repaid.
            settleLoans(in: &market, at: time, events: &events)
            let payment = DividendPayment(ticker: ticker, amountPerShare: price, credits: credits)
            let event = Event(sequence: allocate(1), timestamp: time, kind: .tickerDelisted(payment))
            _ = applyLocked(event, to: &market)
            events.append(event)
            return events
        }
    }

    /// Pays `amountPerShare` to every holder of `ticker` for each share it holds, free or reserved.
    /// The cash paid is issued, so conservation holds. Returns `nil` when nobody holds the ticker.
    public func payDividend(
        on ticker: TickerSymbol, amountPerShare: Cents, at time: Timestamp
    ) throws(VenueError) -> Event? {
        guard amountPerShare > 0 else { throw .invalidAmount }
        guard let cell = cell(for: ticker) else { throw .unknownTicker(ticker) }
        return try cell.market.withLock { (market) throws(VenueError) -> Event? in
            guard !market.isDelisted else { throw .unknownTicker(ticker) }
            let credits = try holderCredits(of: ticker, perShare: amountPerShare)
            guard !credits.isEmpty else { return nil }
            let payment = DividendPayment(ticker: ticker, amountPerShare: amountPerShare, credits: credits)
            let event = Event(sequence: allocate(1), timestamp: time, kind: .dividendPaid(payment))
            _ = applyLocked(event, to: &market)
            return event
        }
    }

    /// What paying `perShare` for every share of `ticker`, free or reserved, gives each holder. Call it under
    /// the ticker's lock: holdings of the ticker change only under it, so the list is exact.
    func holderCredits(of ticker: TickerSymbol, perShare: Cents) throws(VenueError) -> [DividendPayment.Credit] {
        var credits: [DividendPayment.Credit] = []
        var total: Cents = 0
        for (account, holdings) in ledger.allAccounts() {
            let shares = holdings.position(in: ticker).total
            guard shares > 0 else { continue }
            guard let amount = perShare.multipliedExactly(by: shares), let sum = total.addingExactly(amount),
                AmountCeiling.canIssue(sum, onTopOf: issuedCash)
            else { throw .amountTooLarge }
            total = sum
            credits.append(DividendPayment.Credit(account: account, shares: shares, amount: amount))
        }
        return credits
    }
}
