import MarketCore

/// The body of `POST /api/orders/oco`: `{"ticker","side","quantity","legs":[leg, leg]}`, each leg
/// `{"type","price"?,"stop_price"?,"trail_amount"?,"trail_percent"?,"time_in_force"?}`.
public struct PairTicket: Decodable, Sendable {
    public let ticker: TickerSymbol
    public let side: Side
    public let quantity: Shares
    public let legs: [OrderTerms]

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: OrderField.self)
        (ticker, side, quantity) = try OrderTicket.instrument(container)
        var list = try container.nestedUnkeyedContainer(forKey: .legs)
        guard list.count == 2 else { throw InvalidField("legs", reason: "must be exactly two legs") }
        var legs: [OrderTerms] = []
        while !list.isAtEnd {
            let leg = try list.nestedContainer(keyedBy: OrderField.self)
            guard try leg.decodeIfPresent(String.self, forKey: .type)?.lowercased() != "market" else {
                throw InvalidField("legs", reason: "a leg cannot be a market order")
            }
            legs.append(try OrderTerms(from: leg))
        }
        self.legs = legs
    }

    /// The two orders, as `account` places them.
    public func requests(for account: AccountID) -> (OrderRequest, OrderRequest) {
        let requests = legs.map { terms in
            OrderRequest(
                account: account, ticker: ticker, side: side, kind: terms.kind, quantity: quantity,
                timeInForce: terms.timeInForce, trigger: terms.trigger)
        }
        return (requests[0], requests[1])
    }
}
