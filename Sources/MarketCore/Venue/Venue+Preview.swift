extension Venue {
    /// What `request` would do if placed now: its fills, fees and holds, checked as its placement would be.
    /// Changes nothing; a client order id is not looked up, since a preview never places the order it names.
    public func preview(_ request: OrderRequest) throws(OrderRejection) -> OrderPreview {
        guard let cell = cell(for: request.ticker) else { throw .unknownTicker(request.ticker) }
        guard let account = ledger.account(request.account) else { throw .unknownAccount(request.account) }
        return try cell.market.withLock { (market) throws(OrderRejection) -> OrderPreview in
            let priced = try OrderPricing(request, in: market, ignoring: nil)
            let (plan, escrow, ending, fees) = (priced.plan, priced.escrow, priced.ending, market.rules.fees)
            let waits = ending == .waits
            let terms = Admission.Terms(
                escrow: escrow, ending: ending, retired: nil, openBuy: market.openBuyQuantity(of: request.account),
                maxPosition: market.rules.limits.maxPosition(of: request.account),
                maxOpenOrders: market.rules.limits.maxOpenOrders(of: request.account), conditions: nil,
                isExchangeOrder: false, eventCount: 0,
                shortSale: request.side == .sell ? ShortSaleTerms(request, in: market) : nil)
            let loan = try terms.check(request, against: account)
            let fills = plan.fills.map { fill in
                OrderPreview.Fill(
                    price: fill.maker.price, quantity: fill.quantity,
                    fee: fees.fee(onNotional: fill.maker.price * fill.quantity, basisPoints: fees.takerBasisPoints))
            }
            let cancellation: CancellationReason? =
                if case .cancelled(let reason) = ending { reason } else { nil }
            let status: OrderStatus =
                switch ending {
                case .filled: .filled
                case .cancelled: .cancelled
                case .rests where plan.filledQuantity > 0: .partial
                case .rests, .waits: .open
                }
            return OrderPreview(
                status: status,
                cancellation: cancellation, fills: fills, filledQuantity: plan.filledQuantity,
                notional: waits ? 0 : escrow.fillNotional, fees: fills.reduce(0) { $0 + $1.fee },
                restingQuantity: ending == .rests ? request.quantity - plan.filledQuantity : 0, waitsForTrigger: waits,
                cashHeld: escrow.cash, sharesHeld: escrow.shares, sharesBorrowed: loan?.shares ?? 0,
                collateral: loan?.collateral ?? 0)
        }
    }
}
