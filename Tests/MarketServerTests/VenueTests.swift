import Foundation
import MarketServer
import Testing

/// Venues created at run time: what admins create, who may join, what hosts may do, and that nothing of
/// one venue is reachable through another.
@Suite struct VenueTests {
    static let classroom = #"""
        {"id":"class-a","name":"Class A","starting_cash":5000,"visibility":"invite","invite_code":"owl-42",
         "tickers":[{"symbol":"OWL","initial_price":20,"tick_size":0.05},{"symbol":"FUN","initial_price":100}],
         "fees":{"maker_bps":0,"taker_bps":10,"minimum":0.01},"risk_limits":{"max_order_quantity":100},
         "market_makers":false}
        """#

    @Test(arguments: TestBackend.available)
    func adminsCreateVenuesThatUsersJoinAndTradeInAlone(backend: TestBackend) async throws {
        try await withServer(backend, configure: { $0 = $0.withAdmin() }) { server in
            let admin = try await server.adminHeader()
            let alice = try await server.register("alice")
            let bob = try await server.register("bob")

            #expect(try await server.request(.POST, "/api/admin/venues", json: Self.classroom).status == 401)
            let byTrader = try await server.request(
                .POST, "/api/admin/venues", json: Self.classroom, headers: alice.keyHeader)
            #expect(byTrader.status == 403)
            let created = try await server.request(.POST, "/api/admin/venues", json: Self.classroom, headers: admin)
            #expect(created.status == 201, "\(created.text)")
            let venue = try created.object()
            #expect(venue["invite_code"] as? String == "owl-42" && cents(venue["starting_cash"]) == 5_000_00)
            #expect((venue["tickers"] as? [[String: Any]])?.map { $0["symbol"] as? String } == ["FUN", "OWL"])
            #expect(
                try await server.request(.POST, "/api/admin/venues", json: Self.classroom, headers: admin).status == 409
            )

            // Invite-only: not listed, its code never shown to traders, joined only with the code.
            let listed = try await server.get("/api/venues").object()["venues"] as? [[String: Any]]
            #expect(listed?.compactMap { $0["id"] as? String } == ["main"])
            let shown = try await server.get("/api/venues/class-a").object()
            #expect(shown["invite_code"] == nil && shown["name"] as? String == "Class A")
            #expect(try await server.request(.POST, "/api/venues/class-a/join", headers: alice.keyHeader).status == 403)
            let wrong = try await server.request(
                .POST, "/api/venues/class-a/join", json: #"{"invite_code":"cat"}"#, headers: alice.keyHeader)
            #expect(wrong.status == 403)
            #expect(
                try await server.request(.POST, "/api/venues/class-a/join", json: #"{"invite_code":"owl-42"}"#).status
                    == 401)
            for user in [alice, bob] {
                let joined = try await server.request(
                    .POST, "/api/venues/class-a/join", json: #"{"invite_code":"owl-42"}"#, headers: user.keyHeader)
                #expect(joined.status == 201, "\(joined.text)")
            }
            let again = try await server.request(
                .POST, "/api/venues/class-a/join", json: #"{"invite_code":"owl-42"}"#, headers: alice.keyHeader)
            #expect(again.status == 409)
            let portfolio = try await server.get("/api/venues/class-a/portfolio", as: alice).object()
            #expect(cents(portfolio["cash"]) == 5_000_00)

            // The venue's own rules: its tick grid, its risk limit, its fees.
            let offGrid = try await server.request(
                .POST, "/api/venues/class-a/orders", json: #"{"ticker":"OWL","side":"buy","price":20.01,"quantity":1}"#,
                headers: alice.keyHeader)
            #expect(offGrid.status == 400)
            let tooMany = try await server.request(
                .POST, "/api/venues/class-a/orders", json: #"{"ticker":"OWL","side":"buy","price":20,"quantity":101}"#,
                headers: alice.keyHeader)
            #expect(tooMany.status == 400)
            let adjusted = try await server.request(
                .POST, "/api/admin/venues/class-a/adjustments",
                json: #"{"user_id":"\#(bob.id)","ticker":"OWL","shares":10,"reason":"seed"}"#,
                headers: admin)
            #expect(adjusted.status == 200)
            let bid = try await server.order(alice, "buy", 4, "OWL", at: "20.05", venue: "class-a")
            let ask = try await server.order(bob, "sell", 4, "OWL", at: "20.05", venue: "class-a")
            #expect(ask["status"] as? String == "filled")
            let aliceTrades = try await server.get("/api/venues/class-a/trades", as: alice).array()
            #expect(aliceTrades.count == 1 && cents(aliceTrades.first?["price"]) == 20_05)
            let resting = try await server.order(alice, "buy", 1, "OWL", at: "19", venue: "class-a")

            // Nothing of class-a through main, or through another venue.
            #expect(try await server.get("/api/trades", as: alice).array().isEmpty)
            #expect(try await server.get("/api/orders?status=all", as: alice).array().isEmpty)
            let mainPortfolio = try await server.get("/api/portfolio", as: alice).object()
            #expect(cents(mainPortfolio["cash"]) == 10_000_00)
            let restingID = try #require(resting["order_id"] as? String)
            #expect(
                try await server.request(.DELETE, "/api/orders/\(restingID)", headers: alice.keyHeader).status == 404)
            #expect(
                try await server.request(.DELETE, "/api/venues/class-a/orders/\(restingID)", headers: bob.keyHeader)
                    .status == 403)
            #expect(try await server.request(.GET, "/api/market/OWL").status == 404)
            let carol = try await server.register("carol")
            #expect(
                try await server.request(.GET, "/api/venues/class-a/portfolio", headers: carol.keyHeader).status == 403)
            let outsider = try await server.request(
                .POST, "/api/venues/class-a/orders", json: #"{"ticker":"OWL","side":"buy","price":19,"quantity":1}"#,
                headers: carol.keyHeader)
            #expect(outsider.status >= 400 && outsider.status < 500)
            #expect(
                try await server.request(.DELETE, "/api/venues/class-a/orders/\(restingID)", headers: alice.keyHeader)
                    .status == 200)
            #expect(bid["order_id"] != nil)
        }
    }

    @Test(arguments: TestBackend.available)
    func badVenueDefinitionsAreRefusedAndCreateNothing(backend: TestBackend) async throws {
        try await withServer(backend, configure: { $0 = $0.withAdmin() }) { server in
            let admin = try await server.adminHeader()
            let ticker = #""tickers":[{"symbol":"OWL","initial_price":20}]"#
            let cases: [(String, String)] = [
                (#"{"id":"Bad Id","name":"x","starting_cash":1,\#(ticker)}"#, "invalid_id"),
                (#"{"id":"v","starting_cash":1,\#(ticker)}"#, "invalid_name"),
                (#"{"id":"v","name":"x","starting_cash":-1,\#(ticker)}"#, "invalid_starting_cash"),
                (#"{"id":"v","name":"x","starting_cash":1.001,\#(ticker)}"#, "invalid_starting_cash"),
                (#"{"id":"v","name":"x","starting_cash":1,"tickers":[]}"#, "invalid_tickers"),
                (
                    #"{"id":"v","name":"x","starting_cash":1,"tickers":[{"symbol":"OWL","initial_price":20},{"symbol":"owl","initial_price":5}]}"#,
                    "invalid_tickers"
                ),
                (
                    #"{"id":"v","name":"x","starting_cash":1,"tickers":[{"symbol":"OWL","initial_price":20.03,"tick_size":0.05}]}"#,
                    "invalid_tickers"
                ),
                (
                    #"{"id":"v","name":"x","starting_cash":1,"tickers":[{"symbol":"1X","initial_price":20}]}"#,
                    "invalid_tickers"
                ),
                (#"{"id":"v","name":"x","starting_cash":1,\#(ticker),"fees":{"taker_bps":10001}}"#, "invalid_fees"),
                (
                    #"{"id":"v","name":"x","starting_cash":1,\#(ticker),"risk_limits":{"max_position":0}}"#,
                    "invalid_risk_limits"
                ),
                (#"{"id":"v","name":"x","starting_cash":1,\#(ticker),"visibility":"invite"}"#, "invalid_invite_code"),
                (#"{"id":"v","name":"x","starting_cash":1,\#(ticker),"visibility":"secret"}"#, "invalid_visibility"),
                (
                    #"{"id":"v","name":"x","starting_cash":1,\#(ticker),"market_makers":{"levels":-1}}"#,
                    "invalid_market_makers"
                ),
                (
                    #"{"id":"v","name":"x","starting_cash":1,\#(ticker),"events":[{"kind":"shock","ticker":"NOPE","percent":5,"every_seconds":9}]}"#,
                    "invalid_events"
                ),
                (
                    #"{"id":"v","name":"x","starting_cash":1,\#(ticker),"events":[{"kind":"rain","ticker":"OWL","every_seconds":9}]}"#,
                    "invalid_events"
                ),
                (#"{"id":"main","name":"x","starting_cash":1,\#(ticker)}"#, "venue_exists"),
                (#"{"id":"v","name":"x","#, "invalid_request"),
            ]
            for (body, code) in cases {
                let response = try await server.request(.POST, "/api/admin/venues", json: body, headers: admin)
                #expect(response.status >= 400 && response.status < 500, "\(body)")
                #expect(response.errorCode == code, "\(body): \(response.text)")
            }
            #expect(try await server.request(.GET, "/api/venues/v").status == 404)
        }
    }

    @Test(arguments: TestBackend.available)
    func hostsRunOnlyTheVenuesTheyWereGiven(backend: TestBackend) async throws {
        try await withServer(backend, configure: { $0 = $0.withAdmin() }) { server in
            let admin = try await server.adminHeader()
            #expect(
                try await server.request(.POST, "/api/admin/venues", json: Self.classroom, headers: admin).status == 201
            )
            var teacher = try await server.register("teacher", password: hostPassword)
            var other = try await server.register("other", password: hostPassword)
            #expect(
                try await server.request(
                    .PUT, "/api/admin/venues/class-a/hosts/\(teacher.id)", headers: other.bearerHeader
                ).status == 403)
            #expect(try await server.request(.PUT, "/api/admin/venues/class-a/hosts/\(teacher.id)").status == 401)
            #expect(
                try await server.request(.PUT, "/api/admin/venues/class-a/hosts/12345", headers: admin).status == 404)
            #expect(
                try await server.request(.PUT, "/api/admin/venues/nowhere/hosts/\(teacher.id)", headers: admin).status
                    == 404)
            let granted = try await server.request(
                .PUT, "/api/admin/venues/class-a/hosts/\(teacher.id)", headers: admin)
            #expect(granted.status == 200)
            #expect((try granted.object()["hosts"] as? [String]) == [teacher.id])
            #expect(
                try await server.request(.PUT, "/api/admin/venues/main/hosts/\(other.id)", headers: admin).status == 200
            )
            teacher = try await server.withAdminKey(teacher)
            other = try await server.withAdminKey(other)

            let halt = #"{"reason":"quiz time"}"#
            #expect(
                try await server.request(
                    .POST, "/api/admin/venues/class-a/halt", json: halt, headers: teacher.keyHeader
                ).status == 200)
            let shown = try await server.get("/api/admin/venues/class-a", as: teacher).object()
            #expect(shown["trading_status"] as? String == "halted" && shown["invite_code"] as? String == "owl-42")
            // A host of another venue, and a host here acting elsewhere, are refused.
            #expect(
                try await server.request(
                    .POST, "/api/admin/venues/class-a/resume", json: "{}", headers: other.keyHeader
                ).status == 403)
            #expect(
                try await server.request(.POST, "/api/admin/venues/main/halt", json: halt, headers: teacher.keyHeader)
                    .status == 403)
            #expect(try await server.request(.GET, "/api/admin/venues/main", headers: teacher.keyHeader).status == 403)
            #expect(
                try await server.request(.POST, "/api/admin/venues", json: Self.classroom, headers: teacher.keyHeader)
                    .status == 403)

            #expect(
                try await server.request(.DELETE, "/api/admin/venues/class-a/hosts/\(teacher.id)", headers: admin)
                    .status == 200)
            #expect(
                try await server.request(
                    .POST, "/api/admin/venues/class-a/resume", json: "{}", headers: teacher.keyHeader
                ).status == 403)
            #expect(
                try await server.request(.POST, "/api/admin/venues/class-a/resume", json: "{}", headers: admin).status
                    == 200)
        }
    }

    @Test(arguments: TestBackend.available)
    func createdVenuesComeBackAfterARestart(backend: TestBackend) async throws {
        try await withScratchDatabase(backend) { scratch in
            let configuration = scratch.configuration().withAdmin()
            let (alice, orderID) = try await TestServer.run(configuration) { server in
                let admin = try await server.adminHeader()
                #expect(
                    try await server.request(.POST, "/api/admin/venues", json: Self.classroom, headers: admin).status
                        == 201)
                let alice = try await server.register("alice")
                let teacher = try await server.register("teacher", password: hostPassword)
                #expect(
                    try await server.request(.PUT, "/api/admin/venues/class-a/hosts/\(teacher.id)", headers: admin)
                        .status == 200)
                let hosting = try await server.withAdminKey(teacher)
                #expect(
                    try await server.request(
                        .POST, "/api/venues/class-a/join", json: #"{"invite_code":"owl-42"}"#, headers: alice.keyHeader
                    ).status == 201)
                let order = try await server.order(alice, "buy", 3, "OWL", at: "19.95", venue: "class-a")
                return ((alice, hosting), order["order_id"] as? String ?? "")
            }
            try await TestServer.run(configuration) { server in
                let shown = try await server.get("/api/admin/venues/class-a", as: alice.1).object()
                #expect(shown["invite_code"] as? String == "owl-42" && cents(shown["starting_cash"]) == 5_000_00)
                let open = try await server.get("/api/venues/class-a/orders", as: alice.0).array()
                #expect(open.map { $0["order_id"] as? String } == [orderID])
                let portfolio = try await server.get("/api/venues/class-a/portfolio", as: alice.0).object()
                // Per share: the price plus the largest fee it could pay, ⌈19.95 × 10 bp⌉ = 2 cents.
                let escrow: Int64 = 3 * (19_95 + 2)
                #expect(cents(portfolio["escrowed_cash"]) == escrow)
                let book = try await server.get("/api/venues/class-a/market/OWL/orderbook").object()
                #expect((book["bids"] as? [[String: Any]])?.first.map { cents($0["price"]) } == 19_95)
            }
        }
    }

    /// A configured ticker is listed at start when the venue does not have it; one delisted stays delisted.
    @Test func aDelistedConfiguredTickerStaysDelistedAcrossARestart() async throws {
        try await withScratchDatabase(.sqlite) { scratch in
            let configuration = scratch.configuration().withAdmin()
            try await TestServer.run(configuration) { server in
                let delisted = try await server.request(
                    .POST, "/api/admin/venues/main/tickers/FUN/delist", json: #"{"price":10,"reason":"wound up"}"#,
                    headers: try await server.adminHeader())
                #expect(delisted.status == 200, "\(delisted.text)")
            }
            try await TestServer.run(configuration) { server in
                let tickers = try await server.get("/api/market/tickers").object()["tickers"] as? [String: Any]
                #expect(tickers.map { !$0.isEmpty && $0["FUN"] == nil } == true, "\(tickers ?? [:])")
            }
        }
    }

    @Test(arguments: TestBackend.available)
    func privateChannelsCarryOnlyTheirVenuesFills(backend: TestBackend) async throws {
        try await withServer(backend, configure: { $0 = $0.withAdmin() }) { server in
            let admin = try await server.adminHeader()
            #expect(
                try await server.request(.POST, "/api/admin/venues", json: Self.classroom, headers: admin).status == 201
            )
            let alice = try await server.register("alice")
            let bob = try await server.register("bob")
            for user in [alice, bob] {
                #expect(
                    try await server.request(
                        .POST, "/api/venues/class-a/join", json: #"{"invite_code":"owl-42"}"#, headers: user.keyHeader
                    ).status == 201)
            }
            #expect(
                try await server.request(
                    .POST, "/api/admin/venues/class-a/adjustments",
                    json: #"{"user_id":"\#(bob.id)","ticker":"OWL","shares":5,"reason":"seed"}"#,
                    headers: admin
                ).status == 200)
            let inMain = FeedClient.connect(port: server.port, "/ws/private?api_key=\(alice.apiKey)")
            let inClass = FeedClient.connect(port: server.port, "/ws/venues/class-a/private?api_key=\(alice.apiKey)")
            let tradesInMain = FeedClient.connect(port: server.port, "/ws/trades:FUN")
            let tradesInClass = FeedClient.connect(port: server.port, "/ws/venues/class-a/trades:FUN")
            try await Task.sleep(for: .milliseconds(300))

            try await server.order(alice, "buy", 2, "FUN", at: "100", venue: "class-a")
            #expect(
                try await server.request(
                    .POST, "/api/admin/venues/class-a/adjustments",
                    json: #"{"user_id":"\#(bob.id)","ticker":"FUN","shares":5,"reason":"seed"}"#,
                    headers: admin
                ).status == 200)
            try await server.order(bob, "sell", 2, "FUN", at: "100", venue: "class-a")
            try await inClass.wait(for: "alice's fill in class-a") { $0.contains { $0["type"] as? String == "fill" } }
            try await tradesInClass.wait(for: "the trade in class-a") {
                $0.contains { $0["type"] as? String == "trade" || $0["price"] != nil }
            }
            try await Task.sleep(for: .milliseconds(300))
            #expect(inMain.messages.isEmpty, "main's private channel heard of class-a: \(inMain.messages)")
            #expect(!tradesInMain.messages.contains { cents($0["price"]) == 100_00 && $0["quantity"] as? Int == 2 })
            for client in [inMain, inClass, tradesInMain, tradesInClass] { await client.close() }
        }
    }
}
