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
        var json = JSONText()
        switch kind {
        case .orderAccepted(let order):
            json.open("orderAccepted")
            json.id("id", order.id.rawValue)
            json.id("account", order.account.rawValue)
            json.field("ticker", order.ticker.rawValue)
            json.field("side", order.side.rawValue)
            json.key("kind")
            switch order.kind {
            case .limit(let price):
                json.raw(#"{"limit":{"price":"#)
                json.number(price)
                json.raw("}}")
            case .market:
                json.raw(#"{"market":{}}"#)
            }
            json.field("quantity", order.quantity)
            json.field("timeInForce", order.timeInForce.rawValue)
            if let client = order.clientOrderID { json.field("clientOrderID", client) }
            json.field("escrowPerShare", order.escrowPerShare)
            json.field("reservedCash", order.reservedCash)
            json.field("reservedShares", order.reservedShares)
            json.close()
        case .tradeExecuted(let trade):
            json.open("tradeExecuted")
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
            json.raw(#"{"millisecondsSinceEpoch":"#)
            json.number(trade.timestamp.millisecondsSinceEpoch)
            json.raw("}")
            json.close()
        case .orderRested(let order, let ticker):
            json.raw(#"{"orderRested":{"_0":{"rawValue":"#)
            json.number(order.rawValue)
            json.raw(#"},"_1":"#)
            json.string(ticker.rawValue)
            json.raw("}}")
        case .orderCancelled(let cancellation):
            json.open("orderCancelled")
            json.id("order", cancellation.order.rawValue)
            json.id("account", cancellation.account.rawValue)
            json.field("ticker", cancellation.ticker.rawValue)
            json.field("side", cancellation.side.rawValue)
            json.field("quantity", cancellation.quantity)
            json.field("releasedCash", cancellation.releasedCash)
            json.field("releasedShares", cancellation.releasedShares)
            json.field("reason", cancellation.reason.rawValue)
            json.close()
        case .orderReduced(let reduction):
            json.open("orderReduced")
            json.id("order", reduction.order.rawValue)
            json.id("account", reduction.account.rawValue)
            json.field("ticker", reduction.ticker.rawValue)
            json.field("side", reduction.side.rawValue)
            json.field("quantity", reduction.quantity)
            json.field("newRemaining", reduction.newRemaining)
            json.field("releasedCash", reduction.releasedCash)
            json.field("releasedShares", reduction.releasedShares)
            json.close()
        case .accountOpened, .cashAdjusted, .sharesAdjusted, .tickerListed, .tradingStatusChanged,
            .feeScheduleChanged, .riskLimitsChanged, .dividendPaid:
            return String(decoding: try JSONEncoder().encode(kind), as: UTF8.self)
        }
        return json.text
    }
}

/// JSON written field by field into bytes: `{"case":{"_0":{` … `}}}` around an event's one value.
private struct JSONText {
    private var bytes: [UInt8] = []
    private var first = true

    init() { bytes.reserveCapacity(384) }

    var text: String { String(decoding: bytes, as: UTF8.self) }

    /// Opens the event case `name` and its single unlabelled value.
    mutating func open(_ name: String) {
        raw("{")
        string(name)
        raw(#":{"_0":{"#)
        first = true
    }

    mutating func close() { raw("}}}") }

    mutating func key(_ name: String) {
        if !first { bytes.append(UInt8(ascii: ",")) }
        first = false
        string(name)
        bytes.append(UInt8(ascii: ":"))
    }

    mutating func field(_ name: String, _ value: Int64) {
        key(name)
        number(value)
    }

    mutating func field(_ name: String, _ value: String) {
        key(name)
        string(value)
    }

    mutating func field(_ name: String, _ value: Bool) {
        key(name)
        raw(value ? "true" : "false")
    }

    /// An identifier, which `Codable` writes as an object around its raw value.
    mutating func id(_ name: String, _ value: some BinaryInteger) {
        key(name)
        raw(#"{"rawValue":"#)
        number(value)
        raw("}")
    }

    mutating func number(_ value: some BinaryInteger) {
        bytes.append(contentsOf: String(value).utf8)
    }

    mutating func raw(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    mutating func string(_ value: String) {
        bytes.append(UInt8(ascii: "\""))
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\""): raw(#"\""#)
            case UInt8(ascii: "\\"): raw(#"\\"#)
            case 0..<0x20:
                let digits = Array("0123456789abcdef".utf8)
                raw(#"\u00"#)
                bytes.append(digits[Int(byte >> 4)])
                bytes.append(digits[Int(byte & 0x0F)])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
