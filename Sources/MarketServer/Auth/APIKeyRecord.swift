import MarketCore

/// A stored API key (without its secret).
public struct APIKeyRecord: Sendable, Hashable {
    public var id: Int64
    public var userID: UserID
    public var name: String
    public var scope: APIKeyScope
    public var prefix: String
    public var createdAt: Timestamp
    public var lastUsedAt: Timestamp?
    public var revokedAt: Timestamp?

    public init(
        id: Int64, userID: UserID, name: String, scope: APIKeyScope = .trade, prefix: String, createdAt: Timestamp,
        lastUsedAt: Timestamp?,
        revokedAt: Timestamp?
    ) {
        self.id = id
        self.userID = userID
        self.name = name
        self.scope = scope
        self.prefix = prefix
        self.createdAt = createdAt
        self.lastUsedAt = lastUsedAt
        self.revokedAt = revokedAt
    }
}
