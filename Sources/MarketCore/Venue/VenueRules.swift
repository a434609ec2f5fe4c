/// Whether orders are taken.
public enum TradingStatus: Sendable, Hashable, Codable {
    case open
    /// New orders are refused with `reason`; cancels still work.
    case halted(reason: String)

    public var isOpen: Bool { self == .open }
}

/// Limits a venue puts on each order and account; `nil` means no limit.
public struct RiskLimits: Sendable, Hashable, Codable {
    public var maxOrderQuantity: Shares?
    public var maxOrderNotional: Cents?
    /// The most shares of one ticker an account may hold, counting its open buys.
    public var maxPosition: Shares?
    /// The most orders one account may have working or resting at once.
    public var maxOpenOrders: Int?

    public init(
        maxOrderQuantity: Shares? = nil, maxOrderNotional: Cents? = nil, maxPosition: Shares? = nil,
        maxOpenOrders: Int? = nil
    ) {
        self.maxOrderQuantity = maxOrderQuantity
        self.maxOrderNotional = maxOrderNotional
        self.maxPosition = maxPosition
        self.maxOpenOrders = maxOpenOrders
    }

    public static let none = RiskLimits()

    /// The venue's quantity limit, or the exchange's ceiling where it sets none or a higher one.
    public var effectiveMaxOrderQuantity: Shares {
        min(maxOrderQuantity ?? AmountCeiling.orderQuantity, AmountCeiling.orderQuantity)
    }

    /// The venue's value limit, or the exchange's ceiling where it sets none or a higher one.
    public var effectiveMaxOrderNotional: Cents {
        min(maxOrderNotional ?? AmountCeiling.orderValue, AmountCeiling.orderValue)
    }
}

/// The rules a venue applies to every ticker.
public struct VenueRules: Sendable, Hashable, Codable {
    public var fees: FeeSchedule
    public var limits: RiskLimits
    public var status: TradingStatus

    public init(fees: FeeSchedule = .free, limits: RiskLimits = .none, status: TradingStatus = .open) {
        self.fees = fees
        self.limits = limits
        self.status = status
    }
}
