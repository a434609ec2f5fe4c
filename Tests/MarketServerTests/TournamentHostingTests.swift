import Foundation
import MarketServer
import Testing

/// What a host and a class meet when they run a tournament: drafts out of sight, invite codes, the schedule
/// kept when started early, and every action of theirs in the audit log.
@Suite("Hosting tournaments")
struct TournamentHostingTests {
    private static func venueIDs(_ server: TestServer) async throws -> [String] {
        let list = try await server.get("/api/venues").object()["venues"] as? [[String: Any]] ?? []
        return list.compactMap { $0["id"] as? String }
    }

    @Test func aDraftIsItsHostsUntilPublished() async throws {
        try await withServer(.sqlite, configure: { $0 = $0.withAdmin() }) { server in
            let admin = try await server.adminHeader()
            let created = try await server.request(
                .POST, "/api/admin/tournaments", json: TournamentTests.definition(), headers: admin)
            #expect(created.status == 201)
            #expect(try await Self.venueIDs(server) == ["main"])
            #expect(
                try await server.request(.POST, "/api/admin/tournaments/sprint/publish", headers: admin).status == 200)
            #expect(try await Self.venueIDs(server).contains("sprint"))
        }
    }

    @Test func startingEarlyKeepsTheLengthAndSaysSo() async throws {
        try await withServer(.sqlite, configure: { $0 = $0.withAdmin() }) { server in
            let admin = try await server.adminHeader()
            let definition = TournamentTests.definition(startsIn: 3_600, duration: 1_800)
            #expect(
                try await server.request(.POST, "/api/admin/tournaments", json: definition, headers: admin).status
                    == 201)
            #expect(
                try await server.request(.POST, "/api/admin/tournaments/sprint/publish", headers: admin).status == 200)
            let before = Date()
            let started = try await server.request(.POST, "/api/admin/tournaments/sprint/start", headers: admin)
            let answer = try started.object()
            let startsAt = try TournamentTests.time(answer["starts_at"])
            let endsAt = try TournamentTests.time(answer["ends_at"])
            #expect(abs(startsAt.timeIntervalSince(before)) < 5, "the answer shows the real start")
            #expect(abs(endsAt.timeIntervalSince(startsAt) - 1_800) < 1, "the tournament keeps its 30 minutes")
            let stored = try await server.get("/api/tournaments/sprint").object()
            #expect(stored["ends_at"] as? String == answer["ends_at"] as? String)
        }
    }

    @Test func anInviteOnlyTournamentTakesItsCode() async throws {
        try await withServer(.sqlite, configure: { $0 = $0.withAdmin() }) { server in
            let admin = try await server.adminHeader()
            let definition = TournamentTests.definition().replacingOccurrences(
                of: #""market_makers":false"#,
                with: #""market_makers":false,"visibility":"invite","invite_code":"owl-2026""#)
            #expect(
                try await server.request(.POST, "/api/admin/tournaments", json: definition, headers: admin).status
                    == 201)
            #expect(
                try await server.request(.POST, "/api/admin/tournaments/sprint/publish", headers: admin).status == 200)
            let listed = try await server.get("/api/tournaments").object()["tournaments"] as? [Any]
            #expect(listed?.isEmpty == true, "an invite-only tournament is not listed")
            let student = try await server.register("student")
            let enter = { (body: String?) in
                try await server.request(.POST, "/api/tournaments/sprint/enter", json: body, headers: student.keyHeader)
            }
            #expect(try await enter(nil).status == 403)
            #expect(try await enter(#"{"invite_code":"guess"}"#).status == 403)
            #expect(try await enter(#"{"invite_code":"owl-2026"}"#).status == 200)
        }
    }

    @Test func everyTournamentActionIsInTheAuditLog() async throws {
        try await withServer(.sqlite, configure: { $0 = $0.withAdmin() }) { server in
            let admin = try await server.adminHeader()
            try await server.createTournament(admin: admin)
            let student = try await server.register("student")
            for action in ["publish", "start"] {
                #expect(
                    try await server.request(.POST, "/api/admin/tournaments/sprint/\(action)", headers: admin).status
                        == 200)
                if action == "publish" {
                    #expect(
                        try await server.request(
                            .POST, "/api/tournaments/sprint/enter", headers: student.keyHeader
                        ).status == 200)
                }
            }
            let disqualified = try await server.request(
                .POST, "/api/admin/tournaments/sprint/disqualify",
                json: #"{"user_id":"\#(student.id)","reason":"shared an account"}"#, headers: admin)
            #expect(disqualified.status == 200)
            #expect(try await server.request(.POST, "/api/admin/tournaments/sprint/end", headers: admin).status == 200)

            let entries = try await server.auditEntries("?venue=sprint", headers: admin)
            #expect(
                entries.compactMap { $0["action"] as? String } == [
                    "end_tournament", "disqualify", "start_tournament", "publish_tournament", "create_tournament",
                ])
            for entry in entries {
                let target = entry["action"] as? String == "disqualify" ? "user \(student.id)" : "tournament sprint"
                #expect(entry["target"] as? String == target && entry["actor"] as? String == "root")
            }
            #expect(entries[1]["target_username"] as? String == "student")
            let ended = try #require(entries.first)
            #expect((ended["before"] as? [String: String])?["status"] == "active")
            #expect((ended["after"] as? [String: String])?["status"] == "completed")
            #expect(entries[1]["reason"] as? String == "shared an account")
        }
    }
}
