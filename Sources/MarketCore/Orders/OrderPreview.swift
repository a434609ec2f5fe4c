/// What an order would do if it were placed now, read from the book and the account without changing either.
///
/// A preview is a promise of nothing: the book can move before the order arrives. It is checked as the order
/// would be, so an order that would be refused has no preview but the same ``OrderRejection``.
public struct OrderPreview: Sendable, Hashable {
    /// One fill the order would take on arrival, against the resting order at `price`.
    public struct Fill: Sendable, Hashable {
        public let price: Cents
        public let quantity: Shares
        /// The taker's fee on this fill.
        public let fee: Cents
    }

    /// What happens to the order once its fills are done: ``OrderStatus/open`` where the rest would rest or
    /// the order would wait for its trigger, ``OrderStatus/cancelled`` where the rest would be cancelled.
    public let status: OrderStatus
    /// Why the rest would be cancelled, where it would be.
    public let cancellation: CancellationReason?
    /// The fills, best price first.
    public let fills: [Fill]
    public let filledQuantity: Shares
    /// Price × quantity over the fills, before fees.
    public let notional: Cents
    public let fees: Cents
    /// What would rest in the book once the fills are done (nothing for a conditional order: it waits whole).
    public let restingQuantity: Shares
    /// Whether the order would wait for its trigger rather than trade now.
    public let waitsForTrigger: Bool
    /// The cash and shares the order would hold while it works.
    public let cashHeld: Cents
    public let sharesHeld: Shares
    /// Shares a sale beyond the account's holding would borrow, and the collateral it would hold for them.
    public let sharesBorrowed: Shares
    public let collateral: Cents
}
