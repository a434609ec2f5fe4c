import Hummingbird
import HummingbirdWebSocket
import Logging
import MarketCore
import NIOCore
import ServiceLifecycle

/// Builds the MarketSim server: opens and migrates the database, then wires middleware and routes.
///
/// - Parameters:
///   - configuration: Where to listen and what to store where.
///   - hooks: Plug-in points for the layers built on the foundation (see ``ServerHooks``).
///   - onServerRunning: Called with the bound port once the server listens (tests bind port 0).
public func buildApplication(
    configuration: ServerConfiguration,
    hooks: ServerHooks = ServerHooks(),
    logger: Logger = Logger(label: "marketsim"),
    onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
) async throws -> some ApplicationProtocol {
    let foundation = try await ServerFoundation.open(configuration: configuration, logger: logger)
    let router = Router(context: MarketRequestContext.self)
    let metrics = ServerMetrics()
    let journal = JournalService(journal: Journal(database: foundation.database, logger: logger, metrics: metrics))
    let alerts = try await PriceAlerts.load(from: foundation.database)
    let webhooks = try await Webhooks.load(
        from: foundation.database, settings: configuration.webhooks, listeningOn: configuration.host,
        clock: WallClock(), logger: logger)
    let feed = RealtimeFeed(settings: configuration.feed, alerts: alerts, webhooks: webhooks)
    let sockets = UserSockets()
    let refusals = UpgradeRefusals()
    let services: [any Service]
    do {
        let mainSettings = VenueSettings(
            name: "Main market", startingCash: configuration.startingCashCents,
            marketMakers: configuration.marketMakers, backgroundTraders: configuration.backgroundTraders,
            events: configuration.marketEvents)
        let venues = try await VenueDirectory.open(
            database: foundation.database, journal: journal.journal, tickers: configuration.tickers.map(\.listing),
            mainSettings: mainSettings, shortSelling: configuration.shortSelling, clock: configuration.clock,
            feed: feed,
            logger: logger)
        try await webhooks.start()
        try await hooks.onVenuesOpened(venues)
        let startingCash = configuration.startingCashCents
        let authentication = foundation.authentication { user in
            try await venues.main.openAccount(AccountID(user.id.rawValue), cash: startingCash)
            try await hooks.onUserRegistered(user)
        }
        if let admin = configuration.initialAdmin, try await authentication.ensureAdmin(admin) {
            logger.info("Created admin user \(admin.username)")
        }
        let switches = try await DisconnectSwitches.load(database: foundation.database, venues: venues, logger: logger)
        let lossLimits = try await LossLimitSwitches.load(
            database: foundation.database, venues: venues, logger: logger)
        let routeTable = RouteTable()
        router.add(middleware: RequestIDMiddleware())
        router.add(middleware: RequestMetricsMiddleware(metrics: metrics))
        router.add(middleware: ErrorMiddleware(routes: routeTable))
        router.add(middleware: RequestSizeLimitMiddleware(maxBytes: configuration.maxRequestBodyBytes))
        router.add(middleware: NulQueryMiddleware())
        let life = MarketLife(
            database: foundation.database, users: authentication.users, passwords: authentication.passwords,
            marketMakersEnabled: configuration.marketMakersEnabled, logger: logger)
        let desk = TournamentDesk(
            database: foundation.database, venues: venues, life: life,
            snapshotInterval: configuration.equitySnapshotInterval, logger: logger,
            onTransition: { tournament, previous in
                await webhooks.queue(tournament, leaving: previous, at: WallClock().now())
            })
        let loopback = LoopbackAPI()
        addRoutes(
            to: router, configuration: configuration, authentication: authentication, venues: venues, desk: desk,
            life: life, database: foundation.database, metrics: metrics, sockets: sockets, alerts: alerts,
            switches: switches, lossLimits: lossLimits, webhooks: webhooks, loopback: loopback)
        RealtimeRoutes(
            feed: feed, venues: venues, authentication: authentication, sockets: sockets, refusals: refusals,
            switches: switches
        ).add(to: router)
        AlpacaStream(feed: feed, authentication: authentication, loopback: loopback, sockets: sockets).add(to: router)
        MetricsRoutes(metrics: metrics, venues: venues, feed: feed).add(to: router)
        addDashboard(to: router, publicDirectory: dashboardPublicDirectory())
        // Every venue but a tournament's starts its market life now; a tournament's, when it starts.
        for venue in venues.all where !venue.settings.isTournament {
            try await life.start(venue)
        }
        try await desk.recover()
        let routes = router.routes.map { "\($0.method) \($0.path)" }
        routeTable.record(routes)
        loopback.install(router.buildResponder())
        await hooks.onBuilt(ServerParts(venues: venues, feed: feed, life: life, tournaments: desk, routes: routes))
        services = [
            ShutdownSequence(
                life: life, feed: feed, journal: journal, foundation: foundation, switches: switches,
                webhooks: webhooks),
            TournamentScheduler(desk: desk, interval: configuration.tournamentCheckInterval),
            LossLimitMonitor(switches: lossLimits, interval: .milliseconds(200)),
        ]
    } catch {
        await webhooks.shutdown()
        await journal.stop()
        await foundation.close()
        throw error
    }
    return Application(
        router: router,
        server: .guardedHTTP1WebSocketUpgrade(
            webSocketRouter: router,
            configuration: .init(
                http1: .init(additionalChannelHandlers: [UpgradeRefusalWriter(refusals: refusals)]),
                ws: .init(maxFrameSize: 1 << 20, autoPing: .enabled(timePeriod: configuration.feed.pingInterval))),
            timeouts: configuration.connectionTimeouts, onTimeout: { metrics.recordConnectionTimeout() }),
        configuration: ApplicationConfiguration(
            address: .hostname(configuration.host, port: configuration.port), serverName: "MarketSim"),
        services: services,
        onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? configuration.port) },
        logger: logger
    )
}

