import Foundation
import MarketCore

/// Everything the server is configured with, read from environment variables and an optional `.env` file.
///
/// The variable names are those of the agent API contract so that existing `.env` files keep working.
public struct ServerConfiguration: Sendable {
    public var host: String
    public var port: Int
    public var dataDirectory: String
    public var database: DatabaseLocation
    /// Where the numbered `.sql` migrations are; `nil` searches `./Migrations`, then the package's own folder.
    public var migrationsDirectory: String?
    /// HS256 signing key for JWTs; `nil` uses a key generated once and kept in the database.
    public var jwtSecret: String?
    public var jwtLifetimeHours: Int
    public var tickers: [InitialTicker]
    /// Cash a new account gets in venue `main`.
    public var startingCashCents: Cents
    public var rateLimit: RateLimitPolicy
    public var marketMakersEnabled: Bool
    /// How the market makers quote and how fair values move.
    public var marketMakers: MarketMakerSettings
    /// The background traders of venue `main` (`BACKGROUND_TRADERS`); `nil`: none.
    public var backgroundTraders: BackgroundTraderSettings?
    /// Dividends and price shocks of venue `main`.
    public var marketEvents: [MarketEventSchedule]
    /// Whether accounts of venue `main` may sell short, and on what margins (`SHORT_SELLING`); `nil`: they may
    /// not. By default only the accounts that turn it on for themselves may, so that an agent that never
    /// asked is refused a sale beyond its shares, as the agent API has always answered.
    public var shortSelling: ShortSelling? = ShortSelling(isOptIn: true)
    /// The WebSocket feed: snapshot throttle, subscriber queue bound, ping interval.
    public var feed: FeedSettings
    /// The first admin, created at start when no user of that name exists yet.
    public var initialAdmin: Credentials?
    /// How strong new passwords must be: `PASSWORD_MIN_LENGTH`, `PRIVILEGED_PASSWORD_MIN_LENGTH`,
    /// `PASSWORD_COMMON_CHECK`.
    public var passwordPolicy = PasswordPolicy()
    /// bcrypt work factor for password hashes (4...31); tests use 4 to stay fast.
    public var bcryptCost: UInt8
    /// Request bodies above this size are refused with 413 before they are read.
    public var maxRequestBodyBytes: Int
    /// How long a connection may take to send a request's head, and then its body, before it is closed.
    public var connectionTimeouts = ConnectionTimeouts()
    /// How failed logins are metered per account and per address.
    public var loginThrottle = LoginThrottlePolicy()
    /// Where `POST /api/admin/tournaments/load` finds tournament definitions.
    public var tournamentsDirectory: String
    /// How often active tournaments record every entrant's equity.
    public var equitySnapshotInterval: Duration
    /// How often tournament schedules are checked.
    public var tournamentCheckInterval: Duration
    /// `LOG_LEVEL` and `LOG_FORMAT`, applied by the executable at start.
    public var logging = LogSettings()
    /// How webhooks are batched, timed, retried and where they may go (`WEBHOOK_*`).
    public var webhooks = WebhookSettings()
    /// The clock the venues run on: the wall clock unless a test or a simulation gives another.
    public var clock: any MarketClock = WallClock()

    /// The configuration that needs no environment at all: 127.0.0.1:8080 with SQLite under `./data`.
    public init(dataDirectory: String = "./data") {
        self.host = "127.0.0.1"
        self.port = 8080
        self.dataDirectory = dataDirectory
        self.database = .sqlite(path: Self.sqlitePath(in: dataDirectory))
        self.migrationsDirectory = nil
        self.jwtSecret = nil
        self.jwtLifetimeHours = 24
        self.tickers = InitialTicker.defaults
        self.startingCashCents = 10_000_00
        self.rateLimit = .default
        self.marketMakersEnabled = true
        self.marketMakers = MarketMakerSettings()
        self.backgroundTraders = BackgroundTraderSettings()
        self.marketEvents = []
        self.feed = FeedSettings()
        self.initialAdmin = nil
        self.bcryptCost = 10
        self.maxRequestBodyBytes = 64 * 1024
        self.tournamentsDirectory = "./tournaments"
        self.equitySnapshotInterval = .seconds(60)
        self.tournamentCheckInterval = .seconds(1)
    }

