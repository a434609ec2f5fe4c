import Foundation
import Logging
import PostgresKit
import SQLKit
import SQLiteKit

/// The server's database: SQLite or PostgreSQL behind one SQLKit interface.
///
/// Every query runs on a connection leased for the duration of a closure, so a transaction's statements all
/// reach the same session. Open it with ``open(_:logger:)`` and ``close()`` it when done.
///
/// Inside a ``withConnection(_:)`` or ``transaction(_:)`` body, use only the connection passed in: leasing a
/// second one from the same handle can wait forever (SQLite has a single connection).
public struct Database: Sendable {
    public enum Dialect: Sendable, Hashable {
        case sqlite
        case postgres
    }

    private enum Connections: Sendable {
        case sqlite(SQLiteConnectionPool)
        /// The client's `run()` task drives its connection pool; cancelling the task closes the pool.
        case postgres(PostgresClient, Task<Void, Never>)
    }

    public let dialect: Dialect
    private let connections: Connections
    private let logger: Logger

    /// Connects to `location`. For SQLite the file and its folder are created when missing.
    public static func open(_ location: DatabaseLocation, logger: Logger) async throws -> Database {
        switch location {
        case .sqlite(let path): try await openSQLite(path: path, logger: logger)
        case .postgres(let address): try await openPostgres(address, logger: logger)
        }
    }

    private static func openSQLite(path: String, logger: Logger) async throws -> Database {
        let folder = (path as NSString).deletingLastPathComponent
        do {
            if !folder.isEmpty {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            }
        } catch {
            throw DatabaseError.cannotConnect(to: path, reason: "cannot create its folder: \(error)")
        }
        // One connection: SQLite admits one writer at a time anyway, and a second connection waiting for the
        // write lock would sleep on one of the few shared NIO pool threads that the holder needs to finish
        // (with two cores, two such waiters stall everything until the busy timeout). Queuing for the
        // connection in the pool actor instead costs no thread.
        let pool = SQLiteConnectionPool(path: path, capacity: 1, logger: logger)
        let database = Database(dialect: .sqlite, connections: .sqlite(pool), logger: logger)
        do {
            // Opening one connection now turns a bad path into a start-up error instead of a failed request.
            try await database.withConnection { _ in }
        } catch {
            await database.close()
            throw DatabaseError.cannotConnect(to: path, reason: String(reflecting: error))
        }
        return database
    }

    private static func openPostgres(_ address: PostgresAddress, logger: Logger) async throws -> Database {
        let tls: PostgresConnection.Configuration.TLS =
            address.requiresTLS ? .require(try .init(configuration: .makeClientConfiguration())) : .disable
        // The client's pool retries a refused connection forever; one direct connection first turns a wrong
        // URL or a stopped server into a start-up error.
        do {
            let probe = try await PostgresConnection.connect(
                configuration: .init(
                    host: address.host, port: address.port, username: address.username,
                    password: address.password, database: address.database, tls: tls),
                id: 0, logger: logger)
            try await probe.close()
        } catch {
            throw DatabaseError.cannotConnect(
                to: "postgres://\(address.username)@\(address.host):\(address.port)/\(address.database)",
                reason: String(reflecting: error))
        }
        let client = PostgresClient(
            configuration: .init(
                host: address.host, port: address.port, username: address.username,
                password: address.password, database: address.database,
                tls: address.requiresTLS ? .require(.makeClientConfiguration()) : .disable),
            backgroundLogger: logger)
        return Database(dialect: .postgres, connections: .postgres(client, Task { await client.run() }), logger: logger)
    }

    /// The file, when the database is SQLite.
    var sqlitePath: String? {
        if case .sqlite(let pool) = connections { pool.path } else { nil }
    }

    /// Runs `body` with one connection leased from the pool.
    public func withConnection<Result: Sendable>(
        _ body: @Sendable (any SQLDatabase) async throws -> Result
    ) async throws -> Result {
        switch connections {
        case .sqlite(let pool):
            let connection = try await pool.acquire()
            do {
                let result = try await body(connection.sql())
                await pool.release(connection)
                return result
            } catch {
                await pool.release(connection)
                throw error
            }
        case .postgres(let client, _):
            return try await client.withConnection { connection in
                try await body(connection.sql())
            }
        }
    }

    /// Runs `body` in a transaction: committed when it returns, rolled back when it throws.
    ///
    /// On SQLite the transaction takes the write lock at `BEGIN IMMEDIATE`, so two writers queue on the busy
    /// timeout instead of failing when a read transaction tries to upgrade.
    public func transaction<Result: Sendable>(
        _ body: @Sendable (any SQLDatabase) async throws -> Result
    ) async throws -> Result {
        let begin = dialect == .sqlite ? "BEGIN IMMEDIATE" : "BEGIN"
        return try await withConnection { connection in
            try await connection.raw(SQLQueryString(begin)).run()
            do {
                let result = try await body(connection)
                try await connection.raw("COMMIT").run()
                return result
            } catch {
                do {
                    try await connection.raw("ROLLBACK").run()
                } catch let rollbackError {
                    logger.error("Rollback failed: \(String(reflecting: rollbackError))")
                }
                throw error
            }
        }
    }

    /// Closes every connection; the handle must not be used afterwards.
    public func close() async {
        switch connections {
        case .sqlite(let pool):
            await pool.close()
        case .postgres(_, let runner):
            runner.cancel()
            await runner.value
        }
    }
}
