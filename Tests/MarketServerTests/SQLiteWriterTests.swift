import Foundation
import Logging
import SQLKit
import Testing

@testable import MarketServer

/// The journal's SQLite writer: every job on its one thread, each committed for other connections to see,
/// and nothing after close.
struct SQLiteWriterTests {
    @Test func jobsRunOnOneThreadAndNoneAfterClose() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("writer-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("test.sqlite").path
        let writer = SQLiteWriter(name: "test-writer", path: path)
        try await writer.perform { try $0.execute("CREATE TABLE log (n INTEGER NOT NULL)") }
        let threads = try await withThrowingTaskGroup(of: String.self) { group in
            for n in 1...20 {
                group.addTask {
                    try await writer.perform { connection in
                        let insert = try connection.statement("INSERT INTO log (n) VALUES (?1)")
                        insert.bind(1, Int64(n))
                        try insert.run()
                        return "\(Thread.current)"
                    }
                }
            }
            return try await group.reduce(into: Set<String>()) { $0.insert($1) }
        }
        #expect(threads.count == 1)
        await writer.close()
        do {
            try await writer.perform { try $0.execute("INSERT INTO log (n) VALUES (0)") }
            Issue.record("a job ran after close")
        } catch {
            switch error {
            case let error as DatabaseError: #expect(error == .closed)
            default: Issue.record("unexpected \(error)")
            }
        }
        let database = try await Database.open(.sqlite(path: path), logger: Logger(label: "test"))
        let stored = try await database.withConnection { sql in
            try await sql.raw("SELECT count(*) AS rows, sum(n) AS total FROM log").first().map {
                (try $0.decode(column: "rows", as: Int64.self), try $0.decode(column: "total", as: Int64.self))
            }
        }
        await database.close()
        #expect(stored?.0 == Int64(20))
        #expect(stored?.1 == Int64(210))
    }

    @Test func aFailingStatementReportsSQLitesMessage() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("writer-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let writer = SQLiteWriter(name: "test-writer", path: folder.appendingPathComponent("test.sqlite").path)
        do {
            try await writer.perform { try $0.statement("INSERT INTO missing (n) VALUES (1)").run() }
            Issue.record("the statement should have failed")
        } catch {
            #expect(String(describing: error).contains("no such table: missing"), "\(error)")
        }
        await writer.close()
    }

    /// With the committing connection's own checkpoints off, only the checkpointer can move pages from the WAL
    /// into the database file: the file grows once enough commits have gone by, and not before.
    @Test func theCheckpointerCopiesCommittedPagesIntoTheDatabaseFile() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("writer-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("test.sqlite").path
        let writer = SQLiteWriter(name: "test-writer", path: path, pragmas: ["PRAGMA wal_autocheckpoint=0"])
        func fileSize() throws -> Int {
            try #require(FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
        }
        try await writer.perform { try $0.execute("CREATE TABLE log (n INTEGER NOT NULL, text TEXT NOT NULL)") }
        // Opened once the file is in WAL mode, as the server's is (after its migrations): two connections
        // switching a new file to WAL at once make one of them fail with "database is locked".
        let checkpointer = SQLiteCheckpointer(path: path)
        let empty = try fileSize()
        for n in 1...SQLiteCheckpointer.commitsPerCheckpoint {
            try await writer.perform { connection in
                let insert = try connection.statement("INSERT INTO log (n, text) VALUES (?1, ?2)")
                insert.bind(1, Int64(n))
                insert.bind(2, String(repeating: "x", count: 2_000))
                try insert.run()
            }
            if n < SQLiteCheckpointer.commitsPerCheckpoint { #expect(try fileSize() == empty) }
            checkpointer.noteCommit()
        }
        await checkpointer.close()
        #expect(try fileSize() > empty + SQLiteCheckpointer.commitsPerCheckpoint * 2_000)
        await writer.close()
    }
}
