import Foundation
import MarketCore
import Testing

@testable import MarketServer

@Suite("Market makers and market events")
struct MarketLifeServerTests {
    /// Market makers on, with a refresh interval long enough that only the test drives their cycles.
    static func configureMakers(_ configuration: inout ServerConfiguration) {
        configuration.marketMakersEnabled = true
        configuration.marketMakers.refreshInterval = .seconds(3_600)
        configuration.marketMakers.policy = QuotingPolicy(
            spreadBasisPoints: 40, levels: 3, sizePerLevel: 20, levelSpacingBasisPoints: 10, inventoryLimit: 50,
            skewBasisPoints: 20)
    }

    private func restingOrders(of maker: MarketMaker, in ticker: TickerSymbol) -> [RestingOrder] {
        let market = maker.venue.committed.snapshot().markets[ticker]!
        return (market.bids + market.asks).filter { $0.account == maker.account }
    }

    @Test(arguments: TestBackend.available)
    func keepsATwoSidedBookAndIsLeftOffTheLeaderboard(backend: TestBackend) async throws {
        let captured = CapturedParts()
        try await withServer(backend, hooks: captured.hooks, configure: Self.configureMakers) { server in
            let maker = try #require(try captured.value.life.maker(of: "main"))
            await maker.requoteAll()
            for ticker in ["FUN", "MEME", "YOLO", "HODL", "PUMP"] {
                let book = try await server.get("/api/market/\(ticker)/orderbook").object()
                let bids = try #require(book["bids"] as? [[String: Any]])
                let asks = try #require(book["asks"] as? [[String: Any]])
                #expect(bids.count == 3 && asks.count == 3, "\(ticker): \(book)")
                #expect(cents(bids.first?["price"])! < cents(asks.first?["price"])!)
            }
            _ = try await server.register("alice")
            let board = try await server.get("/api/leaderboard").object()
            let names = (board["leaderboard"] as? [[String: Any]] ?? []).compactMap { $0["username"] as? String }
            #expect(names == ["alice"])
            #expect(maker.venue.committed.snapshot().invariantViolations == [])
        }
    }

