/// What a trader does with orders: place, pair, cancel and amend; each runs under its ticker's lock.
extension Venue {
    /// Places an order: checks it, reserves its escrow, matches it, and rests or cancels what is left.
    ///
    /// A resubmission with a client order id seen before returns the first answer and places nothing.
    public func submit(_ request: OrderRequest, at time: Timestamp) throws(OrderRejection) -> OrderResult {
        if let key = request.clientOrderID, let earlier = ledger.account(request.account)?.acknowledgements[key],
            let acknowledgement = earlier
        {
            return OrderResult(acknowledgement: acknowledgement, events: [], isDuplicate: true)
        }
        guard let cell = cell(for: request.ticker) else { throw .unknownTicker(request.ticker) }
        return try cell.market.withLock { (market) throws(OrderRejection) -> OrderResult in
            // Returned as made where nobody has borrowed: a result changed in place costs every order a copy.
            let result = try self.execute(request, at: time, in: &market, replacing: nil)
            if market.loans.isEmpty || result.isDuplicate { return result }
            var settled = result
            settleLoans(in: &market, at: time, events: &settled.events)
            return settled
        }
    }

    /// Places two orders as a one-cancels-other pair: the same ticker, side and quantity, each a
    /// good-till-cancelled limit order or a conditional order. The pair holds one escrow, the larger of
    /// the legs' needs; neither leg may trade or trigger on arrival. When one leg triggers or trades, or
    /// is cancelled, the other is cancelled.
    public func submitPair(
        _ first: OrderRequest, _ second: OrderRequest, at time: Timestamp
    ) throws(OrderRejection) -> OrderPairResult {
        guard let cell = cell(for: first.ticker) else { throw .unknownTicker(first.ticker) }
        return try cell.market.withLock { (market) throws(OrderRejection) -> OrderPairResult in
            var result = try placePair((first, second), parent: nil, at: time, in: &market)
            settleLoans(in: &market, at: time, events: &result.events)
            return result
        }
    }

    /// Cancels a resting or waiting order and refunds its escrow. `account`, when given, must own the
    /// order. Cancelling a leg of a one-cancels-other pair cancels the other leg too; a bracket entry
    /// cancelled by its owner after some fills arms its exits for what filled.
    public func cancel(
        _ order: OrderID, in ticker: TickerSymbol, by account: AccountID?, reason: CancellationReason = .requested,
        at time: Timestamp
    ) throws(OrderChangeRejection) -> [Event] {
        guard let cell = cell(for: ticker) else { throw .unknownTicker(ticker) }
        return try cell.market.withLock { (market) throws(OrderChangeRejection) -> [Event] in
            guard let cancellation = market.cancellation(of: order, reason: reason) else { throw .notResting(order) }
            if let account, cancellation.account != account { throw .notOwner(order) }
            let event = Event(sequence: allocate(1), timestamp: time, kind: .orderCancelled(cancellation))
            let change = applyLocked(event, to: &market)
            var events = [event]
            followThrough(change.consequences, in: &market, at: time, events: &events)
            settleLoans(in: &market, at: time, events: &events)
            return events
        }
    }

    /// Cancels every resting order that matches: of one account, one ticker, or both; all when both
    /// are `nil`.
    public func cancelAll(
        of account: AccountID?, in ticker: TickerSymbol?, reason: CancellationReason, at time: Timestamp
    ) -> [Event] {
        let cells = markets.withLock { markets in
            ticker.map { symbol in markets.filter { $0.symbol == symbol } } ?? markets
        }
        var events: [Event] = []
        for cell in cells {
            cell.market.withLock { market in
                events += cancelResting(of: account, in: &market, reason: reason, at: time)
                settleLoans(in: &market, at: time, events: &events)
            }
        }
        return events
    }

    /// Changes a resting order. Lowering only its quantity keeps its place in the queue; a new price
    /// or a higher quantity cancels it and places a replacement (a new order id, at the back of the
    /// queue, matched on arrival), atomically: if the replacement is refused the original stays. An
    /// iceberg stays an iceberg and a post-only order post-only.
    ///
    /// `quantity` is the new open quantity.
    public func amend(
        _ order: OrderID, in ticker: TickerSymbol, by account: AccountID?, price newPrice: Cents?,
        quantity newQuantity: Shares?, at time: Timestamp
    ) throws(OrderChangeRejection) -> OrderResult {
        guard let cell = cell(for: ticker) else { throw .unknownTicker(ticker) }
        return try cell.market.withLock { (market) throws(OrderChangeRejection) -> OrderResult in
            guard let resting = market.book.order(order) else {
                if let waiting = market.pendingOrder(order) {
                    if let account, waiting.order.account != account { throw .notOwner(order) }
                    throw .notAmendable(order)
                }
                throw .notResting(order)
            }
            if let account, resting.account != account { throw .notOwner(order) }
            if market.links[order] != nil || market.brackets[order] != nil { throw .notAmendable(order) }
            let price = newPrice ?? resting.price
            let quantity = newQuantity ?? resting.remaining
            guard quantity > 0, price != resting.price || quantity != resting.remaining else {
                throw .invalidAmendment
            }
            if price == resting.price && quantity < resting.remaining {
                return settlingLoans(in: &market, at: time) { market in
                    reduce(resting, to: quantity, at: time, in: &market)
                }
            }
            let replacement = OrderRequest(
                account: resting.account, ticker: ticker, side: resting.side, kind: .limit(price: price),
                quantity: quantity, timeInForce: .goodTillCancelled,
                displayQuantity: resting.displayQuantity.flatMap { $0 < quantity ? $0 : nil },
                isPostOnly: resting.isPostOnly)
            do throws(OrderRejection) {
                return try settlingLoans(in: &market, at: time) { (market) throws(OrderRejection) in
                    try execute(replacement, at: time, in: &market, replacing: resting)
                }
            } catch {
                throw .replacementRejected(error)
            }
        }
    }

