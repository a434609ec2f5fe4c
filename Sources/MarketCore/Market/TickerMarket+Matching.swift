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
        if book.icebergCount == 0 && links.isEmpty {
            return walk(request, ignoring: replaced, keeping: NoBookkeeping())
        }
        return walk(request, ignoring: replaced, keeping: IcebergAndPairBookkeeping(links: links))
    }

    /// The one walk of the book, best price first; `bookkeeping` is what icebergs and pairs need of it, and
    /// the walk is specialized for a book without them, where it keeps nothing.
    private func walk<Bookkeeping: WalkBookkeeping>(
        _ request: borrowing OrderRequest, ignoring replaced: OrderID?, keeping bookkeeping: Bookkeeping
    ) -> MatchPlan {
        var matcher = Matcher(
            account: request.account, wanted: request.quantity, replaced: replaced, bookkeeping: bookkeeping)
        let limit = request.kind.limitPrice
        let buying = request.side == .buy
        book.forEachOrder(on: buying ? .sell : .buy) { maker in
            guard matcher.arrives(at: maker.price) else { return false }
            if let limit, buying ? maker.price > limit : maker.price < limit { return false }
            return matcher.take(maker)
        }
        if matcher.wanted > 0 && !matcher.plan.stoppedBySelfTrade { _ = matcher.leavesLevel() }
        if request.timeInForce == .fillOrKill && matcher.wanted > 0 {
            matcher.plan.fills.removeAll()
            matcher.plan.filledQuantity = 0
        }
        return matcher.plan
    }
}

/// Takes fills for an incoming order as the walk goes through the book, maker by maker.
private struct Matcher<Bookkeeping: WalkBookkeeping> {
    let account: AccountID
    var wanted: Shares
    let replaced: OrderID?
    var bookkeeping: Bookkeeping
    var plan = MatchPlan()

    init(account: AccountID, wanted: Shares, replaced: OrderID?, bookkeeping: Bookkeeping) {
        self.account = account
        self.wanted = wanted
        self.replaced = replaced
        self.bookkeeping = bookkeeping
    }

    /// Takes what it can from `maker`; `false` once matching is over.
    @inline(__always)
    mutating func take(_ maker: RestingOrder) -> Bool {
        if maker.id == replaced { return true }
        if maker.account == account {
            plan.stoppedBySelfTrade = true
            return false
        }
        if bookkeeping.passesOver(maker) { return true }
        let quantity = min(wanted, maker.visibleQuantity)
        plan.fills.append(PlannedFill(maker: maker, quantity: quantity))
        plan.filledQuantity += quantity
        wanted -= quantity
        bookkeeping.took(quantity, from: maker)
        return wanted > 0
    }

    /// Called with each maker's price before it is taken: on reaching a new level, first takes what the one
    /// before left at its back. `false` once matching is over.
    @inline(__always)
    mutating func arrives(at price: Cents) -> Bool {
        guard bookkeeping.isNewLevel(price) else { return true }
        return leavesLevel()
    }

    /// Takes the slices icebergs showed at the back of the level the walk is leaving; `false` once matching
    /// is over.
    mutating func leavesLevel() -> Bool {
        while let slice = bookkeeping.nextSlice() {
            guard take(slice) else { return false }
        }
        return true
    }
}

/// What the walk keeps beyond the fills: where a book holds icebergs or pairs, the slices shown anew and the
/// pair legs that traded; where it holds neither, nothing.
private protocol WalkBookkeeping {
    /// Whether the walk passes over `maker`, the sibling of a pair leg that traded; notes a leg it takes.
    mutating func passesOver(_ maker: RestingOrder) -> Bool
    /// Notes that the walk took `quantity` from `maker`.
    mutating func took(_ quantity: Shares, from maker: RestingOrder)
    /// Whether `price` starts a level the walk has not been at.
    mutating func isNewLevel(_ price: Cents) -> Bool
    /// The next slice an iceberg showed at the back of the level being left, if any.
    mutating func nextSlice() -> RestingOrder?
}

/// A book of plain orders: every order shows all it has and none is paired.
private struct NoBookkeeping: WalkBookkeeping {
    @inline(__always) func passesOver(_ maker: RestingOrder) -> Bool { false }
    @inline(__always) func took(_ quantity: Shares, from maker: RestingOrder) {}
    @inline(__always) func isNewLevel(_ price: Cents) -> Bool { false }
    @inline(__always) func nextSlice() -> RestingOrder? { nil }
}

private struct IcebergAndPairBookkeeping: WalkBookkeeping {
    /// The market's pairs, when it has any.
    let links: [OrderID: OrderLink]?
    var tradedLegs: [OrderID] = []
    var level: Cents?
    /// Icebergs that showed a new slice at the back of the current level, in that order.
    var slices: [RestingOrder] = []
    var nextSliceIndex = 0

    init(links: [OrderID: OrderLink]) {
        self.links = links.isEmpty ? nil : links
    }

    mutating func passesOver(_ maker: RestingOrder) -> Bool {
        guard let link = links?[maker.id] else { return false }
        if tradedLegs.contains(link.sibling) { return true }
        tradedLegs.append(maker.id)
        return false
    }

    mutating func took(_ quantity: Shares, from maker: RestingOrder) {
        guard quantity == maker.visibleQuantity && maker.remaining > quantity else { return }
        var next = maker
        next.remaining -= quantity
        next.filledQuantity += quantity
        next.visibleQuantity = min(maker.displayQuantity ?? next.remaining, next.remaining)
        slices.append(next)
    }

    mutating func isNewLevel(_ price: Cents) -> Bool {
        guard price != level else { return false }
        level = price
        return true
    }

    mutating func nextSlice() -> RestingOrder? {
        guard nextSliceIndex < slices.count else {
            slices.removeAll(keepingCapacity: true)
            nextSliceIndex = 0
            return nil
        }
        defer { nextSliceIndex += 1 }
        return slices[nextSliceIndex]
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
