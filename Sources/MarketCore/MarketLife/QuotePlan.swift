/// How a market maker quotes one ticker.
public struct QuotingPolicy: Sendable, Hashable, Codable {
    /// The distance between the best bid and the best ask it places, in basis points of fair value
    /// (at least two ticks).
    public var spreadBasisPoints: Int64
    /// Price levels on each side.
    public var levels: Int
    /// Shares offered at each level.
    public var sizePerLevel: Shares
    /// The distance between consecutive levels of one side, in basis points (at least one tick).
    public var levelSpacingBasisPoints: Int64
    /// How far its holdings may drift from its target, either way: it never quotes more than would take it past.
    public var inventoryLimit: Shares
    /// How far the quotes' centre moves against its inventory at the limit, in basis points of fair value,
    /// so that a long maker sells more readily and a short one buys more readily.
    public var skewBasisPoints: Int64

    public init(
        spreadBasisPoints: Int64 = 40, levels: Int = 3, sizePerLevel: Shares = 20, levelSpacingBasisPoints: Int64 = 10,
        inventoryLimit: Shares = 400, skewBasisPoints: Int64 = 20
    ) {
        self.spreadBasisPoints = spreadBasisPoints
        self.levels = levels
        self.sizePerLevel = sizePerLevel
        self.levelSpacingBasisPoints = levelSpacingBasisPoints
        self.inventoryLimit = inventoryLimit
        self.skewBasisPoints = skewBasisPoints
    }
}

/// One order a market maker means to rest.
public struct PlannedQuote: Sendable, Hashable {
    public let side: Side
    public let price: Cents
    public let quantity: Shares

    public init(side: Side, price: Cents, quantity: Shares) {
        self.side = side
        self.price = price
        self.quantity = quantity
    }
}

/// The quotes a market maker rests around fair value, given what it holds.
public struct QuotePlan: Sendable, Hashable {
    /// Bids, best first.
    public let bids: [PlannedQuote]
    /// Asks, best first.
    public let asks: [PlannedQuote]

    /// - Parameters:
    ///   - inventory: Shares held minus the maker's target holding; positive when long.
    ///   - sellableShares: Free shares it can offer.
    ///   - spendableCash: Free cash its bids may reserve, fees included by the caller's margin.
    public init(
        fairValue: Cents, tickSize: Cents, inventory: Shares, sellableShares: Shares, spendableCash: Cents,
        policy: QuotingPolicy
    ) {
        precondition(tickSize > 0)
        let limit = max(1, policy.inventoryLimit)
        let clamped = min(max(inventory, -limit), limit)
        let skew = Cents(
            fairValue.share(basisPoints: policy.skewBasisPoints * clamped.value).amount.value / limit.value)
        let centre = fairValue - skew
        let halfSpread = max(tickSize, Cents(fairValue.share(basisPoints: policy.spreadBasisPoints).amount.value / 2))
        let spacing = max(tickSize, fairValue.share(basisPoints: policy.levelSpacingBasisPoints).amount)

        var bids: [PlannedQuote] = []
        var buyRoom = max(0, limit - inventory)
        var cash = spendableCash
        var asks: [PlannedQuote] = []
        var sellRoom = min(max(0, limit + inventory), max(0, sellableShares))
        for level in 0..<max(0, policy.levels) {
            let offset = halfSpread + spacing * Shares(Int64(level))
            let bidPrice = (centre - offset).roundedDown(toMultipleOf: tickSize)
            if bidPrice > 0 {
                let affordable = cash.quantity(affordableAt: bidPrice)
                let quantity = min(policy.sizePerLevel, buyRoom, affordable)
                if quantity > 0 {
                    bids.append(PlannedQuote(side: .buy, price: bidPrice, quantity: quantity))
                    buyRoom -= quantity
                    cash -= bidPrice * quantity
                }
            }
            let askPrice = max(tickSize, (centre + offset).roundedUp(toMultipleOf: tickSize))
            let quantity = min(policy.sizePerLevel, sellRoom)
            if quantity > 0, bids.first.map({ $0.price < askPrice }) ?? true {
                asks.append(PlannedQuote(side: .sell, price: askPrice, quantity: quantity))
                sellRoom -= quantity
            }
        }
        self.bids = bids
        self.asks = asks
    }

    /// Every quote, bids first.
    public var quotes: [PlannedQuote] { bids + asks }
}
