/// What a change sets in motion (the order is documented on the order path): legs whose sibling went on
/// are cancelled, triggered orders enter the market, finished bracket entries arm their exits.
extension Venue {
    /// Carries out `consequences`, what the changes made so far set in motion, and what that sets in motion
    /// in turn, adding the events to `events`.
    func followThrough(
        _ consequences: [MarketConsequence], in market: inout TickerMarket, at time: Timestamp, events: inout [Event]
    ) {
        guard !consequences.isEmpty else { return }
        var fresh = consequences
        var line: [MarketConsequence] = []
        var next = 0
        while true {
            events += cancelSiblings(&fresh, in: &market, at: time)
            line += fresh
            fresh.removeAll(keepingCapacity: true)
            guard next < line.count else { return }
            let consequence = line[next]
            next += 1
            switch consequence {
            case .cancelSibling: break
            case .triggered(let order, let price):
                fresh = fire(order, at: price, in: &market, time: time, events: &events)
            case .bracketDone(let entry): events += arm(entry, in: &market, at: time)
            }
        }
    }

    /// Cancels the legs whose sibling went on, taking them out of `consequences` and adding what their
    /// cancellations set in motion, so the other consequences stay in line.
    func cancelSiblings(
        _ consequences: inout [MarketConsequence], in market: inout TickerMarket, at time: Timestamp
    ) -> [Event] {
        var events: [Event] = []
        while let index = consequences.firstIndex(where: \.cancelsSibling) {
            guard case .cancelSibling(let order) = consequences.remove(at: index),
                let cancellation = market.cancellation(of: order, reason: .oneCancelsOther)
            else { continue }
            let event = Event(sequence: allocate(1), timestamp: time, kind: .orderCancelled(cancellation))
            consequences += applyLocked(event, to: &market).consequences
            events.append(event)
        }
        return events
    }

    /// A waiting order whose trigger was met enters the market, unless it was cancelled meanwhile. Its
    /// escrow was reserved when it was accepted, so nothing can refuse it now. Returns what its trades set in
    /// motion.
    func fire(
        _ id: OrderID, at price: Cents, in market: inout TickerMarket, time: Timestamp, events: inout [Event]
    ) -> [MarketConsequence] {
        guard let order = market.pendingOrder(id)?.order else { return [] }
        let triggering = OrderTriggering(order: id, account: order.account, ticker: order.ticker, price: price)
        let event = Event(sequence: allocate(1), timestamp: time, kind: .orderTriggered(triggering))
        var consequences = applyLocked(event, to: &market).consequences
        events.append(event)
        events += cancelSiblings(&consequences, in: &market, at: time)
        let request = OrderRequest(
            account: order.account, ticker: order.ticker, side: order.side, kind: order.executionKind,
            quantity: order.quantity, timeInForce: order.executionTimeInForce)
        let plan = market.plan(request)
        let ending = Ending(request, plan: plan)
        let first = allocate(UInt64(plan.fills.count + ending.eventCount))
        let reserved = order.side == .buy ? order.escrowPerShare * order.quantity : 0
        let worked = work(
            order, plan: plan, ending: ending, reservedCash: reserved, from: first, at: time, in: &market,
            events: &events)
        return consequences + worked.consequences
    }

    /// Arms a finished bracket entry's exits for what it filled, or for as much of that as the account can
    /// still cover; nothing when it can cover none.
    func arm(_ entry: BracketEntry, in market: inout TickerMarket, at time: Timestamp) -> [Event] {
        let side = entry.side.opposite
        let exits = entry.exits
        // The stop-loss goes first: it waits, so the take-profit's matching cannot disturb it.
        var legs: [OrderRequest] = []
        if let trigger = exits.stopLoss {
            let kind: OrderKind = exits.stopLossLimit.map { .limit(price: $0) } ?? .market
            legs.append(
                OrderRequest(
                    account: entry.account, ticker: market.symbol, side: side, kind: kind, quantity: entry.filled,
                    trigger: .stop(trigger)))
        }
        if let takeProfit = exits.takeProfit {
            legs.append(
                OrderRequest(
                    account: entry.account, ticker: market.symbol, side: side, kind: .limit(price: takeProfit),
                    quantity: entry.filled))
        }
        let quantity = min(entry.filled, coverable(by: entry.account, legs, in: market))
        guard quantity > 0, !legs.isEmpty else { return [] }
        for index in legs.indices { legs[index].quantity = quantity }
        return (try? placeLegs(legs, parent: entry.order, at: time, in: &market))?.events ?? []
    }

    /// How many shares of the exits `legs` the account can cover: its shares for sells; for buys, its cash
    /// at the dearest leg's escrow per share.
    private func coverable(by account: AccountID, _ legs: [OrderRequest], in market: TickerMarket) -> Shares {
        guard let holdings = ledger.account(account), let side = legs.first?.side else { return 0 }
        if side == .sell { return holdings.position(in: market.symbol).shares }
        var dearest: Cents = 0
        for leg in legs {
            let price = leg.kind.limitPrice ?? (try? market.protectionPrice(for: leg)) ?? nil
            guard let price, let perShare = market.rules.fees.escrowPerShare(atPrice: price) else { return 0 }
            dearest = max(dearest, perShare)
        }
        return holdings.cash.quantity(affordableAt: dearest)
    }
}

extension MarketConsequence {
    var cancelsSibling: Bool {
        if case .cancelSibling = self { return true }
        return false
    }
}
