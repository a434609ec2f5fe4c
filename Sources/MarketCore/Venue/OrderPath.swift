/// Placing orders: checks, escrow, matching, and what a change sets in motion (triggered orders, the
/// other leg of a pair, a bracket's exits), all under the ticker's lock.
///
/// What one change sets in motion is carried out in a fixed order, which the README documents:
/// 1. Legs whose sibling traded or triggered are cancelled, before anything else.
/// 2. Then, first in first out: orders whose trigger a trade met, in the order of those trades (orders
///    met by the same trade in order of acceptance), and bracket entries that are done, in the order
///    they finished. Each enters the market as an incoming order, behind everything already resting,
///    and what its own trades set in motion joins the back of the line.
extension Venue {
    // MARK: One order

    func execute(
        _ request: OrderRequest, at time: Timestamp, in market: inout TickerMarket, replacing replaced: RestingOrder?
    ) throws(OrderRejection) -> OrderResult {
        try market.validate(request)
        let waits = request.trigger != nil
        let plan = waits ? MatchPlan() : market.plan(request, ignoring: replaced?.id)
        if request.isPostOnly && (!plan.fills.isEmpty || plan.stoppedBySelfTrade) { throw .postOnlyWouldTrade }
        let protection = try market.protectionPrice(for: request)
        let escrow = try Escrow(for: request, plan: plan, fees: market.rules.fees, protectionPrice: protection)
        if request.kind == .market { try market.checkNotional(escrow.fillNotional) }

        let ending = waits ? .waits : Ending(request, plan: plan)
        let eventCount = UInt64((replaced == nil ? 1 : 2) + plan.fills.count + ending.eventCount)
        let openBuy = market.openBuyQuantity(of: request.account)
        let limits = market.rules.limits
        let retired = replaced.flatMap { market.cancellation(of: $0.id, reason: .replaced) }
        let conditions = OrderConditions(
            trigger: request.trigger, protectionPrice: protection, displayQuantity: request.displayQuantity,
            isPostOnly: request.isPostOnly, bracket: request.bracket
        ).nonEmpty

        // Checks and reservation are one critical section on the account, so no other ticker can
        // spend the same cash in between.
        let admission = try ledger.withAccount(request.account) { (slot) throws(OrderRejection) -> Admission in
            // Checked on the stored account and changed in place: a copy would copy its dictionaries.
            guard let account = slot else { throw .unknownAccount(request.account) }
            if let key = request.clientOrderID, let earlier = account.acknowledgements[key] {
                guard let acknowledgement = earlier else { throw .clientOrderIDInUse(key) }
                return .duplicate(acknowledgement)
            }
            let position = account.position(in: request.ticker)
            let cash = account.cash + (retired?.releasedCash ?? 0)
            let freeShares = position.shares + (retired?.releasedShares ?? 0)
            let openOrders = account.openOrders - (retired == nil ? 0 : 1)
            if request.side == .buy, let limit = limits.maxPosition {
                let retiredBuy = retired?.side == .buy ? retired!.quantity : 0
                if position.total + openBuy - retiredBuy + request.quantity > limit {
                    throw .positionLimit(limit: limit)
                }
            }
            if ending.staysOpen, let limit = limits.maxOpenOrders, openOrders >= limit {
                throw .openOrderLimit(limit: limit)
            }
            if escrow.cash > cash { throw .insufficientCash(needed: escrow.cash, available: cash) }
            if escrow.shares > freeShares { throw .insufficientShares(needed: escrow.shares, available: freeShares) }

            let first = allocate(eventCount)
            var accepted = AcceptedOrder(
                id: OrderID(first + (replaced == nil ? 0 : 1)), account: request.account, ticker: request.ticker,
                side: request.side, kind: request.kind, quantity: request.quantity,
                timeInForce: request.timeInForce, clientOrderID: request.clientOrderID,
                escrowPerShare: escrow.perShare, reservedCash: escrow.cash, reservedShares: escrow.shares)
            accepted.conditions = conditions
            if let retired { slot!.apply(.orderCancelled(retired), for: request.account) }
            slot!.apply(.orderAccepted(accepted), for: request.account)
            return .admitted(first: first, accepted)
        }
        guard case .admitted(let first, let accepted) = admission else {
            guard case .duplicate(let acknowledgement) = admission else { preconditionFailure() }
            return OrderResult(acknowledgement: acknowledgement, events: [], isDuplicate: true)
        }

        var events: [Event] = []
        events.reserveCapacity(Int(eventCount))
        var next = first
        // The account's part of the cancellation and acceptance is done; the rest goes through the
        // same mutations a replay uses, called directly rather than through a built event.
        if let retired {
            _ = market.cancel(retired)
            events.append(Event(sequence: next, timestamp: time, kind: .orderCancelled(retired)))
            next += 1
        }
        let waiting = market.accept(accepted)
        events.append(Event(sequence: next, timestamp: time, kind: .orderAccepted(accepted)))
        next += 1
        if let waiting {
            return OrderResult(acknowledgement: remember(waiting)!, events: events, isDuplicate: false)
        }
        let work = work(
            accepted, plan: plan, ending: ending, reservedCash: escrow.cash, from: next, at: time, in: &market)
        events += work.events
        events += followThrough(in: &market, at: time)
        return OrderResult(acknowledgement: work.acknowledgement, events: events, isDuplicate: false)
    }

