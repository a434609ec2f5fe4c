/// One-cancels-other pairs: two legs that share one escrow, the larger of their needs, reserved in one
/// critical section on the account; when one leg trades, triggers or is cancelled, the other is cancelled.
/// A bracket with one exit arms it through the same path, as a lone leg.
extension Venue {
    /// Places two orders as a one-cancels-other pair.
    ///
    /// Placed by a trader (`parent` is `nil`), neither leg may trade or trigger on arrival. Armed as a
    /// bracket's exits, the legs may do both, at once.
    func placePair(
        _ legs: (OrderRequest, OrderRequest), parent: OrderID?, at time: Timestamp, in market: inout TickerMarket
    ) throws(OrderRejection) -> OrderPairResult {
        try placeLegs([legs.0, legs.1], parent: parent, at: time, in: &market)
    }

    /// Places one or two legs; two are joined as a one-cancels-other pair.
    func placeLegs(
        _ requests: [OrderRequest], parent: OrderID?, at time: Timestamp, in market: inout TickerMarket
    ) throws(OrderRejection) -> OrderPairResult {
        precondition((1...2).contains(requests.count), "a pair has two legs, a lone exit one")
        try checkLegs(requests, parent: parent, in: market)
        let plans = requests.map { $0.trigger == nil ? market.plan($0) : MatchPlan() }
        if parent == nil, plans.contains(where: { !$0.fills.isEmpty || $0.stoppedBySelfTrade }) {
            throw .legWouldTrade
        }
        var escrows: [Escrow] = []
        var protections: [Cents?] = []
        for (leg, plan) in zip(requests, plans) {
            let protection = try market.protectionPrice(for: leg)
            protections.append(protection)
            escrows.append(try Escrow(for: leg, plan: plan, fees: market.rules.fees, protectionPrice: protection))
        }
        let endings = zip(requests, plans).map { $0.trigger == nil ? Ending($0, plan: $1) : .waits }
        let counts = zip(plans, endings).map { UInt64(1 + $0.fills.count + $1.eventCount) }
        let accepted = try reservePair(
            requests, escrows: escrows, protections: protections, counts: counts, parent: parent,
            limits: market.rules.limits)

        var events: [Event] = []
        var acknowledgements: [OrderAcknowledgement] = []
        var consequences: [MarketConsequence] = []
        for index in requests.indices {
            let order = accepted[index]
            events.append(Event(sequence: order.id.rawValue, timestamp: time, kind: .orderAccepted(order)))
            if order.trigger != nil {
                let parked = market.park(order)
                acknowledgements.append(parked.acknowledgement!)
                consequences += parked.consequences
                continue
            }
            market.accept(order)
            let worked = work(
                order, plan: plans[index], ending: endings[index], reservedCash: escrows[index].cash,
                from: order.id.rawValue + 1, at: time, in: &market, events: &events)
            acknowledgements.append(worked.acknowledgement)
            consequences += worked.consequences
        }
        followThrough(consequences, in: &market, at: time, events: &events)
        return OrderPairResult(
            acknowledgements: acknowledgements, conditions: accepted.compactMap(\.conditions), events: events)
    }

    /// Both legs trade the same ticker, side and quantity for one account, and each is a good-till-cancelled
    /// limit order or a conditional order, nothing more.
    private func checkLegs(
        _ legs: [OrderRequest], parent: OrderID?, in market: borrowing TickerMarket
    ) throws(OrderRejection) {
        let first = legs[0]
        guard
            legs.allSatisfy({
                $0.account == first.account && $0.ticker == first.ticker && $0.side == first.side
                    && $0.quantity == first.quantity
            })
        else { throw .invalidCombination("both legs trade the same ticker, side and quantity") }
        for leg in legs {
            guard leg.clientOrderID == nil, leg.displayQuantity == nil, !leg.isPostOnly, leg.bracket == nil,
                leg.trigger != nil || (leg.kind != .market && leg.timeInForce == .goodTillCancelled)
            else {
                throw .invalidCombination(
                    "a leg is a good-till-cancelled limit order or a conditional order, nothing more")
            }
            if parent == nil { try market.validate(leg) }
        }
    }

    /// Checks the account and reserves the pair's escrow, the larger of the legs' needs, in one critical
    /// section; numbers the legs and what each may set off (`counts` events each). The first leg holds
    /// its own escrow, the second the rest of the pair's; a lone leg holds its own and has no link.
    private func reservePair(
        _ legs: [OrderRequest], escrows: [Escrow], protections: [Cents?], counts: [UInt64], parent: OrderID?,
        limits: RiskLimits
    ) throws(OrderRejection) -> [AcceptedOrder] {
        let account = legs[0].account
        let groupCash = escrows.map(\.cash).max()!
        let groupShares = escrows.map(\.shares).max()!
        return try ledger.withAccount(account) { (slot) throws(OrderRejection) -> [AcceptedOrder] in
            guard let holdings = slot else { throw .unknownAccount(account) }
            if let tripped = holdings.trippedLimit { throw .riskLimitTripped(tripped) }
            if parent == nil, let limit = limits.maxOpenOrders(of: account), holdings.openOrders + legs.count > limit {
                throw .openOrderLimit(limit: limit)
            }
            if groupCash > holdings.cash { throw .insufficientCash(needed: groupCash, available: holdings.cash) }
            let free = holdings.position(in: legs[0].ticker).shares
            if groupShares > free { throw .insufficientShares(needed: groupShares, available: free) }

            let first = allocate(counts.reduce(0, +))
            let ids = [OrderID(first), OrderID(first + counts[0])].prefix(legs.count)
            var accepted: [AcceptedOrder] = []
            for index in legs.indices {
                let leg = legs[index]
                let sibling = ids.count - 1 - index
                var order = AcceptedOrder(
                    id: ids[index], account: account, ticker: leg.ticker, side: leg.side, kind: leg.kind,
                    quantity: leg.quantity, timeInForce: leg.timeInForce, clientOrderID: nil,
                    escrowPerShare: escrows[index].perShare,
                    reservedCash: index == 0 ? escrows[0].cash : groupCash - escrows[0].cash,
                    reservedShares: index == 0 ? escrows[0].shares : groupShares - escrows[0].shares)
                order.conditions = OrderConditions(
                    trigger: leg.trigger, protectionPrice: protections[index],
                    link: sibling == index
                        ? nil
                        : OrderLink(
                            sibling: ids[sibling], cashOnCancel: groupCash - escrows[sibling].cash,
                            sharesOnCancel: groupShares - escrows[sibling].shares),
                    parent: parent)
                slot!.apply(.orderAccepted(order), for: account)
                accepted.append(order)
            }
            return accepted
        }
    }
}
