/// Which of an account's safety limits tripped.
public enum RiskLimitKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// The account lost at least its daily limit since the day began (UTC, by the venue's clock).
    case dailyLoss
    /// Its equity fell from its peak by at least its drawdown limit.
    case drawdown
}

/// A safety limit that tripped: the account's equity, at last prices, against the equity the loss is
/// measured from. Once tripped, the account's orders are cancelled and it places none until it is reset.
public struct RiskLimitTrip: Sendable, Hashable, Codable {
    public let account: AccountID
    public let limit: RiskLimitKind
    /// The loss the limit allowed.
    public let threshold: Cents
    /// The account's equity when the limit tripped.
    public let equity: Cents
    /// The equity the loss is measured from: the day's opening equity, or the peak.
    public let reference: Cents

    public init(account: AccountID, limit: RiskLimitKind, threshold: Cents, equity: Cents, reference: Cents) {
        self.account = account
        self.limit = limit
        self.threshold = threshold
        self.equity = equity
        self.reference = reference
    }
}
