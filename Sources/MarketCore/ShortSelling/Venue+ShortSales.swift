/// Short positions after each change to a ticker: shares that came back repay their loans, and positions
/// below their maintenance margin at the last price are called, and bought back if the call cannot cover them.
extension Venue {
    /// Returns what can be returned and checks every short position on `market`'s ticker, in account order;
    /// adds the events to `events`. Nothing to do, and nearly free, where nobody has borrowed.
    func settleLoans(in market: inout TickerMarket, at time: Timestamp, events: inout [Event]) {
        guard !market.loans.isEmpty else { return }
        for account in market.loans.keys.sorted() {
            returnShares(of: account, in: &market, at: time, events: &events)
            guard market.loans[account] != nil else { continue }
            checkMargin(of: account, in: &market, at: time, events: &events)
        }
    }

    /// Repays `account`'s loan with the free shares it holds, releasing collateral in proportion.
    func returnShares(of account: AccountID, in market: inout TickerMarket, at time: Timestamp, events: inout [Event]) {
        let ticker = market.symbol
        let event = ledger.withAccount(account) { slot -> Event? in
            guard let position = slot?.position(in: ticker), position.borrowed > 0, position.shares > 0 else {
                return nil
            }
            let shares = min(position.shares, position.borrowed)
            let released =
                shares == position.borrowed
                ? position.collateral
                : Cents(
                    Int64(
                        Int64(position.borrowed.value).dividingFullWidth(
                            position.collateral.value.multipliedFullWidth(by: shares.value)
                        ).quotient))
            let kind = EventKind.sharesReturned(
                ShareLoan(account: account, ticker: ticker, shares: shares, collateral: released))
            slot!.apply(kind, for: account)
            return Event(sequence: allocate(1), timestamp: time, kind: kind)
        }
        guard let event else { return }
        _ = market.apply(event)
        events.append(event)
    }

    /// Calls `account`'s short position if its collateral is below the maintenance margin at the last price,
    /// and liquidates it if free cash cannot bring it back above. With short selling off, a position still
    /// open must hold at least its value.
    private func checkMargin(
        of account: AccountID, in market: inout TickerMarket, at time: Timestamp, events: inout [Event]
    ) {
        let ticker = market.symbol
        let price = market.lastPrice
        let rules =
            market.rules.shortSelling ?? ShortSelling(initialMarginBasisPoints: 0, maintenanceMarginBasisPoints: 0)
        let call = ledger.withAccount(account) { slot -> (Event, covered: Bool)? in
            guard let position = slot?.position(in: ticker), position.shortShares > 0 else { return nil }
            let short = position.shortShares
            let required = rules.maintenanceCollateral(for: short, at: price) ?? .max
            guard position.collateral < required else { return nil }
            let target = rules.initialCollateral(for: short, at: price) ?? .max
            let added = min(slot!.cash, target - position.collateral)
            let kind = EventKind.marginCalled(
                MarginCall(
                    account: account, ticker: ticker, price: price, shortShares: short, required: required,
                    collateralAdded: added))
            slot!.apply(kind, for: account)
            return (Event(sequence: allocate(1), timestamp: time, kind: kind), position.collateral + added >= required)
        }
        guard let call else { return }
        events.append(call.0)
        if !call.covered { liquidate(account, in: &market, at: time, events: &events) }
    }

    /// Buys back `account`'s short position at market: releases its collateral, cancels its orders on the
    /// ticker, repays the loan with any shares that gives back, then buys what is still short, as much as its
    /// cash covers, and repays with what it bought. What the book or the cash cannot cover stays short, to
    /// be called again at the next change.
    private func liquidate(
        _ account: AccountID, in market: inout TickerMarket, at time: Timestamp, events: inout [Event]
    ) {
        let ticker = market.symbol
        let price = market.lastPrice
        let liquidated = ledger.withAccount(account) { slot -> Event? in
            guard let position = slot?.position(in: ticker) else { return nil }
            let kind = EventKind.positionLiquidated(
                Liquidation(
                    account: account, ticker: ticker, price: price, shortShares: position.shortShares,
                    collateralReleased: position.collateral))
            slot!.apply(kind, for: account)
            return Event(sequence: allocate(1), timestamp: time, kind: kind)
        }
        guard let liquidated else { return }
        events.append(liquidated)
        events += cancelResting(of: account, in: &market, reason: .liquidation, at: time)
        returnShares(of: account, in: &market, at: time, events: &events)
        guard let holdings = ledger.account(account) else { return }
        let short = holdings.position(in: ticker).shortShares
        let quantity = buyBackQuantity(of: short, for: account, cash: holdings.cash, in: market)
        guard quantity > 0 else { return }
        let buy = OrderRequest(
            account: account, ticker: ticker, side: .buy, kind: .market, quantity: quantity,
            timeInForce: .immediateOrCancel)
        if let result = try? execute(buy, at: time, in: &market, replacing: nil, byExchange: true) {
            events += result.events
        }
        returnShares(of: account, in: &market, at: time, events: &events)
    }

    /// The most of `short` shares a market buy by `account` can take from the book now with `cash`, within
    /// the exchange's order ceilings: found by halving, since a market buy's escrow is its worst price times
    /// what it fills.
    private func buyBackQuantity(
        of short: Shares, for account: AccountID, cash: Cents, in market: borrowing TickerMarket
    ) -> Shares {
        func affordable(_ quantity: Shares) -> Bool {
            let request = OrderRequest(
                account: account, ticker: market.symbol, side: .buy, kind: .market, quantity: quantity,
                timeInForce: .immediateOrCancel)
            let plan = market.plan(request)
            guard let escrow = try? Escrow(for: request, plan: plan, fees: market.rules.fees, protectionPrice: nil)
            else { return false }
            return escrow.cash <= cash && escrow.fillNotional <= market.rules.limits.effectiveMaxOrderNotional
        }
        var low: Shares = 0
        var high = min(short, market.rules.limits.effectiveMaxOrderQuantity)
        while low < high {
            let middle = low + Shares((high - low).value / 2 + 1)
            if affordable(middle) { low = middle } else { high = middle - 1 }
        }
        return low
    }
}
