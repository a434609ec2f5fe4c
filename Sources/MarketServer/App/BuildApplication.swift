import Hummingbird
import HummingbirdWebSocket
import Logging
import NIOCore

/// Builds the MarketSim server: opens and migrates the database, then wires middleware and routes.
///
/// - Parameters:
///   - configuration: Where to listen and what to store where.
///   - hooks: Plug-in points for the trading layer (see ``ServerHooks``).
///   - onServerRunning: Called with the bound port once the server listens (tests bind port 0).
public func buildApplication(
    configuration: ServerConfiguration,
    hooks: ServerHooks = ServerHooks(),
    logger: Logger = Logger(label: "marketsim"),
    onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
) async throws -> some ApplicationProtocol {
    let foundation = try await ServerFoundation.open(configuration: configuration, hooks: hooks, logger: logger)
    let router = Router(context: MarketRequestContext.self)
    router.add(middleware: ErrorMiddleware())
    router.add(middleware: RequestSizeLimitMiddleware(maxBytes: configuration.maxRequestBodyBytes))
    addRoutes(to: router, foundation: foundation)
    return Application(
        router: router,
        server: .http1WebSocketUpgrade(webSocketRouter: router),
        configuration: ApplicationConfiguration(
            address: .hostname(configuration.host, port: configuration.port), serverName: "MarketSim"),
        services: [DatabaseLifecycle(foundation: foundation)],
        onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? configuration.port) },
        logger: logger
    )
}

/// Every route of the server. Unauthenticated routes are rate-limited per client address, authenticated ones per
/// user (each with its own budget).
func addRoutes(to router: Router<MarketRequestContext>, foundation: ServerFoundation) {
    let policy = foundation.configuration.rateLimit
    let api = router.group("api")
    api.get("health") { _, _ in ["status": "ok"] }

    let anonymous = api.group().add(middleware: RateLimitMiddleware(policy: policy))
    AuthRoutes(authentication: foundation.authentication, startingCash: foundation.configuration.startingCash)
        .add(to: anonymous)

    let authenticated = foundation.authenticated(api.group(), rateLimiter: RateLimitMiddleware(policy: policy))
    APIKeyRoutes(apiKeys: foundation.authentication.apiKeys).add(to: authenticated)
}
