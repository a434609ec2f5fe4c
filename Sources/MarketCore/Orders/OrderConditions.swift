/// What an order carries beyond a plain limit or market order.
///
/// The values live out of line, behind one reference: nearly every order is plain, and an event or an
/// answer that held room for all of them inline would be twice the size, which the order path pays for
/// on every copy.
public struct OrderConditions: Sendable, Hashable, Codable {
    /// It waits, holding its escrow, until a trade meets the trigger.
    public var trigger: OrderTrigger? {
        get { storage.values.trigger }
        set { change { $0.trigger = newValue } }
    }
    /// A conditional market buy's cap: it holds escrow at this price and never trades above it.
    public var protectionPrice: Cents? {
        get { storage.values.protectionPrice }
        set { change { $0.protectionPrice = newValue } }
    }
    /// Iceberg: the most it shows in the book at once.
    public var displayQuantity: Shares? {
        get { storage.values.displayQuantity }
        set { change { $0.displayQuantity = newValue } }
    }
    /// It was refused had it traded on arrival.
    public var isPostOnly: Bool {
        get { storage.values.isPostOnly }
        set { change { $0.isPostOnly = newValue } }
    }
    /// The other leg of its one-cancels-other pair.
    public var link: OrderLink? {
        get { storage.values.link }
        set { change { $0.link = newValue } }
    }
    /// The exits it arms once it is done.
    public var bracket: BracketOrders? {
        get { storage.values.bracket }
        set { change { $0.bracket = newValue } }
    }
    /// For a bracket's exit, the entry that armed it.
    public var parent: OrderID? {
        get { storage.values.parent }
        set { change { $0.parent = newValue } }
    }

    private var storage: Storage

    public init(
        trigger: OrderTrigger? = nil, protectionPrice: Cents? = nil, displayQuantity: Shares? = nil,
        isPostOnly: Bool = false, link: OrderLink? = nil, bracket: BracketOrders? = nil, parent: OrderID? = nil
    ) {
        storage = Storage(
            Values(
                trigger: trigger, protectionPrice: protectionPrice, displayQuantity: displayQuantity,
                isPostOnly: isPostOnly, link: link, bracket: bracket, parent: parent))
    }

    /// `nil` when there is nothing beyond a plain order, so plain orders carry nothing.
    var nonEmpty: Self? { storage.values == Values() ? nil : self }

    public init(from decoder: any Decoder) throws {
        storage = Storage(try Values(from: decoder))
    }

    public func encode(to encoder: any Encoder) throws {
        try storage.values.encode(to: encoder)
    }

    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.storage.values == rhs.storage.values }

    public func hash(into hasher: inout Hasher) { hasher.combine(storage.values) }

    /// Values are never changed in place: a change makes new storage, so copies never share a change.
    private mutating func change(_ body: (inout Values) -> Void) {
        var values = storage.values
        body(&values)
        storage = Storage(values)
    }

    private struct Values: Sendable, Hashable, Codable {
        var trigger: OrderTrigger?
        var protectionPrice: Cents?
        var displayQuantity: Shares?
        var isPostOnly = false
        var link: OrderLink?
        var bracket: BracketOrders?
        var parent: OrderID?
    }

    private final class Storage: Sendable {
        let values: Values
        init(_ values: Values) { self.values = values }
    }
}
