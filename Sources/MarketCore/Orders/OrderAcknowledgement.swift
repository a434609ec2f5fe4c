/// The answer to an order: where it stands once the exchange is done with it for now.
///
/// Stored properties are declared widest first, so the one-byte ones share a word: answers are copied
/// on every fill.
public struct OrderAcknowledgement: Sendable, Hashable, Codable {
    public let orderID: OrderID
    public let account: AccountID
    public let ticker: TickerSymbol
    public let quantity: Shares
    public let clientOrderID: String?
    public internal(set) var filledQuantity: Shares
    /// The fills the order took on arrival, in execution order.
    public internal(set) var trades: [Trade]
    public let kind: OrderKind
    public let side: Side
    public let timeInForce: TimeInForce
    public internal(set) var status: OrderStatus
    /// Why the unfilled part was not rested, when it was not.
    public internal(set) var cancellation: CancellationReason?

    init(
        orderID: OrderID, account: AccountID, ticker: TickerSymbol, side: Side, kind: OrderKind, quantity: Shares,
        timeInForce: TimeInForce, clientOrderID: String?, filledQuantity: Shares, status: OrderStatus,
        trades: [Trade], cancellation: CancellationReason?
    ) {
        self.orderID = orderID
        self.account = account
        self.ticker = ticker
        self.side = side
        self.kind = kind
        self.quantity = quantity
        self.timeInForce = timeInForce
        self.clientOrderID = clientOrderID
        self.filledQuantity = filledQuantity
        self.status = status
        self.trades = trades
        self.cancellation = cancellation
    }
}

/// Why an order, or the unfilled part of one, stopped working.
public enum CancellationReason: String, Sendable, Hashable, Codable {
    /// Its owner asked.
    case requested
    /// Immediate-or-cancel, or a market order: the part not filled at once.
    case immediateOrCancel
    /// Fill-or-kill that could not fill completely.
    case fillOrKill
    /// It would have traded with a resting order of its own account.
    case selfTradePrevention
    /// Replaced by an amendment that changed its price or raised its quantity.
    case replaced
    /// An administrator cancelled it.
    case administrative
    /// The other leg of its one-cancels-other pair triggered, traded or was cancelled.
    case oneCancelsOther
    /// The exchange bought back its owner's short position on the ticker, below its maintenance margin.
    case liquidation
    /// Its owner's dead man's switch: all the owner's private connections to the venue were gone for as long
    /// as it had set.
    case disconnected
    /// One of its owner's safety limits tripped.
    case riskLimit
}
