/// One ticker's book and everything that changes with it; only ever changed under that ticker's
/// lock, so orders on one ticker are handled one at a time, in arrival order.
struct TickerMarket: Sendable {
    let listing: TickerListing
    private(set) var book = OrderBook()
    private(set) var lastPrice: Cents
    private(set) var feesCollected: Cents = 0
    private(set) var volume: Shares = 0
    /// The ticker's own status; the venue's is in `rules`.
    private(set) var status: TradingStatus = .open
    /// The venue's rules as they stood when this ticker last heard of a change.
    private(set) var rules: VenueRules
    /// Shares issued into accounts by adjustments, less those taken out (by adjustments or a delisting).
    private(set) var issuedShares: Shares = 0
    /// Taken off the venue: it refuses orders, and reads no longer show it.
    private(set) var isDelisted = false
    /// Open quantity of each account's working and resting buys, for the position limit.
    private var openBuyQuantities = IdentifierMap<Shares>()
    /// The order being handled right now, between its acceptance and its completion or rest.
    private var working: WorkingOrder?
    /// Conditional orders waiting for their triggers, in id order.
    private(set) var pending: [PendingOrder] = []
    /// Both legs of every standing one-cancels-other pair.
    private(set) var links: [OrderID: OrderLink] = [:]
    /// Working and resting orders with exits to arm once they are done.
    private(set) var brackets: [OrderID: BracketOrders] = [:]
    /// Shares of this ticker each account has borrowed and not yet returned: the accounts whose margin
    /// this ticker's price moves.
    private(set) var loans: [AccountID: Shares] = [:]

    init(listing: TickerListing, rules: VenueRules) {
        self.listing = listing
        self.lastPrice = listing.initialPrice
        self.rules = rules
    }

    var symbol: TickerSymbol { listing.symbol }

    /// The open quantity of the account's working and resting buys.
    func openBuyQuantity(of account: AccountID) -> Shares { openBuyQuantities[account.mapKey] ?? 0 }

    /// Why an order may not enter now, if it may not.
    var haltReason: String? {
        if case .halted(let reason) = rules.status { return reason }
        if case .halted(let reason) = status { return reason }
        return nil
    }

    /// Applies this ticker's part of `event`: the working order's answer once it is done, and what the change
    /// set in motion.
    mutating func apply(_ event: Event) -> MarketChange {
        switch event.kind {
        case .sharesAdjusted(_, _, let amount, _):
            issuedShares += amount
        case .orderAccepted(let order):
            if order.conditions?.trigger != nil { return park(order) }
            accept(order)
        case .tradeExecuted(let trade):
            return execute(trade)
        case .orderRested(let id, _, _):
            return MarketChange(rest(id, priority: event.sequence))
        case .orderTriggered(let triggering):
            return trigger(triggering)
        case .orderCancelled(let cancellation):
            return cancel(cancellation)
        case .orderReduced(let reduction):
            reduce(reduction)
        case .tradingStatusChanged(let ticker, let newStatus):
            if ticker == nil { rules.status = newStatus } else { status = newStatus }
        case .feeScheduleChanged(let fees):
            rules.fees = fees
        case .riskLimitsChanged(let limits):
            rules.limits = limits
        case .shortSellingChanged(let shortSelling):
            rules.shortSelling = shortSelling
        case .sharesBorrowed(let loan):
            loans[loan.account, default: 0] += loan.shares
        case .sharesReturned(let loan):
            let left = (loans[loan.account] ?? 0) - loan.shares
            loans[loan.account] = left == 0 ? nil : left
        case .tickerDelisted(let payment):
            issuedShares -= payment.credits.reduce(0) { $0 + $1.shares }
            lastPrice = payment.amountPerShare
            isDelisted = true
        case .accountOpened, .cashAdjusted, .tickerListed, .dividendPaid, .adminAction, .newsPublished,
            .accountShortSellingChanged, .riskLimitTripped, .riskLimitReset,
            .marginCalled, .positionLiquidated:
            break
        }
        return MarketChange()
    }

    /// The order becomes the working order.
    mutating func accept(_ order: AcceptedOrder) {
        if order.side == .buy { raiseOpenBuyQuantity(of: order.account, by: order.quantity) }
        if let conditions = order.conditions {
            if let link = conditions.link { links[order.id] = link }
            if let bracket = conditions.bracket { brackets[order.id] = bracket }
        }
        precondition(working == nil, "an order was accepted while another was working")
        working = WorkingOrder(order)
    }