    /// Builds the configuration from variables; unset or empty variables keep their defaults.
    public init(variables: [String: String]) throws(ConfigurationError) {
        let reader = VariableReader(variables: variables)
        self.init(dataDirectory: reader["DATA_DIR"] ?? "./data")
        host = reader["HOST"] ?? host
        port = try reader.integer("PORT", in: 0...65535) ?? port
        if let url = reader["DATABASE_URL"] {
            guard let address = PostgresAddress(url: url) else {
                throw .invalidValue(
                    variable: "DATABASE_URL", value: url, expected: "postgres://user:password@host:port/database")
            }
            database = .postgres(address)
        }
        migrationsDirectory = reader["MIGRATIONS_DIR"]
        jwtSecret = reader["JWT_SECRET"]
        jwtLifetimeHours = try reader.integer("JWT_EXPIRE_HOURS", in: 1...(24 * 365)) ?? jwtLifetimeHours
        if let json = reader["TICKERS"] {
            tickers = try InitialTicker.parseList(json: json, variable: "TICKERS")
        }
        if let text = reader["STARTING_CASH"] {
            guard let cash = MoneyText.cents(parsing: text), cash >= 0 else {
                throw .invalidValue(
                    variable: "STARTING_CASH", value: text, expected: "a non-negative amount with at most two decimals")
            }
            startingCashCents = cash
        }
        rateLimit = RateLimitPolicy(
            requests: try reader.integer("RATE_LIMIT_REQUESTS", in: 1...1_000_000) ?? rateLimit.requests,
            windowSeconds: try reader.integer("RATE_LIMIT_WINDOW", in: 1...86_400) ?? rateLimit.windowSeconds
        )
        if let text = reader["MARKET_MAKERS"] {
            switch text.lowercased() {
            case "on", "true", "1", "yes": marketMakersEnabled = true
            case "off", "false", "0", "no": marketMakersEnabled = false
            default: throw .invalidValue(variable: "MARKET_MAKERS", value: text, expected: "on or off")
            }
        }
        if let json = reader["MARKET_MAKER_CONFIG"] {
            do {
                marketMakers = try MarketMakerSettings.parse(json: json)
            } catch {
                throw .invalidValue(
                    variable: "MARKET_MAKER_CONFIG", value: json,
                    expected: "a JSON object as the README shows (\(error))")
            }
        }
        if let text = reader["BACKGROUND_TRADERS"] {
            switch text.lowercased() {
            case "on", "true", "1", "yes": backgroundTraders = BackgroundTraderSettings()
            case "off", "false", "0", "no": backgroundTraders = nil
            default:
                do {
                    backgroundTraders = try BackgroundTraderSettings.parse(json: text)
                } catch {
                    throw .invalidValue(
                        variable: "BACKGROUND_TRADERS", value: text,
                        expected: "on, off or a JSON object as the README shows (\(error))")
                }
            }
        }
        if let text = reader["SHORT_SELLING"] {
            do {
                shortSelling = try ShortSellingText.parse(text)
            } catch {
                throw .invalidValue(
                    variable: "SHORT_SELLING", value: text,
                    expected:
                        "on, opt-in, off or {\"initial_margin_bps\":5000,\"maintenance_margin_bps\":2500,\"opt_in\":true}"
                )
            }
        }
        if let json = reader["MARKET_EVENTS"] {
            do {
                marketEvents = try MarketEventSchedule.parseList(json: json)
            } catch {
                throw .invalidValue(
                    variable: "MARKET_EVENTS", value: json, expected: "a JSON array as the README shows (\(error))")
            }
        }
        if let milliseconds = try reader.integer("WS_SNAPSHOT_MS", in: 10...60_000) {
            feed.snapshotInterval = .milliseconds(milliseconds)
        }
        feed.subscriberQueueLimit = try reader.integer("WS_QUEUE_LIMIT", in: 1...1_000_000) ?? feed.subscriberQueueLimit
        if let seconds = try reader.integer("WS_PING_SECONDS", in: 1...3_600) { feed.pingInterval = .seconds(seconds) }
        try readPasswordPolicy(reader)
        if let username = reader["ADMIN_USERNAME"], let password = reader["ADMIN_PASSWORD"] {
            do {
                initialAdmin = try Credentials(username: username, password: password)
                try passwordPolicy.check(password, privileged: true)
            } catch {
                throw .invalidValue(
                    variable: "ADMIN_USERNAME/ADMIN_PASSWORD", value: username,
                    expected: "a username of 2-32 characters from A-Za-z0-9_.- and a password of "
                        + "\(passwordPolicy.privilegedMinimumLength)-128 characters that is not a common one")
            }
        }
        bcryptCost = UInt8(try reader.integer("BCRYPT_COST", in: 4...31) ?? Int(bcryptCost))
        maxRequestBodyBytes = try reader.integer("MAX_BODY_BYTES", in: 1024...(16 << 20)) ?? maxRequestBodyBytes
        if let seconds = try reader.integer("HTTP_HEADER_TIMEOUT", in: 1...3_600) {
            connectionTimeouts.requestHead = .seconds(Int64(seconds))
        }
        if let seconds = try reader.integer("HTTP_BODY_TIMEOUT", in: 1...3_600) {
            connectionTimeouts.requestBody = .seconds(Int64(seconds))
        }
        tournamentsDirectory = reader["TOURNAMENTS_DIR"] ?? tournamentsDirectory
        if let seconds = try reader.integer("EQUITY_SNAPSHOT_SECONDS", in: 1...86_400) {
            equitySnapshotInterval = .seconds(seconds)
        }
        logging = try LogSettings(level: reader["LOG_LEVEL"], format: reader["LOG_FORMAT"])
        try readWebhookSettings(reader)
    }

