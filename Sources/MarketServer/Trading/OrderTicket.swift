import Foundation
import Hummingbird
import MarketCore

/// The body of `POST /api/orders`: `{"ticker","side","quantity","type"?,"price"?,"stop_price"?,"trail_amount"?,
/// "trail_percent"?,"time_in_force"?,"display_quantity"?,"post_only"?,"bracket"?,"client_order_id"?}`.
///
/// Prices are read exactly: as JSON numbers or strings with at most two decimals, never through
/// floating point; a price off the ticker's grid is refused by the exchange, never rounded.
struct OrderTicket: Decodable, Sendable {
    let ticker: TickerSymbol
    let side: Side
    let terms: OrderTerms
    let quantity: Shares
    let clientOrderID: String?
    let displayQuantity: Shares?
    let isPostOnly: Bool
    let bracket: BracketOrders?

    init(from decoder: any Decoder) throws {
        try self.init(fields: try decoder.container(keyedBy: OrderField.self))
    }

    /// The body of `request`: read by ``PlainJSONObject`` when it can, which is nearly always, else by
    /// `JSONDecoder`, which also explains what is wrong with a body that is refused.
    static func decode(from request: Request, context: MarketRequestContext) async throws -> OrderTicket {
        var request = request
        let body = try await request.collectBody(upTo: context.maxUploadSize)
        let ticket = body.withUnsafeReadableBytes { bytes in
            PlainJSONObject(bytes).flatMap { try? OrderTicket(fields: $0) }
        }
        if let ticket { return ticket }
        return try await request.decode(as: OrderTicket.self, context: context)
    }

    init(fields container: some OrderFields) throws {
        (ticker, side, quantity) = try Self.instrument(container)
        terms = try OrderTerms(from: container)

        clientOrderID = try container.decodeIfPresent(String.self, forKey: .clientOrderID)
        if let clientOrderID, !(1...64).contains(clientOrderID.count) {
            throw RequestError.invalidField("client_order_id", reason: "must be 1 to 64 characters")
        }
        displayQuantity = try container.decodeIfPresent(Int64.self, forKey: .displayQuantity)
        if let displayQuantity, !(1..<quantity).contains(displayQuantity) {
            throw RequestError.invalidField("display_quantity", reason: "must be at least 1 and below the quantity")
        }
        isPostOnly = try container.decodeIfPresent(Bool.self, forKey: .postOnly) ?? false
        if try OrderTerms.present(.bracket, in: container) {
            guard terms.trigger == nil else {
                throw RequestError.invalidField("bracket", reason: "only a limit or market order can have a bracket")
            }
            let exits = try container.nestedFields(forKey: .bracket)
            bracket = BracketOrders(
                takeProfit: try Self.cents(exits, .takeProfit), stopLoss: try Self.cents(exits, .stopLoss),
                stopLossLimit: try OrderTerms.present(.stopLossLimit, in: exits)
                    ? try Self.cents(exits, .stopLossLimit) : nil)
        } else {
            bracket = nil
        }
    }

    /// `ticker`, `side` and `quantity`, which every order and pair has.
    static func instrument(_ container: some OrderFields) throws -> (TickerSymbol, Side, Shares) {
        let ticker = try container.decode(String.self, forKey: .ticker)
        guard (1...16).contains(ticker.count) else {
            throw RequestError.invalidField("ticker", reason: "must be 1 to 16 characters")
        }
        let side = try container.decode(String.self, forKey: .side)
        guard let parsedSide = Side(rawValue: side.lowercased()) else {
            throw RequestError.invalidField("side", reason: "must be buy or sell")
        }
        let quantity = try container.decode(Int64.self, forKey: .quantity)
        guard quantity > 0 else {
            throw RequestError.invalidField("quantity", reason: "must be a positive whole number")
        }
        return (TickerSymbol(ticker.uppercased()), parsedSide, quantity)
    }

    func request(for account: AccountID) -> OrderRequest {
        OrderRequest(
            account: account, ticker: ticker, side: side, kind: terms.kind, quantity: quantity,
            timeInForce: terms.timeInForce, clientOrderID: clientOrderID, trigger: terms.trigger,
            displayQuantity: displayQuantity, isPostOnly: isPostOnly, bracket: bracket)
    }

    /// A positive price, exactly.
    static func cents(_ container: some OrderFields, _ key: OrderField) throws -> Cents {
        let cents = try container.decodeCents(forKey: key)
        guard cents > 0 else { throw RequestError.invalidField(key.stringValue, reason: "must be positive") }
        return cents
    }
}
