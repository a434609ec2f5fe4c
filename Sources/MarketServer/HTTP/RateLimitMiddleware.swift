import Foundation
import HTTPTypes
import Hummingbird
import MarketCore
import Synchronization

/// Limits requests per client and reports the budget in `X-RateLimit-Limit`, `X-RateLimit-Remaining` and
/// `X-RateLimit-Reset` on every answer (error answers included); over the limit it answers 429 with
/// `Retry-After`.
///
/// Behind the authentication middleware the client is the user; elsewhere it is the IP address.
public final class RateLimitMiddleware: RouterMiddleware, Sendable {
    public typealias Context = MarketRequestContext

    /// The counts; shared with ``AuthenticationMiddleware``, which charges an address for each unknown
    /// credential it sends.
    let limiter: RateLimiter
    /// Where refusals of signed-in users are counted, for the admin console.
    private let hits: RateLimitHits?

    public convenience init(policy: RateLimitPolicy) {
        self.init(limiter: RateLimiter(policy: policy), hits: nil)
    }

    /// `limiter` may be shared by several route groups, so that each client has one budget across them.
    init(limiter: RateLimiter, hits: RateLimitHits?) {
        self.limiter = limiter
        self.hits = hits
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        if context.isLoopback { return try await next(request, context) }
        let client = context.user.map { "user:\($0.id)" } ?? RateLimiter.addressClient(context.clientAddress)
        let decision = limiter.admit(client: client)
        var response: Response
        if decision.allowed {
            do {
                response = try await next(request, context)
            } catch {
                response = ErrorAnswer(for: error).response()
            }
        } else {
            if let user = context.user { hits?.record(user.id, at: WallClock().now()) }
            response = RequestError.rateLimited(retryAfterSeconds: decision.resetSeconds).errorAnswer.response()
        }
        response.headers[.rateLimitLimit] = String(decision.limit)
        response.headers[.rateLimitRemaining] = String(decision.remaining)
        response.headers[.rateLimitReset] = String(decision.resetSeconds)
        return response
    }
}

/// A ``RateLimitLedger`` behind a lock, read on the server's clock.
final class RateLimiter: Sendable {
    private let ledger: Mutex<RateLimitLedger>

    init(policy: RateLimitPolicy) {
        ledger = Mutex(RateLimitLedger(policy: policy))
    }

    /// Counts one request by `client` now.
    func admit(client: String) -> RateLimitLedger.Decision {
        let now = WallClock().now().millisecondsSinceEpoch
        return ledger.withLock { $0.admit(client: client, nowMilliseconds: now) }
    }

    static func addressClient(_ address: String) -> String { "address:\(address)" }
}

extension HTTPField.Name {
    static let rateLimitLimit = Self("X-RateLimit-Limit")!
    static let rateLimitRemaining = Self("X-RateLimit-Remaining")!
    static let rateLimitReset = Self("X-RateLimit-Reset")!
}
