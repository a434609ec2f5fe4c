import MarketCore

/// Every field an order or a leg of a pair may carry, as the JSON names them.
public enum OrderField: String, CodingKey, Sendable {
    case ticker, side, quantity, type, price, legs, bracket
    case timeInForce = "time_in_force"
    case clientOrderID = "client_order_id"
    case stopPrice = "stop_price"
    case trailAmount = "trail_amount"
    case trailPercent = "trail_percent"
    case displayQuantity = "display_quantity"
    case postOnly = "post_only"
    case takeProfit = "take_profit"
    case stopLoss = "stop_loss"
    case stopLossLimit = "stop_loss_limit"
}

/// The terms of an order: its type (`limit`, `market`, `stop`, `stop_limit`, `take_profit`,
/// `take_profit_limit`, `trailing_stop`), limit price, trigger and time in force. Each type takes the
/// fields it needs and refuses the others, so a request never means something other than it says.
public struct OrderTerms: Sendable {
    public let kind: OrderKind
    public let trigger: OrderTrigger?
    public let timeInForce: TimeInForce

    public init(from container: some OrderFields) throws {
        let type = try container.decodeIfPresent(String.self, forKey: .type)?.lowercased() ?? "limit"
        guard OrderTypeName.all.contains(type) else {
            throw InvalidField(
                "type", reason: "must be one of \(OrderTypeName.all.joined(separator: ", "))")
        }
        let takesPrice = ["limit", "stop_limit", "take_profit_limit"].contains(type)
        let takesStop = ["stop", "stop_limit", "take_profit", "take_profit_limit"].contains(type)
        let trails = type == "trailing_stop"
        try Self.require(.price, in: container, when: takesPrice, for: type)
        try Self.require(.stopPrice, in: container, when: takesStop, for: type)
        if !trails {
            try Self.require(.trailAmount, in: container, when: false, for: type)
            try Self.require(.trailPercent, in: container, when: false, for: type)
        }

        kind = takesPrice ? .limit(price: try OrderTicket.cents(container, .price)) : .market
        if takesStop {
            let stop = try OrderTicket.cents(container, .stopPrice)
            trigger = type.hasPrefix("stop") ? .stop(stop) : .takeProfit(stop)
        } else if trails {
            trigger = .trailingStop(try Self.trailingOffset(container))
        } else {
            trigger = nil
        }

        let timeInForce = try container.decodeIfPresent(String.self, forKey: .timeInForce)?.uppercased() ?? "GTC"
        guard let parsed = TimeInForce(rawValue: timeInForce) else {
            throw InvalidField("time_in_force", reason: "must be GTC, IOC or FOK")
        }
        if trigger != nil, kind == .market, parsed != .goodTillCancelled {
            throw InvalidField(
                "time_in_force", reason: "a \(type) order waits until triggered, then trades at once: GTC only")
        }
        self.timeInForce = parsed
    }

    /// Exactly one of `trail_amount` (money) and `trail_percent` (above 0, below 100, two decimals).
    private static func trailingOffset(_ container: some OrderFields) throws -> TrailingOffset {
        let hasAmount = try present(.trailAmount, in: container)
        let hasPercent = try present(.trailPercent, in: container)
        guard hasAmount != hasPercent else {
            throw InvalidField(
                "trail_amount", reason: "a trailing_stop takes exactly one of trail_amount and trail_percent")
        }
        if hasAmount { return .amount(try OrderTicket.cents(container, .trailAmount)) }
        // A percentage with at most two decimals is a whole number of basis points, read as money is.
        let points = try container.decodeCents(forKey: .trailPercent).value
        guard (1..<10_000).contains(points) else {
            throw InvalidField("trail_percent", reason: "must be above 0 and below 100")
        }
        return .basisPoints(points)
    }

    /// A field is present (and not null) exactly when the type needs it.
    private static func require(
        _ field: OrderField, in container: some OrderFields, when needed: Bool, for type: String
    ) throws {
        let isPresent = try present(field, in: container)
        if needed && !isPresent {
            throw InvalidField(field.stringValue, reason: "a \(type) order needs a \(field.stringValue)")
        }
        if !needed && isPresent {
            throw InvalidField(field.stringValue, reason: "a \(type) order takes no \(field.stringValue)")
        }
    }

    static func present(_ field: OrderField, in container: some OrderFields) throws -> Bool {
        container.contains(field) ? try !container.decodeNil(forKey: field) : false
    }
}
