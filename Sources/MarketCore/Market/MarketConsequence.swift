/// Something a change to the market set in motion, for the venue to carry out once the change is done.
enum MarketConsequence: Sendable {
    /// A leg of a one-cancels-other pair traded, triggered or was cancelled: its sibling is cancelled.
    case cancelSibling(OrderID)
    /// A conditional order's trigger was met by a trade at `price`.
    case triggered(OrderID, price: Cents)
    /// A bracket entry is done, with some of it filled: its exits are to be armed.
    case bracketDone(BracketEntry)
}

/// A bracket entry that is done, as arming its exits needs it.
struct BracketEntry: Sendable {
    let order: OrderID
    let account: AccountID
    let side: Side
    let filled: Shares
    let exits: BracketOrders
}
