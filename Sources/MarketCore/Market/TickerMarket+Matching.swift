/// Matching: the fills an incoming order would take, planned without taking them; the order path then
/// applies them one trade at a time.
extension TickerMarket {
    /// The fills an order would take from the book now, without taking them.
    ///
    /// Self-trade prevention: matching stops at the first resting order of the same account; that
    /// order stays, and the incoming order's unfilled part is cancelled rather than rested, which
    /// would cross the book.
    ///
    /// An iceberg trades its visible slice; once that is gone it shows the next one at the back of its
    /// price level, behind the orders already there, so the plan comes back to it only after them. Once
    /// one leg of a one-cancels-other pair trades, its sibling is passed over.
    func plan(_ request: borrowing OrderRequest, ignoring replaced: OrderID? = nil) -> MatchPlan {
        guard book.icebergCount == 0 && links.isEmpty else {
            return planAroundIcebergsAndPairs(request, ignoring: replaced)
        }
        var plan = MatchPlan()
        var wanted = request.quantity
        let account = request.account
        let limit = request.kind.limitPrice
        let buying = request.side == .buy
        book.forEachOrder(on: buying ? .sell : .buy) { maker in
            if let limit, buying ? maker.price > limit : maker.price < limit { return false }
            if maker.id == replaced { return true }
            if maker.account == account {
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

    /// The plan where an iceberg or a pair is in the book: the general walk, which the plain one above
    /// is the common case of.
    private func planAroundIcebergsAndPairs(
        _ request: borrowing OrderRequest, ignoring replaced: OrderID?
    ) -> MatchPlan {
        var matcher = Matcher(
            account: request.account, wanted: request.quantity, replaced: replaced, links: links.isEmpty ? nil : links)
        let limit = request.kind.limitPrice
        let buying = request.side == .buy
        var levelPrice: Cents?
        book.forEachOrder(on: buying ? .sell : .buy) { maker in
            if maker.price != levelPrice {
                if !matcher.refills.isEmpty, !matcher.takeRefills() { return false }
                levelPrice = maker.price
            }
            if let limit, buying ? maker.price > limit : maker.price < limit { return false }
            return matcher.take(maker)
        }
        if matcher.wanted > 0, !matcher.plan.stoppedBySelfTrade, !matcher.refills.isEmpty { _ = matcher.takeRefills() }
        if request.timeInForce == .fillOrKill && matcher.wanted > 0 {
            matcher.plan.fills.removeAll()
            matcher.plan.filledQuantity = 0
        }
        return matcher.plan
    }
}

/// Takes fills for an incoming order as ``TickerMarket/plan(_:ignoring:)`` walks the book, maker by maker.
private struct Matcher {
    let account: AccountID
    var wanted: Shares
    let replaced: OrderID?
    /// The market's pairs, when it has any.
    let links: [OrderID: OrderLink]?
    var plan = MatchPlan()
    /// Icebergs that showed a new slice at the back of the current level, in that order.
    var refills: [RestingOrder] = []
    var tradedLegs: [OrderID] = []

    /// Takes what it can from `maker`; `false` once matching is over.
    mutating func take(_ maker: RestingOrder) -> Bool {
        if maker.id == replaced { return true }
        if maker.account == account {
            plan.stoppedBySelfTrade = true
            return false
        }
        if let link = links?[maker.id] {
            if tradedLegs.contains(link.sibling) { return true }
            tradedLegs.append(maker.id)
        }
        let quantity = min(wanted, maker.visibleQuantity)
        plan.fills.append(PlannedFill(maker: maker, quantity: quantity))
        plan.filledQuantity += quantity
        wanted -= quantity
        if quantity == maker.visibleQuantity && maker.remaining > quantity {
            var next = maker
            next.remaining -= quantity
            next.filledQuantity += quantity
            next.visibleQuantity = min(maker.displayQuantity ?? next.remaining, next.remaining)
            refills.append(next)
        }
        return wanted > 0
    }

    /// Takes from the refilled slices of the current level; `false` once matching is over.
    mutating func takeRefills() -> Bool {
        var index = 0
        while index < refills.count {
            guard take(refills[index]) else { return false }
            index += 1
        }
        refills.removeAll()
        return true
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
