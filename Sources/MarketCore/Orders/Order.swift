/// Which way an order trades.
public enum Side: String, Sendable, Hashable, Codable, CaseIterable {
    case buy
    case sell

    public var opposite: Side { self == .buy ? .sell : .buy }
}

/// How long the unfilled part of an order may wait in the book.
public enum TimeInForce: String, Sendable, Hashable, Codable, CaseIterable {
    /// Good till cancelled: the remainder rests in the book.
    case goodTillCancelled = "GTC"
    /// Immediate or cancel: fill what can be filled now, cancel the rest.
    case immediateOrCancel = "IOC"
    /// Fill or kill: fill the whole quantity now, or nothing at all.
    case fillOrKill = "FOK"
}

/// The price condition of an order.
public enum OrderKind: Sendable, Hashable, Codable {
    /// Trade at `price` or better.
    case limit(price: Cents)
    /// Trade at whatever prices the book offers now; never rests.
    case market

    public var limitPrice: Cents? {
        if case .limit(let price) = self { return price }
        return nil
    }
}

/// Where an order stands.
public enum OrderStatus: String, Sendable, Hashable, Codable {
    /// Resting in the book, nothing filled.
    case open
    /// Some filled, the rest resting.
    case partial
    /// Completely filled.
    case filled
    /// No longer working, with part or all of it unfilled.
    case cancelled
}

/// What a trader asks for.
public struct OrderRequest: Sendable, Hashable {
    public var account: AccountID
    public var ticker: TickerSymbol
    public var quantity: Shares
    /// A key of the trader's choosing: resubmitting it returns the first answer instead of placing
    /// a second order.
    public var clientOrderID: String?
    /// The trigger, display quantity, post-only flag and bracket below, out of line: `nil` for a plain
    /// order, which keeps requests small to copy.
    private var extras: OrderConditions?
    // The narrow members after the wide ones, so they share a word.
    public var kind: OrderKind
    public var side: Side
    public var timeInForce: TimeInForce
    /// Makes the order conditional: it waits, holding its escrow, until a trade meets the trigger, then
    /// enters as `kind` with `timeInForce`. A conditional market buy enters protected (see
    /// ``StopProtection``).
    public var trigger: OrderTrigger? {
        get { extras?.trigger }
        set { changeExtras { $0.trigger = newValue } }
    }
    /// Iceberg: at most this much of a resting limit order shows in the book at once.
    public var displayQuantity: Shares? {
        get { extras?.displayQuantity }
        set { changeExtras { $0.displayQuantity = newValue } }
    }
    /// Refused, changing nothing, if it would trade on arrival: it may only add liquidity.
    public var isPostOnly: Bool {
        get { extras?.isPostOnly ?? false }
        set { changeExtras { $0.isPostOnly = newValue } }
    }
    /// Exits to arm once the order is done.
    public var bracket: BracketOrders? {
        get { extras?.bracket }
        set { changeExtras { $0.bracket = newValue } }
    }

    public init(
        account: AccountID, ticker: TickerSymbol, side: Side, kind: OrderKind, quantity: Shares,
        timeInForce: TimeInForce = .goodTillCancelled, clientOrderID: String? = nil, trigger: OrderTrigger? = nil,
        displayQuantity: Shares? = nil, isPostOnly: Bool = false, bracket: BracketOrders? = nil
    ) {
        self.account = account
        self.ticker = ticker
        self.side = side
        self.kind = kind
        self.quantity = quantity
        self.timeInForce = timeInForce
        self.clientOrderID = clientOrderID
        if trigger != nil || displayQuantity != nil || isPostOnly || bracket != nil {
            extras = OrderConditions(
                trigger: trigger, displayQuantity: displayQuantity, isPostOnly: isPostOnly, bracket: bracket)
        }
    }

    /// Whether it is a plain limit or market order, with none of the four above.
    var isPlain: Bool { extras == nil }

    private mutating func changeExtras(_ body: (inout OrderConditions) -> Void) {
        var changed = extras ?? OrderConditions()
        body(&changed)
        extras = changed.nonEmpty
    }
}

/// An order resting in a book.
public struct RestingOrder: Sendable, Hashable, Codable {
    public let id: OrderID
    public let account: AccountID
    public let price: Cents
    /// Filled plus open quantity: what it was accepted with, less what amendments took off.
    public internal(set) var quantity: Shares
    /// The quantity still open.
    public internal(set) var remaining: Shares
    /// The quantity traded so far.
    public internal(set) var filledQuantity: Shares
    /// Cash held per open share (buys), covering price and the largest fee; zero for sells.
    public let escrowPerShare: Cents
    /// The sequence at which it took its place in the queue: lower goes first at the same price. An
    /// iceberg takes a new one, at the back of its price level, each time it shows a new slice.
    public internal(set) var priority: UInt64
    public let side: Side
    /// Only for its own amendments: an amendment that would trade is refused.
    public let isPostOnly: Bool
    /// Iceberg: the most it shows at once; `nil` shows all that is open.
    public var displayQuantity: Shares? { display == 0 ? nil : Shares(Int64(display)) }
    /// What the book shows and what trades next: all that is open, or an iceberg's current slice.
    public internal(set) var visibleQuantity: Shares {
        get { display == 0 ? remaining : Shares(Int64(slice)) }
        set { if display != 0 { slice = UInt32(newValue.value) } }
    }
    /// An iceberg's display quantity and current slice, 32 bits each so that a resting order, of which
    /// a book holds many, stays small (icebergs show at most `UInt32.max`); zero for every other order.
    private let display: UInt32
    private var slice: UInt32

    public init(
        id: OrderID, account: AccountID, side: Side, price: Cents, quantity: Shares, remaining: Shares,
        filledQuantity: Shares, escrowPerShare: Cents, priority: UInt64, displayQuantity: Shares? = nil,
        isPostOnly: Bool = false
    ) {
        self.id = id
        self.account = account
        self.side = side
        self.price = price
        self.quantity = quantity
        self.remaining = remaining
        self.filledQuantity = filledQuantity
        self.escrowPerShare = escrowPerShare
        self.priority = priority
        self.display = displayQuantity.map { UInt32($0.value) } ?? 0
        self.isPostOnly = isPostOnly
        self.slice = displayQuantity.map { UInt32(min($0, remaining).value) } ?? 0
    }

    public var status: OrderStatus { filledQuantity == 0 ? .open : .partial }
}
