import Foundation
import Logging
import MarketCore
import MarketServer
import SQLKit
import Testing

/// `marketsim backup` and `marketsim restore` on SQLite, run as an operator runs them, against a real server.
@Suite(.serialized) struct BackupTests {
    @Test func aBackupTakenUnderLoadRestoresToAServerThatPassesItsAuditWithTheSameBooks() async throws {
        try await withScratchDatabase(.sqlite) { original in
            let names = (0..<6).map { "agent\($0)" }
            let users = try await TestServer.run(original.configuration(), hooks: seedingShares(1_000, to: Set(names)))
            { server in
                var users: [RegisteredUser] = []
                for name in names { users.append(try await server.register(name)) }
                return users
            }
            let server = try await ServerProcess.start(original)
            let load = OrderLoad.start(on: server, users: users)
            try await load.wait(forAcknowledged: 200)

            let backupFile = original.dataDirectory + "/backup.sqlite"
            let backupStarted = ContinuousClock.now
            let backup = try await MarketSimCommand.run(["backup", backupFile], on: original)
            #expect(backup.status == 0, "\(backup.output)")
            let acknowledgedBeforeBackup = load.orders.filter { $0.at < backupStarted }
            // The load goes on after the copy, so the live database moves past it.
            let afterBackup = load.orders.count
            try await load.wait(forAcknowledged: afterBackup + 100)
            await load.stop()
            #expect(try await server.terminate() == 0)
            #expect(load.refused == [:])

            // The backup is a prefix of the original's journal, hash for hash.
            let backupJournal = try await journal(ofSQLiteAt: backupFile)
            let originalJournal = try await journal(ofSQLiteAt: sqliteFile(of: original))
            #expect(
                backupJournal.count > 0 && backupJournal.count < originalJournal.count,
                "the backup should be taken mid-run")
            #expect(backupJournal.map(\.hash) == originalJournal.prefix(backupJournal.count).map(\.hash))

            try await withScratchDatabase(.sqlite) { restored in
                let restore = try await MarketSimCommand.run(["restore", backupFile], on: restored)
                #expect(restore.status == 0, "\(restore.output)")
                let audit = try await MarketSimCommand.run(["audit", "verify"], on: restored)
                #expect(audit.status == 0, "\(audit.output)")
                #expect(audit.output.contains("venue main: \(backupJournal.count) events replayed"), "\(audit.output)")

                // The books the restored server shows are those of the original at the backup's last event.
                let expected = Venue(id: "main")
                for entry in originalJournal.prefix(backupJournal.count) { expected.apply(entry.event) }
                let server = try await ServerProcess.start(restored)
                try await server.withClient { client in
                    for ticker in ["FUN", "MEME"] {
                        let book = try await client.get("/api/market/\(ticker)/orderbook?depth=1000").object()
                        let depth = try #require(expected.depth(TickerSymbol(ticker)))
                        #expect(
                            levels(book["bids"]) == depth.bids.map { [$0.price.value, $0.quantity.value] },
                            "\(ticker) bids")
                        #expect(
                            levels(book["asks"]) == depth.asks.map { [$0.price.value, $0.quantity.value] },
                            "\(ticker) asks")
                        #expect(!depth.bids.isEmpty || !depth.asks.isEmpty)
                    }
                    // Everything acknowledged before the backup began is in it.
                    for (index, user) in users.enumerated() {
                        let stored = try await storedOrders(of: user, on: client)
                        for order in acknowledgedBeforeBackup where order.user == index {
                            #expect(
                                stored[order.orderID] != nil,
                                "order \(order.orderID) acknowledged before the backup is missing")
                        }
                    }
                }
                #expect(try await server.terminate() == 0)
            }
        }
    }

    @Test func restoreRefusesWhileTheServerRunsAndKeepsTheDatabaseItReplaces() async throws {
        try await withScratchDatabase(.sqlite) { scratch in
            let server = try await ServerProcess.start(scratch)
            try await server.withClient { client in _ = try await client.register("before") }
            let backupFile = scratch.dataDirectory + "/first.sqlite"
            #expect(try await MarketSimCommand.run(["backup", backupFile], on: scratch).status == 0)
            try await server.withClient { client in _ = try await client.register("after") }

            let refused = try await MarketSimCommand.run(["restore", backupFile], on: scratch)
            #expect(refused.status != 0)
            #expect(refused.output.contains("is in use by process"), "\(refused.output)")
            // A second server on the same file is refused the same way.
            await #expect(throws: TestFailure.self) { try await ServerProcess.start(scratch) }
            #expect(try await server.terminate() == 0)

            let restore = try await MarketSimCommand.run(["restore", backupFile], on: scratch)
            #expect(restore.status == 0, "\(restore.output)")
            #expect(restore.output.contains("is kept as"))
            let kept = try FileManager.default.contentsOfDirectory(atPath: scratch.dataDirectory)
                .filter { $0.hasPrefix("marketsim.sqlite.replaced-") }
            #expect(kept.count == 1)
            let restarted = try await ServerProcess.start(scratch)
            let (before, after) = try await restarted.withClient { client in
                (
                    try await client.login("before", password: "secret").status,
                    try await client.login("after", password: "secret").status
                )
            }
            #expect(before == 200 && after == 401)
            #expect(try await restarted.terminate() == 0)
            #expect(try await MarketSimCommand.run(["audit", "verify"], on: scratch).status == 0)

            // A new machine: the data folder does not exist yet.
            let fresh = scratch.dataDirectory + "/new-machine/data"
            let elsewhere = try await MarketSimCommand.run(
                ["restore", backupFile], on: scratch, environment: ["DATA_DIR": fresh])
            #expect(elsewhere.status == 0, "\(elsewhere.output)")
            #expect(FileManager.default.fileExists(atPath: fresh + "/marketsim.sqlite"))
        }
    }

    @Test func restoreRefusesFilesThatAreNotMarketSimDatabases() async throws {
        try await withScratchDatabase(.sqlite) { scratch in
            let text = scratch.dataDirectory + "/notes.txt"
            try "not a database".write(toFile: text, atomically: true, encoding: .utf8)
            let other = scratch.dataDirectory + "/other.sqlite"
            let database = try await Database.open(.sqlite(path: other), logger: .quiet)
            try await database.withConnection { try await $0.raw("CREATE TABLE things (id INTEGER)").run() }
            await database.close()

            for (file, reason) in [(text, "not an SQLite database"), (other, "has no schema_migrations")] {
                let refused = try await MarketSimCommand.run(["restore", file], on: scratch)
                #expect(refused.status != 0)
                #expect(
                    refused.output.contains("is not a MarketSim database") && refused.output.contains(reason),
                    "\(refused.output)")
            }
            let missing = try await MarketSimCommand.run(
                ["restore", scratch.dataDirectory + "/nothing.sqlite"], on: scratch)
            #expect(missing.status != 0 && missing.output.contains("There is no backup"))
            #expect(!FileManager.default.fileExists(atPath: try sqliteFile(of: scratch)))
        }
    }

    @Test func backupRefusesAnExistingFileAndPostgres() async throws {
        try await withScratchDatabase(.sqlite) { scratch in
            try await TestServer.run(scratch.configuration()) { _ in }
            let taken = scratch.dataDirectory + "/taken.sqlite"
            try "keep me".write(toFile: taken, atomically: true, encoding: .utf8)
            let refused = try await MarketSimCommand.run(["backup", taken], on: scratch)
            #expect(refused.status != 0 && refused.output.contains("already exists"))
            #expect(try String(contentsOfFile: taken, encoding: .utf8) == "keep me")

            let postgres = try await MarketSimCommand.run(
                ["backup", scratch.dataDirectory + "/pg.sqlite"], on: scratch,
                environment: ["DATABASE_URL": "postgres://marketsim@127.0.0.1:1/marketsim"])
            #expect(postgres.status != 0 && postgres.output.contains("pg_dump"), "\(postgres.output)")
        }
    }
}