    /// The working order's fills, then its rest or cancellation; `first` numbers its first fill.
    /// `reservedCash` is what it holds for itself (for a buy).
    private func work(
        _ order: AcceptedOrder, plan: MatchPlan, ending: Ending, reservedCash: Cents, from first: UInt64,
        at time: Timestamp, in market: inout TickerMarket
    ) -> (events: [Event], acknowledgement: OrderAcknowledgement) {
        var events: [Event] = []
        events.reserveCapacity(plan.fills.count + 1)
        var next = first
        var acknowledgement: OrderAcknowledgement?
        var filled: Shares = 0
        var buyerEscrowReleased: Cents = 0
        for fill in plan.fills {
            filled += fill.quantity
            let trade = Self.trade(
                fill, taker: order, completingTaker: filled == order.quantity, id: TradeID(next),
                fees: market.rules.fees, at: time)
            if order.side == .buy { buyerEscrowReleased += trade.buyerEscrowReleased }
            acknowledgement = settle(trade, in: &market)
            events.append(Event(sequence: next, timestamp: time, kind: .tradeExecuted(trade)))
            next += 1
        }
        switch ending {
        case .filled, .waits:
            break
        case .rests:
            acknowledgement = remember(market.rest(order.id, priority: next))
            events.append(Event(sequence: next, timestamp: time, kind: .orderRested(order.id, order.ticker)))
        case .cancelled(let reason):
            let unfilled = order.quantity - filled
            // A leg that never traded gives back what its link says; its sibling follows it.
            let link = market.links.isEmpty ? nil : market.links[order.id]
            let cancellation = OrderCancellation(
                order: order.id, account: order.account, ticker: order.ticker, side: order.side,
                quantity: unfilled, releasedCash: link?.cashOnCancel ?? (reservedCash - buyerEscrowReleased),
                releasedShares: link?.sharesOnCancel ?? (order.side == .sell ? unfilled : 0), reason: reason)
            acknowledgement = cancel(cancellation, in: &market)
            events.append(Event(sequence: next, timestamp: time, kind: .orderCancelled(cancellation)))
        }
        guard let acknowledgement else { preconditionFailure("an order ended without an answer") }
        return (events, acknowledgement)
    }

    // MARK: Pairs

