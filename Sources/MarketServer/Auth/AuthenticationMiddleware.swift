import HTTPTypes
import Hummingbird

/// Requires a valid `X-API-Key` or `Authorization: Bearer` credential and records the user in the context.
///
/// A bearer value that is an API key (`msk_...`) is accepted as one, since some agent libraries only know how
/// to send bearer tokens.
public struct AuthenticationMiddleware: RouterMiddleware {
    public typealias Context = MarketRequestContext

    public let authentication: UserAuthentication

    public init(authentication: UserAuthentication) {
        self.authentication = authentication
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        var context = context
        context.user = try await authenticate(request)
        return try await next(request, context)
    }

    private func authenticate(_ request: Request) async throws -> AuthenticatedUser {
        if let key = request.headers[.apiKey], !key.isEmpty {
            return try await authentication.authenticate(apiKey: key)
        }
        guard let authorization = request.headers[.authorization] else { throw AuthError.missingCredentials }
        let parts = authorization.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { throw AuthError.missingCredentials }
        let credential = parts[1].trimmingCharacters(in: .whitespaces)
        if credential.hasPrefix(APIKeySecret.scheme) {
            return try await authentication.authenticate(apiKey: credential)
        }
        return try await authentication.authenticate(bearerToken: credential)
    }
}

extension HTTPField.Name {
    /// The header agents send their API key in.
    static let apiKey = Self("X-API-Key")!
}
