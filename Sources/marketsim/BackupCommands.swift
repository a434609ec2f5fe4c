import ArgumentParser
import Logging
import MarketServer

/// `marketsim backup FILE`: an online, consistent copy of the SQLite database, taken while the server runs.
struct Backup: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Copy the SQLite database to FILE, consistently, while the server runs.",
        discussion: "PostgreSQL is backed up with pg_dump instead (see the README).")

    @Argument(help: "The backup file to write; it must not exist yet.")
    var file: String

    func run() async throws {
        let path = try sqlitePath()
        let summary = try await SQLiteBackup.backUp(
            databaseAt: path, to: file, logger: Logger(label: "marketsim.backup"))
        print("Backed up \(path) to \(file) (\(summary.bytes) bytes).")
        describe(summary)
    }
}

/// `marketsim restore FILE`: replaces the SQLite database with a backup, with the server stopped.
struct Restore: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Replace the SQLite database with the backup FILE; the server must be stopped.",
        discussion: "The replaced database is kept beside it. PostgreSQL is restored with pg_restore (see the README).")

    @Argument(help: "A file written by `marketsim backup`.")
    var file: String

    func run() async throws {
        let path = try sqlitePath()
        let (summary, replaced) = try await SQLiteBackup.restore(
            from: file, toDatabaseAt: path, logger: Logger(label: "marketsim.restore"))
        print("Restored \(file) into \(path).")
        if let replaced { print("The database it replaced is kept as \(replaced).") }
        describe(summary)
        print("Start the server to serve it; `marketsim audit verify` checks it against its journal.")
    }
}

/// The configured SQLite file, or the reason there is none.
private func sqlitePath() throws -> String {
    guard case .sqlite(let path) = try ServerConfiguration.load().database else { throw BackupError.postgres }
    return path
}

private func describe(_ summary: SQLiteBackup.Summary) {
    print("Schema version \(summary.schemaVersion).")
    for (venue, events) in summary.eventsByVenue.sorted(by: { $0.key < $1.key }) {
        print("venue \(venue): journal through event \(events)")
    }
}
