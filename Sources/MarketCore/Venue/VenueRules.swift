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
    /// The most shares of one ticker an account may hold, counting its open buys, and the most it may be
    /// short, counting its open sells.
    public var maxPosition: Shares?
    /// The most orders one account may have working or resting at once.
    public var maxOpenOrders: Int?
    /// The venue's own accounts (its market makers), which `maxPosition` and `maxOpenOrders` do not bind:
    /// they provide the liquidity that the limits' holders trade against, and a maker whose inventory is
    /// above a participant's position limit must still be able to bid.
    public var exemptAccounts: Set<AccountID>

    public init(
        maxOrderQuantity: Shares? = nil, maxOrderNotional: Cents? = nil, maxPosition: Shares? = nil,
        maxOpenOrders: Int? = nil, exemptAccounts: Set<AccountID> = []
    ) {
        self.maxOrderQuantity = maxOrderQuantity
        self.maxOrderNotional = maxOrderNotional
        self.maxPosition = maxPosition
        self.maxOpenOrders = maxOpenOrders
        self.exemptAccounts = exemptAccounts
    }

    private enum CodingKeys: String, CodingKey {
        case maxOrderQuantity, maxOrderNotional, maxPosition, maxOpenOrders, exemptAccounts
    }

    /// Journals written before exemptions existed have none.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        maxOrderQuantity = try container.decodeIfPresent(Shares.self, forKey: .maxOrderQuantity)
        maxOrderNotional = try container.decodeIfPresent(Cents.self, forKey: .maxOrderNotional)
        maxPosition = try container.decodeIfPresent(Shares.self, forKey: .maxPosition)
        maxOpenOrders = try container.decodeIfPresent(Int.self, forKey: .maxOpenOrders)
        exemptAccounts = try container.decodeIfPresent(Set<AccountID>.self, forKey: .exemptAccounts) ?? []
    }

    /// `account`'s position limit, `nil` when it has none.
    public func maxPosition(of account: AccountID) -> Shares? {
        exemptAccounts.contains(account) ? nil : maxPosition
    }

    /// `account`'s open-order limit, `nil` when it has none.
    public func maxOpenOrders(of account: AccountID) -> Int? {
        exemptAccounts.contains(account) ? nil : maxOpenOrders
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
    /// `nil`: no account may sell shares it does not hold.
    public var shortSelling: ShortSelling?

    public init(
        fees: FeeSchedule = .free, limits: RiskLimits = .none, status: TradingStatus = .open,
        shortSelling: ShortSelling? = nil
    ) {
        self.fees = fees
        self.limits = limits
        self.status = status
        self.shortSelling = shortSelling
    }
}
