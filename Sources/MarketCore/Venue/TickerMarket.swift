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

    /// Checks what can be checked from the request alone.
    func validate(_ request: OrderRequest) throws(OrderRejection) {
        if isDelisted { throw .unknownTicker(symbol) }
        if let reason = haltReason { throw .tradingHalted(reason: reason) }
        guard request.quantity > 0 else { throw .nonPositiveQuantity }
        if let limit = rules.limits.maxOrderQuantity, request.quantity > limit {
            throw .quantityAboveLimit(limit: limit)
        }
        if case .limit(let price) = request.kind {
            guard price > 0 else { throw .nonPositivePrice }
            guard listing.isOnGrid(price) else { throw .priceOffTickGrid(price: price, tickSize: listing.tickSize) }
            guard let notional = price.multipliedExactly(by: request.quantity) else { throw .amountTooLarge }
            try checkNotional(notional)
        }
    }

    func checkNotional(_ notional: Cents) throws(OrderRejection) {
        if let limit = rules.limits.maxOrderNotional, notional > limit {
            throw .notionalAboveLimit(limit: limit)
        }
    }

    /// The fills an order would take from the book now, without taking them.
    ///
    /// Self-trade prevention: matching stops at the first resting order of the same account; that
    /// order stays, and the incoming order's unfilled part is cancelled rather than rested, which
    /// would cross the book.
    func plan(_ request: OrderRequest, ignoring replaced: OrderID? = nil) -> MatchPlan {
        var plan = MatchPlan()
        var wanted = request.quantity
        let limit = request.kind.limitPrice
        book.forEachOrder(on: request.side.opposite) { maker in
            if let limit, request.side == .buy ? maker.price > limit : maker.price < limit { return false }
            if maker.id == replaced { return true }
            if maker.account == request.account {
                plan.stoppedBySelfTrade = true
                return false
            }
            let quantity = min(wanted, maker.remaining)
            plan.fills.append(PlannedFill(maker: maker, quantity: quantity))
            plan.filledQuantity += quantity
            wanted -= quantity
            return wanted > 0
        }
        if request.timeInForce == .fillOrKill && wanted > 0 {
            plan.fills.removeAll()
            plan.filledQuantity = 0
        }
        return plan
    }

    /// Applies this ticker's part of `event`; returns the working order's answer once it is done.
    mutating func apply(_ event: Event) -> OrderAcknowledgement? {
        switch event.kind {
        case .sharesAdjusted(_, _, let amount, _):
            issuedShares += amount
        case .orderAccepted(let order):
            accept(order)
        case .tradeExecuted(let trade):
            return execute(trade)
        case .orderRested(let id, _):
            return rest(id, priority: event.sequence)
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
        case .tickerDelisted(let payment):
            issuedShares -= payment.credits.reduce(0) { $0 + $1.shares }
            lastPrice = payment.amountPerShare
            isDelisted = true
        case .accountOpened, .cashAdjusted, .tickerListed, .dividendPaid, .adminAction:
            break
        }
        return nil
    }

    /// The order becomes the working order.
    mutating func accept(_ order: AcceptedOrder) {
        precondition(working == nil, "an order was accepted while another was working")
        working = WorkingOrder(order)
        if order.side == .buy { raiseOpenBuyQuantity(of: order.account, by: order.quantity) }
    }

    /// Takes the fill from the maker's open quantity and adds it to the working order.
    mutating func execute(_ trade: Trade) -> OrderAcknowledgement? {
        book.reduce(trade.makerOrder, by: trade.quantity, filling: true)
        lastPrice = trade.price
        feesCollected += trade.buyerFee + trade.sellerFee
        volume += trade.quantity
        lowerOpenBuyQuantity(of: trade.buyer, by: trade.quantity)
        guard working?.accepted.id == trade.takerOrder else { preconditionFailure("a trade without its working order") }
        working!.acknowledgement.filledQuantity += trade.quantity
        working!.acknowledgement.trades.append(trade)
        guard trade.aggressor == .buy ? trade.completesBuyOrder : trade.completesSellOrder else { return nil }
        working!.acknowledgement.status = .filled
        defer { working = nil }
        return working!.acknowledgement
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
                filledQuantity: filled, escrowPerShare: order.accepted.escrowPerShare, priority: priority))
        working = nil
        var acknowledgement = order.acknowledgement
        acknowledgement.status = filled == 0 ? .open : .partial
        return acknowledgement
    }

    /// Ends the working order, or takes a resting one out of the book.
    mutating func cancel(_ cancellation: OrderCancellation) -> OrderAcknowledgement? {
        if cancellation.side == .buy { lowerOpenBuyQuantity(of: cancellation.account, by: cancellation.quantity) }
        guard var order = working, order.accepted.id == cancellation.order else {
            book.remove(cancellation.order)
            return nil
        }
        working = nil
        order.acknowledgement.status = .cancelled
        order.acknowledgement.cancellation = cancellation.reason
        return order.acknowledgement
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

/// The fills an incoming order would take, best first.
struct MatchPlan {
    var fills: [PlannedFill] = []
    var filledQuantity: Shares = 0
    var stoppedBySelfTrade = false
}

struct PlannedFill {
    let maker: RestingOrder
    let quantity: Shares
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
