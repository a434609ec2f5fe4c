import MarketCore

/// `PATCH /api/orders/{id}`: a new price, a new open quantity, or both.
public struct Amendment: Decodable, Sendable {
    public let price: Cents?
    public let quantity: Shares?

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: OrderField.self)
        price = container.contains(.price) ? try OrderTicket.cents(container, .price) : nil
        quantity = try container.wholeNumber(.quantity).map { Shares($0) }
        if let quantity, quantity <= 0 {
            throw InvalidField("quantity", reason: "must be a positive whole number")
        }
        if price == nil && quantity == nil {
            throw InvalidField("price", reason: "give a price, a quantity, or both")
        }
    }
}
