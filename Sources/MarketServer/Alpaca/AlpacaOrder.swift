/// An order as Alpaca's API shows it, made from the order as MarketSim's REST API answers it.
///
/// Statuses: an open order is `new` (or `partially_filled` once something filled), a cancelled one
/// `canceled`, `replaced` when an amendment replaced it, or `rejected` when self-trade prevention cancelled
/// it before it traded. An order with both exits is class `bracket`, with one
/// `oto`, one of a one-cancels-other pair `oco`. Time in force is `gtc`, `ioc` or `fok`: a `day` order was placed as `gtc`.
struct AlpacaOrder: Encodable, Sendable {
    let id: String
    let clientOrderID: String
    let createdAt: String
    let updatedAt: String
    let submittedAt: String
    let filledAt: String?
    let canceledAt: String?
    let replacedAt: String?
    var replaces: String?
    let assetID: String
    let symbol: String
    let assetClass = "us_equity"
    let qty: String
    let filledQty: String
    let filledAvgPrice: String?
    let orderClass: String
    let type: String
    let side: String
    let timeInForce: String
    let limitPrice: String?
    let stopPrice: String?
    let trailPrice: String?
    let trailPercent: String?
    let status: String
    let extendedHours = false
    /// The other orders of a one-cancels-other pair.
    var legs: [AlpacaOrder]?

    enum CodingKeys: String, CodingKey {
        case id, replaces, symbol, qty, type, side, status, legs
        case clientOrderID = "client_order_id", createdAt = "created_at", updatedAt = "updated_at"
        case submittedAt = "submitted_at", filledAt = "filled_at", canceledAt = "canceled_at"
        case replacedAt = "replaced_at", assetID = "asset_id", assetClass = "asset_class"
        case filledQty = "filled_qty", filledAvgPrice = "filled_avg_price", orderClass = "order_class"
        case orderType = "order_type", timeInForce = "time_in_force", limitPrice = "limit_price"
        case stopPrice = "stop_price", trailPrice = "trail_price", trailPercent = "trail_percent"
        case extendedHours = "extended_hours"
    }

    init(_ order: REST.Order) {
        id = AlpacaID.order(order.orderID)
        // Alpaca gives every order a client order id; an order placed without one goes by its own id.
        clientOrderID = order.clientOrderID ?? id
        let created = order.createdAt ?? ""
        let updated = order.updatedAt ?? created
        createdAt = created
        submittedAt = created
        updatedAt = updated
        status = Self.status(of: order)
        filledAt = status == "filled" ? updated : nil
        canceledAt = status == "canceled" ? updated : nil
        replacedAt = status == "replaced" ? updated : nil
        assetID = AlpacaID.asset(order.ticker)
        symbol = order.ticker
        qty = String(order.quantity)
        filledQty = String(order.filledQuantity)
        filledAvgPrice = order.filledValue.flatMap {
            AlpacaNumber.average(hundredths: $0.hundredths, over: order.filledQuantity)
        }
        orderClass = order.bracket?.orderClass ?? (order.linkedOrderID != nil ? "oco" : "simple")
        type = Self.type(of: order.type)
        side = order.side
        timeInForce = order.timeInForce.lowercased()
        limitPrice = AlpacaNumber.text(order.price)
        stopPrice = AlpacaNumber.text(order.stopPrice)
        trailPrice = AlpacaNumber.text(order.trailAmount)
        trailPercent = AlpacaNumber.text(order.trailPercent)
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(clientOrderID, forKey: .clientOrderID)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(updatedAt, forKey: .updatedAt)
        try container.encode(submittedAt, forKey: .submittedAt)
        try container.encode(filledAt, forKey: .filledAt)
        try container.encode(canceledAt, forKey: .canceledAt)
        try container.encode(replacedAt, forKey: .replacedAt)
        try container.encode(replaces, forKey: .replaces)
        try container.encode(assetID, forKey: .assetID)
        try container.encode(symbol, forKey: .symbol)
        try container.encode(assetClass, forKey: .assetClass)
        try container.encode(qty, forKey: .qty)
        try container.encode(filledQty, forKey: .filledQty)
        try container.encode(filledAvgPrice, forKey: .filledAvgPrice)
        try container.encode(orderClass, forKey: .orderClass)
        try container.encode(type, forKey: .type)
        try container.encode(type, forKey: .orderType)
        try container.encode(side, forKey: .side)
        try container.encode(timeInForce, forKey: .timeInForce)
        try container.encode(limitPrice, forKey: .limitPrice)
        try container.encode(stopPrice, forKey: .stopPrice)
        try container.encode(trailPrice, forKey: .trailPrice)
        try container.encode(trailPercent, forKey: .trailPercent)
        try container.encode(status, forKey: .status)
        try container.encode(extendedHours, forKey: .extendedHours)
        try container.encode(legs, forKey: .legs)
    }

    private static func status(of order: REST.Order) -> String {
        switch order.status {
        case "open": order.filledQuantity > 0 ? "partially_filled" : "new"
        case "partial": "partially_filled"
        case "filled": "filled"
        case "cancelled":
            switch order.cancellationReason {
            case "replaced": "replaced"
            // Alpaca rejects an order that would trade with its owner's own: so is one that never traded.
            case "selfTradePrevention" where order.filledQuantity == 0: "rejected"
            default: "canceled"
            }
        default: order.status
        }
    }

    /// Alpaca has no take-profit type: a take-profit is the limit order it becomes.
    private static func type(of name: String) -> String {
        switch name {
        case "take_profit": "market"
        case "take_profit_limit": "limit"
        default: name
        }
    }
}
