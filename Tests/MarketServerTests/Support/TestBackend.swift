import Foundation
import Logging
import MarketServer
import SQLKit
import Testing

/// The databases the server suites run against: SQLite always, PostgreSQL when `MARKETSIM_TEST_POSTGRES_URL`
/// points at a server (CI always sets it; `.ci/postgres-start` prints it).
enum TestBackend: String, Sendable, CustomTestStringConvertible {
    case sqlite
    case postgres

    static let postgresURL = ProcessInfo.processInfo.environment["MARKETSIM_TEST_POSTGRES_URL"]
        .flatMap { $0.isEmpty ? nil : $0 }

    /// The backends available in this run.
    static let available: [TestBackend] = postgresURL == nil ? [.sqlite] : [.sqlite, .postgres]

    var testDescription: String { rawValue }
}

/// A fresh, empty database for one test: a temporary folder for SQLite, a new database for PostgreSQL.
struct ScratchDatabase: Sendable {
    let backend: TestBackend
    let dataDirectory: String
    let location: DatabaseLocation
    private let adminAddress: PostgresAddress?
    private let postgresName: String?

    static func make(_ backend: TestBackend) async throws -> ScratchDatabase {
        let dataDirectory = FileManager.default.temporaryDirectory
            .appendingPathComponent("marketsim-test-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true)
        switch backend {
        case .sqlite:
            return ScratchDatabase(
                backend: backend, dataDirectory: dataDirectory,
                location: .sqlite(path: dataDirectory + "/marketsim.sqlite"), adminAddress: nil, postgresName: nil)
        case .postgres:
            let url = try #require(TestBackend.postgresURL, "MARKETSIM_TEST_POSTGRES_URL is not set")
            let admin = try #require(PostgresAddress(url: url), "MARKETSIM_TEST_POSTGRES_URL is not a postgres:// URL")
            let name = "marketsim_t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
            try await withAdminDatabase(admin) { try await $0.raw("CREATE DATABASE \(unsafeRaw: name)").run() }
            return ScratchDatabase(
                backend: backend, dataDirectory: dataDirectory, location: .postgres(admin.selecting(database: name)),
                adminAddress: admin, postgresName: name)
        }
    }

    /// `DATABASE_URL` for a server process on this database; `nil` for SQLite, which lives in `dataDirectory`.
    var databaseURL: String? {
        guard case .postgres(let address) = location else { return nil }
        let password = address.password.map { ":\($0)" } ?? ""
        return "postgres://\(address.username)\(password)@\(address.host):\(address.port)/\(address.database)"
    }

    /// Removes the folder and, for PostgreSQL, the database.
    func destroy() async throws {
        try? FileManager.default.removeItem(atPath: dataDirectory)
        if let adminAddress, let postgresName {
            try await Self.withAdminDatabase(adminAddress) {
                try await $0.raw("DROP DATABASE IF EXISTS \(unsafeRaw: postgresName) WITH (FORCE)").run()
            }
        }
    }

    /// The server configuration for this database: ephemeral port, cheap bcrypt, fixed JWT key unless asked not to.
    func configuration() -> ServerConfiguration {
        var configuration = ServerConfiguration(dataDirectory: dataDirectory)
        configuration.database = location
        configuration.port = 0
        configuration.bcryptCost = 4
        // Market makers and background traders trade on their own; the suites that test them switch them on.
        configuration.marketMakersEnabled = false
        configuration.backgroundTraders = nil
        return configuration
    }

    /// Opens the database directly, for checks and set-ups that have no route.
    func open() async throws -> Database {
        try await Database.open(location, logger: Logger.quiet)
    }

    /// Runs `body` on the database opened directly, and closes it whether `body` throws or not.
    func withOpenDatabase<Value>(_ body: (Database) async throws -> Value) async throws -> Value {
        let database = try await open()
        do {
            let value = try await body(database)
            await database.close()
            return value
        } catch {
            await database.close()
            throw error
        }
    }

    private static func withAdminDatabase(
        _ address: PostgresAddress, _ body: @Sendable (any SQLDatabase) async throws -> Void
    ) async throws {
        let database = try await Database.open(.postgres(address), logger: Logger.quiet)
        do {
            try await database.withConnection(body)
        } catch {
            await database.close()
            throw error
        }
        await database.close()
    }
}

extension Logger {
    static let quiet = Logger(label: "marketsim-test") { _ in SwiftLogNoOpLogHandler() }
}
