// MARK: - The order path

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
    /// Places `request`, in place of `replaced` when given. `byExchange` marks the exchange's own orders for an
    /// account (a liquidation's buy-back), which an account's tripped safety limit does not stop.
    func execute(
        _ request: OrderRequest, at time: Timestamp, in market: inout TickerMarket, replacing replaced: RestingOrder?,
        byExchange: Bool = false
    ) throws(OrderRejection) -> OrderResult {
        let priced = try OrderPricing(request, in: market, ignoring: replaced?.id)
        let (plan, protection, escrow, ending) = (priced.plan, priced.protection, priced.escrow, priced.ending)
        let waits = ending == .waits
        let eventCount = UInt64((replaced == nil ? 1 : 2) + plan.fills.count + ending.eventCount)
        let openBuy = market.openBuyQuantity(of: request.account)
        let retired = replaced.flatMap { market.cancellation(of: $0.id, reason: .replaced) }
        let conditions =
            request.isPlain
            ? nil
            : OrderConditions(
                trigger: request.trigger, protectionPrice: protection, displayQuantity: request.displayQuantity,
                isPostOnly: request.isPostOnly, bracket: request.bracket)

        let admission = try admit(
            request,
            Admission.Terms(
                escrow: escrow, ending: ending, retired: retired, openBuy: openBuy,
                maxPosition: market.rules.limits.maxPosition(of: request.account),
                maxOpenOrders: market.rules.limits.maxOpenOrders(of: request.account), conditions: conditions,
                isExchangeOrder: byExchange,
                eventCount: eventCount, shortSale: request.side == .sell ? ShortSaleTerms(request, in: market) : nil))
        guard case .admitted(let first, let accepted, let loan) = admission else {
            guard case .duplicate(let acknowledgement) = admission else { preconditionFailure() }
            return OrderResult(acknowledgement: acknowledgement, events: [], isDuplicate: true)
        }

        var events: [Event] = []
        events.reserveCapacity(Int(eventCount))
        var next = first
        var consequences: [MarketConsequence] = []
        // The account's part of the cancellation and acceptance is done; the rest goes through the
        // same mutations a replay uses, called directly rather than through a built event.
        if let retired {
            consequences = market.cancel(retired).consequences
            events.append(Event(sequence: next, timestamp: time, kind: .orderCancelled(retired)))
            next += 1
        }
        if let loan {
            let lent = loan.lent(to: request.account, of: request.ticker)
            let borrowed = Event(sequence: next, timestamp: time, kind: .sharesBorrowed(lent))
            _ = market.apply(borrowed)
            events.append(borrowed)
            next += 1
        }
        if waits {
            let waiting = market.park(accepted)
            events.append(Event(sequence: next, timestamp: time, kind: .orderAccepted(accepted)))
            followThrough(consequences + waiting.consequences, in: &market, at: time, events: &events)
            return OrderResult(
                acknowledgement: remember(waiting.acknowledgement)!, events: events, isDuplicate: false,
                conditions: conditions)
        }
        market.accept(accepted)
        events.append(Event(sequence: next, timestamp: time, kind: .orderAccepted(accepted)))
        next += 1
        let worked = work(
            accepted, plan: plan, ending: ending, reservedCash: escrow.cash, from: next, at: time, in: &market,
            events: &events)
        followThrough(consequences + worked.consequences, in: &market, at: time, events: &events)
        return OrderResult(
            acknowledgement: worked.acknowledgement, events: events, isDuplicate: false, conditions: conditions)
    }

    /// The account's checks and the order's reservation, one critical section on the account so that no
    /// other ticker can spend the same cash in between; numbers the order's events when it is admitted.
    private func admit(
        _ request: borrowing OrderRequest, _ terms: borrowing Admission.Terms
    ) throws(OrderRejection) -> Admission {
        // The terms are read in place: copying them would retain every reference they hold, once per order.
        try ledger.withAccount(request.account) { (slot) throws(OrderRejection) -> Admission in
            // Checked on the stored account and changed in place: a copy would copy its dictionaries.
            guard let account = slot else { throw .unknownAccount(request.account) }
            if let key = request.clientOrderID, let earlier = account.acknowledgements[key] {
                guard let acknowledgement = earlier else { throw .clientOrderIDInUse(key) }
                return .duplicate(acknowledgement)
            }
            let loan = try terms.check(request, against: account)
            let escrow = terms.escrow
            var first = allocate(terms.eventCount + (loan == nil ? 0 : 1))
            if let loan {
                // Numbered after the replaced order's cancellation and before the order, whose shares it lends.
                slot!.apply(.sharesBorrowed(loan.lent(to: request.account, of: request.ticker)), for: request.account)
                first += 1
            }
            var accepted = AcceptedOrder(
                id: OrderID(first + (terms.retired == nil ? 0 : 1)), account: request.account, ticker: request.ticker,
                side: request.side, kind: request.kind, quantity: request.quantity,
                timeInForce: request.timeInForce, clientOrderID: request.clientOrderID,
                escrowPerShare: escrow.perShare, reservedCash: escrow.cash, reservedShares: escrow.shares)
            accepted.conditions = terms.conditions
            if let retired = terms.retired { slot!.apply(.orderCancelled(retired), for: request.account) }
            slot!.apply(.orderAccepted(accepted), for: request.account)
            return .admitted(first: loan == nil ? first : first - 1, accepted, loan: loan)
        }
    }

    /// The working order's fills, then its rest or cancellation; `first` numbers its first fill.
    /// `reservedCash` is what it holds for itself (for a buy). Returns its answer and what its changes set in
    /// motion.
    func work(
        _ order: AcceptedOrder, plan: MatchPlan, ending: Ending, reservedCash: Cents, from first: UInt64,
        at time: Timestamp, in market: inout TickerMarket, events: inout [Event]
    ) -> (acknowledgement: OrderAcknowledgement, consequences: [MarketConsequence]) {
        var next = first
        var acknowledgement: OrderAcknowledgement?
        var consequences: [MarketConsequence] = []
        var filled: Shares = 0
        var buyerEscrowReleased: Cents = 0
        for fill in plan.fills {
            filled += fill.quantity
            let trade = Self.trade(
                fill, taker: order, completingTaker: filled == order.quantity, id: TradeID(next),
                fees: market.rules.fees, at: time)
            if order.side == .buy { buyerEscrowReleased += trade.buyerEscrowReleased }
            let change = settle(trade, in: &market)
            acknowledgement = change.acknowledgement
            consequences += change.consequences
            events.append(Event(sequence: next, timestamp: time, kind: .tradeExecuted(trade)))
            next += 1
        }
        switch ending {
        case .filled, .waits:
            break
        case .rests:
            acknowledgement = remember(market.rest(order.id, priority: next))
            let rested = EventKind.orderRested(order.id, order.ticker, account: order.account)
            events.append(Event(sequence: next, timestamp: time, kind: rested))
        case .cancelled(let reason):
            let unfilled = order.quantity - filled
            // A leg that never traded gives back what its link says; its sibling follows it.
            let link = market.links.isEmpty ? nil : market.links[order.id]
            let cancellation = OrderCancellation(
                order: order.id, account: order.account, ticker: order.ticker, side: order.side,
                quantity: unfilled, releasedCash: link?.cashOnCancel ?? (reservedCash - buyerEscrowReleased),
                releasedShares: link?.sharesOnCancel ?? (order.side == .sell ? unfilled : 0), reason: reason)
            let change = cancel(cancellation, in: &market)
            acknowledgement = change.acknowledgement
            consequences += change.consequences
            events.append(Event(sequence: next, timestamp: time, kind: .orderCancelled(cancellation)))
        }
        guard let acknowledgement else { preconditionFailure("an order ended without an answer") }
        return (acknowledgement, consequences)
    }

    static func trade(
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

/// An order's checks against its ticker, its fills as planned against the book, what it must hold and how it
/// ends: what placing it and previewing it both start from. Reads the market, changes nothing.
struct OrderPricing {
    let plan: MatchPlan
    /// The cap of a conditional buy that enters at market.
    let protection: Cents?
    let escrow: Escrow
    let ending: Ending

    @inline(__always)
    init(
        _ request: borrowing OrderRequest, in market: borrowing TickerMarket, ignoring replaced: OrderID?
    ) throws(OrderRejection) {
        try market.validate(request)
        let waits = request.trigger != nil
        plan = waits ? MatchPlan() : market.plan(request, ignoring: replaced)
        if request.isPostOnly && (!plan.fills.isEmpty || plan.stoppedBySelfTrade) { throw .postOnlyWouldTrade }
        protection = try market.protectionPrice(for: request)
        escrow = try Escrow(for: request, plan: plan, fees: market.rules.fees, protectionPrice: protection)
        if request.kind == .market { try market.checkNotional(escrow.fillNotional) }
        ending = waits ? .waits : Ending(request, plan: plan)
    }
}

/// How an order's handling ends for now.
enum Ending: Equatable {
    case filled
    case rests
    case cancelled(CancellationReason)
    /// A conditional order waits for its trigger.
    case waits

    init(_ request: borrowing OrderRequest, plan: borrowing MatchPlan) {
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

enum Admission {
    /// The first event's number, the order, and the loan of shares it sells short, if any.
    case admitted(first: UInt64, AcceptedOrder, loan: Borrowing?)
    case duplicate(OrderAcknowledgement)

    /// What an order's admission is checked against and reserves.
    struct Terms: ~Copyable {
        let escrow: Escrow
        let ending: Ending
        /// The order it replaces, cancelled in the same critical section.
        let retired: OrderCancellation?
        /// The account's open buy quantity on the ticker.
        let openBuy: Shares
        /// The account's position and open-order limits, `nil` where it has none.
        let maxPosition: Shares?
        let maxOpenOrders: Int?
        let conditions: OrderConditions?
        /// The exchange's own order for the account, which a tripped safety limit does not stop.
        let isExchangeOrder: Bool
        let eventCount: UInt64
        /// For a sell where the venue allows short selling: what a short sale would borrow against.
        let shortSale: ShortSaleTerms?

        /// The account's checks: position and open-order limits, cash, and shares (or what a short sale
        /// borrows instead, returned). Changes nothing.
        @inline(__always)
        func check(_ request: borrowing OrderRequest, against account: borrowing Account) throws(OrderRejection)
            -> Borrowing?
        {
            if !isExchangeOrder, let tripped = account.trippedLimit { throw .riskLimitTripped(tripped) }
            let position = account.position(in: request.ticker)
            let cash = account.cash + (retired?.releasedCash ?? 0)
            let freeShares = position.shares + (retired?.releasedShares ?? 0)
            let openOrders = account.openOrders - (retired == nil ? 0 : 1)
            if request.side == .buy, let limit = maxPosition {
                let retiredBuy = retired?.side == .buy ? retired!.quantity : 0
                if position.total + openBuy - retiredBuy + request.quantity > limit {
                    throw .positionLimit(limit: limit)
                }
            }
            // Short: what the account is left owing once every open sell and this one have filled. Written as
            // owed > limit, not held < -limit: a limit of Int64.min has no negation.
            if shortSale != nil, let limit = maxPosition, position.borrowed + request.quantity - freeShares > limit {
                throw .positionLimit(limit: limit)
            }
            if ending.staysOpen, let limit = maxOpenOrders, openOrders >= limit {
                throw .openOrderLimit(limit: limit)
            }
            if escrow.cash > cash { throw .insufficientCash(needed: escrow.cash, available: cash) }
            guard escrow.shares > freeShares else { return nil }
            guard let shortSale, shortSale.rules.admits(account) else {
                throw .insufficientShares(needed: escrow.shares, available: freeShares)
            }
            return try shortSale.loan(of: escrow.shares - freeShares, request.ticker, holding: cash)
        }
    }
}

/// What an order must hold while it works.
struct Escrow {
    var perShare: Cents = 0
    var cash: Cents = 0
    var shares: Shares = 0
    /// What the planned fills cost, before fees; for a protected conditional buy, its cap times its quantity.
    var fillNotional: Cents = 0

    @inline(__always)
    init(
        for request: borrowing OrderRequest, plan: borrowing MatchPlan, fees: FeeSchedule, protectionPrice: Cents?
    ) throws(OrderRejection) {
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