/// Every route of the server. Unauthenticated routes are rate-limited per client address; authenticated ones
/// per user, after ``AuthenticationMiddleware`` (handlers read the user with
/// ``MarketRequestContext/requireUser()``).
func addRoutes(
    to router: Router<MarketRequestContext>, configuration: ServerConfiguration, authentication: UserAuthentication,
    venues: VenueDirectory, desk: TournamentDesk, life: MarketLife, database: Database, metrics: ServerMetrics,
    sockets: UserSockets, alerts: PriceAlerts, switches: DisconnectSwitches, lossLimits: LossLimitSwitches,
    webhooks: Webhooks, loopback: LoopbackAPI
) {
    let api = router.group("api")
    HealthRoutes(database: database, venues: venues).add(to: api)

    // One budget per client over every route: per user when a request names one (public routes included),
    // per address otherwise.
    let limiter = RateLimiter(policy: configuration.rateLimit)
    let rateLimitHits = RateLimitHits()
    let anonymous = api.group()
        .add(
            middleware: AuthenticationMiddleware(
                authentication: authentication, addressLimiter: nil, metrics: nil, isRequired: false)
        )
        .add(middleware: RateLimitMiddleware(limiter: limiter, hits: rateLimitHits))
    AuthRoutes(
        authentication: authentication, startingCashCents: configuration.startingCashCents,
        throttle: LoginThrottle(policy: configuration.loginThrottle), metrics: metrics
    ).add(to: anonymous)

    let authenticated = api.group()
        .add(
            middleware: AuthenticationMiddleware(
                authentication: authentication, addressLimiter: limiter, metrics: metrics)
        )
        .add(middleware: RateLimitMiddleware(limiter: limiter, hits: rateLimitHits))
    let mcp = MCPRoutes(loopback: loopback)
    mcp.addVenues(to: authenticated)
    mcp.addMain(
        to: router.group("mcp")
            .add(
                middleware: AuthenticationMiddleware(
                    authentication: authentication, addressLimiter: limiter, metrics: metrics)
            )
            .add(middleware: RateLimitMiddleware(limiter: limiter, hits: rateLimitHits)))
    let alpaca = AlpacaRoutes(loopback: loopback, venues: venues)
    for path in ["alpaca", "api/venues/:venue/alpaca"] {
        alpaca.add(
            to: AlpacaRoutes.group(
                path, of: router,
                authentication: AuthenticationMiddleware(
                    authentication: authentication, addressLimiter: limiter, metrics: metrics),
                rateLimit: RateLimitMiddleware(limiter: limiter, hits: rateLimitHits)))
    }
    APIKeyRoutes(
        apiKeys: authentication.apiKeys,
        usesControlPlane: { user in user.isAdmin || venues.all.contains { $0.isHost(user.id) } },
        signingSecret: { authentication.signingSecret(of: $0) }
    ).add(to: authenticated)
    PasswordRoutes(authentication: authentication, venues: venues).add(to: authenticated)
    AdjustmentRoutes(directory: venues, users: authentication.users).add(to: authenticated)
    TradingControlRoutes(directory: venues, users: authentication.users).add(to: authenticated)
    LossLimitRoutes(
        scope: VenueScope(directory: venues, parameter: nil), directory: venues, users: authentication.users,
        switches: lossLimits
    ).add(host: authenticated)
    TickerRoutes(directory: venues, life: life).add(to: authenticated)
    RuleRoutes(directory: venues).add(to: authenticated)
    MarketLifeRoutes(directory: venues, life: life).add(to: authenticated)
    UserAdminRoutes(
        directory: venues, users: authentication.users, apiKeys: authentication.apiKeys,
        sessions: authentication.sessions, sockets: sockets
    ).add(to: authenticated)
    AgentRoutes(directory: venues, database: database, rateLimitHits: rateLimitHits).add(to: authenticated)
    AuditRoutes(directory: venues, database: database).add(to: authenticated)
    WebhookRoutes(directory: venues, webhooks: webhooks).add(to: authenticated)
    let venueRoutes = VenueRoutes(directory: venues, users: authentication.users, desk: desk, life: life)
    venueRoutes.addPublic(to: anonymous)
    venueRoutes.addAuthenticated(to: authenticated)
    let tournaments = TournamentRoutes(desk: desk, venues: venues, directory: configuration.tournamentsDirectory)
    tournaments.addPublic(to: anonymous)
    tournaments.addAuthenticated(to: authenticated)

    // Every venue-scoped route twice: unprefixed for venue `main`, and under /api/venues/{venue}.
    for (prefix, parameter) in [("", nil), ("venues/:venue", "venue")] as [(String, String?)] {
        let scope = VenueScope(directory: venues, parameter: parameter)
        let publicRoutes = prefix.isEmpty ? anonymous : anonymous.group(RouterPath(prefix))
        let privateRoutes = prefix.isEmpty ? authenticated : authenticated.group(RouterPath(prefix))
        MarketDataRoutes(scope: scope, database: database).add(to: publicRoutes)
        NewsRoutes(scope: scope, database: database).add(to: publicRoutes)
        let portfolio = PortfolioRoutes(scope: scope, database: database)
        portfolio.addLeaderboard(to: publicRoutes)
        portfolio.add(to: privateRoutes)
        TradingRoutes(scope: scope, database: database).add(to: privateRoutes)
        PriceAlertRoutes(scope: scope, alerts: alerts).add(to: privateRoutes)
        DisconnectSwitchRoutes(scope: scope, switches: switches).add(to: privateRoutes)
        LossLimitRoutes(scope: scope, directory: venues, users: authentication.users, switches: lossLimits)
            .add(account: privateRoutes)
    }
}
