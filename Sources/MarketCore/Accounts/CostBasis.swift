/// What a position cost, by average cost, and the profit or loss its reductions realized: exact cents, kept
/// by every change to the position's net shares, so a replayed journal gives them back to the cent.
///
/// `cost` is signed like the position: what was paid for a long one, minus what was received for a short
/// one, and zero when flat. Adding to a position adds the fill's value; reducing it takes out the average
/// cost of the shares closed (cost × closed ÷ held, rounded toward zero, the whole cost when it closes) and
/// realizes the difference from the fill's value. A fill that crosses through zero closes the position and
/// opens the rest at the fill's price. Fees are not part of either figure.
public struct CostBasis: Sendable, Hashable, Codable {
    /// The signed cost of the shares held (or owed) now.
    public internal(set) var cost: Cents = 0
    /// Profit (positive) or loss realized by reducing the position, over its life.
    public internal(set) var realized: Cents = 0

    public init(cost: Cents = 0, realized: Cents = 0) {
        self.cost = cost
        self.realized = realized
    }

    /// Records `quantity` shares (positive bought or granted, negative sold or taken) at `price`, on a
    /// position of `held` net shares before it.
    mutating func fill(_ quantity: Shares, at price: Cents, holding held: Shares) {
        guard quantity != 0 else { return }
        let adds = held == 0 || (held > 0) == (quantity > 0)
        if adds {
            cost = cost.saturatingAdding(price.saturatingMultiplied(by: quantity))
            return
        }
        let closed = Swift.min(quantity.value.magnitude, held.value.magnitude)
        let closedCost = share(of: closed, in: held.value.magnitude)
        // Closing a long sells at `price`; closing a short buys back at it.
        let value = price.saturatingMultiplied(by: Shares(Int64(closed)))
        realized = realized.saturatingAdding(held > 0 ? value - closedCost : -closedCost - value)
        cost = cost - closedCost
        let opened = quantity.value.magnitude - closed
        if opened > 0 {
            cost = price.saturatingMultiplied(by: Shares(quantity > 0 ? Int64(opened) : -Int64(opened)))
        }
    }

    /// The part of `cost` that `closed` of `held` shares carry: exact when they are all of them.
    private func share(of closed: UInt64, in held: UInt64) -> Cents {
        if closed == held { return cost }
        let product = cost.value.multipliedFullWidth(by: Int64(closed))
        return Cents(Int64(held).dividingFullWidth(product).quotient)
    }

    /// Average price paid (received, for a short) per share of a position of `held` shares, rounded toward
    /// zero; `nil` when flat.
    public func averagePrice(holding held: Shares) -> Cents? {
        let (average, overflow) = cost.value.dividedReportingOverflow(by: held.value)
        return held == 0 || overflow ? nil : Cents(average)
    }

    /// What the position would gain by closing at `price`: its value there less its cost.
    public func unrealized(holding held: Shares, at price: Cents) -> Cents {
        price.saturatingMultiplied(by: held).saturatingSubtracting(cost)
    }
}
