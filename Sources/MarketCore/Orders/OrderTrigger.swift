/// When a conditional order leaves its waiting list and enters the market.
///
/// Triggers watch trade prices only: the last trade price is checked when the order is accepted, and
/// every later trade of its ticker, in the order the trades happen.
public enum OrderTrigger: Sendable, Hashable, Codable {
    /// Stop-loss: a buy triggers on a trade at or above the price, a sell at or below.
    case stop(Cents)
    /// The mirror of a stop: a buy triggers on a trade at or below the price, a sell at or above.
    case takeProfit(Cents)
    /// A stop that follows the market: a sell triggers on a trade at or below the highest trade since
    /// acceptance less the offset; a buy on a trade at or above the lowest plus the offset.
    case trailingStop(TrailingOffset)

    /// The trigger price, for the kinds that have a fixed one.
    public var price: Cents? {
        switch self {
        case .stop(let price), .takeProfit(let price): price
        case .trailingStop: nil
        }
    }
}

/// How far a trailing stop stays from the best trade price.
public enum TrailingOffset: Sendable, Hashable, Codable {
    /// A fixed amount.
    case amount(Cents)
    /// A fraction of the best price, in basis points (1 to 9,999).
    case basisPoints(Int64)

    public var isValid: Bool {
        switch self {
        case .amount(let amount): amount > 0
        case .basisPoints(let points): (1..<10_000).contains(points)
        }
    }
}

/// A conditional order waiting for its trigger, with what it has seen of the market.
public struct PendingOrder: Sendable, Hashable, Codable {
    public let order: AcceptedOrder
    /// For a trailing stop, the best trade price since acceptance: the highest for a sell, the lowest
    /// for a buy. Otherwise the last price at acceptance, unused.
    public internal(set) var waterMark: Cents
    /// The condition was met; the order enters the market once the change that met it is done.
    public internal(set) var isTriggered = false

    init(_ order: AcceptedOrder, lastPrice: Cents) {
        self.order = order
        self.waterMark = lastPrice
    }

    /// Whether a trade at `price` meets the trigger, after moving a trailing stop's water mark by it.
    mutating func observeTrade(at price: Cents) -> Bool {
        guard let trigger = order.trigger else { return false }
        if case .trailingStop = trigger {
            waterMark = order.side == .sell ? max(waterMark, price) : min(waterMark, price)
        }
        return trigger.isMet(byTradeAt: price, side: order.side, waterMark: waterMark)
    }
}

extension OrderTrigger {
    /// Whether a trade at `price` triggers an order of `side` with this trigger; `waterMark` is a trailing
    /// stop's best price so far. Exact: percentages are compared in integers, never rounded.
    func isMet(byTradeAt price: Cents, side: Side, waterMark: Cents) -> Bool {
        switch (self, side) {
        case (.stop(let stop), .buy), (.takeProfit(let stop), .sell): price >= stop
        case (.stop(let stop), .sell), (.takeProfit(let stop), .buy): price <= stop
        case (.trailingStop(.amount(let offset)), .sell):
            Int128(price.value) <= Int128(waterMark.value) - Int128(offset.value)
        case (.trailingStop(.amount(let offset)), .buy):
            Int128(price.value) >= Int128(waterMark.value) + Int128(offset.value)
        case (.trailingStop(.basisPoints(let points)), .sell):
            Int128(price.value) * 10_000 <= Int128(waterMark.value) * Int128(10_000 - points)
        case (.trailingStop(.basisPoints(let points)), .buy):
            Int128(price.value) * 10_000 >= Int128(waterMark.value) * Int128(10_000 + points)
        }
    }

    /// The highest price at which a buy with this trigger can be triggered, seen from a last price of
    /// `lastPrice`: a trailing buy's stop only moves down from where it starts. `nil` if too large.
    func ceiling(from lastPrice: Cents) -> Cents? {
        let ceiling: Int128 =
            switch self {
            case .stop(let price), .takeProfit(let price): Int128(price.value)
            case .trailingStop(.amount(let offset)): Int128(lastPrice.value) + Int128(offset.value)
            case .trailingStop(.basisPoints(let points)):
                (Int128(lastPrice.value) * Int128(10_000 + points) + 9_999) / 10_000
            }
        return Int64(exactly: ceiling).map { Cents($0) }
    }
}

/// How far above its trigger a conditional market buy may pay: it holds cash for that price and never
/// trades above it, so its escrow is known when it is accepted.
public enum StopProtection {
    /// 5 %.
    public static let basisPoints: Int64 = 500

    /// `price` plus the protection, rounded up to the tick grid; `nil` if too large.
    public static func price(above price: Cents, tickSize: Cents) -> Cents? {
        let raised = (Int128(price.value) * Int128(10_000 + basisPoints) + 9_999) / 10_000
        let ticks = (raised + Int128(tickSize.value) - 1) / Int128(tickSize.value)
        return Int64(exactly: ticks * Int128(tickSize.value)).map { Cents($0) }
    }
}
