/// Why a request was not authenticated or not allowed.
public enum AuthError: Error, Equatable {
    case missingCredentials
    case invalidToken
    case invalidAPIKey
    case wrongUsernameOrPassword
    case suspended
    case forbidden(String)
    /// The request needs a key of a wider scope than the one sent.
    case outOfScope(APIKeyScope, needed: APIKeyScope)
    /// A signed request whose signature headers are missing a part or malformed.
    case malformedSignature
    /// A signed request whose timestamp is outside the window around the server's time.
    case staleSignature
    /// A signed request whose nonce its key already used within the window: a replay.
    case reusedNonce
    /// A signed request whose signature does not match it (another body, path, time or secret).
    case invalidSignature
}
