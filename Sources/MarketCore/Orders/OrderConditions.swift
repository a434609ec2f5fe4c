/// What an order carries beyond a plain limit or market order.
public struct OrderConditions: Sendable, Hashable, Codable {
    /// It waits, holding its escrow, until a trade meets the trigger.
    public var trigger: OrderTrigger?
    /// A conditional market buy's cap: it holds escrow at this price and never trades above it.
    public var protectionPrice: Cents?
    /// Iceberg: the most it shows in the book at once.
    public var displayQuantity: Shares?
    /// It was refused had it traded on arrival.
    public var isPostOnly: Bool
    /// The other leg of its one-cancels-other pair.
    public var link: OrderLink?
    /// The exits it arms once it is done.
    public var bracket: BracketOrders?
    /// For a bracket's exit, the entry that armed it.
    public var parent: OrderID?

    public init(
        trigger: OrderTrigger? = nil, protectionPrice: Cents? = nil, displayQuantity: Shares? = nil,
        isPostOnly: Bool = false, link: OrderLink? = nil, bracket: BracketOrders? = nil, parent: OrderID? = nil
    ) {
        self.trigger = trigger
        self.protectionPrice = protectionPrice
        self.displayQuantity = displayQuantity
        self.isPostOnly = isPostOnly
        self.link = link
        self.bracket = bracket
        self.parent = parent
    }

    /// `nil` when there is nothing beyond a plain order, so plain orders carry nothing.
    var nonEmpty: Self? { self == OrderConditions() ? nil : self }
}
