import Foundation
import MarketCore

/// The body of `POST /api/orders`: `{"ticker","side","price","quantity","time_in_force"?,"type"?,"client_order_id"?}`.
///
/// Prices are read exactly: as JSON numbers or strings with at most two decimals, never through
/// floating point; a price off the ticker's grid is refused by the exchange, never rounded.
struct OrderTicket: Decodable, Sendable {
    let ticker: TickerSymbol
    let side: Side
    let kind: OrderKind
    let quantity: Shares
    let timeInForce: TimeInForce
    let clientOrderID: String?

    enum CodingKeys: String, CodingKey {
        case ticker, side, price, quantity, type
        case timeInForce = "time_in_force"
        case clientOrderID = "client_order_id"
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let ticker = try container.decode(String.self, forKey: .ticker)
        guard (1...16).contains(ticker.count) else {
            throw RequestError.invalidField("ticker", reason: "must be 1 to 16 characters")
        }
        self.ticker = TickerSymbol(ticker.uppercased())

        let side = try container.decode(String.self, forKey: .side)
        guard let parsedSide = Side(rawValue: side.lowercased()) else {
            throw RequestError.invalidField("side", reason: "must be buy or sell")
        }
        self.side = parsedSide

        quantity = try container.decode(Int64.self, forKey: .quantity)
        guard quantity > 0 else {
            throw RequestError.invalidField("quantity", reason: "must be a positive whole number")
        }

        let type = try container.decodeIfPresent(String.self, forKey: .type)?.lowercased() ?? "limit"
        switch type {
        case "market":
            if container.contains(.price), try !container.decodeNil(forKey: .price) {
                throw RequestError.invalidField("price", reason: "a market order takes no price")
            }
            kind = .market
        case "limit":
            guard container.contains(.price), try !container.decodeNil(forKey: .price) else {
                throw RequestError.invalidField("price", reason: "a limit order needs a price")
            }
            kind = .limit(price: try Self.cents(container, .price))
        default:
            throw RequestError.invalidField("type", reason: "must be limit or market")
        }

        let timeInForce = try container.decodeIfPresent(String.self, forKey: .timeInForce)?.uppercased() ?? "GTC"
        guard let parsed = TimeInForce(rawValue: timeInForce) else {
            throw RequestError.invalidField("time_in_force", reason: "must be GTC, IOC or FOK")
        }
        self.timeInForce = parsed

        clientOrderID = try container.decodeIfPresent(String.self, forKey: .clientOrderID)
        if let clientOrderID, !(1...64).contains(clientOrderID.count) {
            throw RequestError.invalidField("client_order_id", reason: "must be 1 to 64 characters")
        }
    }

    func request(for account: AccountID) -> OrderRequest {
        OrderRequest(
            account: account, ticker: ticker, side: side, kind: kind, quantity: quantity, timeInForce: timeInForce,
            clientOrderID: clientOrderID)
    }

    /// A positive price, exactly.
    static func cents<Key: CodingKey>(_ container: KeyedDecodingContainer<Key>, _ key: Key) throws -> Cents {
        let cents = try container.decodeCents(forKey: key)
        guard cents > 0 else { throw RequestError.invalidField(key.stringValue, reason: "must be positive") }
        return cents
    }
}
