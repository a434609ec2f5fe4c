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

/// What one change to a market did: the working order's answer once it is done, and what the change set in
/// motion, in the order it arose, for the venue to carry out once the order that caused it is done. A replay,
/// whose journal already holds what followed, leaves the consequences aside.
struct MarketChange {
    var acknowledgement: OrderAcknowledgement?
    var consequences: [MarketConsequence] = []

    init(_ acknowledgement: OrderAcknowledgement? = nil, consequences: [MarketConsequence] = []) {
        self.acknowledgement = acknowledgement
        self.consequences = consequences
    }
}