    /// A conditional order waits for its trigger; its answer, open, is returned.
    mutating func park(_ order: AcceptedOrder) -> MarketChange {
        guard let trigger = order.trigger else { preconditionFailure("parking an order without a trigger") }
        if order.side == .buy { raiseOpenBuyQuantity(of: order.account, by: order.quantity) }
        if let link = order.link { links[order.id] = link }
        var waiting = PendingOrder(order, lastPrice: lastPrice)
        var change = MarketChange(WorkingOrder(order).acknowledgement)
        // Only an exit armed after the market passed its trigger gets here already met (the venue refuses
        // other such orders): it triggers at once, at the last price.
        if trigger.isMet(byTradeAt: lastPrice, side: order.side, waterMark: lastPrice) {
            waiting.isTriggered = true
            change.consequences.append(.triggered(order.id, price: lastPrice))
        }
        pending.append(waiting)
        return change
    }

    /// A waiting conditional order becomes the working order; its sibling, if any, is to be cancelled.
    mutating func trigger(_ triggering: OrderTriggering) -> MarketChange {
        guard let index = pending.firstIndex(where: { $0.order.id == triggering.order }) else {
            preconditionFailure("triggering an order that is not waiting: \(triggering.order)")
        }
        precondition(working == nil, "an order was triggered while another was working")
        let order = pending.remove(at: index).order
        working = WorkingOrder(order)
        guard let link = links.removeValue(forKey: order.id) else { return MarketChange() }
        return MarketChange(consequences: [.cancelSibling(link.sibling)])
    }

    /// The conditional order waiting with this id.
    func pendingOrder(_ id: OrderID) -> PendingOrder? {
        pending.isEmpty ? nil : pending.first { $0.order.id == id }
    }

    /// Takes the fill from the maker's open quantity and adds it to the working order.
    @inline(__always)
    mutating func execute(_ trade: Trade) -> MarketChange {
        var change = MarketChange()
        let maker = trade.makerOrder
        if !brackets.isEmpty, trade.aggressor == .buy ? trade.completesSellOrder : trade.completesBuyOrder,
            let order = book.order(maker)
        {
            finishBracket(
                maker, of: order.account, side: order.side, filled: order.quantity, reason: nil,
                into: &change.consequences)
        }
        book.reduce(maker, by: trade.quantity, filling: true, requeueingAt: trade.id.rawValue)
        if !links.isEmpty {
            // Only an armed take-profit trades as a linked taker; either way, the leg that trades goes on.
            for order in [maker, trade.takerOrder] {
                if let link = links.removeValue(forKey: order) {
                    change.consequences.append(.cancelSibling(link.sibling))
                }
            }
        }
        lastPrice = trade.price
        // Running totals over the ticker's life, not balances: nothing bounds them, so they stop at the top
        // rather than trap.
        feesCollected = feesCollected.saturatingAdding(trade.buyerFee + trade.sellerFee)
        volume = volume.saturatingAdding(trade.quantity)
        lowerOpenBuyQuantity(of: trade.buyer, by: trade.quantity)
        if !pending.isEmpty { observeTrade(at: trade.price, into: &change.consequences) }
        guard working?.accepted.id == trade.takerOrder else { preconditionFailure("a trade without its working order") }
        working!.acknowledgement.filledQuantity += trade.quantity
        working!.acknowledgement.trades.append(trade)
        guard trade.aggressor == .buy ? trade.completesBuyOrder : trade.completesSellOrder else { return change }
        working!.acknowledgement.status = .filled
        defer { working = nil }
        if !brackets.isEmpty {
            finishBracket(
                trade.takerOrder, of: working!.accepted.account, side: trade.aggressor,
                filled: working!.acknowledgement.filledQuantity, reason: nil, into: &change.consequences)
        }
        change.acknowledgement = working!.acknowledgement
        return change
    }

    /// Checks every waiting order against a trade price, in id order.
    private mutating func observeTrade(at price: Cents, into consequences: inout [MarketConsequence]) {
        for index in pending.indices where !pending[index].isTriggered {
            if pending[index].observeTrade(at: price) {
                pending[index].isTriggered = true
                consequences.append(.triggered(pending[index].order.id, price: price))
            }
        }
    }

    /// A bracket entry is done: its exits are armed for what it filled, unless nothing filled or an
    /// administrator ended it.
    private mutating func finishBracket(
        _ order: OrderID, of account: AccountID, side: Side, filled: Shares, reason: CancellationReason?,
        into consequences: inout [MarketConsequence]
    ) {
        guard !brackets.isEmpty, let exits = brackets.removeValue(forKey: order), filled > 0,
            reason != .administrative
        else { return }
        consequences.append(
            .bracketDone(BracketEntry(order: order, account: account, side: side, filled: filled, exits: exits)))
    }

