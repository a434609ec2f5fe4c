/// What a ticker checks before an order may enter: the request against its listing and rules, and what
/// cancelling an order would release.
extension TickerMarket {
    /// Checks what can be checked from the request alone.
    func validate(_ request: borrowing OrderRequest) throws(OrderRejection) {
        if isDelisted { throw .unknownTicker(symbol) }
        if let reason = haltReason { throw .tradingHalted(reason: reason) }
        guard request.quantity > 0 else { throw .nonPositiveQuantity }
        let maxQuantity = rules.limits.effectiveMaxOrderQuantity
        if request.quantity > maxQuantity { throw .quantityAboveLimit(limit: maxQuantity) }
        if case .limit(let price) = request.kind {
            guard price > 0 else { throw .nonPositivePrice }
            guard price <= AmountCeiling.orderValue else { throw .amountTooLarge }
            guard listing.isOnGrid(price) else { throw .priceOffTickGrid(price: price, tickSize: listing.tickSize) }
            guard let notional = price.multipliedExactly(by: request.quantity) else { throw .amountTooLarge }
            try checkNotional(notional)
        }
        if !request.isPlain { try validateConditions(of: request) }
    }

    /// A positive price on the tick grid.
    private func checkPrice(_ price: Cents) throws(OrderRejection) {
        guard price > 0 else { throw .nonPositivePrice }
        guard price <= AmountCeiling.orderValue else { throw .amountTooLarge }
        guard listing.isOnGrid(price) else { throw .priceOffTickGrid(price: price, tickSize: listing.tickSize) }
    }

    /// Triggers, icebergs, post-only and brackets: each valid, and only where it makes sense.
    private func validateConditions(of request: borrowing OrderRequest) throws(OrderRejection) {
        let isGoodTillCancelledLimit = request.kind != .market && request.timeInForce == .goodTillCancelled
        if let trigger = request.trigger {
            switch trigger {
            case .stop(let price), .takeProfit(let price): try checkPrice(price)
            case .trailingStop(let offset):
                guard offset.isValid else { throw .invalidCombination("the trailing offset must be positive") }
                if case .amount(let amount) = offset, amount > AmountCeiling.orderValue { throw .amountTooLarge }
            }
            if request.kind == .market && request.timeInForce != .goodTillCancelled {
                throw .invalidCombination("a conditional market order takes no time in force")
            }
            if request.displayQuantity != nil || request.isPostOnly || request.bracket != nil {
                throw .invalidCombination("a conditional order cannot be an iceberg, post-only or a bracket entry")
            }
            if trigger.isMet(byTradeAt: lastPrice, side: request.side, waterMark: lastPrice) {
                throw .triggerAlreadyReached(lastPrice: lastPrice)
            }
        }
        if let display = request.displayQuantity {
            guard isGoodTillCancelledLimit else {
                throw .invalidCombination("only a good-till-cancelled limit order can be an iceberg")
            }
            guard display > 0 && display < request.quantity && display <= Shares(Int64(UInt32.max)) else {
                throw .invalidCombination("the display quantity must be positive and below the quantity")
            }
        }
        if request.isPostOnly && !isGoodTillCancelledLimit {
            throw .invalidCombination("only a good-till-cancelled limit order can be post-only")
        }
        if let bracket = request.bracket {
            guard bracket.takeProfit != nil || bracket.stopLoss != nil else {
                throw .invalidCombination("a bracket has a take-profit, a stop-loss or both")
            }
            guard bracket.stopLoss != nil || bracket.stopLossLimit == nil else {
                throw .invalidCombination("a stop-loss limit needs a stop-loss")
            }
            if let takeProfit = bracket.takeProfit { try checkPrice(takeProfit) }
            if let stopLoss = bracket.stopLoss { try checkPrice(stopLoss) }
            if let limit = bracket.stopLossLimit { try checkPrice(limit) }
            guard bracket.isOrdered(forEntry: request.side) else {
                throw .invalidCombination(
                    request.side == .buy
                        ? "a buy's take-profit must be above its stop-loss"
                        : "a sell's take-profit must be below its stop-loss")
            }
        }
    }

    /// The cap of a conditional market buy, from its trigger; `nil` for every other order.
    func protectionPrice(for request: borrowing OrderRequest) throws(OrderRejection) -> Cents? {
        guard !request.isPlain, request.side == .buy, request.kind == .market, let trigger = request.trigger else {
            return nil
        }
        guard let ceiling = trigger.ceiling(from: lastPrice),
            let protection = StopProtection.price(above: ceiling, tickSize: listing.tickSize)
        else { throw .amountTooLarge }
        return protection
    }

    /// Cancelling a resting or waiting order as it stands now, with what it gives back: its own escrow,
    /// or for a leg whose pair stands, the pair's escrow less what its sibling needs. `nil` if it neither
    /// rests nor waits.
    @inline(__always)
    func cancellation(of order: OrderID, reason: CancellationReason) -> OrderCancellation? {
        let account: AccountID
        let side: Side
        let open: Shares
        let escrowPerShare: Cents
        if let resting = book.order(order) {
            (account, side, open, escrowPerShare) = (
                resting.account, resting.side, resting.remaining, resting.escrowPerShare
            )
        } else if let waiting = pendingOrder(order) {
            (account, side, open, escrowPerShare) = (
                waiting.order.account, waiting.order.side, waiting.order.quantity, waiting.order.escrowPerShare
            )
        } else {
            return nil
        }
        let link = links.isEmpty ? nil : links[order]
        return OrderCancellation(
            order: order, account: account, ticker: symbol, side: side, quantity: open,
            releasedCash: link?.cashOnCancel ?? (side == .buy ? escrowPerShare * open : 0),
            releasedShares: link?.sharesOnCancel ?? (side == .sell ? open : 0), reason: reason)
    }

    func checkNotional(_ notional: Cents) throws(OrderRejection) {
        let limit = rules.limits.effectiveMaxOrderNotional
        if notional > limit { throw .notionalAboveLimit(limit: limit) }
    }
}
