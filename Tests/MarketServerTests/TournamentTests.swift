import Foundation
import MarketServer
import Testing

/// Tournaments over real HTTP: their lifecycle, entries, standings, the schedule, and a restart in the middle.
@Suite struct TournamentTests {
    /// A tournament that starts only when its host starts it (its scheduled start is an hour away).
    static func definition(
        id: String = "sprint", startsIn: Int = 3_600, duration: Int = 3_600, maxParticipants: Int = 3,
        events: String = "[]"
    ) -> String {
        #"""
        {"id":"\#(id)","name":"Sprint","description":"A test sprint","starts_in_seconds":\#(startsIn),
         "duration_seconds":\#(duration),"max_participants":\#(maxParticipants),
         "venue":{"name":"Sprint venue","starting_cash":1000,"tickers":[{"symbol":"OWL","initial_price":10}],
                  "market_makers":false,"events":\#(events)}}
        """#
    }

    static func time(_ value: Any?) throws -> Date {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        guard let text = value as? String, let date = formatter.date(from: text) else {
            throw TestFailure("not a time: \(value ?? "nil")")
        }
        return date
    }

    static var shippedTournaments: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
            .appendingPathComponent("tournaments").path
    }

    @Test(arguments: TestBackend.available)
    func aTournamentRunsFromDraftToFrozenStandings(backend: TestBackend) async throws {
        try await withServer(backend, configure: { $0 = $0.withAdmin() }) { server in
            let admin = try await server.adminHeader()
            let alice = try await server.register("alice")
            let bob = try await server.register("bob")
            let carol = try await server.register("carol")
            let dave = try await server.register("dave")

            #expect(try await server.request(.POST, "/api/admin/tournaments", json: Self.definition()).status == 401)
            #expect(
                try await server.request(
                    .POST, "/api/admin/tournaments", json: Self.definition(), headers: alice.keyHeader
                ).status == 403)
            let created = try await server.request(
                .POST, "/api/admin/tournaments", json: Self.definition(), headers: admin)
            #expect(created.status == 201, "\(created.text)")
            #expect(try created.object()["status"] as? String == "draft")
            #expect(
                try await server.request(.POST, "/api/admin/tournaments", json: Self.definition(), headers: admin)
                    .status == 409)

            // A draft is for its hosts: invisible to traders, and nobody can enter it.
            #expect(try await server.request(.GET, "/api/tournaments/sprint").status == 404)
            #expect((try await server.get("/api/tournaments").object()["tournaments"] as? [Any])?.isEmpty == true)
            #expect(
                try await server.request(.POST, "/api/tournaments/sprint/enter", headers: alice.keyHeader).status == 404
            )
            #expect(
                try await server.request(.POST, "/api/admin/tournaments/sprint/publish", headers: alice.keyHeader)
                    .status == 403)
            #expect(
                try await server.request(.POST, "/api/admin/tournaments/sprint/start", headers: admin).status == 409)
            #expect(
                try await server.request(.POST, "/api/admin/tournaments/sprint/publish", headers: admin).status == 200)
            let listed =
                try await server.get("/api/tournaments?status=open").object()["tournaments"] as? [[String: Any]]
            #expect(listed?.map { $0["id"] as? String } == ["sprint"])
            #expect(try await server.request(.GET, "/api/tournaments?status=draft").status == 400)

            // Entries, up to the maximum; a withdrawal frees a place.
            #expect(try await server.request(.POST, "/api/tournaments/sprint/enter").status == 401)
            for user in [alice, bob, carol] {
                #expect(
                    try await server.request(.POST, "/api/tournaments/sprint/enter", headers: user.keyHeader).status
                        == 200)
            }
            #expect(
                try await server.request(.POST, "/api/tournaments/sprint/enter", headers: alice.keyHeader).status == 409
            )
            let full = try await server.request(.POST, "/api/tournaments/sprint/enter", headers: dave.keyHeader)
            #expect(full.status == 409 && full.errorCode == "tournament_full")
            #expect(
                try await server.request(.POST, "/api/tournaments/sprint/withdraw", headers: carol.keyHeader).status
                    == 200)
            #expect(
                try await server.request(.POST, "/api/tournaments/sprint/withdraw", headers: carol.keyHeader).status
                    == 409)
            #expect(
                try await server.request(.POST, "/api/tournaments/sprint/enter", headers: dave.keyHeader).status == 200)
            #expect(try await server.get("/api/tournaments/sprint").object()["entrants"] as? Int == 3)
            #expect(try await server.request(.POST, "/api/venues/sprint/join", headers: carol.keyHeader).status == 409)

            // Nobody trades before the start.
            let early = try await server.request(
                .POST, "/api/venues/sprint/orders", json: #"{"ticker":"OWL","side":"buy","price":10,"quantity":1}"#,
                headers: alice.keyHeader)
            #expect(early.status == 400 && early.errorCode == "trading_halted")

            let scheduled = try Self.time(try await server.get("/api/tournaments/sprint").object()["starts_at"])
            #expect(
                try await server.request(.POST, "/api/admin/tournaments/sprint/start", headers: admin).status == 200)
            // Started an hour early by its host: the schedule now says when it really started.
            let started = try Self.time(try await server.get("/api/tournaments/sprint").object()["starts_at"])
            #expect(started < scheduled.addingTimeInterval(-3_000) && abs(started.timeIntervalSinceNow) < 60)
            #expect(
                try await server.request(.POST, "/api/tournaments/sprint/enter", headers: carol.keyHeader).status == 409
            )
            let seeded = try await server.request(
                .POST, "/api/admin/venues/sprint/adjustments",
                json: #"{"user_id":"\#(bob.id)","ticker":"OWL","shares":20,"reason":"seed"}"#,
                headers: admin)
            #expect(seeded.status == 200)
            // Bob sells 10 to alice at 12: alice's 1,000 buys 10 shares worth 12 each (value unchanged), bob's
            // 10 remaining shares are now marked at 12 too.
            try await server.order(alice, "buy", 10, "OWL", at: "12", venue: "sprint")
            try await server.order(bob, "sell", 10, "OWL", at: "12", venue: "sprint")
            // Round trips between alice and bob, three each way.
            for _ in 0..<3 {
                try await server.order(bob, "buy", 1, "OWL", at: "12", venue: "sprint")
                try await server.order(alice, "sell", 1, "OWL", at: "12", venue: "sprint")
                try await server.order(alice, "buy", 1, "OWL", at: "12", venue: "sprint")
                try await server.order(bob, "sell", 1, "OWL", at: "12", venue: "sprint")
            }
            let resting = try await server.order(dave, "buy", 5, "OWL", at: "11", venue: "sprint")
            for outsider in [carol, try await server.register("eve")] {
                let refused = try await server.request(
                    .POST, "/api/venues/sprint/orders", json: #"{"ticker":"OWL","side":"buy","price":10,"quantity":1}"#,
                    headers: outsider.keyHeader)
                #expect(refused.status == 403, "\(refused.text)")
                let pair = try await server.request(
                    .POST, "/api/venues/sprint/orders/oco",
                    json:
                        #"{"ticker":"OWL","side":"buy","quantity":1,"legs":[{"type":"limit","price":10},{"type":"stop","stop_price":20}]}"#,
                    headers: outsider.keyHeader)
                #expect(pair.status == 403, "\(pair.text)")
            }

            let live = try await server.get("/api/tournaments/sprint/standings").object()
            #expect(live["final"] as? Bool == false)
            let liveRows = try #require(live["standings"] as? [[String: Any]])
            // Bob: 1,120 cash and 10 shares at 12 = 1,240, of which 1,200 was given (his 1,000 and the 20 shares
            // seeded at 10): 40 made, 3.33 % of what he was given. Alice: 880 cash and 10 shares = 1,000. Dave:
            // 1,000 in cash (55 of it in escrow) ties with alice, who entered first.
            #expect(liveRows.map { $0["username"] as? String } == ["bob", "alice", "dave"])
            #expect(liveRows.map { cents($0["total_value"]) } == [1_240_00, 1_000_00, 1_000_00])
            #expect(cents(liveRows[0]["pnl"]) == 40_00 && cents(liveRows[0]["return_pct"]) == 3_33)
            #expect(cents(liveRows[0]["adjustments"]) == 200_00)
            #expect(try await server.request(.GET, "/api/tournaments/sprint/results").status == 409)

            // Alice bought from bob four times and bob from alice three: three round trips, flagged.
            #expect(
                try await server.request(.GET, "/api/admin/tournaments/sprint/round-trips", headers: alice.keyHeader)
                    .status == 403)
            #expect(
                try await server.request(.GET, "/api/admin/tournaments/sprint/round-trips?threshold=0", headers: admin)
                    .status == 400)
            let reviewed = try await server.request(.GET, "/api/admin/tournaments/sprint/round-trips", headers: admin)
            let flagged = try reviewed.object()["flags"] as? [[String: Any]]
            #expect(flagged?.count == 1)
            #expect(flagged?.first?["round_trips"] as? Int == 3 && flagged?.first?["trades"] as? Int == 7)
            #expect(Set(flagged?.first?["usernames"] as? [String] ?? []) == ["alice", "bob"])

            // The end: trading stops, the resting order is cancelled and refunded, the standings freeze.
            #expect(
                try await server.request(.POST, "/api/admin/tournaments/sprint/end", headers: bob.keyHeader).status
                    == 403)
            let ended = try await server.request(.POST, "/api/admin/tournaments/sprint/end", headers: admin)
            let endedStatus = try ended.object()["status"] as? String
            #expect(ended.status == 200 && endedStatus == "completed")
            let restingID = try #require(resting["order_id"] as? String)
            let orders = try await server.get("/api/venues/sprint/orders?status=cancelled", as: dave).array()
            #expect(orders.map { $0["order_id"] as? String } == [restingID])
            let davePortfolio = try await server.get("/api/venues/sprint/portfolio", as: dave).object()
            #expect(cents(davePortfolio["escrowed_cash"]) == 0 && cents(davePortfolio["cash"]) == 1_000_00)
            let late = try await server.request(
                .POST, "/api/venues/sprint/orders", json: #"{"ticker":"OWL","side":"buy","price":10,"quantity":1}"#,
                headers: alice.keyHeader)
            #expect(late.status == 400 && late.errorCode == "trading_halted")
            for action in ["end", "cancel", "start", "publish"] {
                #expect(
                    try await server.request(.POST, "/api/admin/tournaments/sprint/\(action)", headers: admin).status
                        == 409)
            }

            let results = try await server.get("/api/tournaments/sprint/results").object()
            #expect(results["final"] as? Bool == true)
            let finalRows = try #require(results["standings"] as? [[String: Any]])
            #expect(finalRows.map { $0["username"] as? String } == ["bob", "alice", "dave"])
            #expect(finalRows.map { $0["rank"] as? Int } == [1, 2, 3])
            // Frozen: a later change to an account does not move the final standings.
            let credited = try await server.request(
                .POST, "/api/admin/venues/sprint/adjustments",
                json: #"{"user_id":"\#(alice.id)","cash":5000,"reason":"after the end"}"#,
                headers: admin)
            #expect(credited.status == 200)
            let again = try await server.get("/api/tournaments/sprint/standings")
            #expect(again.canonicalJSON == (try await server.get("/api/tournaments/sprint/results")).canonicalJSON)
            #expect(
                (try again.object()["standings"] as? [[String: Any]])?.map { cents($0["total_value"]) } == [
                    1_240_00, 1_000_00, 1_000_00,
                ])

            let equity = try await server.get("/api/tournaments/sprint/equity").object()
            let series = try #require(equity["series"] as? [[String: Any]])
            #expect(Set(series.compactMap { $0["username"] as? String }) == ["alice", "bob", "dave"])
            let bobPoints = series.first { $0["username"] as? String == "bob" }?["points"] as? [[String: Any]] ?? []
            #expect(bobPoints.count >= 2)
            #expect(bobPoints.last.map { cents($0["total_value"]) } == 1_240_00)
        }
    }

    @Test(arguments: TestBackend.available)
    func badDefinitionsAreRefusedAndCreateNothing(backend: TestBackend) async throws {
        try await withServer(backend, configure: { $0 = $0.withAdmin() }) { server in
            let admin = try await server.adminHeader()
            let venue = #""venue":{"name":"v","starting_cash":100,"tickers":[{"symbol":"OWL","initial_price":10}]}"#
            let cases: [(String, String)] = [
                (
                    #"{"id":"t","name":"x","starts_in_seconds":5,"duration_seconds":60,"max_participants":5}"#,
                    "invalid_venue"
                ),
                (#"{"id":"t","name":"x","duration_seconds":60,"max_participants":5,\#(venue)}"#, "invalid_starts_at"),
                (
                    #"{"id":"t","name":"x","starts_at":"soon","duration_seconds":60,"max_participants":5,\#(venue)}"#,
                    "invalid_starts_at"
                ),
                (#"{"id":"t","name":"x","starts_in_seconds":5,"max_participants":5,\#(venue)}"#, "invalid_ends_at"),
                (
                    #"{"id":"t","name":"x","starts_in_seconds":5,"ends_at":"2020-01-01T00:00:00Z","max_participants":5,\#(venue)}"#,
                    "invalid_ends_at"
                ),
                (
                    #"{"id":"t","name":"x","starts_in_seconds":5,"duration_seconds":60,"max_participants":1,\#(venue)}"#,
                    "invalid_max_participants"
                ),
                (
                    #"{"id":"t","name":"x","starts_in_seconds":5,"duration_seconds":60,\#(venue)}"#,
                    "invalid_max_participants"
                ),
                (
                    #"{"id":"main","name":"x","starts_in_seconds":5,"duration_seconds":60,"max_participants":5,\#(venue)}"#,
                    "invalid_id"
                ),
                (
                    #"{"id":"t","name":"","starts_in_seconds":5,"duration_seconds":60,"max_participants":5,\#(venue)}"#,
                    "invalid_name"
                ),
                (
                    #"{"id":"t","name":"x","starts_in_seconds":5,"duration_seconds":60,"max_participants":5,"venue":{"id":"t","name":"v","starting_cash":1,"tickers":[{"symbol":"OWL","initial_price":10}]}}"#,
                    "invalid_venue"
                ),
                (
                    #"{"id":"t","name":"x","starts_in_seconds":5,"duration_seconds":60,"max_participants":5,"venue":{"name":"v","starting_cash":1,"tickers":[]}}"#,
                    "invalid_tickers"
                ),
                (#"{"id":"t","name":"x","starts_in_seconds":"5"}"#, "invalid_starts_in_seconds"),
                ("[1,2]", "invalid_request"),
            ]
            for (body, code) in cases {
                let response = try await server.request(.POST, "/api/admin/tournaments", json: body, headers: admin)
                #expect(response.status == 400, "\(body): \(response.text)")
                #expect(response.errorCode == code, "\(body): \(response.text)")
            }
            for file in ["../README.md", "nope.json", ".hidden.json", ""] {
                let response = try await server.request(
                    .POST, "/api/admin/tournaments/load", json: #"{"file":"\#(file)"}"#, headers: admin)
                #expect(response.status == 400 || response.status == 404, "\(file): \(response.text)")
            }
            #expect(
                try await server.request(.GET, "/api/admin/tournaments", headers: admin).object()["tournaments"]
                    as? [Any] != nil)
            #expect(try await server.request(.GET, "/api/admin/tournaments").status == 401)
            #expect(try await server.request(.GET, "/api/venues/t").status == 404)
        }
    }

    @Test func theShippedTournamentsLoad() async throws {
        try await withServer(
            .sqlite,
            configure: {
                $0 = $0.withAdmin()
                $0.tournamentsDirectory = Self.shippedTournaments
            }
        ) { server in
            let admin = try await server.adminHeader()
            let files = try FileManager.default.contentsOfDirectory(atPath: Self.shippedTournaments).filter {
                $0.hasSuffix(".json")
            }
            #expect(files.count >= 3)
            for file in files.sorted() {
                let response = try await server.request(
                    .POST, "/api/admin/tournaments/load", json: #"{"file":"\#(file)"}"#, headers: admin)
                #expect(response.status == 201, "\(file): \(response.text)")
                #expect(try response.object()["id"] as? String == String(file.dropLast(".json".count)))
            }
            let all = try await server.request(.GET, "/api/admin/tournaments?status=draft", headers: admin).object()
            #expect((all["tournaments"] as? [Any])?.count == files.count)
        }
    }

    @Test(arguments: TestBackend.available)
    func hostsCreateAndRunTheirOwnTournamentsOnly(backend: TestBackend) async throws {
        try await withServer(backend, configure: { $0 = $0.withAdmin() }) { server in
            let admin = try await server.adminHeader()
            var teacher = try await server.register("teacher", password: hostPassword)
            var rival = try await server.register("rival", password: hostPassword)
            let student = try await server.register("student")
            #expect(
                try await server.request(
                    .POST, "/api/admin/tournaments", json: Self.definition(), headers: teacher.bearerHeader
                ).status == 403)
            for host in [teacher, rival] {
                #expect(
                    try await server.request(.PUT, "/api/admin/venues/main/hosts/\(host.id)", headers: admin).status
                        == 200)
            }
            teacher = try await server.withAdminKey(teacher)
            rival = try await server.withAdminKey(rival)
            let created = try await server.request(
                .POST, "/api/admin/tournaments", json: Self.definition(), headers: teacher.keyHeader)
            #expect(created.status == 201, "\(created.text)")
            let mine =
                try await server.get("/api/admin/tournaments", as: teacher).object()["tournaments"] as? [[String: Any]]
            #expect(mine?.map { $0["id"] as? String } == ["sprint"])
            #expect(
                (try await server.get("/api/admin/tournaments", as: rival).object()["tournaments"] as? [Any])?.isEmpty
                    == true)
            #expect(
                try await server.request(.POST, "/api/admin/tournaments/sprint/publish", headers: rival.keyHeader)
                    .status == 403)
            #expect(
                try await server.request(.POST, "/api/admin/tournaments/sprint/publish", headers: teacher.keyHeader)
                    .status == 200)
            #expect(
                try await server.request(.POST, "/api/tournaments/sprint/enter", headers: student.keyHeader).status
                    == 200)
            #expect(
                try await server.request(.POST, "/api/admin/tournaments/sprint/start", headers: teacher.keyHeader)
                    .status == 200)
            try await server.order(student, "buy", 2, "OWL", at: "9", venue: "sprint")

            // Disqualification: by a host of this tournament only; the entrant's orders go, and so does their place.
            let body = #"{"user_id":"\#(student.id)"}"#
            #expect(
                try await server.request(
                    .POST, "/api/admin/tournaments/sprint/disqualify", json: body, headers: rival.keyHeader
                ).status == 403)
            #expect(
                try await server.request(
                    .POST, "/api/admin/tournaments/sprint/disqualify", json: body, headers: student.keyHeader
                ).status == 403)
            #expect(
                try await server.request(
                    .POST, "/api/admin/tournaments/sprint/disqualify", json: #"{"user_id":7}"#,
                    headers: teacher.keyHeader
                ).status == 400)
            let disqualified = try await server.request(
                .POST, "/api/admin/tournaments/sprint/disqualify", json: body, headers: teacher.keyHeader)
            #expect(disqualified.status == 200, "\(disqualified.text)")
            #expect(
                (try disqualified.object()["entrants"] as? [[String: Any]])?.first?["status"] as? String
                    == "disqualified")
            #expect(try await server.get("/api/venues/sprint/orders", as: student).array().isEmpty)
            let refused = try await server.request(
                .POST, "/api/venues/sprint/orders", json: #"{"ticker":"OWL","side":"buy","price":9,"quantity":1}"#,
                headers: student.keyHeader)
            #expect(refused.status == 403)
            #expect(
                (try await server.get("/api/tournaments/sprint/standings").object()["standings"] as? [Any])?.isEmpty
                    == true)
            #expect(
                try await server.request(.POST, "/api/admin/tournaments/sprint/cancel", headers: teacher.keyHeader)
                    .status == 200)
            #expect(try await server.get("/api/tournaments/sprint").object()["status"] as? String == "cancelled")
        }
    }

    @Test func theScheduleStartsAndEndsATournament() async throws {
        try await withServer(
            .sqlite,
            configure: {
                $0 = $0.withAdmin()
                $0.tournamentCheckInterval = .milliseconds(100)
                $0.equitySnapshotInterval = .seconds(1)
            }
        ) { server in
            let admin = try await server.adminHeader()
            let alice = try await server.register("alice")
            // Entries close at the start: fifteen seconds leave room for three requests on a busy machine, where
            // the test's own task may wait seconds for a thread.
            let created = try await server.request(
                .POST, "/api/admin/tournaments", json: Self.definition(startsIn: 15, duration: 10), headers: admin)
            #expect(created.status == 201)
            #expect(
                try await server.request(.POST, "/api/admin/tournaments/sprint/publish", headers: admin).status == 200)
            #expect(
                try await server.request(.POST, "/api/tournaments/sprint/enter", headers: alice.keyHeader).status == 200
            )
            // Polled a few times a second: an anonymous caller's rate limit counts every poll.
            let status = {
                try await Task.sleep(for: .milliseconds(200))
                return try await server.get("/api/tournaments/sprint").object()["status"] as? String
            }
            try await eventually("the scheduled start", timeout: .seconds(30)) { try await status() == "active" }
            try await server.order(alice, "buy", 1, "OWL", at: "9", venue: "sprint")
            try await eventually("the scheduled end", timeout: .seconds(30)) { try await status() == "completed" }
            let results = try await server.get("/api/tournaments/sprint/results").object()
            #expect((results["standings"] as? [[String: Any]])?.map { $0["username"] as? String } == ["alice"])
            #expect(try await server.get("/api/venues/sprint/orders", as: alice).array().isEmpty)
            let points =
                (try await server.get("/api/tournaments/sprint/equity").object()["series"] as? [[String: Any]])?
                .first?["points"] as? [Any]
            #expect((points?.count ?? 0) >= 3, "a snapshot at the start, every second, and at the end")
        }
    }

    @Test func marketMakersQuoteOnlyWhileATournamentRuns() async throws {
        let captured = CapturedParts()
        try await withServer(
            .sqlite, hooks: captured.hooks,
            configure: {
                $0 = $0.withAdmin()
                $0.marketMakersEnabled = true
            }
        ) { server in
            let admin = try await server.adminHeader()
            let definition = Self.definition().replacingOccurrences(
                of: #""market_makers":false"#, with: #""market_makers":{"refresh_ms":50,"levels":2,"size":5}"#)
            #expect(
                try await server.request(.POST, "/api/admin/tournaments", json: definition, headers: admin).status
                    == 201)
            #expect(
                try await server.request(.POST, "/api/admin/tournaments/sprint/publish", headers: admin).status == 200)
            let life = try captured.value.life
            #expect(!life.isRunning("sprint"))
            func book() async throws -> (bids: Int, asks: Int) {
                let book = try await server.get("/api/venues/sprint/market/OWL/orderbook").object()
                return ((book["bids"] as? [Any])?.count ?? 0, (book["asks"] as? [Any])?.count ?? 0)
            }
            #expect(try await book() == (0, 0))
            #expect(
                try await server.request(.POST, "/api/admin/tournaments/sprint/start", headers: admin).status == 200)
            try await eventually("a two-sided book") { try await book() == (2, 2) }
            #expect(try await server.request(.POST, "/api/admin/tournaments/sprint/end", headers: admin).status == 200)
            #expect(!life.isRunning("sprint") && life.isRunning("main"))
            #expect(try await book() == (0, 0))
            try await Task.sleep(for: .milliseconds(200))
            #expect(try await book() == (0, 0), "nothing quotes after the end")
            // The market maker is no competitor.
            #expect(
                (try await server.get("/api/tournaments/sprint/results").object()["standings"] as? [Any])?.isEmpty
                    == true)
        }
    }

    @Test(arguments: TestBackend.available)
    func aKilledServerResumesATournamentWhereItWas(backend: TestBackend) async throws {
        try await withScratchDatabase(backend) { scratch in
            let environment = ["ADMIN_USERNAME": "root", "ADMIN_PASSWORD": "root-password-for-tests"]
            var server = try await ServerProcess.start(scratch, environment: environment)
            let (alice, bob, orderID) = try await server.withClient { client in
                let admin = try await client.adminHeader()
                let alice = try await client.register("alice")
                let bob = try await client.register("bob")
                let carol = try await client.register("carol")
                // Starts in 5 s, room for six requests on a busy machine before entries close, and ends 8 s
                // later: after the restart, the schedule must still end it.
                #expect(
                    try await client.request(
                        .POST, "/api/admin/tournaments", json: Self.definition(startsIn: 5, duration: 8), headers: admin
                    ).status == 201)
                #expect(
                    try await client.request(.POST, "/api/admin/tournaments/sprint/publish", headers: admin).status
                        == 200)
                for user in [alice, bob, carol] {
                    #expect(
                        try await client.request(.POST, "/api/tournaments/sprint/enter", headers: user.keyHeader).status
                            == 200)
                }
                #expect(
                    try await client.request(.POST, "/api/tournaments/sprint/withdraw", headers: carol.keyHeader).status
                        == 200)
                try await eventually("the start") {
                    try await client.get("/api/tournaments/sprint").object()["status"] as? String == "active"
                }
                let order = try await client.order(alice, "buy", 3, "OWL", at: "9.5", venue: "sprint")
                return (alice, carol, order["order_id"] as? String ?? "")
            }
            await server.kill()
            server = try await ServerProcess.start(scratch, environment: environment)
            try await server.withClient { client in
                let tournament = try await client.get("/api/tournaments/sprint").object()
                #expect(tournament["status"] as? String == "active" && tournament["entrants"] as? Int == 2)
                #expect(
                    try await client.get("/api/venues/sprint/orders", as: alice).array().map {
                        $0["order_id"] as? String
                    } == [orderID])
                let portfolio = try await client.get("/api/venues/sprint/portfolio", as: alice).object()
                let escrow: Int64 = 3 * 9_50
                #expect(cents(portfolio["escrowed_cash"]) == escrow)
                // The withdrawn entrant still may not trade; the entrant still may.
                let withdrawn = try await client.request(
                    .POST, "/api/venues/sprint/orders", json: #"{"ticker":"OWL","side":"buy","price":9,"quantity":1}"#,
                    headers: bob.keyHeader)
                #expect(withdrawn.status == 403)
                try await client.order(alice, "buy", 1, "OWL", at: "9", venue: "sprint")
                try await eventually("the scheduled end after the restart", timeout: .seconds(20)) {
                    try await client.get("/api/tournaments/sprint").object()["status"] as? String == "completed"
                }
                #expect(try await client.get("/api/venues/sprint/orders", as: alice).array().isEmpty)
            }
            await server.stop()
        }
    }

    @Test func theCommandLineLoadsATournamentIntoARunningServer() async throws {
        try await withServer(.sqlite, configure: { $0 = $0.withAdmin() }) { server in
            let admin = try await server.adminHeader()
            let key =
                try await server.request(.POST, "/api/keys", json: #"{"name":"cli","scope":"admin"}"#, headers: admin)
                .object()[
                    "api_key"] as? String
            let file = Self.shippedTournaments + "/classroom-sprint.json"
            let url = "http://127.0.0.1:\(server.port)"

            let refused = try await Self.runCommand([
                "tournament", "load", file, "--url", url, "--api-key", "msk_wrong",
            ])
            #expect(refused.status != 0 && refused.output.contains("401"))
            #expect(try await server.request(.GET, "/api/tournaments/classroom-sprint").status == 404)

            let loaded = try await Self.runCommand([
                "tournament", "load", file, "--url", url, "--api-key", key ?? "", "--publish",
            ])
            #expect(loaded.status == 0, "\(loaded.output)")
            #expect(loaded.output.contains("Created tournament classroom-sprint"))
            let tournament = try await server.get("/api/tournaments/classroom-sprint").object()
            #expect(tournament["status"] as? String == "open" && tournament["max_participants"] as? Int == 40)
            #expect(tournament["tickers"] as? [String] == ["FUN", "MEME", "YOLO"])
        }
    }

    /// Runs the `marketsim` executable with `arguments` and returns its exit status and output.
    static func runCommand(_ arguments: [String]) async throws -> MarketSimCommand {
        try await MarketSimCommand.run(try ServerProcess.executable, arguments)
    }
}
