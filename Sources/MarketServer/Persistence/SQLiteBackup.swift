import Foundation
import Logging
import SQLKit
import SQLiteKit
import SQLiteNIO

/// Online backups of the SQLite database, and their restore.
///
/// A backup is taken with `VACUUM INTO`, which reads the database inside one read transaction: with the
/// server's write-ahead log the server goes on committing meanwhile, and the copy is the database exactly as
/// it was at one commit, a whole journal prefix with the tables that match it. A restore swaps a backup in
/// for the database file while no server holds it (see ``ServingLock``), and keeps the file it replaces.
public enum SQLiteBackup {
    /// What a backup holds: each venue's last journalled event, and the latest migration applied.
    public struct Summary: Sendable, Hashable {
        public let eventsByVenue: [String: UInt64]
        public let schemaVersion: Int
        public let bytes: Int
    }

    /// Copies the database at `database` into the new file `destination`, consistently, while a server may
    /// be writing to it. The copy is written beside `destination` and renamed into place once complete and
    /// checked, so `destination` is never a partial file.
    public static func backUp(databaseAt database: String, to destination: String, logger: Logger) async throws
        -> Summary
    {
        guard FileManager.default.fileExists(atPath: database) else { throw BackupError.noDatabase(database) }
        guard !FileManager.default.fileExists(atPath: destination) else {
            throw BackupError.destinationExists(destination)
        }
        let partial = destination + ".partial"
        try? FileManager.default.removeItem(atPath: partial)
        try await withConnection(to: database, logger: logger) { sql in
            // Waits for the writer's lock like any reader would, for as long as the server's own busy timeout.
            try await sql.raw("PRAGMA busy_timeout=10000").run()
            try await sql.raw("VACUUM INTO \(bind: partial)").run()
        }
        do {
            let summary = try await inspect(partial, logger: logger)
            try FileManager.default.moveItem(atPath: partial, toPath: destination)
            return summary
        } catch {
            try? FileManager.default.removeItem(atPath: partial)
            throw error
        }
    }

    /// Replaces the database at `database` with the backup `backup`, refusing while a server serves it or
    /// when `backup` is not a MarketSim database. The replaced file, if any, is kept beside it under the name
    /// returned, so a mistaken restore can be undone.
    public static func restore(from backup: String, toDatabaseAt database: String, logger: Logger) async throws
        -> (summary: Summary, replaced: String?)
    {
        guard FileManager.default.fileExists(atPath: backup) else { throw BackupError.noBackup(backup) }
        let summary = try await inspect(backup, logger: logger)
        let folder = (database as NSString).deletingLastPathComponent
        if !folder.isEmpty {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        }
        let lock = try ServingLock.acquire(forDatabaseAt: database)
        defer { lock.release() }
        let incoming = database + ".restoring"
        try? FileManager.default.removeItem(atPath: incoming)
        try FileManager.default.copyItem(atPath: backup, toPath: incoming)
        var replaced: String?
        if FileManager.default.fileExists(atPath: database) {
            // Fold the write-ahead log into the old file first, so the file kept aside is complete on its own.
            try await withConnection(to: database, logger: logger) { sql in
                try await sql.raw("PRAGMA wal_checkpoint(TRUNCATE)").run()
            }
            let aside = database + ".replaced-" + String(WallClock().now().millisecondsSinceEpoch)
            try FileManager.default.moveItem(atPath: database, toPath: aside)
            replaced = aside
        }
        // A log or shared-memory file left beside the new file would be replayed into it: remove them.
        for suffix in ["-wal", "-shm", "-journal"] { try? FileManager.default.removeItem(atPath: database + suffix) }
        try FileManager.default.moveItem(atPath: incoming, toPath: database)
        return (summary, replaced)
    }

    /// Checks that the file at `path` is an intact MarketSim database and says what it holds.
    public static func inspect(_ path: String, logger: Logger) async throws -> Summary {
        let header = FileManager.default.contents(atPath: path)?.prefix(16) ?? Data()
        guard header == Data("SQLite format 3\0".utf8) else {
            throw BackupError.notMarketSim(path, reason: "it is not an SQLite database")
        }
        let bytes = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        return try await withConnection(to: path, logger: logger) { sql in
            let integrity = try await sql.raw("PRAGMA quick_check").all().map {
                try $0.decode(column: "quick_check", as: String.self)
            }
            guard integrity == ["ok"] else {
                throw BackupError.notMarketSim(
                    path, reason: "it is damaged: \(integrity.prefix(3).joined(separator: "; "))")
            }
            let tables = Set(
                try await sql.raw("SELECT name FROM sqlite_master WHERE type = 'table'").all()
                    .map { try $0.decode(column: "name", as: String.self) })
            let missing = ["schema_migrations", "venues", "events", "orders", "accounts"].filter {
                !tables.contains($0)
            }
            guard missing.isEmpty else {
                throw BackupError.notMarketSim(path, reason: "it has no \(missing.joined(separator: ", ")) table")
            }
            let version =
                try await sql.raw("SELECT CAST(MAX(version) AS INTEGER) AS version FROM schema_migrations").first()
                .flatMap { try $0.decode(column: "version", as: Int?.self) } ?? 0
            let rows = try await sql.raw(
                "SELECT venue_id, CAST(MAX(sequence) AS INTEGER) AS last FROM events GROUP BY venue_id"
            ).all()
            var events: [String: UInt64] = [:]
            for row in rows {
                events[try row.decode(column: "venue_id", as: String.self)] = UInt64(
                    try row.decode(column: "last", as: Int64.self))
            }
            return Summary(eventsByVenue: events, schemaVersion: version, bytes: bytes)
        }
    }

    /// Runs `body` on a plain connection to the file: none of the server's settings, so that inspecting a
    /// backup leaves it exactly as it is.
    private static func withConnection<Result: Sendable>(
        to path: String, logger: Logger, _ body: @Sendable (any SQLDatabase) async throws -> Result
    ) async throws -> Result {
        let connection = try await SQLiteConnection.open(storage: .file(path: path), logger: logger)
        do {
            let result = try await body(connection.sql())
            try await connection.close()
            return result
        } catch {
            try? await connection.close()
            throw error
        }
    }
}

/// Why a backup or a restore could not be made.
public enum BackupError: Error, Equatable, CustomStringConvertible {
    case noDatabase(String)
    case noBackup(String)
    case destinationExists(String)
    case notMarketSim(String, reason: String)
    /// The configured database is PostgreSQL, which is backed up with its own tools.
    case postgres

    public var description: String {
        switch self {
        case .noDatabase(let path): "There is no database at \(path) (check DATA_DIR)"
        case .noBackup(let path): "There is no backup at \(path)"
        case .destinationExists(let path): "\(path) already exists; choose a new file name"
        case .notMarketSim(let path, let reason): "\(path) is not a MarketSim database: \(reason)"
        case .postgres:
            "DATABASE_URL selects PostgreSQL: back it up with pg_dump and restore it with pg_restore (see the README)"
        }
    }
}
