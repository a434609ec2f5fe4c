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
}