    /// A venue created while the server runs gets its market maker at once, as a configured one does at
    /// start; settings a running maker could not live with are refused at creation as they are on change.
    @Test func aVenueCreatedWhileRunningQuotesAtOnceWithinBounds() async throws {
        let captured = CapturedParts()
        let configure: (inout ServerConfiguration) -> Void = { configuration in
            Self.configureMakers(&configuration)
            configuration = configuration.withAdmin()
        }
        try await withServer(.sqlite, hooks: captured.hooks, configure: configure) { server in
            let admin = try await server.adminHeader()
            let venue =
                #"{"id":"lab","name":"Lab","starting_cash":5000,"tickers":[{"symbol":"OWL","initial_price":20}],"market_makers":"#
            let tooMany = try await server.request(
                .POST, "/api/admin/venues", json: venue + #"{"levels":50}}"#, headers: admin)
            #expect(tooMany.status == 400 && tooMany.text.contains("levels must be 0 to 20"), "\(tooMany.text)")
            #expect(try await server.request(.GET, "/api/admin/venues/lab", headers: admin).status == 404)

            let created = try await server.request(.POST, "/api/admin/venues", json: venue + "true}", headers: admin)
            #expect(created.status == 201, "\(created.text)")
            let makers = try await server.request(.GET, "/api/admin/venues/lab/market-makers", headers: admin).object()
            #expect(makers["running"] as? Bool == true, "\(makers)")
            let maker = try #require(try captured.value.life.maker(of: "lab"))
            await maker.requoteAll()
            let book = try await server.get("/api/venues/lab/market/OWL/orderbook").object()
            #expect((book["bids"] as? [Any])?.count == 3 && (book["asks"] as? [Any])?.count == 3, "\(book)")
        }
    }

    @Test func quotesBothSidesUnderTheVenuesAccountLimits() async throws {
        // The maker's inventory (2,000 of each ticker) is above the venue's position limit and its 30 quotes
        // above the open-order limit: participants are bound by both, the venue's own maker by neither.
        let captured = CapturedParts()
        let configure: (inout ServerConfiguration) -> Void = { configuration in
            Self.configureMakers(&configuration)
            configuration = configuration.withAdmin()
        }
        try await withServer(.sqlite, hooks: captured.hooks, configure: configure) { server in
            let maker = try #require(try captured.value.life.maker(of: "main"))
            let limits = try await server.request(
                .PUT, "/api/admin/venues/main/risk-limits", json: #"{"max_position":1000,"max_open_orders":4}"#,
                headers: try await server.adminHeader())
            #expect(limits.status == 200)
            await maker.requoteAll()
            for ticker in ["FUN", "MEME", "YOLO", "HODL", "PUMP"] {
                let book = try await server.get("/api/market/\(ticker)/orderbook").object()
                #expect((book["bids"] as? [Any])?.count == 3 && (book["asks"] as? [Any])?.count == 3, "\(ticker)")
            }
            let student = try await server.register("student")
            let refused = try await server.request(
                .POST, "/api/orders", json: #"{"ticker":"FUN","side":"buy","price":1,"quantity":1001}"#,
                headers: student.keyHeader)
            #expect(try refused.object()["error"] as? String == "position_limit")
            #expect(maker.venue.committed.snapshot().invariantViolations == [])
        }
    }

    @Test(arguments: TestBackend.available)
    func cancelsItsStaleQuotesBeforePlacingNewOnes(backend: TestBackend) async throws {
        let captured = CapturedParts()
        try await withServer(backend, hooks: captured.hooks, configure: Self.configureMakers) { server in
            let maker = try #require(try captured.value.life.maker(of: "main"))
            await maker.requote("FUN")
            let first = restingOrders(of: maker, in: "FUN")
            #expect(first.count == 6)
            maker.shock("FUN", basisPoints: 500)
            await maker.requote("FUN")
            let second = restingOrders(of: maker, in: "FUN")
            #expect(second.count == 6)
            #expect(Set(first.map(\.id)).isDisjoint(with: second.map(\.id)))
            // Quotes moved up with the shocked fair value.
            #expect(second.map(\.price).min()! > first.map(\.price).min()!)
            // The stale ones are cancelled in the database too.
            let database = try await server.get("/api/market/FUN/orderbook").object()
            #expect((database["bids"] as? [Any])?.count == 3)
        }
    }

    @Test(arguments: TestBackend.available)
    func staysWithinItsInventoryLimit(backend: TestBackend) async throws {
        let captured = CapturedParts()
        try await withServer(backend, hooks: captured.hooks(seeding: 500), configure: Self.configureMakers) { server in
            let maker = try #require(try captured.value.life.maker(of: "main"))
            let target = maker.settings.seedShares
            let limit = maker.settings.policy.inventoryLimit
            let taker = try await server.register("taker")
            try await maker.venue.adjustCash(of: AccountID(Int64(taker.id)!), by: 1_000_000_00, reason: "test")
            // The taker sells into every bid the maker shows, cycle after cycle, then buys every ask.
            for side in ["sell", "buy"] {
                for _ in 0..<6 {
                    await maker.requote("FUN")
                    let held = maker.venue.committed.account(maker.account)!.position(in: "FUN").total
                    #expect(abs((held - target).value) <= limit.value)
                    let price = side == "sell" ? "1.00" : "110.00"
                    _ = try await server.order(taker, side, 60, at: price, timeInForce: "IOC")
                    let after = maker.venue.committed.account(maker.account)!.position(in: "FUN").total
                    #expect(abs((after - target).value) <= limit.value, "inventory \(after - target) past \(limit)")
                }
                let held = maker.venue.committed.account(maker.account)!.position(in: "FUN").total
                #expect(abs((held - target).value) == limit.value, "the taker should have pushed it to the limit")
            }
            #expect(maker.venue.committed.snapshot().invariantViolations == [])
        }
    }

    @Test(arguments: TestBackend.available)
    func dividendPaysHoldersExactlyAndSurvivesARestart(backend: TestBackend) async throws {
        try await withScratchDatabase(backend) { scratch in
            let captured = CapturedParts()
            var configuration = scratch.configuration()
            let registered = try await TestServer.run(configuration, hooks: captured.hooks(seeding: 40)) { server in
                let alice = try await server.register("alice")
                let bob = try await server.register("bob")
                let carol = try await server.register("carol")
                let main = try captured.value.venues.main
                try await main.adjustShares(of: AccountID(Int64(carol.id)!), in: "FUN", by: -40, reason: "test")
                // Bob offers 15 of his: reserved shares are paid too.
                try await server.order(bob, "sell", 15, at: "120.00")
                let before = try [alice, bob, carol].map {
                    try #require(main.committed.account(AccountID(Int64($0.id)!))).totalCash
                }
                let issuedBefore = main.committed.issuedCash

                let life = try captured.value.life
                try await life.fire(
                    MarketEventSchedule(ticker: "FUN", kind: .dividend(perShare: 37), every: .seconds(1)), in: main)

                let after = try [alice, bob, carol].map {
                    try #require(main.committed.account(AccountID(Int64($0.id)!))).totalCash
                }
                #expect(after[0] - before[0] == Cents(40 * 37))
                #expect(after[1] - before[1] == Cents(40 * 37))
                #expect(after[2] == before[2])
                #expect(main.committed.issuedCash - issuedBefore == Cents(80 * 37))
                #expect(main.committed.snapshot().invariantViolations == [])
                #expect(main.committed.snapshot() == main.live.snapshot())
                let portfolio = try await server.get("/api/portfolio", as: alice).object()
                let expected: Int64 = 10_000_00 + 40 * 37
                #expect(cents(portfolio["cash"]) == expected, "\(portfolio)")
                return [alice, bob, carol]
            }
            // Replaying the journal at start pays the same dividend again, to the cent.
            configuration.marketMakersEnabled = false
            let recovered = CapturedParts()
            try await TestServer.run(configuration, hooks: recovered.hooks) { server in
                let main = try recovered.value.venues.main
                let alice = try #require(main.committed.account(AccountID(Int64(registered[0].id)!)))
                #expect(alice.totalCash == Cents(10_000_00 + 40 * 37))
                #expect(main.committed.snapshot().invariantViolations == [])
                let portfolio = try await server.get("/api/portfolio", as: registered[0]).object()
                let expected: Int64 = 10_000_00 + 40 * 37
                #expect(cents(portfolio["cash"]) == expected, "\(portfolio)")
            }
            // The accounts table was credited by the same amounts the journal's replay arrives at.
            try await expectJournalAndTablesAgree(scratch)
        }
    }

    @Test func scheduleAndMakerSettingsParse() throws {
        let events = try MarketEventSchedule.parseList(
            json: """
                [{"kind":"dividend","ticker":"fun","amount":0.25,"every_seconds":3600},
                 {"kind":"shock","ticker":"MEME","percent":-8,"every_seconds":900}]
                """)
        #expect(
            events == [
                MarketEventSchedule(ticker: "FUN", kind: .dividend(perShare: 25), every: .seconds(3_600)),
                MarketEventSchedule(ticker: "MEME", kind: .shock(basisPoints: -800), every: .seconds(900)),
            ])
        #expect(throws: (any Error).self) {
            try MarketEventSchedule.parseList(
                json: #"[{"kind":"dividend","ticker":"FUN","amount":0.001,"every_seconds":1}]"#)
        }
        let settings = try MarketMakerSettings.parse(
            json: #"{"spread_bps":80,"levels":2,"refresh_ms":250,"cash":5000.5,"tickers":{"fun":{"size":7}}}"#)
        #expect(settings.policy.spreadBasisPoints == 80 && settings.policy.levels == 2)
        #expect(settings.refreshInterval == .milliseconds(250) && settings.seedCash == 5_000_50)
        #expect(settings.policy(for: "FUN").sizePerLevel == 7 && settings.policy(for: "FUN").spreadBasisPoints == 80)
        let configuration = try ServerConfiguration(variables: [
            "WS_SNAPSHOT_MS": "200", "WS_QUEUE_LIMIT": "10", "MARKET_MAKERS": "off",
        ])
        #expect(
            configuration.feed.snapshotInterval == .milliseconds(200) && configuration.feed.subscriberQueueLimit == 10)
        #expect(throws: ConfigurationError.self) { try ServerConfiguration(variables: ["MARKET_EVENTS": "[{}]"]) }
    }
}