    /// Places two orders as a one-cancels-other pair, reserving the pair's escrow in one critical section
    /// on the account.
    ///
    /// Placed by a trader (`parent` is `nil`), neither leg may trade or trigger on arrival. Armed as a
    /// bracket's exits, the legs may do both, at once.
    func placePair(
        _ legs: (OrderRequest, OrderRequest), parent: OrderID?, at time: Timestamp, in market: inout TickerMarket
    ) throws(OrderRejection) -> OrderPairResult {
        let requests = [legs.0, legs.1]
        let account = legs.0.account
        guard
            requests.allSatisfy({ $0.account == account && $0.side == legs.0.side && $0.quantity == legs.0.quantity }),
            legs.1.ticker == legs.0.ticker
        else { throw .invalidCombination("both legs trade the same ticker, side and quantity") }
        for leg in requests {
            guard leg.clientOrderID == nil, leg.displayQuantity == nil, !leg.isPostOnly, leg.bracket == nil,
                leg.trigger != nil || (leg.kind != .market && leg.timeInForce == .goodTillCancelled)
            else {
                throw .invalidCombination(
                    "a leg is a good-till-cancelled limit order or a conditional order, nothing more")
            }
            if parent == nil { try market.validate(leg) }
        }
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
        let groupCash = max(escrows[0].cash, escrows[1].cash)
        let groupShares = max(escrows[0].shares, escrows[1].shares)
        let endings = zip(requests, plans).map { $0.trigger == nil ? Ending($0, plan: $1) : .waits }
        let counts = zip(plans, endings).map { UInt64(1 + $0.fills.count + $1.eventCount) }
        let limits = market.rules.limits

        let accepted = try ledger.withAccount(account) { (slot) throws(OrderRejection) -> [AcceptedOrder] in
            guard let holdings = slot else { throw .unknownAccount(account) }
            if parent == nil, let limit = limits.maxOpenOrders, holdings.openOrders + 2 > limit {
                throw .openOrderLimit(limit: limit)
            }
            if groupCash > holdings.cash { throw .insufficientCash(needed: groupCash, available: holdings.cash) }
            let free = holdings.position(in: legs.0.ticker).shares
            if groupShares > free { throw .insufficientShares(needed: groupShares, available: free) }

            let first = allocate(counts[0] + counts[1])
            let ids = [OrderID(first), OrderID(first + counts[0])]
            var accepted: [AcceptedOrder] = []
            for index in 0..<2 {
                let leg = requests[index]
                let sibling = 1 - index
                // The first leg holds its own escrow, the second the rest of the pair's.
                var order = AcceptedOrder(
                    id: ids[index], account: account, ticker: leg.ticker, side: leg.side, kind: leg.kind,
                    quantity: leg.quantity, timeInForce: leg.timeInForce, clientOrderID: nil,
                    escrowPerShare: escrows[index].perShare,
                    reservedCash: index == 0 ? escrows[0].cash : groupCash - escrows[0].cash,
                    reservedShares: index == 0 ? escrows[0].shares : groupShares - escrows[0].shares)
                order.conditions = OrderConditions(
                    trigger: leg.trigger, protectionPrice: protections[index],
                    link: OrderLink(
                        sibling: ids[sibling], cashOnCancel: groupCash - escrows[sibling].cash,
                        sharesOnCancel: groupShares - escrows[sibling].shares),
                    parent: parent)
                slot!.apply(.orderAccepted(order), for: account)
                accepted.append(order)
            }
            return accepted
        }

        var events: [Event] = []
        var acknowledgements: [OrderAcknowledgement] = []
        for index in 0..<2 {
            let order = accepted[index]
            let waiting = market.accept(order)
            events.append(Event(sequence: order.id.rawValue, timestamp: time, kind: .orderAccepted(order)))
            if let waiting {
                acknowledgements.append(waiting)
                continue
            }
            let work = work(
                order, plan: plans[index], ending: endings[index], reservedCash: escrows[index].cash,
                from: order.id.rawValue + 1, at: time, in: &market)
            events += work.events
            acknowledgements.append(work.acknowledgement)
        }
        events += followThrough(in: &market, at: time)
        return OrderPairResult(acknowledgements: acknowledgements, events: events)
    }

    // MARK: What a change sets in motion

    /// Carries out what the changes made so far set in motion, and what that sets in motion in turn.
    func followThrough(in market: inout TickerMarket, at time: Timestamp) -> [Event] {
        guard !market.consequences.isEmpty else { return [] }
        var events: [Event] = []
        var line: [MarketConsequence] = []
        var next = 0
        while true {
            events += cancelSiblings(in: &market, at: time)
            line += market.consequences
            market.consequences.removeAll(keepingCapacity: true)
            guard next < line.count else { return events }
            let consequence = line[next]
            next += 1
            switch consequence {
            case .cancelSibling: break
            case .triggered(let order, let price): events += fire(order, at: price, in: &market, time: time)
            case .bracketDone(let entry): events += arm(entry, in: &market, at: time)
            }
        }
    }

    /// Cancels the legs whose sibling went on, leaving the other consequences in line.
    private func cancelSiblings(in market: inout TickerMarket, at time: Timestamp) -> [Event] {
        var events: [Event] = []
        while let index = market.consequences.firstIndex(where: \.cancelsSibling) {
            guard case .cancelSibling(let order) = market.consequences.remove(at: index),
                let cancellation = market.cancellation(of: order, reason: .oneCancelsOther)
            else { continue }
            let event = Event(sequence: allocate(1), timestamp: time, kind: .orderCancelled(cancellation))
            _ = applyLocked(event, to: &market)
            events.append(event)
        }
        return events
    }

