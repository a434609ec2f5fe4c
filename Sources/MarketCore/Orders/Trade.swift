/// One match between an incoming (taker) order and a resting (maker) order.
public struct Trade: Sendable, Hashable, Codable {
    public let id: TradeID
    public let ticker: TickerSymbol
    public let price: Cents
    public let quantity: Shares
    public let buyOrder: OrderID
    public let sellOrder: OrderID
    public let buyer: AccountID
    public let seller: AccountID
    public let buyerFee: Cents
    public let sellerFee: Cents
    /// Cash released from the buyer's escrow by this fill: the price paid, the fee, and the rest
    /// (price improvement, fee headroom) returned to the buyer's free cash.
    public let buyerEscrowReleased: Cents
    public let timestamp: Timestamp
    // The one-byte members last, sharing a word: trades are copied into every event and answer.
    /// The side of the incoming order.
    public let aggressor: Side
    /// Whether the buy order has no quantity left after this fill.
    public let completesBuyOrder: Bool
    /// Whether the sell order has no quantity left after this fill.
    public let completesSellOrder: Bool

    public init(
        id: TradeID, ticker: TickerSymbol, price: Cents, quantity: Shares, buyOrder: OrderID,
        sellOrder: OrderID, buyer: AccountID, seller: AccountID, buyerFee: Cents, sellerFee: Cents,
        aggressor: Side, buyerEscrowReleased: Cents, completesBuyOrder: Bool, completesSellOrder: Bool,
        timestamp: Timestamp
    ) {
        self.id = id
        self.ticker = ticker
        self.price = price
        self.quantity = quantity
        self.buyOrder = buyOrder
        self.sellOrder = sellOrder
        self.buyer = buyer
        self.seller = seller
        self.buyerFee = buyerFee
        self.sellerFee = sellerFee
        self.aggressor = aggressor
        self.buyerEscrowReleased = buyerEscrowReleased
        self.completesBuyOrder = completesBuyOrder
        self.completesSellOrder = completesSellOrder
        self.timestamp = timestamp
    }

    /// Cash the fill moves from buyer to seller, before fees.
    public var notional: Cents { price * quantity }

    /// The order that rested in the book.
    public var makerOrder: OrderID { aggressor == .buy ? sellOrder : buyOrder }
    /// The incoming order.
    public var takerOrder: OrderID { aggressor == .buy ? buyOrder : sellOrder }
}
