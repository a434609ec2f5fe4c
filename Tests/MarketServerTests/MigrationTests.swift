import Foundation
import MarketServer
import SQLKit
import Testing

@Suite("Migrations")
struct MigrationTests {
    @Test(arguments: TestBackend.available)
    func migrationsApplyOnceAndAgainIsANoOp(backend: TestBackend) async throws {
        try await withScratchDatabase(backend) { scratch in
            try await scratch.withOpenDatabase { database in
                let migrations = try Migration.load(from: try Migration.locateDirectory(configured: nil))
                #expect(migrations.first?.version == 1)
                let own = migrations.filter { $0.applies(to: database.dialect) }.map(\.version)
                #expect(migrations.contains { $0.dialect == .sqlite }, "the shipped migrations lay out SQLite's tables")
                let runner = MigrationRunner(database: database, logger: .quiet)
                #expect(try await runner.apply(migrations) == own)
                #expect(try await runner.apply(migrations).isEmpty)
                #expect(try await runner.appliedVersions() == Set(own))
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
            }
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
            let own = try Migration.load(from: shipped).filter { $0.applies(to: database.dialect) }.map(\.version)
            let (versions, body) = try await database.withConnection { connection in
                let versions = try await connection.raw("SELECT version FROM schema_migrations ORDER BY version").all()
                    .map { try $0.decode(column: "version", as: Int.self) }
                let body = try await connection.raw("SELECT body FROM notes").all()
                    .map { try $0.decode(column: "body", as: String.self) }
                return (versions, body)
            }
            await database.close()
            #expect(versions == own + [9000])
            #expect(body == ["it's; fine"])
        }
    }

    @Test(arguments: TestBackend.available)
    func ordersTradesAndEventsKeepTheirRowsWhenTheirTablesAreRebuilt(backend: TestBackend) async throws {
        try await Self.upgrading(
            backend, from: 5,
            seed: [
                """
                INSERT INTO orders (venue_id, order_id, user_id, symbol, side, order_type, price_cents, quantity,
                filled_quantity, status, time_in_force, priority, escrow_per_share_cents, created_at, updated_at)
                VALUES ('main', 7, 3, 'FUN', 'buy', 'limit', 10025, 10, 4, 'partial', 'GTC', 12, 10025, 1, 2)
                """,
                """
                INSERT INTO trades (venue_id, trade_id, symbol, price_cents, quantity, buy_order_id, sell_order_id,
                buyer_id, seller_id, aggressor_side, created_at) VALUES ('main', 5, 'FUN', 10025, 4, 7, 6, 3, 2, 'sell', 2)
                """,
                """
                INSERT INTO events (venue_id, sequence, kind, payload, created_at, prev_hash, hash)
                VALUES ('main', 1, 'order_accepted', '{}', 1, 'genesis', 'abc')
                """,
            ]
        ) { database in
            let (order, trade, event) = try await database.withConnection { connection in
                (
                    try await connection.raw(
                        "SELECT user_id, filled_quantity, status, priority FROM orders WHERE order_id = 7"
                    ).first(),
                    try await connection.raw("SELECT buyer_id, quantity FROM trades WHERE trade_id = 5").first(),
                    try await connection.raw("SELECT hash FROM events WHERE sequence = 1").first()
                )
            }
            #expect(try order?.decode(column: "user_id", as: Int64.self) == 3)
            #expect(try order?.decode(column: "filled_quantity", as: Int64.self) == 4)
            #expect(try order?.decode(column: "status", as: String.self) == "partial")
            #expect(try order?.decode(column: "priority", as: Int64.self) == 12)
            #expect(try trade?.decode(column: "buyer_id", as: Int64.self) == 3)
            #expect(try trade?.decode(column: "quantity", as: Int64.self) == 4)
            #expect(try event?.decode(column: "hash", as: String.self) == "abc")
            if backend == .sqlite {
                let layouts = try await database.withConnection { connection in
                    try await connection.raw(
                        "SELECT name, sql FROM sqlite_master WHERE name IN ('orders', 'trades', 'events', 'orders_resting')"
                    ).all().map {
                        try ($0.decode(column: "name", as: String.self), $0.decode(column: "sql", as: String.self))
                    }
                }
                #expect(layouts.map(\.0).sorted() == ["events", "orders", "trades"])
                #expect(layouts.allSatisfy { $0.1.hasSuffix("WITHOUT ROWID") })
            }
        }
    }

