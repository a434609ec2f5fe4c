/// Why a request was not authenticated or not allowed.
public enum AuthError: Error, Equatable {
    case missingCredentials
    case invalidToken
    case invalidAPIKey
    case wrongUsernameOrPassword
    case suspended
    case forbidden(String)
}
