import Logging

/// The opened and migrated database, and the token issuer whose key it keeps: what every layer starts from.
///
/// ``open(configuration:logger:)`` connects, applies pending migrations and loads (or creates) the JWT key;
/// ``close()`` releases the database.
public struct ServerFoundation: Sendable {
    public let configuration: ServerConfiguration
    public let database: Database
    public let tokens: TokenIssuer
    /// When each user's sessions were last ended by an administrator.
    public let sessions: SessionCutoffs
    /// Signing secrets of API keys, and the nonces of signed requests.
    public let signing: RequestSigning
    public let logger: Logger
    /// Shared by the user and key stores, so that a change through either forgets what both knew.
    public let credentials = CredentialCache()
    /// Held while an SQLite database is served, so that no second server or restore touches the file.
    let servingLock: ServingLock?

    public static func open(configuration: ServerConfiguration, logger: Logger) async throws -> ServerFoundation {
        let database = try await Database.open(configuration.database, logger: logger)
        var servingLock: ServingLock?
        do {
            if case .sqlite(let path) = configuration.database {
                servingLock = try ServingLock.acquire(forDatabaseAt: path)
            }
            try await migrate(database, configuration: configuration, logger: logger)
            let secret = try await TokenIssuer.signingSecret(
                configured: configuration.jwtSecret, settings: SettingsStore(database: database))
            let tokens = await TokenIssuer(secret: secret, lifetimeHours: configuration.jwtLifetimeHours)
            return ServerFoundation(
                configuration: configuration, database: database, tokens: tokens,
                sessions: try await SessionCutoffs(database: database),
                signing: try await RequestSigning.load(settings: SettingsStore(database: database)), logger: logger,
                servingLock: servingLock)
        } catch {
            await database.close()
            servingLock?.release()
            throw error
        }
    }

    /// Applies the pending migrations of the configured folder and returns their versions.
    @discardableResult
    public static func migrate(_ database: Database, configuration: ServerConfiguration, logger: Logger)
        async throws -> [Int]
    {
        let directory = try Migration.locateDirectory(configured: configuration.migrationsDirectory)
        return try await MigrationRunner(database: database, logger: logger).apply(try Migration.load(from: directory))
    }

    public func close() async {
        await database.close()
        servingLock?.release()
    }

    /// Registration, login and credential checks on this database, running `onUserRegistered` after each new
    /// user is stored.
    public func authentication(onUserRegistered: @escaping UserRegisteredHook) -> UserAuthentication {
        UserAuthentication(
            users: UserStore(database: database, cache: credentials),
            apiKeys: APIKeyStore(database: database, cache: credentials),
            tokens: tokens,
            passwords: PasswordHasher(cost: configuration.bcryptCost),
            policy: configuration.passwordPolicy,
            sessions: sessions, signing: signing,
            onUserRegistered: onUserRegistered)
    }
}
