import Foundation
import MarketServer
import SQLKit
import Testing

/// `marketsim audit verify` passes on an honest database and fails, saying what is wrong, when a row is
/// edited behind the server's back.
@Suite(.serialized) struct AuditTests {
    @Test(arguments: TestBackend.available)
    func editingATableOrTheJournalIsDetected(backend: TestBackend) async throws {
        try await withScratchDatabase(backend) { scratch in
            try await TestServer.run(scratch.configuration(), hooks: seedingShares(20, to: ["maker"])) { server in
                let maker = try await server.register("maker")
                let taker = try await server.register("taker")
                try await server.order(maker, "sell", 10, at: "100")
                try await server.order(taker, "buy", 4, at: "100")
                try await server.order(taker, "buy", 3, at: "99")
            }
            let clean = try await verify(scratch)
            #expect(clean.status == 0, "\(clean.output)")
            #expect(clean.output.contains("tables agree"))

            try await tamper(scratch, "UPDATE accounts SET cash_cents = cash_cents + 1 WHERE cash_cents > 0")
            let editedTable = try await verify(scratch)
            #expect(editedTable.status != 0 && editedTable.output.contains("is stored as cash"), "\(editedTable.output)")
            try await tamper(scratch, "UPDATE accounts SET cash_cents = cash_cents - 1 WHERE cash_cents > 0")
            #expect(try await verify(scratch).status == 0)

            try await tamper(scratch, "UPDATE events SET payload = REPLACE(payload, '10000', '10001') WHERE kind = 'account_opened'")
            let editedJournal = try await verify(scratch)
            #expect(editedJournal.status != 0 && editedJournal.output.contains("broken at event"), "\(editedJournal.output)")
        }
    }

    private func tamper(_ scratch: ScratchDatabase, _ statement: String) async throws {
        let database = try await scratch.open()
        try await database.withConnection { try await $0.raw(SQLQueryString(statement)).run() }
        await database.close()
    }

    /// Runs `marketsim audit verify` on the scratch database and returns its exit status and output.
    private func verify(_ scratch: ScratchDatabase) async throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = try ServerProcess.executable
        process.arguments = ["audit", "verify"]
        var environment = ProcessInfo.processInfo.environment
        environment["DATA_DIR"] = scratch.dataDirectory
        environment["DATABASE_URL"] = scratch.databaseURL
        process.environment = environment
        process.currentDirectoryURL = URL(fileURLWithPath: scratch.dataDirectory)
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, output)
    }
}
