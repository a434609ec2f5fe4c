/// The largest amounts any venue takes, whatever its own risk limits say.
///
/// They make overflow impossible rather than merely detected. Every balance, reservation and book total
/// is part of what was issued, so none exceeds ``supply``; an order adds at most ``orderQuantity`` shares
/// and ``orderValue`` cents on top. The widest sum the core forms, an account's position plus its open
/// buys (a one-cancels-other pair counts its quantity twice against one escrow) plus a new order, stays
/// below `3 × 2^60 + 2^30`, well inside `Int64`. What a bound cannot cover (a product of two request
/// amounts) is computed with checked arithmetic and refused as ``OrderRejection/amountTooLarge``.
public enum AmountCeiling {
    /// The most shares one order, one adjustment or one display slice may be for: 1,000,000,000.
    public static let orderQuantity: Shares = 1_000_000_000

    /// The most one order may be worth, and so the highest price, trigger or trailing offset:
    /// 10,000,000,000.00 in cents.
    public static let orderValue: Cents = 1_000_000_000_000

    /// The most cash a venue may have issued in all (account openings, adjustments, dividends and
    /// buy-backs), and the most shares of one ticker: 2^60.
    public static let supply: Int64 = 1 << 60

    /// Whether `amount` is a positive price, trigger or offset no order could exceed.
    static func isPrice(_ amount: Cents) -> Bool { amount > 0 && amount <= orderValue }

    /// Whether issuing `amount` more (or taking it back, when negative) on top of `issued` stays within the
    /// supply.
    static func canIssue(_ amount: Int64, onTopOf issued: Int64) -> Bool {
        guard amount.magnitude <= supply.magnitude, let total = issued.addingExactly(amount) else { return false }
        return total <= supply
    }

    /// Whether issuing `amount` more cash on top of `issued` stays within the supply.
    static func canIssue(_ amount: Cents, onTopOf issued: Cents) -> Bool {
        canIssue(amount.value, onTopOf: issued.value)
    }

    /// Whether issuing `amount` more shares on top of `issued` stays within the supply.
    static func canIssue(_ amount: Shares, onTopOf issued: Shares) -> Bool {
        canIssue(amount.value, onTopOf: issued.value)
    }
}
