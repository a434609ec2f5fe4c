import Foundation
import MarketCore
import MarketServer
import Testing

@Suite("Configuration")
struct ConfigurationTests {
    @Test func defaultsNeedNoEnvironment() throws {
        let configuration = try ServerConfiguration(variables: [:])
        #expect(configuration.host == "127.0.0.1")
        #expect(configuration.port == 8080)
        #expect(configuration.database == .sqlite(path: "./data/marketsim.sqlite"))
        #expect(configuration.tickers.map(\.symbol) == ["FUN", "MEME", "YOLO", "HODL", "PUMP"])
        #expect(configuration.tickers.first?.initialPriceCents == 10_000)
        #expect(configuration.startingCashCents == 1_000_000)
        #expect(configuration.jwtLifetimeHours == 24)
        #expect(configuration.jwtSecret == nil)
        #expect(configuration.marketMakersEnabled)
        #expect(configuration.initialAdmin == nil)
        #expect(configuration.rateLimit == .default)
    }

    @Test func variablesOverrideDefaults() throws {
        let configuration = try ServerConfiguration(variables: [
            "HOST": "0.0.0.0", "PORT": "9000", "DATA_DIR": "/var/marketsim",
            "DATABASE_URL": "postgres://u:p%40ss@db.example:5433/market",
            "JWT_SECRET": "s", "JWT_EXPIRE_HOURS": "2", "TICKERS": #"{"ABC": 12.5, "XYZ": 3}"#,
            "STARTING_CASH": "2500.75", "RATE_LIMIT_REQUESTS": "10", "RATE_LIMIT_WINDOW": "5",
            "MARKET_MAKERS": "off", "ADMIN_USERNAME": "root", "ADMIN_PASSWORD": "root-password-for-tests",
        ])
        #expect(configuration.host == "0.0.0.0")
        #expect(configuration.port == 9000)
        #expect(
            configuration.database
                == .postgres(
                    PostgresAddress(
                        host: "db.example", port: 5433, username: "u", password: "p@ss", database: "market",
                        requiresTLS: false)))
        #expect(configuration.jwtLifetimeHours == 2)
        #expect(
            configuration.tickers == [
                InitialTicker(symbol: "ABC", initialPriceCents: 1250),
                InitialTicker(symbol: "XYZ", initialPriceCents: 300),
            ])
        #expect(configuration.startingCashCents == 250_075)
        #expect(configuration.rateLimit == RateLimitPolicy(requests: 10, windowSeconds: 5))
        #expect(!configuration.marketMakersEnabled)
        #expect(configuration.initialAdmin == (try Credentials(username: "root", password: "root-password-for-tests")))
    }

    @Test(arguments: [
        ("PORT", "eighty"), ("PORT", "70000"), ("DATABASE_URL", "mysql://x@y/z"), ("DATABASE_URL", "postgres://host/"),
        ("TICKERS", "FUN=100"), ("TICKERS", #"{"FUN": 100.123}"#), ("TICKERS", #"{"FUN": -1}"#), ("TICKERS", "{}"),
        ("TICKERS", #"{"fun": 1}"#), ("STARTING_CASH", "10.001"), ("STARTING_CASH", "-5"), ("STARTING_CASH", "1e4"),
        ("RATE_LIMIT_REQUESTS", "0"), ("MARKET_MAKERS", "maybe"), ("JWT_EXPIRE_HOURS", "0"), ("ADMIN_USERNAME", "x"),
    ])
    func badValuesAreStartupErrors(variable: String, value: String) {
        #expect(throws: ConfigurationError.self, "\(variable)=\(value)") {
            try ServerConfiguration(variables: [variable: value, "ADMIN_PASSWORD": "adminpass"])
        }
    }

    @Test func environmentWinsOverDotEnv() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString).path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try """
        # comment
        export PORT=9001
        HOST="10.0.0.1"
        STARTING_CASH='500'
        """.write(toFile: directory + "/.env", atomically: true, encoding: .utf8)
        let configuration = try ServerConfiguration.load(environment: ["PORT": "9002"], workingDirectory: directory)
        #expect(configuration.port == 9002)
        #expect(configuration.host == "10.0.0.1")
        #expect(configuration.startingCashCents == 50_000)
    }

    @Test func unreadableDotEnvLinesAreReported() {
        #expect(throws: ConfigurationError.unreadableDotEnvLine(lineNumber: 2, line: "just words")) {
            try DotEnvFile(parsing: "A=1\njust words\n")
        }
    }
}

@Suite("Money text")
struct MoneyTextTests {
    @Test(
        arguments: [
            ("100", 10_000), ("100.25", 10_025), ("100.5", 10_050), ("0.01", 1), ("-3.25", -325), ("+7", 700),
            ("0.10", 10), ("92233720368547758.07", Int64.max),
        ] as [(String, Int64)])
    func decimalTextParsesExactly(text: String, cents: Int64) {
        #expect(MoneyText.cents(parsing: text) == Cents(cents))
    }

    @Test(arguments: ["", "1.", ".5", "1.234", "1e2", "abc", "1,5", "--1", "92233720368547758.08", " 1", "1.2.3"])
    func malformedTextIsRejected(text: String) {
        #expect(MoneyText.cents(parsing: text) == nil)
    }

    @Test func descriptionAlwaysShowsTwoDecimals() {
        #expect(MoneyText.text(cents: 1_000_000) == "10000.00")
        #expect(MoneyText.text(cents: -5) == "-0.05")
    }
}
