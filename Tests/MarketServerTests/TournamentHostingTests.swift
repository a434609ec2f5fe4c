import Foundation
import MarketCore
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

    /// A host edits a draft's name, schedule, size and late entry under the rules a definition keeps; once
    /// published it is no longer a draft to edit.
    @Test func aDraftIsEditedUntilPublished() async throws {
        try await withServer(.sqlite, configure: { $0 = $0.withAdmin() }) { server in
            let admin = try await server.adminHeader()
            try await server.createTournament(
                TournamentTests.definition(startsIn: 3_600, duration: 1_800), admin: admin)
            let path = "/api/admin/tournaments/sprint"
            let edited = try await server.request(
                .PATCH, path,
                json: #"{"name":"Renamed","starts_in_seconds":7200,"max_participants":10,"late_entry_seconds":600}"#,
                headers: admin)
            #expect(edited.status == 200, "\(edited.text)")
            let answer = try edited.object()
            #expect(answer["name"] as? String == "Renamed" && answer["max_participants"] as? Int == 10)
            #expect(answer["late_entry_seconds"] as? Int == 600)
            let startsAt = try TournamentTests.time(answer["starts_at"])
            let endsAt = try TournamentTests.time(answer["ends_at"])
            #expect(abs(startsAt.timeIntervalSinceNow - 7_200) < 60 && endsAt.timeIntervalSince(startsAt) == 1_800)
            try await server.expectBadInput(
                .PATCH, path,
                [
                    (#"{"duration_seconds":0}"#, 400), (#"{"late_entry_seconds":1801}"#, 400),
                    (#"{"max_participants":1}"#, 400), (#"{"name":""}"#, 400),
                    (#"{"starts_at":"2001-01-01T00:00:00Z"}"#, 400),
                    (#"{"ends_at":"2100-01-01T00:00:00Z","duration_seconds":60}"#, 400),
                ], headers: admin)
            #expect(try await server.request(.PATCH, path, json: #"{"name":"Renamed"}"#, headers: admin).status == 200)
            #expect(try await server.request(.PATCH, path, json: #"{"name":"Mine"}"#).status == 401)
            let stranger = try await server.register("stranger")
            #expect(
                try await server.request(.PATCH, path, json: #"{"name":"Mine"}"#, headers: stranger.keyHeader).status
                    == 403)
            #expect(try await server.request(.POST, path + "/publish", headers: admin).status == 200)
            let published = try await server.request(.PATCH, path, json: #"{"name":"Again"}"#, headers: admin)
            #expect(published.status == 409 && published.errorCode == "not_draft")
            let entries = try await server.auditEntries(headers: admin).filter {
                $0["action"] as? String == "edit_tournament"
            }
            // The edit that changed nothing is not in the log.
            #expect(entries.count == 1)
            #expect((entries.first?["after"] as? [String: String])?["name"] == "Renamed")
        }
    }

    /// With late entry, a tournament takes entries for that long after it starts, by its venue's clock.
    @Test func lateEntryIsOpenForItsWindowAfterTheStart() async throws {
        let clock = ManualClock(Timestamp(millisecondsSinceEpoch: 1_900_000_000_000))
        try await withServer(
            .sqlite,
            configure: {
                $0 = $0.withAdmin()
                $0.clock = clock
            }
        ) { server in
            let admin = try await server.adminHeader()
            let late = TournamentTests.definition(id: "late", startsIn: 60, duration: 600)
                .replacingOccurrences(
                    of: #""max_participants":3"#, with: #""max_participants":3,"late_entry_seconds":120"#)
            try await server.createTournament(late, admin: admin)
            try await server.createTournament(TournamentTests.definition(startsIn: 60, duration: 600), admin: admin)
            for id in ["late", "sprint"] {
                #expect(
                    try await server.request(.POST, "/api/admin/tournaments/\(id)/publish", headers: admin).status
                        == 200)
                #expect(
                    try await server.request(.POST, "/api/admin/tournaments/\(id)/start", headers: admin).status == 200)
            }
            let early = try await server.register("early")
            let enter = { (id: String, user: RegisteredUser) in
                try await server.request(.POST, "/api/tournaments/\(id)/enter", headers: user.keyHeader)
            }
            #expect(try await enter("late", early).status == 200)
            let closed = try await enter("sprint", early)
            #expect(closed.status == 409 && closed.errorCode == "entries_closed")
            clock.advance(byMilliseconds: 121_000)
            let tardy = try await enter("late", try await server.register("tardy"))
            #expect(tardy.status == 409 && tardy.errorCode == "entries_closed")
            let order = try await server.request(
                .POST, "/api/venues/late/orders", json: #"{"ticker":"OWL","side":"buy","price":9,"quantity":1}"#,
                headers: early.keyHeader)
            #expect(order.status == 200, "\(order.text)")
        }
    }

    /// An administrator's prize is shown beside the standings' profit, not in it, live and when frozen.
    @Test func aBonusIsShownApartAndIsNoProfit() async throws {
        try await withServer(.sqlite, configure: { $0 = $0.withAdmin() }) { server in
            let admin = try await server.adminHeader()
            try await server.createTournament(admin: admin)
            #expect(
                try await server.request(.POST, "/api/admin/tournaments/sprint/publish", headers: admin).status == 200)
            for name in ["alice", "bob"] {
                let student = try await server.register(name)
                #expect(
                    try await server.request(.POST, "/api/tournaments/sprint/enter", headers: student.keyHeader)
                        .status == 200)
            }
            #expect(
                try await server.request(.POST, "/api/admin/tournaments/sprint/start", headers: admin).status == 200)
            let bonus = try await server.request(
                .POST, "/api/admin/venues/sprint/adjustments",
                json: #"{"username":"alice","cash":500,"reason":"prize"}"#,
                headers: admin)
            #expect(bonus.status == 200, "\(bonus.text)")
            for path in ["standings", "end", "results"] {
                if path == "end" {
                    #expect(
                        try await server.request(.POST, "/api/admin/tournaments/sprint/end", headers: admin).status
                            == 200)
                    continue
                }
                let rows = try await server.get("/api/tournaments/sprint/\(path)").object()["standings"]
                let alice = try #require((rows as? [[String: Any]])?.first { $0["username"] as? String == "alice" })
                #expect(cents(alice["total_value"]) == 1_500_00 && cents(alice["adjustments"]) == 500_00, "\(alice)")
                #expect(cents(alice["pnl"]) == 0 && cents(alice["return_pct"]) == 0 && cents(alice["dividends"]) == 0)
            }
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
