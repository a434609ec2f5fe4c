/// One leg of a one-cancels-other pair: the two legs trade the same ticker, side and quantity, and the
/// first to trigger or trade cancels the other.
///
/// The pair holds one escrow between its legs, the larger of the two legs' needs (for sells, the
/// quantity's shares once), rather than each leg its own: a position can be protected on both sides by
/// the shares it has. Whichever leg goes on keeps its own escrow; the other gives back the rest.
public struct OrderLink: Sendable, Hashable, Codable {
    public let sibling: OrderID
    /// What this leg gives back if it is cancelled while the pair stands: the pair's escrow less what the
    /// sibling needs on its own.
    public let cashOnCancel: Cents
    public let sharesOnCancel: Shares

    public init(sibling: OrderID, cashOnCancel: Cents, sharesOnCancel: Shares) {
        self.sibling = sibling
        self.cashOnCancel = cashOnCancel
        self.sharesOnCancel = sharesOnCancel
    }
}

/// The exits a bracket entry arms once it is done, on the opposite side and for the quantity the entry
/// filled: a take-profit limit order, a stop-loss, or both joined as a one-cancels-other pair (a bracket
/// with one exit is what Alpaca calls one-triggers-other).
public struct BracketOrders: Sendable, Hashable, Codable {
    /// The limit price of the take-profit; `nil` when there is none.
    public let takeProfit: Cents?
    /// The trigger of the stop-loss; `nil` when there is none.
    public let stopLoss: Cents?
    /// The stop-loss enters as a limit order at this price once triggered; as a market order when `nil`.
    public let stopLossLimit: Cents?

    public init(takeProfit: Cents?, stopLoss: Cents?, stopLossLimit: Cents? = nil) {
        self.takeProfit = takeProfit
        self.stopLoss = stopLoss
        self.stopLossLimit = stopLossLimit
    }

    /// The exits of an entry on `side`: a take-profit beyond the stop-loss in the entry's favour when it
    /// has both.
    func isOrdered(forEntry side: Side) -> Bool {
        guard let takeProfit, let stopLoss else { return true }
        return side == .buy ? takeProfit > stopLoss : takeProfit < stopLoss
    }
}
