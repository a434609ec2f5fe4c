import Hummingbird
import MarketCore
import MarketWire

/// `POST /api/orders/preview`: what an order would do now, in dollars and shares, with nothing placed.
struct OrderPreviewAnswer: ResponseEncodable, Sendable {
    struct Fill: Encodable, Sendable {
        let price: ExactDecimal
        let quantity: Shares
        let fee: ExactDecimal
    }

    let ticker: String
    let side: String
    let type: String
    let quantity: Shares
    let status: String
    let cancellationReason: String?
    let fills: [Fill]
    let filledQuantity: Shares
    let averagePrice: ExactDecimal?
    let notional: ExactDecimal
    let fees: ExactDecimal
    let restingQuantity: Shares
    let waitsForTrigger: Bool
    let cashHeld: ExactDecimal
    let sharesHeld: Shares
    let sharesBorrowed: Shares
    let collateral: ExactDecimal

    enum CodingKeys: String, CodingKey {
        case ticker, side, type, quantity, status, fills, notional, fees, collateral
        case cancellationReason = "cancellation_reason", filledQuantity = "filled_quantity"
        case averagePrice = "average_price", restingQuantity = "resting_quantity"
        case waitsForTrigger = "waits_for_trigger", cashHeld = "cash_held", sharesHeld = "shares_held"
        case sharesBorrowed = "shares_borrowed"
    }

    init(_ preview: OrderPreview, of request: OrderRequest) {
        ticker = request.ticker.rawValue
        side = request.side.rawValue
        type = OrderTypeName.of(kind: request.kind, trigger: request.trigger)
        quantity = request.quantity
        status = preview.status.rawValue
        cancellationReason = preview.cancellation?.rawValue
        fills = preview.fills.map {
            Fill(price: ExactDecimal(cents: $0.price), quantity: $0.quantity, fee: ExactDecimal(cents: $0.fee))
        }
        filledQuantity = preview.filledQuantity
        averagePrice = Self.average(preview.notional, over: preview.filledQuantity)
        notional = ExactDecimal(cents: preview.notional)
        fees = ExactDecimal(cents: preview.fees)
        restingQuantity = preview.restingQuantity
        waitsForTrigger = preview.waitsForTrigger
        cashHeld = ExactDecimal(cents: preview.cashHeld)
        sharesHeld = preview.sharesHeld
        sharesBorrowed = preview.sharesBorrowed
        collateral = ExactDecimal(cents: preview.collateral)
    }

    /// The price per share over the fills, to the cent, half up (the fills carry the exact prices).
    private static func average(_ notional: Cents, over quantity: Shares) -> ExactDecimal? {
        guard quantity > 0 else { return nil }
        let (whole, rest) = notional.value.quotientAndRemainder(dividingBy: quantity.value)
        return ExactDecimal(hundredths: rest * 2 >= quantity.value ? whole + 1 : whole)
    }
}