/// The SQLite file of a scratch database.
func sqliteFile(of scratch: ScratchDatabase) throws -> String {
    guard case .sqlite(let path) = scratch.location else { throw TestFailure("not an SQLite scratch database") }
    return path
}

/// A venue's stored journal entry: its event and its hash.
struct StoredEntry {
    let event: Event
    let hash: String
}

/// Venue `main`'s journal in the SQLite file at `path`, in order.
func journal(ofSQLiteAt path: String) async throws -> [StoredEntry] {
    let database = try await Database.open(.sqlite(path: path), logger: .quiet)
    do {
        let rows = try await database.withConnection { sql in
            try await sql.raw(
                "SELECT sequence, payload, created_at, hash FROM events WHERE venue_id = 'main' ORDER BY sequence"
            ).all()
        }
        let entries = try rows.map { row in
            StoredEntry(
                event: Event(
                    sequence: UInt64(try row.decode(column: "sequence", as: Int64.self)),
                    timestamp: Timestamp(millisecondsSinceEpoch: try row.decode(column: "created_at", as: Int64.self)),
                    kind: try JSONDecoder().decode(
                        EventKind.self, from: Data(try row.decode(column: "payload", as: String.self).utf8))),
                hash: try row.decode(column: "hash", as: String.self))
        }
        await database.close()
        return entries
    } catch {
        await database.close()
        throw error
    }
}

/// An order-book side as the API writes it, as [price in cents, quantity] pairs.
private func levels(_ side: Any?) -> [[Int64]] {
    (side as? [[String: Any]] ?? []).map { [cents($0["price"]) ?? -1, Int64($0["quantity"] as? Int ?? -1)] }
}
