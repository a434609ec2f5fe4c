import MarketCore

/// A cancellation: `{"order", "account", "ticker", "side", "quantity", "releasedCash", "releasedShares",
/// "reason"}`.
struct CancellationRecord: Codable, Sendable {
    let order: NumberRecord
    let account: AccountRecord
    let ticker: String
    let side: String
    let quantity: Shares
    let releasedCash: Cents
    let releasedShares: Shares
    let reason: String

    init(_ cancellation: OrderCancellation) {
        order = NumberRecord(cancellation.order)
        account = AccountRecord(cancellation.account)
        ticker = cancellation.ticker.rawValue
        side = cancellation.side.rawValue
        quantity = cancellation.quantity
        releasedCash = cancellation.releasedCash
        releasedShares = cancellation.releasedShares
        reason = cancellation.reason.rawValue
    }

    func core() throws -> OrderCancellation {
        guard let side = Side(rawValue: side), let reason = CancellationReason(rawValue: reason) else {
            throw RecordError.malformed("the cancellation of order \(order.rawValue) has an unknown side or reason")
        }
        return OrderCancellation(
            order: order.order, account: account.core, ticker: TickerSymbol(ticker), side: side, quantity: quantity,
            releasedCash: releasedCash, releasedShares: releasedShares, reason: reason)
    }
}

/// A reduction: `{"order", "account", "ticker", "side", "quantity", "newRemaining", "releasedCash",
/// "releasedShares"}`.
struct ReductionRecord: Codable, Sendable {
    let order: NumberRecord
    let account: AccountRecord
    let ticker: String
    let side: String
    let quantity: Shares
    let newRemaining: Shares
    let releasedCash: Cents
    let releasedShares: Shares

    init(_ reduction: OrderReduction) {
        order = NumberRecord(reduction.order)
        account = AccountRecord(reduction.account)
        ticker = reduction.ticker.rawValue
        side = reduction.side.rawValue
        quantity = reduction.quantity
        newRemaining = reduction.newRemaining
        releasedCash = reduction.releasedCash
        releasedShares = reduction.releasedShares
    }

    func core() throws -> OrderReduction {
        guard let side = Side(rawValue: side) else {
            throw RecordError.malformed("the reduction of order \(order.rawValue) has an unknown side")
        }
        return OrderReduction(
            order: order.order, account: account.core, ticker: TickerSymbol(ticker), side: side, quantity: quantity,
            newRemaining: newRemaining, releasedCash: releasedCash, releasedShares: releasedShares)
    }
}

/// A trigger met: `{"order", "account", "ticker", "price"}`.
struct TriggeringRecord: Codable, Sendable {
    let order: NumberRecord
    let account: AccountRecord
    let ticker: String
    let price: Cents

    init(_ triggering: OrderTriggering) {
        order = NumberRecord(triggering.order)
        account = AccountRecord(triggering.account)
        ticker = triggering.ticker.rawValue
        price = triggering.price
    }

    var core: OrderTriggering {
        OrderTriggering(order: order.order, account: account.core, ticker: TickerSymbol(ticker), price: price)
    }
}

/// A resting order: `{"_0": order, "_1": ticker, "account"}`; format 1 has no `account`.
struct RestedRecord: Codable, Sendable {
    let order: NumberRecord
    let ticker: String
    let account: AccountRecord?

    enum CodingKeys: String, CodingKey {
        case order = "_0"
        case ticker = "_1"
        case account
    }
}