    /// A waiting order whose trigger was met enters the market, unless it was cancelled meanwhile. Its
    /// escrow was reserved when it was accepted, so nothing can refuse it now.
    private func fire(_ id: OrderID, at price: Cents, in market: inout TickerMarket, time: Timestamp) -> [Event] {
        guard let order = market.pendingOrder(id)?.order else { return [] }
        let triggering = OrderTriggering(order: id, account: order.account, ticker: order.ticker, price: price)
        let event = Event(sequence: allocate(1), timestamp: time, kind: .orderTriggered(triggering))
        _ = applyLocked(event, to: &market)
        var events = [event] + cancelSiblings(in: &market, at: time)
        let request = OrderRequest(
            account: order.account, ticker: order.ticker, side: order.side, kind: order.executionKind,
            quantity: order.quantity, timeInForce: order.executionTimeInForce)
        let plan = market.plan(request)
        let ending = Ending(request, plan: plan)
        let first = allocate(UInt64(plan.fills.count + ending.eventCount))
        let reserved = order.side == .buy ? order.escrowPerShare * order.quantity : 0
        events +=
            work(order, plan: plan, ending: ending, reservedCash: reserved, from: first, at: time, in: &market)
            .events
        return events
    }

    /// Arms a finished bracket entry's exits for what it filled, or for as much of that as the account can
    /// still cover; nothing when it can cover none.
    private func arm(_ entry: BracketEntry, in market: inout TickerMarket, at time: Timestamp) -> [Event] {
        let side = entry.side.opposite
        let exits = entry.exits
        let stopKind: OrderKind = exits.stopLossLimit.map { .limit(price: $0) } ?? .market
        var stopLoss = OrderRequest(
            account: entry.account, ticker: market.symbol, side: side, kind: stopKind, quantity: entry.filled,
            trigger: .stop(exits.stopLoss))
        var takeProfit = OrderRequest(
            account: entry.account, ticker: market.symbol, side: side, kind: .limit(price: exits.takeProfit),
            quantity: entry.filled)
        guard let holdings = ledger.account(entry.account) else { return [] }
        let coverable: Shares
        switch side {
        case .sell:
            coverable = holdings.position(in: market.symbol).shares
        case .buy:
            let fees = market.rules.fees
            let stopPrice = exits.stopLossLimit ?? (try? market.protectionPrice(for: stopLoss)) ?? nil
            guard let stopPrice, let stopPerShare = fees.escrowPerShare(atPrice: stopPrice),
                let profitPerShare = fees.escrowPerShare(atPrice: exits.takeProfit)
            else { return [] }
            coverable = holdings.cash / max(stopPerShare, profitPerShare)
        }
        let quantity = min(entry.filled, coverable)
        guard quantity > 0 else { return [] }
        stopLoss.quantity = quantity
        takeProfit.quantity = quantity
        // The stop-loss goes first: it waits, so the take-profit's matching cannot disturb it.
        return (try? placePair((stopLoss, takeProfit), parent: entry.order, at: time, in: &market))?.events ?? []
    }

    // MARK: Amendments

    func reduce(
        _ resting: RestingOrder, to quantity: Shares, at time: Timestamp, in market: inout TickerMarket
    ) -> OrderResult {
        let lowered = resting.remaining - quantity
        let reduction = OrderReduction(
            order: resting.id, account: resting.account, ticker: market.symbol, side: resting.side,
            quantity: lowered, newRemaining: quantity,
            releasedCash: resting.side == .buy ? lowered * resting.escrowPerShare : 0,
            releasedShares: resting.side == .sell ? lowered : 0)
        let event = Event(sequence: allocate(1), timestamp: time, kind: .orderReduced(reduction))
        _ = applyLocked(event, to: &market)
        var conditions = OrderConditions(displayQuantity: resting.displayQuantity, isPostOnly: resting.isPostOnly)
        if let display = conditions.displayQuantity, display >= quantity { conditions.displayQuantity = nil }
        let acknowledgement = OrderAcknowledgement(
            orderID: resting.id, account: resting.account, ticker: market.symbol, side: resting.side,
            kind: .limit(price: resting.price), quantity: resting.filledQuantity + quantity,
            timeInForce: .goodTillCancelled, clientOrderID: nil, filledQuantity: resting.filledQuantity,
            status: resting.status, trades: [], cancellation: nil, conditions: conditions.nonEmpty)
        return OrderResult(acknowledgement: acknowledgement, events: [event], isDuplicate: false)
    }

