import Foundation
import MarketCore

/// The JSON text the journal stores for an event, in ``JournalRecord/current``'s format.
///
/// The events of the order path, a few for every order, are written out by hand in the shape of their
/// records (``EventRecord``), which costs a fraction of `JSONEncoder`; tests hold the two to the same
/// text. The rarer events (accounts, listings, admin changes, orders with conditions, triggers) go through
/// the record types and `JSONEncoder`.
enum EventPayload {
    static func json(_ kind: EventKind) throws -> String {
        var json = JSONText(capacity: 384)
        json.beginObject()
        switch kind {
        case .orderAccepted(let order) where order.conditions == nil:
            json.key("orderAccepted")
            json.beginUnlabelled()
            json.id("id", order.id.rawValue)
            json.id("account", order.account.rawValue)
            json.member("ticker", order.ticker.rawValue)
            json.member("side", order.side.rawValue)
            json.key("kind")
            json.beginObject()
            switch order.kind {
            case .limit(let price):
                json.key("limit")
                json.beginObject()
                json.member("price", price.value)
                json.endObject()
            case .market:
                json.key("market")
                json.beginObject()
                json.endObject()
            }
            json.endObject()
            json.member("quantity", order.quantity)
            json.member("timeInForce", order.timeInForce.rawValue)
            if let client = order.clientOrderID { json.member("clientOrderID", client) }
            json.member("escrowPerShare", order.escrowPerShare.value)
            json.member("reservedCash", order.reservedCash.value)
            json.member("reservedShares", order.reservedShares)
            json.endUnlabelled()
        case .tradeExecuted(let trade):
            json.key("tradeExecuted")
            json.beginUnlabelled()
            json.id("id", trade.id.rawValue)
            json.member("ticker", trade.ticker.rawValue)
            json.member("price", trade.price.value)
            json.member("quantity", trade.quantity)
            json.id("buyOrder", trade.buyOrder.rawValue)
            json.id("sellOrder", trade.sellOrder.rawValue)
            json.id("buyer", trade.buyer.rawValue)
            json.id("seller", trade.seller.rawValue)
            json.member("buyerFee", trade.buyerFee.value)
            json.member("sellerFee", trade.sellerFee.value)
            json.member("aggressor", trade.aggressor.rawValue)
            json.member("buyerEscrowReleased", trade.buyerEscrowReleased.value)
            json.member("completesBuyOrder", trade.completesBuyOrder)
            json.member("completesSellOrder", trade.completesSellOrder)
            json.key("timestamp")
            json.beginObject()
            json.member("millisecondsSinceEpoch", trade.timestamp.millisecondsSinceEpoch)
            json.endObject()
            json.endUnlabelled()
        case .orderRested(let order, let ticker, let account):
            json.key("orderRested")
            json.beginObject()
            json.id("_0", order.rawValue)
            json.member("_1", ticker.rawValue)
            json.id("account", account.rawValue)
            json.endObject()
        case .orderCancelled(let cancellation):
            json.key("orderCancelled")
            json.beginUnlabelled()
            json.orderChange(
                cancellation.order, cancellation.account, cancellation.ticker, cancellation.side, cancellation.quantity)
            json.member("releasedCash", cancellation.releasedCash.value)
            json.member("releasedShares", cancellation.releasedShares)
            json.member("reason", cancellation.reason.rawValue)
            json.endUnlabelled()
        case .orderReduced(let reduction):
            json.key("orderReduced")
            json.beginUnlabelled()
            json.orderChange(reduction.order, reduction.account, reduction.ticker, reduction.side, reduction.quantity)
            json.member("newRemaining", reduction.newRemaining)
            json.member("releasedCash", reduction.releasedCash.value)
            json.member("releasedShares", reduction.releasedShares)
            json.endUnlabelled()
        case .orderAccepted, .orderTriggered, .accountOpened, .cashAdjusted, .sharesAdjusted, .tickerListed,
            .tradingStatusChanged, .feeScheduleChanged, .riskLimitsChanged, .dividendPaid, .tickerDelisted,
            .adminAction, .newsPublished, .shortSellingChanged, .sharesBorrowed, .sharesReturned, .marginCalled,
            .positionLiquidated, .accountShortSellingChanged, .riskLimitTripped, .riskLimitReset:
            return try JournalRecord.encodedText(of: kind)
        }
        json.endObject()
        return json.text
    }
}

extension JSONText {
    /// Opens a record's single unlabelled value, `{"_0":{...}}`.
    fileprivate mutating func beginUnlabelled() {
        beginObject()
        key("_0")
        beginObject()
    }

    fileprivate mutating func endUnlabelled() {
        endObject()
        endObject()
    }

    /// An identifier, an object around its raw value.
    fileprivate mutating func id(_ name: StaticString, _ raw: some BinaryInteger) {
        key(name)
        beginObject()
        key("rawValue")
        value(raw)
        endObject()
    }

    /// The members a cancellation and a reduction begin with.
    fileprivate mutating func orderChange(
        _ order: OrderID, _ account: AccountID, _ ticker: TickerSymbol, _ side: Side, _ quantity: Shares
    ) {
        id("order", order.rawValue)
        id("account", account.rawValue)
        member("ticker", ticker.rawValue)
        member("side", side.rawValue)
        member("quantity", quantity)
    }
}
