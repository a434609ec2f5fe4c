import Hummingbird

extension AuthError: ErrorAnswerConvertible {
    public var errorAnswer: ErrorAnswer {
        switch self {
        case .missingCredentials:
            ErrorAnswer(
                status: .unauthorized, error: "not_authenticated",
                detail: "Not authenticated: send Authorization: Bearer <token> or X-API-Key: <key>",
                headers: [.wwwAuthenticate: "Bearer"])
        case .invalidToken:
            ErrorAnswer(
                status: .unauthorized, error: "invalid_token", detail: "Invalid or expired token",
                headers: [.wwwAuthenticate: "Bearer"])
        case .invalidAPIKey:
            ErrorAnswer(status: .unauthorized, error: "invalid_api_key", detail: "Invalid or revoked API key")
        case .wrongUsernameOrPassword:
            ErrorAnswer(status: .unauthorized, error: "invalid_credentials", detail: "Incorrect username or password")
        case .suspended:
            ErrorAnswer(status: .forbidden, error: "account_suspended", detail: "This account is suspended")
        case .forbidden(let detail):
            ErrorAnswer(status: .forbidden, error: "forbidden", detail: detail)
        case .outOfScope(let scope, let needed):
            ErrorAnswer(
                status: .forbidden, error: "insufficient_scope",
                detail:
                    "This API key's scope is \(scope.rawValue); this request needs a key of scope \(needed.rawValue)")
        case .malformedSignature:
            ErrorAnswer(
                status: .unauthorized, error: "malformed_signature",
                detail: "A signed request needs X-MarketSim-Key-Id, X-MarketSim-Timestamp (seconds), "
                    + "X-MarketSim-Nonce (8 to 64 printable characters) and X-MarketSim-Signature (64 hex digits)")
        case .staleSignature:
            ErrorAnswer(
                status: .unauthorized, error: "stale_signature",
                detail: "The request was signed more than 30 seconds from the server's time")
        case .reusedNonce:
            ErrorAnswer(
                status: .unauthorized, error: "reused_nonce",
                detail: "This nonce was already used with this key: sign each request with a new one")
        case .invalidSignature:
            ErrorAnswer(
                status: .unauthorized, error: "invalid_signature",
                detail: "The signature does not match the request, or the key is unknown or revoked")
        }
    }
}

extension RegistrationError: ErrorAnswerConvertible {
    public var errorAnswer: ErrorAnswer {
        switch self {
        case .usernameTooShort(let minimum):
            ErrorAnswer(
                status: .badRequest, error: "invalid_username",
                detail: "Username must be at least \(minimum) characters")
        case .usernameTooLong(let maximum):
            ErrorAnswer(
                status: .badRequest, error: "invalid_username",
                detail: "Username must be at most \(maximum) characters")
        case .usernameCharacters:
            ErrorAnswer(
                status: .badRequest, error: "invalid_username",
                detail: "Username may contain only letters, digits, '_', '.' and '-'")
        case .passwordTooShort(let minimum):
            ErrorAnswer(
                status: .badRequest, error: "invalid_password",
                detail: "Password must be at least \(minimum) characters")
        case .passwordTooLong(let maximum):
            ErrorAnswer(
                status: .badRequest, error: "invalid_password",
                detail: "Password must be at most \(maximum) characters")
        case .passwordCommon:
            ErrorAnswer(
                status: .badRequest, error: "invalid_password",
                detail: "Password is one of the most common passwords; choose another")
        case .usernameTaken:
            ErrorAnswer(status: .conflict, error: "username_taken", detail: "Username already registered")
        case .usernameReserved:
            ErrorAnswer(
                status: .badRequest, error: "invalid_username",
                detail: "Username is reserved for the exchange's own accounts")
        }
    }
}

extension APIKeyError: ErrorAnswerConvertible {
    public var errorAnswer: ErrorAnswer {
        switch self {
        case .notFound:
            ErrorAnswer(status: .notFound, error: "not_found", detail: "API key not found")
        case .belongsToAnotherUser:
            ErrorAnswer(status: .forbidden, error: "forbidden", detail: "This API key belongs to another user")
        case .nameTooLong(let maximum):
            ErrorAnswer(
                status: .badRequest, error: "invalid_name", detail: "Key name must be at most \(maximum) characters")
        case .scopeNotAllowed(let scope):
            ErrorAnswer(
                status: .forbidden, error: "scope_not_allowed",
                detail: "You may not create a key of scope \(scope.rawValue): it is for administrators and venue hosts")
        case .widerThanCallingKey(let scope, let caller):
            ErrorAnswer(
                status: .forbidden, error: "scope_not_allowed",
                detail: "A key of scope \(caller.rawValue) cannot create one of scope \(scope.rawValue); "
                    + "sign in (a token) or use a wider key")
        }
    }
}