    /// Reads the process environment over the `.env` file of `workingDirectory` (the environment wins).
    public static func load(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        workingDirectory: String = FileManager.default.currentDirectoryPath
    ) throws(ConfigurationError) -> ServerConfiguration {
        let dotEnv = try DotEnvFile.load(path: (workingDirectory as NSString).appendingPathComponent(".env"))
        return try ServerConfiguration(
            variables: dotEnv.values.merging(environment) { _, fromEnvironment in
                fromEnvironment
            })
    }

    private mutating func readPasswordPolicy(_ reader: VariableReader) throws(ConfigurationError) {
        let maximum = Credentials.passwordLength.upperBound
        passwordPolicy.minimumLength =
            try reader.integer("PASSWORD_MIN_LENGTH", in: Credentials.passwordLength) ?? passwordPolicy.minimumLength
        passwordPolicy.privilegedMinimumLength =
            try reader.integer("PRIVILEGED_PASSWORD_MIN_LENGTH", in: 8...maximum)
            ?? passwordPolicy.privilegedMinimumLength
        if let text = reader["PASSWORD_COMMON_CHECK"] {
            guard let check = PasswordPolicy.CommonPasswordCheck(rawValue: text.lowercased()) else {
                throw .invalidValue(variable: "PASSWORD_COMMON_CHECK", value: text, expected: "off, privileged or all")
            }
            passwordPolicy.commonCheck = check
        }
    }

    private mutating func readWebhookSettings(_ reader: VariableReader) throws(ConfigurationError) {
        if let milliseconds = try reader.integer("WEBHOOK_BATCH_MS", in: 10...60_000) {
            webhooks.batchInterval = .milliseconds(milliseconds)
        }
        if let seconds = try reader.integer("WEBHOOK_TIMEOUT_SECONDS", in: 1...300) {
            webhooks.attemptTimeout = .seconds(seconds)
        }
        if let milliseconds = try reader.integer("WEBHOOK_BACKOFF_MS", in: 10...3_600_000) {
            webhooks.firstBackoff = .milliseconds(milliseconds)
        }
        if let seconds = try reader.integer("WEBHOOK_RETRY_SECONDS", in: 1...(7 * 86_400)) {
            webhooks.retryWindow = .seconds(seconds)
        }
        if let text = reader["WEBHOOK_PRIVATE_ADDRESSES"] {
            guard let choice = WebhookSettings.PrivateAddresses(rawValue: text.lowercased()) else {
                throw .invalidValue(variable: "WEBHOOK_PRIVATE_ADDRESSES", value: text, expected: "allow or forbid")
            }
            webhooks.privateAddresses = choice
        }
    }

    static func sqlitePath(in dataDirectory: String) -> String {
        (dataDirectory as NSString).appendingPathComponent("marketsim.sqlite")
    }
}

/// Typed access to string variables, where an empty value counts as unset.
private struct VariableReader {
    let variables: [String: String]

    subscript(name: String) -> String? {
        guard let value = variables[name]?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        return value
    }

    func integer(_ name: String, in range: ClosedRange<Int>) throws(ConfigurationError) -> Int? {
        guard let text = self[name] else { return nil }
        guard let value = Int(text), range.contains(value) else {
            throw .invalidValue(
                variable: name, value: text, expected: "an integer from \(range.lowerBound) to \(range.upperBound)")
        }
        return value
    }
}
