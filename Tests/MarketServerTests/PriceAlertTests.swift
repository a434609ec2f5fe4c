import Foundation
import Testing

/// Price alerts: made, listed and deleted over HTTP, fired by committed trades on the owner's private channel,
/// and kept, with what they fired, across a restart.
@Suite("Price alerts")
struct PriceAlertTests {
    static func alerts(_ server: TestServer, _ user: RegisteredUser) async throws -> [String: [String: Any]] {
        let list = try await server.get("/api/alerts", as: user).object()["alerts"] as? [[String: Any]] ?? []
        return Dictionary(uniqueKeysWithValues: list.map { ($0["alert_id"] as? String ?? "", $0) })
    }

    /// Bob sells one FUN to Carol at `price`.
    static func trade(_ server: TestServer, _ bob: RegisteredUser, _ carol: RegisteredUser, at price: String)
        async throws
    {
        try await server.order(bob, "sell", 1, at: price)
        let bought = try await server.order(carol, "buy", 1, at: price)
        #expect(bought["status"] as? String == "filled", "\(bought)")
    }

    @Test(arguments: TestBackend.available)
    func alertsFireOnTheOwnersChannelAndKeepWhatTheyFiredAcrossARestart(backend: TestBackend) async throws {
        try await withScratchDatabase(backend) { scratch in
            let captured = CapturedParts()
            let configuration = scratch.configuration()
            let (alice, bob, carol, once, repeating) = try await TestServer.run(
                configuration, hooks: captured.hooks(seeding: 100)
            ) { server in
                let (alice, bob, carol) = (
                    try await server.register("alice"), try await server.register("bob"),
                    try await server.register("carol")
                )
                let feed = FeedClient.connect(port: server.port, "/ws/private?api_key=\(alice.apiKey)")
                try await eventually("alice listens") { try captured.value.feed.subscriberCount == 1 }
                let made = try await server.request(
                    .POST, "/api/alerts", json: #"{"ticker":"FUN","above":105}"#, headers: alice.keyHeader)
                #expect(made.status == 201, "\(made.text)")
                let once = try made.object()["alert_id"] as? String ?? ""
                let again = try await server.request(
                    .POST, "/api/alerts", json: #"{"ticker":"fun","below":"95.50","repeating":true}"#,
                    headers: alice.keyHeader)
                let direction = try again.object()["direction"] as? String
                #expect(again.status == 201 && direction == "below", "\(again.text)")
                let repeating = try again.object()["alert_id"] as? String ?? ""

                // 106 fires the one-time alert, 107 nothing; 95 fires the repeating one, 94 nothing (not
                // re-armed), 100 re-arms it and 95.50 fires it again.
                for price in ["106.00", "107.00", "95.00", "94.00", "100.00", "95.50"] {
                    try await Self.trade(server, bob, carol, at: price)
                }
                let fired = try await feed.wait(for: "three alerts") {
                    $0.filter { $0["type"] as? String == "alert" }.count >= 3
                }.filter { $0["type"] as? String == "alert" }
                #expect(
                    fired.map { ($0["alert"] as? [String: Any])?["alert_id"] as? String } == [
                        once, repeating, repeating,
                    ])
                #expect(fired.map { cents($0["trade_price"]) } == [106_00, 95_00, 95_50])
                #expect(fired.allSatisfy { $0["channel"] as? String == "private" && $0["trade_id"] is String })
                try await Task.sleep(for: .milliseconds(200))
                #expect(feed.messages.filter { $0["type"] as? String == "alert" }.count == 3, "no more than three")
                await feed.close()

                let listed = try await Self.alerts(server, alice)
                #expect(listed[once]?["times_fired"] as? Int == 1 && listed[once]?["armed"] as? Bool == false)
                #expect(listed[once]?["fired_at"] is String && cents(listed[once]?["price"]) == 105_00)
                #expect(
                    listed[repeating]?["times_fired"] as? Int == 2 && listed[repeating]?["repeating"] as? Bool == true)
                #expect(try await Self.alerts(server, bob).isEmpty, "bob sees none of alice's alerts")
                return (alice, bob, carol, once, repeating)
            }

            try await TestServer.run(configuration) { server in
                let listed = try await Self.alerts(server, alice)
                #expect(listed[once]?["times_fired"] as? Int == 1 && listed[once]?["armed"] as? Bool == false)
                #expect(listed[repeating]?["times_fired"] as? Int == 2 && listed[repeating]?["armed"] as? Bool == false)
                try await Self.trade(server, bob, carol, at: "101.00")
                try await Self.trade(server, bob, carol, at: "95.00")
                try await eventually("the repeating alert fires after the restart") {
                    try await Self.alerts(server, alice)[repeating]?["times_fired"] as? Int == 3
                }
                #expect(try await Self.alerts(server, alice)[once]?["times_fired"] as? Int == 1)
                let gone = try await server.request(.DELETE, "/api/alerts/\(once)", headers: alice.keyHeader)
                #expect(gone.status == 200, "\(gone.text)")
                #expect(try await Self.alerts(server, alice).keys.sorted() == [repeating])
            }
        }
    }

    @Test(arguments: TestBackend.available)
    func badAlertsAreRefusedAndChangeNothing(backend: TestBackend) async throws {
        try await withServer(backend) { server in
            let alice = try await server.register("alice")
            let bob = try await server.register("bob")
            for (body, code) in [
                (#"{"ticker":"FUN"}"#, "invalid_above"), (#"{"ticker":"FUN","above":1,"below":2}"#, "invalid_above"),
                (#"{"ticker":"FUN","above":0}"#, "invalid_above"), (#"{"ticker":"FUN","below":-5}"#, "invalid_below"),
                (#"{"ticker":"FUN","above":1.005}"#, "invalid_above"),
                (#"{"ticker":"FUN","above":"lots"}"#, "invalid_above"),
                (#"{"ticker":"NOPE","above":10}"#, "unknown_ticker"), (#"{"above":10}"#, nil),
                (#"{"ticker":"FUN","above":10,"repeating":"yes"}"#, nil),
            ] as [(String, String?)] {
                let refused = try await server.request(.POST, "/api/alerts", json: body, headers: alice.keyHeader)
                #expect(refused.status == 400 && refused.errorDetail?.isEmpty == false, "\(body): \(refused.text)")
                if let code { #expect(refused.errorCode == code, "\(body): \(refused.text)") }
            }
            #expect(try await server.request(.GET, "/api/alerts").status == 401)
            let other = try await server.request(
                .POST, "/api/venues/nowhere/alerts", json: #"{"ticker":"FUN","above":1}"#,
                headers: alice.keyHeader)
            #expect(other.status == 404, "\(other.text)")
            let mine = try await server.request(
                .POST, "/api/alerts", json: #"{"ticker":"FUN","above":120}"#, headers: alice.keyHeader)
            let id = try mine.object()["alert_id"] as? String ?? ""
            #expect(try await server.request(.DELETE, "/api/alerts/\(id)", headers: bob.keyHeader).status == 404)
            #expect(try await server.request(.DELETE, "/api/alerts/nope", headers: alice.keyHeader).status == 404)
            for _ in 1..<25 {
                _ = try await server.request(
                    .POST, "/api/alerts", json: #"{"ticker":"FUN","below":80}"#, headers: alice.keyHeader)
            }
            let full = try await server.request(
                .POST, "/api/alerts", json: #"{"ticker":"FUN","below":80}"#, headers: alice.keyHeader)
            #expect(full.status == 409 && full.errorCode == "alert_limit", "\(full.text)")
            #expect(try await Self.alerts(server, alice).count == 25)
            let reader = try await server.request(
                .POST, "/api/keys", json: #"{"scope":"read"}"#, headers: alice.bearerHeader)
            let readKey = try reader.object()["api_key"] as? String ?? ""
            let scoped = try await server.request(
                .POST, "/api/alerts", json: #"{"ticker":"FUN","below":80}"#, headers: [("X-API-Key", readKey)])
            #expect(scoped.status == 403 && scoped.errorCode == "insufficient_scope", "\(scoped.text)")
        }
    }
}