    /// Cancels the resting and waiting orders of `account` (everyone's when `nil`) in a market whose lock
    /// is held, with what each cancellation sets in motion.
    func cancelResting(
        of account: AccountID?, in market: inout TickerMarket, reason: CancellationReason, at time: Timestamp
    ) -> [Event] {
        var doomed: [OrderID] = []
        for side in Side.allCases {
            market.book.forEachOrder(on: side) { order in
                if account == nil || order.account == account { doomed.append(order.id) }
                return true
            }
        }
        for waiting in market.pending where account == nil || waiting.order.account == account {
            doomed.append(waiting.order.id)
        }
        var events: [Event] = []
        for order in doomed {
            // A leg's sibling goes with it, so it may be gone by its turn.
            guard let cancellation = market.cancellation(of: order, reason: reason) else { continue }
            let event = Event(sequence: allocate(1), timestamp: time, kind: .orderCancelled(cancellation))
            let change = applyLocked(event, to: &market)
            events.append(event)
            followThrough(change.consequences, in: &market, at: time, events: &events)
        }
        return events
    }

    /// Runs `change` on `market`, then settles its loans, adding those events to the result's.
    func settlingLoans<Failure: Error>(
        in market: inout TickerMarket, at time: Timestamp,
        _ change: (inout TickerMarket) throws(Failure) -> OrderResult
    ) throws(Failure) -> OrderResult {
        var result = try change(&market)
        if !result.isDuplicate { settleLoans(in: &market, at: time, events: &result.events) }
        return result
    }

    func reduce(
        _ resting: RestingOrder, to quantity: Shares, at time: Timestamp, in market: inout TickerMarket
    ) -> OrderResult {
        let lowered = resting.remaining - quantity
        let reduction = OrderReduction(
            order: resting.id, account: resting.account, ticker: market.symbol, side: resting.side,
            quantity: lowered, newRemaining: quantity,
            releasedCash: resting.side == .buy ? resting.escrowPerShare * lowered : 0,
            releasedShares: resting.side == .sell ? lowered : 0)
        let event = Event(sequence: allocate(1), timestamp: time, kind: .orderReduced(reduction))
        _ = applyLocked(event, to: &market)
        var conditions = OrderConditions(displayQuantity: resting.displayQuantity, isPostOnly: resting.isPostOnly)
        if let display = conditions.displayQuantity, display >= quantity { conditions.displayQuantity = nil }
        let acknowledgement = OrderAcknowledgement(
            orderID: resting.id, account: resting.account, ticker: market.symbol, side: resting.side,
            kind: .limit(price: resting.price), quantity: resting.filledQuantity + quantity,
            timeInForce: .goodTillCancelled, clientOrderID: nil, filledQuantity: resting.filledQuantity,
            status: resting.status, trades: [], cancellation: nil)
        return OrderResult(
            acknowledgement: acknowledgement, events: [event], isDuplicate: false, conditions: conditions.nonEmpty)
    }
}

/// A placed order's answer and the events that placed it.
public struct OrderResult: Sendable {
    public let acknowledgement: OrderAcknowledgement
    /// Empty for a duplicate.
    public internal(set) var events: [Event]
    /// The client order id was seen before: this is the first answer, and nothing was placed.
    public let isDuplicate: Bool
    /// What the order carries beyond a plain one; kept here rather than in the answer, which is copied
    /// on every fill. `nil` for a duplicate.
    public var conditions: OrderConditions? = nil
}

/// The two legs of a one-cancels-other pair as placed, and the events that placed them and what followed.
public struct OrderPairResult: Sendable {
    /// The first leg's answer, then the second's.
    public let acknowledgements: [OrderAcknowledgement]
    /// Each leg's conditions, in the same order.
    public let conditions: [OrderConditions]
    public internal(set) var events: [Event]
}
