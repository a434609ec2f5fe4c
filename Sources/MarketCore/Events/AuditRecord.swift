/// An administrator's or host's action as the journal keeps it: who acted, what they did to what, why, and
/// the values before and after. It changes no balance itself: the change it describes is journalled beside
/// it, in the same transaction.
public struct AuditRecord: Sendable, Hashable, Codable {
    /// The acting user's id and name (the name as it was then).
    public let actorID: Int64
    public let actorName: String
    /// A stable machine name, such as `halt` or `adjust_cash`.
    public let action: String
    /// What was acted on, such as `ticker FUN` or `user 42`.
    public let target: String
    public let reason: String?
    public let before: [String: String]
    public let after: [String: String]

    public init(
        actorID: Int64, actorName: String, action: String, target: String, reason: String?,
        before: [String: String], after: [String: String]
    ) {
        self.actorID = actorID
        self.actorName = actorName
        self.action = action
        self.target = target
        self.reason = reason
        self.before = before
        self.after = after
    }
}
