import Foundation

/// Called once a new user's row is committed; the trading layer opens the user's account in `main` here.
public typealias UserRegisteredHook = @Sendable (UserRecord) async throws -> Void

/// Registration, login and credential checks: the rules of who a request is.
public struct UserAuthentication: Sendable {
    /// What registering returns: the user plus the credentials shown to them exactly once.
    public struct Registration: Sendable {
        public var user: UserRecord
        public var apiKey: APIKeySecret
        /// The key's id, as `GET /api/keys` lists it: what signed requests name.
        public var apiKeyID: Int64
        public var token: String
    }

    public let users: UserStore
    public let apiKeys: APIKeyStore
    public let tokens: TokenIssuer
    public let passwords: PasswordHasher
    /// What a new password must be.
    public let policy: PasswordPolicy
    /// When each user's sessions were last ended; `nil` keeps every unexpired token valid.
    public let sessions: SessionCutoffs?
    /// Signing secrets and nonces, where signed requests are accepted.
    public let signing: RequestSigning?
    private let onUserRegistered: UserRegisteredHook

    public init(
        users: UserStore, apiKeys: APIKeyStore, tokens: TokenIssuer, passwords: PasswordHasher,
        policy: PasswordPolicy = PasswordPolicy(), sessions: SessionCutoffs? = nil, signing: RequestSigning? = nil,
        onUserRegistered: @escaping UserRegisteredHook
    ) {
        self.signing = signing
        self.policy = policy
        self.sessions = sessions
        self.users = users
        self.apiKeys = apiKeys
        self.tokens = tokens
        self.passwords = passwords
        self.onUserRegistered = onUserRegistered
    }

    /// Creates a trader with a first API key and a token, then runs the registration hook.
    public func register(_ credentials: Credentials) async throws -> Registration {
        guard !ReservedUsernames.contains(credentials.username) else { throw RegistrationError.usernameReserved }
        try policy.check(credentials.password, privileged: false)
        let user = try await createUser(credentials, role: .trader)
        let (key, apiKey) = try await apiKeys.create(userID: user.id, name: "default")
        let token = try await tokens.issue(userID: user.id, username: user.username)
        return Registration(user: user, apiKey: apiKey, apiKeyID: key.id, token: token)
    }

    /// Creates the configured first admin unless a user of that name exists. Returns whether it created one.
    /// The password must meet the policy for administrators.
    @discardableResult
    public func ensureAdmin(_ credentials: Credentials) async throws -> Bool {
        try policy.check(credentials.password, privileged: true)
        guard try await users.find(username: credentials.username) == nil else { return false }
        do {
            _ = try await createUser(credentials, role: .admin)
            return true
        } catch RegistrationError.usernameTaken {
            return false
        }
    }

    /// The user and a fresh token for a correct username and password.
    public func login(username: String, password: String) async throws -> (user: UserRecord, token: String) {
        // Usernames are public (leaderboards), so an unknown name may fail faster than a wrong password.
        guard let user = try await users.find(username: username) else { throw AuthError.wrongUsernameOrPassword }
        let matches = try await passwords.verify(password, against: user.passwordHash)
        // A suspended account gets the same answer whatever the password, so it cannot be used to test one.
        guard !user.suspended else { throw AuthError.suspended }
        guard matches else { throw AuthError.wrongUsernameOrPassword }
        return (user, try await tokens.issue(userID: user.id, username: user.username))
    }

    /// The user behind a bearer token.
    public func authenticate(bearerToken: String) async throws -> AuthenticatedUser {
        let (userID, issuedAt) = try await tokens.verifyWithIssueTime(bearerToken)
        if let sessions, !sessions.admits(userID, issuedAtMilliseconds: issuedAt) { throw AuthError.invalidToken }
        guard let user = try await users.find(id: userID) else { throw AuthError.invalidToken }
        return try admitted(user, method: .jwt)
    }

    /// The user behind a signed request, once its time, signature and nonce check out; ``message`` is what
    /// the request's signature must sign (``RequestSignature/message(method:path:query:timestamp:nonce:body:)``).
    public func authenticate(signed signature: RequestSignature, message: String) async throws -> AuthenticatedUser {
        let now = WallClock().now()
        guard signature.isFresh(now: now) else { throw AuthError.staleSignature }
        guard let signing, let hash = try await apiKeys.hash(ofKey: signature.keyID),
            signing.verifies(signature.signature, of: message, keyHash: hash)
        else { throw AuthError.invalidSignature }
        // The nonce is spent only by a request that proved its key, so nobody else can burn an agent's nonces.
        guard signing.admitsNonce(signature.nonce, of: signature.keyID, now: now) else { throw AuthError.reusedNonce }
        guard let (key, owner) = try await apiKeys.resolve(hash: hash) else { throw AuthError.invalidSignature }
        return try admitted(owner, method: .apiKey(id: key.id, scope: key.scope))
    }

    /// The signing secret of a key, from its plaintext: shown where the key is, when it is created.
    public func signingSecret(of secret: APIKeySecret) -> String? {
        signing?.secret(forKeyHash: secret.hash)
    }

    /// The user behind an API key.
    public func authenticate(apiKey: String) async throws -> AuthenticatedUser {
        guard apiKey.hasPrefix(APIKeySecret.scheme), apiKey.count < 200,
            let (key, owner) = try await apiKeys.resolve(APIKeySecret(text: apiKey))
        else { throw AuthError.invalidAPIKey }
        return try admitted(owner, method: .apiKey(id: key.id, scope: key.scope))
    }

    private func admitted(_ user: UserRecord, method: AuthenticatedUser.Method) throws -> AuthenticatedUser {
        guard !user.suspended else { throw AuthError.suspended }
        return AuthenticatedUser(id: user.id, username: user.username, role: user.role, method: method)
    }

    /// Replaces `user`'s password after checking the current one, and ends every session they had: the
    /// answer carries a fresh token. `privileged`: the user is an administrator or a host, whose new
    /// password must meet their stronger policy.
    public func changePassword(
        of user: UserRecord, current: String, new: String, privileged: Bool
    ) async throws -> String {
        guard try await passwords.verify(current, against: user.passwordHash) else {
            throw AuthError.wrongUsernameOrPassword
        }
        let checked = try Credentials(username: user.username, password: new)
        try policy.check(checked.password, privileged: privileged)
        let hash = try await passwords.hash(checked.password)
        try await users.setPassword(hash: hash, suitsPrivilegedRole: policy.suitsPrivilegedRole(new), id: user.id)
        let cutoff = try await sessions?.end(of: user.id)
        // Token times are whole seconds: the new token counts from the second after the cutoff, so it stands.
        let issued =
            cutoff.map { Date(timeIntervalSince1970: (Double($0) / 1_000).rounded(.up)) } ?? WallClock().now().date
        return try await tokens.issue(userID: user.id, username: user.username, now: issued)
    }

    private func createUser(_ credentials: Credentials, role: UserRole) async throws -> UserRecord {
        let hash = try await passwords.hash(credentials.password)
        let user = try await users.create(
            username: credentials.username, passwordHash: hash, role: role,
            suitsPrivilegedRole: policy.suitsPrivilegedRole(credentials.password))
        try await onUserRegistered(user)
        return user
    }
}
