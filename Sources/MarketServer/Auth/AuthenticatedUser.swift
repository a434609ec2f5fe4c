/// The user a request was authenticated as, available to every handler behind the authentication middleware
/// through ``MarketRequestContext/requireUser()``.
public struct AuthenticatedUser: Sendable, Hashable {
    public enum Method: Sendable, Hashable {
        case jwt
        case apiKey(id: Int64, scope: APIKeyScope)
    }

    public var id: UserID
    public var username: String
    public var role: UserRole
    public var method: Method

    public init(id: UserID, username: String, role: UserRole, method: Method) {
        self.id = id
        self.username = username
        self.role = role
        self.method = method
    }

    public var isAdmin: Bool { role == .admin }

    /// The most this request's credential may do: a key's scope, or everything for a browser session.
    public var scope: APIKeyScope {
        switch method {
        case .jwt: .admin
        case .apiKey(_, let scope): scope
        }
    }
}
