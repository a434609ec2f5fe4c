import HTTPTypes
import Hummingbird

/// Requires a valid `X-API-Key`, `Authorization: Bearer` or request signature (``RequestSignature``) and
/// records the user in the context.
///
/// On the public routes (`isRequired` false) it only identifies the caller, so that a signed-in user's
/// market-data requests count against their own rate limit rather than their address's (a class behind one
/// NAT is many users); a request without a credential, or with one that is not valid, goes on anonymous.
///
/// A bearer value that is an API key (`msk_...`) is accepted as one, since some agent libraries only know how
/// to send bearer tokens.
public struct AuthenticationMiddleware: RouterMiddleware {
    public typealias Context = MarketRequestContext

    public let authentication: UserAuthentication
    /// The unauthenticated routes' limiter: a request with an unknown or invalid credential counts against
    /// its address there, so guessing keys costs the same budget as any anonymous request.
    let addressLimiter: RateLimiter?
    let metrics: ServerMetrics?
    let isRequired: Bool

    public init(authentication: UserAuthentication) {
        self.init(authentication: authentication, addressLimiter: nil, metrics: nil)
    }

    init(
        authentication: UserAuthentication, addressLimiter: RateLimiter?, metrics: ServerMetrics?,
        isRequired: Bool = true
    ) {
        self.authentication = authentication
        self.addressLimiter = addressLimiter
        self.metrics = metrics
        self.isRequired = isRequired
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        var context = context
        var request = request
        guard isRequired else {
            if !context.isLoopback || context.user == nil {
                context.user = try? await authenticate(&request, context: context)
            }
            return try await next(request, context)
        }
        do {
            // A request the server makes of itself for an authenticated one (``LoopbackAPI``) is that user's,
            // whatever credential proved it (a signature cannot be forwarded); its own scope is still checked.
            let user =
                if context.isLoopback, let caller = context.user { caller } else {
                    try await authenticate(&request, context: context)
                }
            let needed = APIKeyScope.needed(by: request.method, path: request.uri.path)
            guard user.scope >= needed else { throw AuthError.outOfScope(user.scope, needed: needed) }
            context.user = user
        } catch let error as AuthError where error.isFailedCredential {
            metrics?.recordAuthenticationFailure(error == .invalidAPIKey ? "api_key" : "token")
            if let decision = addressLimiter?.admit(client: RateLimiter.addressClient(context.clientAddress)),
                !decision.allowed
            {
                throw RequestError.rateLimited(retryAfterSeconds: decision.resetSeconds)
            }
            throw error
        }
        return try await next(request, context)
    }

    /// Every credential the request presents must be valid, and all must name the same user: an empty or
    /// wrong `X-API-Key` is refused even when a valid bearer token comes with it, so no client mistakes an
    /// ignored credential for an accepted one.
    ///
    /// A signed request's body is read here, to check its hash, and handed on buffered.
    private func authenticate(_ request: inout Request, context: Context) async throws -> AuthenticatedUser {
        var users: [AuthenticatedUser] = []
        if let signature = try RequestSignature(headers: request.headers) {
            let body = try await request.collectBody(upTo: context.maxUploadSize)
            let message = RequestSignature.message(
                method: request.method.rawValue, path: request.uri.path, query: request.uri.query ?? "",
                timestamp: signature.timestampSeconds, nonce: signature.nonce, body: body.readableBytesView)
            users.append(try await authentication.authenticate(signed: signature, message: message))
        }
        if let key = request.headers[.apiKey] {
            users.append(try await authentication.authenticate(apiKey: key))
        }
        if let authorization = request.headers[.authorization] {
            let parts = authorization.split(separator: " ", maxSplits: 1)
            guard parts.count == 2, parts[0].lowercased() == "bearer" else { throw AuthError.invalidToken }
            let credential = parts[1].trimmingCharacters(in: .whitespaces)
            if credential.hasPrefix(APIKeySecret.scheme) {
                users.append(try await authentication.authenticate(apiKey: credential))
            } else {
                users.append(try await authentication.authenticate(bearerToken: credential))
            }
        }
        guard let user = users.min(by: { $0.scope < $1.scope }) else { throw AuthError.missingCredentials }
        guard users.allSatisfy({ $0.id == user.id }) else { throw AuthError.invalidToken }
        return user  // with the narrowest scope sent, so that a key's limit holds whatever comes with it
    }
}

extension AuthError {
    /// A credential that was sent but is not valid, which counts against the address's budget.
    fileprivate var isFailedCredential: Bool {
        switch self {
        case .missingCredentials, .suspended, .outOfScope: false
        default: true
        }
    }
}

extension HTTPField.Name {
    /// The header agents send their API key in.
    static let apiKey = Self("X-API-Key")!
}