    private static func trade(
        _ fill: PlannedFill, taker: AcceptedOrder, completingTaker: Bool, id: TradeID, fees: FeeSchedule,
        at time: Timestamp
    ) -> Trade {
        let maker = fill.maker
        let notional = maker.price * fill.quantity
        let takerFee = fees.fee(onNotional: notional, basisPoints: fees.takerBasisPoints)
        let makerFee = fees.fee(onNotional: notional, basisPoints: fees.makerBasisPoints)
        let takerBuys = taker.side == .buy
        let buyerEscrow = (takerBuys ? taker.escrowPerShare : maker.escrowPerShare) * fill.quantity
        // A resting buy never pays more fee than it escrowed, even if fees rose after it was placed.
        let buyerFee = min(takerBuys ? takerFee : makerFee, buyerEscrow - notional)
        let completesMaker = fill.quantity == maker.remaining
        return Trade(
            id: id, ticker: taker.ticker, price: maker.price, quantity: fill.quantity,
            buyOrder: takerBuys ? taker.id : maker.id, sellOrder: takerBuys ? maker.id : taker.id,
            buyer: takerBuys ? taker.account : maker.account, seller: takerBuys ? maker.account : taker.account,
            buyerFee: buyerFee, sellerFee: takerBuys ? makerFee : takerFee, aggressor: taker.side,
            buyerEscrowReleased: buyerEscrow,
            completesBuyOrder: takerBuys ? completingTaker : completesMaker,
            completesSellOrder: takerBuys ? completesMaker : completingTaker, timestamp: time)
    }
}

/// The two legs of a one-cancels-other pair as placed, and the events that placed them and what followed.
public struct OrderPairResult: Sendable {
    /// The first leg's answer, then the second's.
    public let acknowledgements: [OrderAcknowledgement]
    public let events: [Event]
}

extension MarketConsequence {
    fileprivate var cancelsSibling: Bool {
        if case .cancelSibling = self { return true }
        return false
    }
}

/// How an order's handling ends for now.
private enum Ending: Equatable {
    case filled
    case rests
    case cancelled(CancellationReason)
    /// A conditional order waits for its trigger.
    case waits

    init(_ request: OrderRequest, plan: MatchPlan) {
        self =
            if plan.filledQuantity == request.quantity { .filled } else if request.timeInForce == .fillOrKill {
                .cancelled(.fillOrKill)
            } else if plan.stoppedBySelfTrade {
                .cancelled(.selfTradePrevention)
            } else if request.kind == .market || request.timeInForce == .immediateOrCancel {
                .cancelled(.immediateOrCancel)
            } else { .rests }
    }

    /// The events after the fills: a rest or a cancellation.
    var eventCount: Int {
        switch self {
        case .filled, .waits: 0
        case .rests, .cancelled: 1
        }
    }

    /// The order is still open afterwards, resting or waiting.
    var staysOpen: Bool { self == .rests || self == .waits }
}

private enum Admission {
    case admitted(first: UInt64, AcceptedOrder)
    case duplicate(OrderAcknowledgement)
}

/// What an order must hold while it works.
private struct Escrow {
    var perShare: Cents = 0
    var cash: Cents = 0
    var shares: Shares = 0
    /// What the planned fills cost, before fees; for a protected conditional buy, its cap times its quantity.
    var fillNotional: Cents = 0

    init(for request: OrderRequest, plan: MatchPlan, fees: FeeSchedule, protectionPrice: Cents?) throws(OrderRejection)
    {
        for fill in plan.fills {
            guard let notional = fill.maker.price.multipliedExactly(by: fill.quantity),
                let total = fillNotional.addingExactly(notional)
            else { throw .amountTooLarge }
            fillNotional = total
        }
        if let protectionPrice {
            guard let notional = protectionPrice.multipliedExactly(by: request.quantity) else {
                throw .amountTooLarge
            }
            fillNotional = notional
        }
        switch request.side {
        case .sell:
            shares = request.quantity
        case .buy:
            // A market buy holds, for the quantity it can fill, the worst price it will reach; a protected
            // conditional one, its cap for all of its quantity.
            guard let price = request.kind.limitPrice ?? protectionPrice ?? plan.fills.last?.maker.price else {
                return
            }
            let quantity =
                request.kind == .market && protectionPrice == nil ? plan.filledQuantity : request.quantity
            guard let perShare = fees.escrowPerShare(atPrice: price),
                let cash = perShare.multipliedExactly(by: quantity)
            else { throw .amountTooLarge }
            self.perShare = perShare
            self.cash = cash
        }
    }
}