    /// Keys made before scopes keep what they could do: administrators' and hosts' keys become admin keys.
    @Test(arguments: TestBackend.available)
    func keysMadeBeforeScopesKeepWhatTheyCouldDo(backend: TestBackend) async throws {
        let people = [(1, "admin"), (2, "trader"), (3, "trader")].flatMap { id, role in
            [
                "INSERT INTO users (id, username, password_hash, role, created_at) VALUES (\(id), 'u\(id)', 'x', '\(role)', 1)",
                """
                INSERT INTO api_keys (id, user_id, key_hash, prefix, name, created_at)
                VALUES (\(id * 10), \(id), 'hash\(id)', 'msk_\(id)', 'old', 1)
                """,
            ]
        }
        let hosting = [
            "INSERT INTO venues (id, name, config, created_at) VALUES ('class', 'Class', '{}', 1)",
            "INSERT INTO venue_hosts (venue_id, user_id, granted_by, created_at) VALUES ('class', 2, 1, 1)",
        ]
        try await Self.upgrading(backend, from: 16, seed: people + hosting) { database in
            let scopes = try await database.withConnection { connection in
                try await connection.raw("SELECT scope FROM api_keys ORDER BY user_id").all().map {
                    try $0.decode(column: "scope", as: String.self)
                }
            }
            #expect(scopes == ["admin", "admin", "trade"])
        }
    }

    /// Applies the migrations up to `version` to a scratch database, writes `seed` as a build of that time
    /// would have, applies the rest, and hands the database to `check`.
    static func upgrading(
        _ backend: TestBackend, from version: Int, seed: [String], check: (Database) async throws -> Void
    ) async throws {
        try await withScratchDatabase(backend) { scratch in
            try await scratch.withOpenDatabase { database in
                let migrations = try Migration.load(from: try Migration.locateDirectory(configured: nil))
                let runner = MigrationRunner(database: database, logger: .quiet)
                try await runner.apply(migrations.filter { $0.version <= version })
                try await database.withConnection { connection in
                    for row in seed { try await connection.raw(SQLQueryString(row)).run() }
                }
                try await runner.apply(migrations)
                try await check(database)
            }
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

    @Test func aMigrationNamedForOneEngineIsLeftToThatEngine() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString).path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        for file in ["0001_both.sql", "0002_layout.sqlite.sql", "0002_layout.postgres.sql", "0003_lite.sqlite.sql"] {
            try "SELECT 1;".write(toFile: directory + "/" + file, atomically: true, encoding: .utf8)
        }
        let migrations = try Migration.load(from: directory)
        #expect(migrations.map(\.name) == ["0001_both", "0002_layout", "0002_layout", "0003_lite"])
        #expect(migrations.filter { $0.applies(to: .sqlite) }.map(\.version) == [1, 2, 3])
        #expect(migrations.filter { $0.applies(to: .postgres) }.map(\.version) == [1, 2])
        #expect(migrations.filter { $0.applies(to: .postgres) }.map(\.dialect) == [nil, .postgres])

        // A version that one engine would apply twice is a mistake.
        try "SELECT 2;".write(toFile: directory + "/0003_also.sql", atomically: true, encoding: .utf8)
        #expect(throws: DatabaseError.duplicateMigrationVersion(3)) { try Migration.load(from: directory) }
    }

    @Test func badFileNamesAreRejected() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString).path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try "SELECT 1;".write(toFile: directory + "/initial.sql", atomically: true, encoding: .utf8)
        #expect(throws: DatabaseError.self) { try Migration.load(from: directory) }
    }
}
