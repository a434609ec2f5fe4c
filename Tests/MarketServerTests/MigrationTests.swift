import Foundation
import MarketServer
import SQLKit
import Testing

@Suite("Migrations")
struct MigrationTests {
    @Test(arguments: TestBackend.available)
    func migrationsApplyOnceAndAgainIsANoOp(backend: TestBackend) async throws {
        try await withScratchDatabase(backend) { scratch in
            let database = try await scratch.open()
            do {
                let migrations = try Migration.load(from: try Migration.locateDirectory(configured: nil))
                #expect(migrations.first?.version == 1)
                let runner = MigrationRunner(database: database, logger: .quiet)
                #expect(try await runner.apply(migrations) == migrations.map(\.version))
                #expect(try await runner.apply(migrations).isEmpty)
                #expect(try await runner.appliedVersions() == Set(migrations.map(\.version)))
                let tables = [
                    "users", "api_keys", "settings", "venues", "tickers", "accounts", "positions", "orders",
                    "trades", "events",
                ]
                for table in tables {
                    let count = try await database.withConnection { connection in
                        try await connection.raw("SELECT COUNT(*) AS n FROM \(unsafeRaw: table)").first()?
                            .decode(column: "n", as: Int.self)
                    }
                    #expect(count == 0, "\(table)")
                }
            } catch {
                await database.close()
                throw error
            }
            await database.close()
        }
    }

    @Test(arguments: TestBackend.available)
    func newMigrationsAreAppliedInOrderOnTheNextStart(backend: TestBackend) async throws {
        try await withScratchDatabase(backend) { scratch in
            let directory = scratch.dataDirectory + "/migrations"
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let shipped = try Migration.locateDirectory(configured: nil)
            let files = try FileManager.default.contentsOfDirectory(atPath: shipped).filter { $0.hasSuffix(".sql") }
                .sorted()
            for file in files {
                try FileManager.default.copyItem(atPath: shipped + "/" + file, toPath: directory + "/" + file)
            }
            var configuration = scratch.configuration()
            configuration.migrationsDirectory = directory
            try await TestServer.run(configuration) { _ in }
            try """
            -- a later change; the semicolon in this comment; must not split anything
            CREATE TABLE notes (id BIGINT PRIMARY KEY, body TEXT NOT NULL);
            INSERT INTO notes (id, body) VALUES (1, 'it''s; fine');
            """.write(toFile: directory + "/9000_notes.sql", atomically: true, encoding: .utf8)
            try await TestServer.run(configuration) { _ in }
            try await TestServer.run(configuration) { _ in }

            let database = try await scratch.open()
            let (versions, body) = try await database.withConnection { connection in
                let versions = try await connection.raw("SELECT version FROM schema_migrations ORDER BY version").all()
                    .map { try $0.decode(column: "version", as: Int.self) }
                let body = try await connection.raw("SELECT body FROM notes").all()
                    .map { try $0.decode(column: "body", as: String.self) }
                return (versions, body)
            }
            await database.close()
            #expect(versions == files.compactMap { Int($0.prefix(4)) } + [9000])
            #expect(body == ["it's; fine"])
        }
    }

    @Test func statementsSplitOutsideQuotesAndComments() {
        let migration = Migration(
            version: 1, name: "0001_x",
            sql: """
                -- header; with a semicolon
                CREATE TABLE a (x TEXT DEFAULT 'a;b'); -- trailing; comment
                INSERT INTO a VALUES ('c--d');
                """)
        #expect(migration.statements == ["CREATE TABLE a (x TEXT DEFAULT 'a;b')", "INSERT INTO a VALUES ('c--d')"])
    }

    @Test func badFileNamesAreRejected() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString).path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try "SELECT 1;".write(toFile: directory + "/initial.sql", atomically: true, encoding: .utf8)
        #expect(throws: DatabaseError.self) { try Migration.load(from: directory) }
    }
}
