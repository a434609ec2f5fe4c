import MarketCore

/// A stored user (a login identity, global to the server).
public struct UserRecord: Sendable, Hashable {
    public var id: UserID
    public var username: String
    public var passwordHash: String
    public var role: UserRole
    public var createdAt: Timestamp
    public var suspended: Bool
    /// Whether the password met the policy for administrators and hosts when it was set.
    public var passwordSuitsPrivilegedRole: Bool

    public init(
        id: UserID, username: String, passwordHash: String, role: UserRole, createdAt: Timestamp, suspended: Bool,
        passwordSuitsPrivilegedRole: Bool = false
    ) {
        self.id = id
        self.username = username
        self.passwordHash = passwordHash
        self.role = role
        self.createdAt = createdAt
        self.suspended = suspended
        self.passwordSuitsPrivilegedRole = passwordSuitsPrivilegedRole
    }
}
