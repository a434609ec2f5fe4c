import Hummingbird
import Logging

/// The opened, migrated database and the authentication built on it: what every route needs.
///
/// ``open(configuration:hooks:logger:)`` does the start-up work in order (connect, migrate, load the JWT key,
/// create the first admin); ``close()`` releases the database.
public struct ServerFoundation: Sendable {
    public let configuration: ServerConfiguration
    public let database: Database
    public let authentication: UserAuthentication
    public let logger: Logger

    public static func open(configuration: ServerConfiguration, hooks: ServerHooks, logger: Logger) async throws
        -> ServerFoundation
    {
        let initialAdmin = try configuration.initialAdmin.map { admin throws(ConfigurationError) in
            do {
                return try Credentials(username: admin.username, password: admin.password)
            } catch {
                throw .invalidValue(
                    variable: "ADMIN_USERNAME/ADMIN_PASSWORD", value: admin.username,
                    expected: "a valid username (2-32 of A-Za-z0-9_.-) and a password of 4-128 characters")
            }
        }
        let database = try await Database.open(configuration.database, logger: logger)
        do {
            let migrations = try Migration.load(
                from: try Migration.locateDirectory(configured: configuration.migrationsDirectory))
            try await MigrationRunner(database: database, logger: logger).apply(migrations)
            let secret = try await TokenIssuer.signingSecret(
                configured: configuration.jwtSecret, settings: SettingsStore(database: database))
            let authentication = UserAuthentication(
                users: UserStore(database: database),
                apiKeys: APIKeyStore(database: database),
                tokens: await TokenIssuer(secret: secret, lifetimeHours: configuration.jwtLifetimeHours),
                passwords: PasswordHasher(cost: configuration.bcryptCost),
                onUserRegistered: hooks.onUserRegistered)
            if let initialAdmin, try await authentication.ensureAdmin(initialAdmin) {
                logger.info("Created admin user \(initialAdmin.username)")
            }
            return ServerFoundation(
                configuration: configuration, database: database, authentication: authentication, logger: logger)
        } catch {
            await database.close()
            throw error
        }
    }

    public func close() async {
        await database.close()
    }

    /// The middleware that authenticates and then rate-limits per user; put it on every group of routes that
    /// needs a user, then read the user with ``MarketRequestContext/requireUser()``.
    public func authenticated(_ group: RouterGroup<MarketRequestContext>, rateLimiter: RateLimitMiddleware)
        -> RouterGroup<MarketRequestContext>
    {
        group.add(middleware: AuthenticationMiddleware(authentication: authentication)).add(middleware: rateLimiter)
    }
}
