import Foundation
import MarketCore
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
            #expect(
                editedTable.status != 0 && editedTable.output.contains("is stored as cash"), "\(editedTable.output)")
            try await tamper(scratch, "UPDATE accounts SET cash_cents = cash_cents - 1 WHERE cash_cents > 0")
            #expect(try await verify(scratch).status == 0)

            try await tamper(
                scratch, "UPDATE events SET payload = REPLACE(payload, '10000', '10001') WHERE kind = 'account_opened'")
            let editedJournal = try await verify(scratch)
            #expect(
                editedJournal.status != 0 && editedJournal.output.contains("broken at event"), "\(editedJournal.output)"
            )
        }
    }

    /// Every administrative action is listed with who, what, why, when and the values before and after; hosts
    /// see their own venues only; and editing the audit log or an audit record breaks `audit verify`.
    @Test(arguments: TestBackend.available)
    func administrativeActionsAreRecordedListedAndVerified(backend: TestBackend) async throws {
        try await withScratchDatabase(backend) { scratch in
            try await TestServer.run(scratch.configuration().withAdmin()) { server in
                let admin = try await server.adminHeader()
                let outsiders = try await server.outsiders(admin: admin)
                let alice = try await server.register("alice")
                let started = Timestamp.now
                let adjust = try await server.request(
                    .POST, "/api/admin/venues/main/adjustments",
                    json: #"{"user_id":"\#(alice.id)","cash":250,"reason":"prize"}"#,
                    headers: admin)
                #expect(adjust.status == 200)
                for (path, body) in [
                    ("halt", #"{"ticker":"FUN","reason":"news pending"}"#), ("resume", #"{"ticker":"FUN"}"#),
                ] {
                    #expect(
                        try await server.request(.POST, "/api/admin/venues/main/\(path)", json: body, headers: admin)
                            .status == 200)
                }
                #expect(
                    try await server.request(
                        .POST, "/api/admin/users/\(alice.id)/suspend", json: #"{"reason":"test"}"#, headers: admin
                    ).status == 200)
                let hostHalt = try await server.request(
                    .POST, "/api/admin/venues/elsewhere/halt", json: #"{"reason":"class over"}"#,
                    headers: outsiders.otherHost.bearerHeader)
                #expect(hostHalt.status == 200)

                let all = try await server.auditEntries(headers: admin)
                #expect(
                    all.compactMap { $0["action"] as? String } == [
                        "halt", "suspend_user", "resume", "halt", "adjust_cash", "grant_host", "create_venue",
                    ])
                let adjusted = try #require(all.first { $0["action"] as? String == "adjust_cash" })
                #expect(adjusted["venue"] as? String == "main" && adjusted["actor"] as? String == "root")
                #expect(adjusted["target"] as? String == "user \(alice.id)" && adjusted["reason"] as? String == "prize")
                #expect(adjusted["before"] as? [String: String] == ["cash": "10000.00"])
                #expect(adjusted["after"] as? [String: String] == ["cash": "10250.00"])
                #expect(adjusted["time"] is String && adjusted["sequence"] is Int)
                let halted = try #require(all.last { $0["action"] as? String == "halt" })
                #expect(halted["before"] as? [String: String] == ["status": "open"])
                #expect(halted["after"] as? [String: String] == ["status": "halted: news pending"])

                #expect(try await server.auditEntries("?action=halt", headers: admin).count == 2)
                #expect(try await server.auditEntries("?actor=elsewhere-host", headers: admin).count == 1)
                #expect(try await server.auditEntries("?actor=\(outsiders.otherHost.id)", headers: admin).count == 1)
                let serverWide = try await server.auditEntries("?venue=_server", headers: admin)
                #expect(
                    serverWide.compactMap { $0["action"] as? String } == ["suspend_user", "grant_host", "create_venue"])
                #expect(
                    try await server.auditEntries("?since=\(seconds(started))&venue=main", headers: admin).count == 3)
                #expect(try await server.auditEntries("?until=\(seconds(started))", headers: admin).count == 2)
                let page = try await server.auditEntries("?limit=2&offset=1", headers: admin)
                #expect(page.compactMap { $0["action"] as? String } == ["suspend_user", "resume"])

                let hosted = try await server.auditEntries(headers: outsiders.otherHost.bearerHeader)
                #expect(hosted.compactMap { $0["venue"] as? String } == ["elsewhere"])
                try await server.expectBadInput(.GET, "/api/admin/audit?since=yesterday", [("", 400)], headers: admin)
                try await server.expectBadInput(.GET, "/api/admin/audit?limit=0", [("", 400)], headers: admin)
                for path in ["/api/admin/audit?venue=main", "/api/admin/audit?venue=_server"] {
                    #expect(
                        try await server.request(.GET, path, headers: outsiders.otherHost.bearerHeader).status == 403)
                }
                #expect(
                    try await server.request(.GET, "/api/admin/audit", headers: outsiders.trader.bearerHeader).status
                        == 403)
                #expect(try await server.request(.GET, "/api/admin/audit").status == 401)
            }
            let clean = try await verify(scratch)
            #expect(clean.status == 0, "\(clean.output)")
            #expect(clean.output.contains("venue _server: 3 events replayed"), "\(clean.output)")

            try await tamper(scratch, "UPDATE audit_log SET reason = 'nothing to see' WHERE action = 'adjust_cash'")
            let rewritten = try await verify(scratch)
            #expect(rewritten.status != 0 && rewritten.output.contains("audit_log entry"), "\(rewritten.output)")
            try await tamper(scratch, "UPDATE audit_log SET reason = 'prize' WHERE action = 'adjust_cash'")
            #expect(try await verify(scratch).status == 0)

            try await tamper(scratch, "DELETE FROM audit_log WHERE venue_id = 'elsewhere'")
            let removed = try await verify(scratch)
            #expect(removed.status != 0 && removed.output.contains("missing from audit_log"), "\(removed.output)")

            try await tamper(
                scratch, "UPDATE events SET payload = REPLACE(payload, 'test', 'spam') WHERE venue_id = '_server'")
            let forged = try await verify(scratch)
            #expect(
                forged.status != 0 && forged.output.contains("journal of venue _server is broken"), "\(forged.output)")
        }
    }

    /// A time as seconds since 1970, as the audit route's `since` and `until` take it.
    private func seconds(_ time: Timestamp) -> String {
        String(format: "%.3f", Double(time.millisecondsSinceEpoch) / 1000)
    }

    private func tamper(_ scratch: ScratchDatabase, _ statement: String) async throws {
        let database = try await scratch.open()
        try await database.withConnection { try await $0.raw(SQLQueryString(statement)).run() }
        await database.close()
    }

    /// Runs `marketsim audit verify` on the scratch database and returns its exit status and output.
    private func verify(_ scratch: ScratchDatabase) async throws -> MarketSimCommand {
        try await MarketSimCommand.run(["audit", "verify"], on: scratch)
    }
}