    /// The working order's unfilled part takes its place at the back of its price level.
    mutating func rest(_ id: OrderID, priority: UInt64) -> OrderAcknowledgement {
        guard let order = working, order.accepted.id == id, let price = order.accepted.kind.limitPrice else {
            preconditionFailure("resting an order that is not working")
        }
        let filled = order.acknowledgement.filledQuantity
        book.insert(
            RestingOrder(
                id: id, account: order.accepted.account, side: order.accepted.side, price: price,
                quantity: order.accepted.quantity, remaining: order.accepted.quantity - filled,
                filledQuantity: filled, escrowPerShare: order.accepted.escrowPerShare, priority: priority,
                displayQuantity: order.accepted.displayQuantity, isPostOnly: order.accepted.isPostOnly))
        working = nil
        var acknowledgement = order.acknowledgement
        acknowledgement.status = filled == 0 ? .open : .partial
        return acknowledgement
    }

    /// Ends the working order, or takes a resting or waiting one out of the market. A leg cancelled while
    /// its pair stands takes its sibling with it.
    mutating func cancel(_ cancellation: OrderCancellation) -> MarketChange {
        var change = MarketChange()
        if cancellation.side == .buy { lowerOpenBuyQuantity(of: cancellation.account, by: cancellation.quantity) }
        if !links.isEmpty, let link = links.removeValue(forKey: cancellation.order),
            links.removeValue(forKey: link.sibling) != nil
        {
            change.consequences.append(.cancelSibling(link.sibling))
        }
        guard var order = working, order.accepted.id == cancellation.order else {
            if let resting = book.remove(cancellation.order) {
                guard !brackets.isEmpty else { return change }
                finishBracket(
                    resting.id, of: resting.account, side: resting.side, filled: resting.filledQuantity,
                    reason: cancellation.reason, into: &change.consequences)
            } else if let index = pending.firstIndex(where: { $0.order.id == cancellation.order }) {
                pending.remove(at: index)
            }
            return change
        }
        working = nil
        order.acknowledgement.status = .cancelled
        order.acknowledgement.cancellation = cancellation.reason
        if !brackets.isEmpty {
            finishBracket(
                order.accepted.id, of: order.accepted.account, side: order.accepted.side,
                filled: order.acknowledgement.filledQuantity, reason: cancellation.reason, into: &change.consequences)
        }
        change.acknowledgement = order.acknowledgement
        return change
    }

    mutating func reduce(_ reduction: OrderReduction) {
        if reduction.side == .buy { lowerOpenBuyQuantity(of: reduction.account, by: reduction.quantity) }
        book.reduce(reduction.order, by: reduction.quantity, filling: false)
    }

    /// Puts a resting order back, as recovery from storage does.
    mutating func restore(_ order: RestingOrder) {
        book.insert(order)
        if order.side == .buy { raiseOpenBuyQuantity(of: order.account, by: order.remaining) }
    }

    /// Puts an account's outstanding loan of this ticker back.
    mutating func restore(loan shares: Shares, of account: AccountID) {
        if shares > 0 { loans[account] = shares }
    }

    /// Puts a waiting conditional order, the pairs and the brackets back.
    mutating func restore(pending: [PendingOrder], links: [OrderID: OrderLink], brackets: [OrderID: BracketOrders]) {
        self.pending = pending
        for waiting in pending where waiting.order.side == .buy {
            raiseOpenBuyQuantity(of: waiting.order.account, by: waiting.order.quantity)
        }
        self.links = links
        self.brackets = brackets
    }

    mutating func restore(
        lastPrice: Cents, feesCollected: Cents, volume: Shares, status: TradingStatus, issuedShares: Shares,
        isDelisted: Bool
    ) {
        self.isDelisted = isDelisted
        self.lastPrice = lastPrice
        self.feesCollected = feesCollected
        self.volume = volume
        self.status = status
        self.issuedShares = issuedShares
    }

    private mutating func raiseOpenBuyQuantity(of account: AccountID, by quantity: Shares) {
        openBuyQuantities.update(account.mapKey) { $0 = ($0 ?? 0) + quantity }
    }

    private mutating func lowerOpenBuyQuantity(of account: AccountID, by quantity: Shares) {
        openBuyQuantities.update(account.mapKey) { open in
            let left = (open ?? 0) - quantity
            open = left == 0 ? nil : left
        }
    }
}

/// An order between its acceptance and its completion or rest.
private struct WorkingOrder: Sendable {
    let accepted: AcceptedOrder
    var acknowledgement: OrderAcknowledgement

    init(_ accepted: AcceptedOrder) {
        self.accepted = accepted
        acknowledgement = OrderAcknowledgement(
            orderID: accepted.id, account: accepted.account, ticker: accepted.ticker, side: accepted.side,
            kind: accepted.kind, quantity: accepted.quantity, timeInForce: accepted.timeInForce,
            clientOrderID: accepted.clientOrderID, filledQuantity: 0, status: .open, trades: [],
            cancellation: nil)
    }
}
