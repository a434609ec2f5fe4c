import MarketCore

/// The order types of the API, as `type` names them in requests, answers and the `orders` table.
public enum OrderTypeName {
    /// The name of an order of `kind` with `trigger`.
    public static func of(kind: OrderKind, trigger: OrderTrigger?) -> String {
        let isLimit = kind != .market
        switch trigger {
        case nil: return isLimit ? "limit" : "market"
        case .stop: return isLimit ? "stop_limit" : "stop"
        case .takeProfit: return isLimit ? "take_profit_limit" : "take_profit"
        case .trailingStop: return "trailing_stop"
        }
    }

    /// Every name, in the order the documentation lists them.
    public static let all = [
        "limit", "market", "stop", "stop_limit", "take_profit", "take_profit_limit", "trailing_stop",
    ]
}
