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

/// The exits a bracket entry arms once it is done: a take-profit limit order and a stop-loss on the
/// opposite side, for the quantity the entry filled, joined as a one-cancels-other pair.
public struct BracketOrders: Sendable, Hashable, Codable {
    /// The limit price of the take-profit.
    public let takeProfit: Cents
    /// The trigger of the stop-loss.
    public let stopLoss: Cents
    /// The stop-loss enters as a limit order at this price once triggered; as a market order when `nil`.
    public let stopLossLimit: Cents?

    public init(takeProfit: Cents, stopLoss: Cents, stopLossLimit: Cents? = nil) {
        self.takeProfit = takeProfit
        self.stopLoss = stopLoss
        self.stopLossLimit = stopLossLimit
    }

    /// The exits of an entry on `side`: a take-profit beyond the stop-loss in the entry's favour.
    func isOrdered(forEntry side: Side) -> Bool {
        side == .buy ? takeProfit > stopLoss : takeProfit < stopLoss
    }
}
