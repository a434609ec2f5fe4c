import MarketCore

/// The body of `POST /api/orders`: `{"ticker","side","quantity","type"?,"price"?,"stop_price"?,"trail_amount"?,
/// "trail_percent"?,"time_in_force"?,"display_quantity"?,"post_only"?,"bracket"?,"client_order_id"?}`.
///
/// Prices are read exactly: as JSON numbers or strings with at most two decimals, never through
/// floating point; a price off the ticker's grid is refused by the exchange, never rounded.
public struct OrderTicket: Decodable, Sendable {
    public let ticker: TickerSymbol
    public let side: Side
    public let terms: OrderTerms
    public let quantity: Shares
    public let clientOrderID: String?
    public let displayQuantity: Shares?
    public let isPostOnly: Bool
    public let bracket: BracketOrders?

    public init(from decoder: any Decoder) throws {
        try self.init(fields: try decoder.container(keyedBy: OrderField.self))
    }

    /// Reads an order from either reader's fields; throws ``InvalidField`` for a field that breaks its rule.
    public init(fields container: some OrderFields) throws {
        (ticker, side, quantity) = try Self.instrument(container)
        terms = try OrderTerms(from: container)

        clientOrderID = try container.decodeIfPresent(String.self, forKey: .clientOrderID)
        if let clientOrderID, !(1...64).contains(clientOrderID.unicodeScalars.count) {
            throw InvalidField("client_order_id", reason: "must be 1 to 64 characters")
        }
        displayQuantity = try container.wholeNumber(.displayQuantity).map { Shares($0) }
        if let displayQuantity, !(1..<quantity).contains(displayQuantity) {
            throw InvalidField("display_quantity", reason: "must be at least 1 and below the quantity")
        }
        isPostOnly = try container.decodeIfPresent(Bool.self, forKey: .postOnly) ?? false
        if try OrderTerms.present(.bracket, in: container) {
            guard terms.trigger == nil else {
                throw InvalidField("bracket", reason: "only a limit or market order can have a bracket")
            }
            let exits = try container.nestedFields(forKey: .bracket)
            func exit(_ key: OrderField) throws -> Cents? {
                try OrderTerms.present(key, in: exits) ? try Self.cents(exits, key) : nil
            }
            let (takeProfit, stopLoss) = (try exit(.takeProfit), try exit(.stopLoss))
            guard takeProfit != nil || stopLoss != nil else {
                throw InvalidField("bracket", reason: "needs take_profit, stop_loss or both")
            }
            bracket = BracketOrders(takeProfit: takeProfit, stopLoss: stopLoss, stopLossLimit: try exit(.stopLossLimit))
        } else {
            bracket = nil
        }
    }

    /// `ticker`, `side` and `quantity`, which every order and pair has.
    static func instrument(_ container: some OrderFields) throws -> (TickerSymbol, Side, Shares) {
        let ticker = try container.decode(String.self, forKey: .ticker)
        guard (1...16).contains(ticker.unicodeScalars.count) else {
            throw InvalidField("ticker", reason: "must be 1 to 16 characters")
        }
        let side = try container.decode(String.self, forKey: .side)
        guard let parsedSide = Side(rawValue: side.lowercased()) else {
            throw InvalidField("side", reason: "must be buy or sell")
        }
        guard let quantity = try container.wholeNumber(.quantity) else {
            throw InvalidField("quantity", reason: "is required")
        }
        guard quantity > 0 else {
            throw InvalidField("quantity", reason: "must be a positive whole number")
        }
        return (TickerSymbol(ticker.uppercased()), parsedSide, Shares(quantity))
    }

    /// The order, as `account` places it.
    public func request(for account: AccountID) -> OrderRequest {
        OrderRequest(
            account: account, ticker: ticker, side: side, kind: terms.kind, quantity: quantity,
            timeInForce: terms.timeInForce, clientOrderID: clientOrderID, trigger: terms.trigger,
            displayQuantity: displayQuantity, isPostOnly: isPostOnly, bracket: bracket)
    }

    /// A positive price, exactly.
    static func cents(_ container: some OrderFields, _ key: OrderField) throws -> Cents {
        let cents = try container.decodeCents(forKey: key)
        guard cents > 0 else { throw InvalidField(key.stringValue, reason: "must be positive") }
        return cents
    }
}
