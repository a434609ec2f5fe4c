import Foundation
import Logging
import MarketCore
import SQLKit

/// Applies migrations that the database has not seen yet, each in its own transaction, recording them in
/// `schema_migrations` so that each runs exactly once.
public struct MigrationRunner: Sendable {
    public let database: Database
    public let logger: Logger

    public init(database: Database, logger: Logger) {
        self.database = database
        self.logger = logger
    }

    /// Applies the pending `migrations` in version order and returns the versions it applied. Migrations for
    /// the other engine are passed over, and not recorded.
    @discardableResult
    public func apply(_ migrations: [Migration]) async throws -> [Int] {
        try await database.withConnection { connection in
            try await connection.raw(
                """
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version BIGINT PRIMARY KEY,
                    name TEXT NOT NULL,
                    applied_at BIGINT NOT NULL
                )
                """
            ).run()
        }
        let applied = try await appliedVersions()
        var newlyApplied: [Int] = []
        for migration in migrations
        where migration.applies(to: database.dialect) && !applied.contains(migration.version) {
            try await database.transaction { connection in
                for statement in migration.statements {
                    try await connection.raw(SQLQueryString(statement)).run()
                }
                try await connection.raw(
                    """
                    INSERT INTO schema_migrations (version, name, applied_at)
                    VALUES (\(bind: migration.version), \(bind: migration.name), \(bind: WallClock().now().millisecondsSinceEpoch))
                    """
                ).run()
            }
            logger.info("Applied migration \(migration.name)")
            newlyApplied.append(migration.version)
        }
        return newlyApplied
    }

    /// The versions recorded in `schema_migrations`.
    public func appliedVersions() async throws -> Set<Int> {
        try await database.withConnection { connection in
            let rows = try await connection.raw("SELECT version FROM schema_migrations").all()
            return Set(try rows.map { try $0.decode(column: "version", as: Int.self) })
        }
    }
}
