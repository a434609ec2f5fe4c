import HTTPTypes
import Hummingbird

extension HTTPField.Name {
    static let alpacaKeyID = Self("APCA-API-KEY-ID")!
    static let alpacaSecretKey = Self("APCA-API-SECRET-KEY")!
}

/// Alpaca's credentials as MarketSim's: `APCA-API-SECRET-KEY` carries a MarketSim API key and becomes the
/// `X-API-Key` that ``AuthenticationMiddleware`` checks; `APCA-API-KEY-ID` must then name that key, by its id
/// as `GET /api/keys` lists it or by repeating the key, which ``AlpacaKeyIDCheck`` verifies once the key is known.
struct AlpacaCredentialsMiddleware: RouterMiddleware {
    typealias Context = MarketRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        guard let secret = request.headers[.alpacaSecretKey] else { return try await next(request, context) }
        var head = request.head
        head.headerFields[.apiKey] = secret
        return try await next(Request(head: head, body: request.body), context)
    }
}

/// Refuses a request whose `APCA-API-KEY-ID` names another key than the one it authenticated with.
struct AlpacaKeyIDCheck: RouterMiddleware {
    typealias Context = MarketRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        if let keyID = request.headers[.alpacaKeyID], let user = context.user {
            try Self.check(keyID: keyID, secret: request.headers[.alpacaSecretKey], of: user)
        }
        return try await next(request, context)
    }

    static func check(keyID: String, secret: String?, of user: AuthenticatedUser) throws(AlpacaError) {
        if keyID == secret { return }
        guard case .apiKey(let id, _) = user.method, String(id) == keyID else {
            throw AlpacaError(
                status: .unauthorized, message: "APCA-API-KEY-ID must be the id of the key in APCA-API-SECRET-KEY")
        }
    }
}
