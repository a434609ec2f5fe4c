import Foundation
import MarketCore

/// The JSON text the journal stores for an event.
///
/// The events of the order path, a few for every order, are written out by hand, in the shape that
/// `EventKind`'s `Codable` conformance reads and writes: replay and `marketsim audit verify` decode
/// them with `JSONDecoder` like every payload stored before, while writing them costs a fraction of
/// `JSONEncoder`. The rarer events (accounts, listings, admin changes) still go through `JSONEncoder`.
enum EventPayload {
    static func json(_ kind: EventKind) throws -> String {
        var json = JSONText(capacity: 384)
        json.beginObject()
        switch kind {
        case .orderAccepted(let order):
            json.key("orderAccepted")
            json.beginUnlabelled()
            json.id("id", order.id.rawValue)
            json.id("account", order.account.rawValue)
            json.field("ticker", order.ticker.rawValue)
            json.field("side", order.side.rawValue)
            json.key("kind")
            json.beginObject()
            switch order.kind {
            case .limit(let price):
                json.key("limit")
                json.beginObject()
                json.field("price", price)
                json.endObject()
            case .market:
                json.key("market")
                json.beginObject()
                json.endObject()
            }
            json.endObject()
            json.field("quantity", order.quantity)
            json.field("timeInForce", order.timeInForce.rawValue)
            if let client = order.clientOrderID { json.field("clientOrderID", client) }
            json.field("escrowPerShare", order.escrowPerShare)
            json.field("reservedCash", order.reservedCash)
            json.field("reservedShares", order.reservedShares)
            json.endUnlabelled()
        case .tradeExecuted(let trade):
            json.key("tradeExecuted")
            json.beginUnlabelled()
            json.id("id", trade.id.rawValue)
            json.field("ticker", trade.ticker.rawValue)
            json.field("price", trade.price)
            json.field("quantity", trade.quantity)
            json.id("buyOrder", trade.buyOrder.rawValue)
            json.id("sellOrder", trade.sellOrder.rawValue)
            json.id("buyer", trade.buyer.rawValue)
            json.id("seller", trade.seller.rawValue)
            json.field("buyerFee", trade.buyerFee)
            json.field("sellerFee", trade.sellerFee)
            json.field("aggressor", trade.aggressor.rawValue)
            json.field("buyerEscrowReleased", trade.buyerEscrowReleased)
            json.field("completesBuyOrder", trade.completesBuyOrder)
            json.field("completesSellOrder", trade.completesSellOrder)
            json.key("timestamp")
            json.beginObject()
            json.field("millisecondsSinceEpoch", trade.timestamp.millisecondsSinceEpoch)
            json.endObject()
            json.endUnlabelled()
        case .orderRested(let order, let ticker):
            json.key("orderRested")
            json.beginObject()
            json.id("_0", order.rawValue)
            json.field("_1", ticker.rawValue)
            json.endObject()
        case .orderCancelled(let cancellation):
            json.key("orderCancelled")
            json.beginUnlabelled()
            json.id("order", cancellation.order.rawValue)
            json.id("account", cancellation.account.rawValue)
            json.field("ticker", cancellation.ticker.rawValue)
            json.field("side", cancellation.side.rawValue)
            json.field("quantity", cancellation.quantity)
            json.field("releasedCash", cancellation.releasedCash)
            json.field("releasedShares", cancellation.releasedShares)
            json.field("reason", cancellation.reason.rawValue)
            json.endUnlabelled()
        case .orderReduced(let reduction):
            json.key("orderReduced")
            json.beginUnlabelled()
            json.id("order", reduction.order.rawValue)
            json.id("account", reduction.account.rawValue)
            json.field("ticker", reduction.ticker.rawValue)
            json.field("side", reduction.side.rawValue)
            json.field("quantity", reduction.quantity)
            json.field("newRemaining", reduction.newRemaining)
            json.field("releasedCash", reduction.releasedCash)
            json.field("releasedShares", reduction.releasedShares)
            json.endUnlabelled()
        case .accountOpened, .cashAdjusted, .sharesAdjusted, .tickerListed, .tradingStatusChanged,
            .feeScheduleChanged, .riskLimitsChanged, .dividendPaid:
            return String(decoding: try JSONEncoder().encode(kind), as: UTF8.self)
        }
        json.endObject()
        return json.text
    }
}

extension JSONText {
    /// Opens a case's single unlabelled value, which `Codable` nests as `{"_0":{...}}`.
    fileprivate mutating func beginUnlabelled() {
        beginObject()
        key("_0")
        beginObject()
    }

    fileprivate mutating func endUnlabelled() {
        endObject()
        endObject()
    }

    /// An identifier, which `Codable` writes as an object around its raw value.
    fileprivate mutating func id(_ name: StaticString, _ raw: some BinaryInteger) {
        key(name)
        beginObject()
        key("rawValue")
        value(raw)
        endObject()
    }

    fileprivate mutating func field(_ name: StaticString, _ number: Int64) {
        key(name)
        value(number)
    }

    fileprivate mutating func field(_ name: StaticString, _ text: String) {
        key(name)
        value(text)
    }

    fileprivate mutating func field(_ name: StaticString, _ flag: Bool) {
        key(name)
        value(flag)
    }
}
