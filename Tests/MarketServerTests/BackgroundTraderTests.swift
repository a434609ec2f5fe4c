import Foundation
import MarketCore
import Synchronization
import Testing

@testable import MarketServer

@Suite("Background traders")
struct BackgroundTraderTests {
    static let start = Timestamp(millisecondsSinceEpoch: 1_900_000_000_000)

    /// A busy population whose steps only the test drives.
    static func population(seed: UInt64) -> BackgroundTraderSettings {
        var settings = BackgroundTraderSettings(stepInterval: .seconds(3_600), randomSeed: seed)
        settings.noise.chancePerMillion = 300_000
        settings.value.chancePerMillion = 300_000
        settings.momentum.chancePerMillion = 300_000
        settings.momentum.lookback = 3
        settings.fairValue.volatilityBasisPoints = 40
        return settings
    }

    /// Runs the population for 40 steps on a manual clock with one outside order at step 15, and returns
    /// the venue's final state with every account named by its role, so that two runs compare.
    private func market(seed: UInt64) async throws -> [String] {
        let clock = ManualClock(Self.start)
        let captured = CapturedParts()
        let result = Mutex<[String]>([])
        try await withServer(
            .sqlite, hooks: captured.hooks(seeding: 100),
            configure: {
                $0.clock = clock
                $0.backgroundTraders = Self.population(seed: seed)
            }
        ) { server in
            let traders = try #require(try captured.value.life.backgroundTraders(of: "main"))
            let outsider = try await server.register("outsider")
            var names = [AccountID(Int64(outsider.id)!): "outsider"]
            for (index, trader) in traders.traders.enumerated() { names[trader.account] = "\(trader.style)-\(index)" }
            for step in 0..<40 {
                clock.advance(byMilliseconds: 500)
                await traders.step()
                if step == 15 { try await server.order(outsider, "buy", 7, at: "120.00", timeInForce: "IOC") }
            }
            let snapshot = traders.venue.committed.snapshot()
            #expect(snapshot.invariantViolations == [])
            var described: [String] = []
            for (symbol, market) in snapshot.markets.sorted(by: { $0.key < $1.key }) {
                described.append("\(symbol) last \(market.lastPrice) volume \(market.volume)")
                for order in market.bids + market.asks {
                    described.append(
                        "\(symbol) \(order.id) \(names[order.account] ?? "?") \(order.price) \(order.remaining)")
                }
            }
            for (account, holdings) in snapshot.accounts {
                let positions = holdings.positions.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value.total)" }
                described.append("\(names[account] ?? "?") \(holdings.totalCash) \(positions)")
            }
            described.append("sequence \(snapshot.lastSequence)")
            result.withLock { $0 = described.sorted() }
        }
        return result.withLock { $0 }
    }

    @Test func theSameSeedAndOrdersMakeTheSameMarket() async throws {
        let first = try await market(seed: 11)
        let second = try await market(seed: 11)
        let other = try await market(seed: 12)
        let volume = first.filter { $0.contains(" volume ") }
        #expect(volume.allSatisfy { !$0.hasSuffix("volume 0") }, "every ticker trades: \(volume)")
        #expect(first == second)
        #expect(first != other)
    }

    @Test func tradeOnTheirOwnAndStayOffTheLeaderboard() async throws {
        let captured = CapturedParts()
        try await withServer(
            .sqlite, hooks: captured.hooks,
            configure: {
                $0 = $0.withAdmin()
                $0.backgroundTraders = Self.population(seed: 3)
            }
        ) { server in
            let traders = try #require(try captured.value.life.backgroundTraders(of: "main"))
            #expect(
                traders.traders.map(\.style) == Array(repeating: .noise, count: 4) + [
                    .value, .value, .value, .momentum, .momentum,
                ])
            for _ in 0..<20 { await traders.step() }
            _ = try await server.register("alice")
            let board = try await server.get("/api/leaderboard").object()
            let names = (board["leaderboard"] as? [[String: Any]] ?? []).compactMap { $0["username"] as? String }
            #expect(names == ["alice"])
            let admin = try await server.adminHeader()
            let list = try await server.request(.GET, "/api/admin/venues/main/agents", headers: admin).object()
            let agents = list["agents"] as? [[String: Any]] ?? []
            let flagged = agents.filter { $0["background_trader"] as? Bool == true }
            #expect(flagged.count == 9, "\(agents)")
            let shown = try await server.request(.GET, "/api/admin/venues/main/background-traders", headers: admin)
                .object()
            #expect(shown["running"] as? Bool == true && (shown["traders"] as? [Any])?.count == 9, "\(shown)")
            #expect(traders.venue.committed.snapshot().invariantViolations == [])
        }
    }

    /// An administrator stops the population at run time, with an audit record, and starts it again retuned.
    @Test func anAdministratorStopsAndRetunesThem() async throws {
        let captured = CapturedParts()
        try await withServer(
            .sqlite, hooks: captured.hooks,
            configure: {
                $0 = $0.withAdmin()
                $0.backgroundTraders = Self.population(seed: 5)
            }
        ) { server in
            let admin = try await server.adminHeader()
            let path = "/api/admin/venues/main/background-traders"
            let wrong = try await server.request(.PUT, path, json: #"{"noise":{"count":50}}"#, headers: admin)
            #expect(wrong.status == 400 && wrong.text.contains("noise.count must be 0 to 20"), "\(wrong.text)")
            let null = try await server.request(
                .PUT, path, json: #"{"momentum":{"lookback_steps":null}}"#, headers: admin)
            #expect(null.status == 400 && null.text.contains("lookback_steps"), "\(null.text)")
            let trader = try await server.register("curious")
            #expect(try await server.request(.PUT, path, json: "false", headers: trader.keyHeader).status == 403)
            #expect(try await server.request(.GET, path, headers: trader.keyHeader).status == 403)
            #expect(try await server.request(.PUT, path, json: "false").status == 401)
            let untouched = try await server.request(.GET, path, headers: admin).object()
            #expect(untouched["running"] as? Bool == true, "refused requests change nothing: \(untouched)")
            let stopped = try await server.request(
                .PUT, path, json: #"{"enabled":false,"reason":"quiet"}"#, headers: admin)
            #expect(try stopped.object()["running"] as? Bool == false, "\(stopped.text)")
            #expect(try captured.value.life.backgroundTraders(of: "main") == nil)
            let retuned = try await server.request(
                .PUT, path, json: #"{"noise":{"count":2,"per_minute":60},"value":{"count":0},"momentum":{"count":1}}"#,
                headers: admin)
            let answer = try retuned.object()
            #expect(answer["running"] as? Bool == true && (answer["traders"] as? [Any])?.count == 3, "\(answer)")
            let settings = answer["settings"] as? [String: String] ?? [:]
            #expect(settings["noise.chance_per_million"] == "500000", "\(settings)")
            let audit = try await server.auditEntries("?venue=main", headers: admin)
            let entries = audit.filter { $0["action"] as? String == "set_background_traders" }
            #expect(entries.count == 2, "\(audit)")
            #expect(entries.last?["reason"] as? String == "quiet")
            #expect((entries.last?["after"] as? [String: String]) == ["enabled": "false"])
            let absent = try await server.request(
                .PUT, path, json: #"{"seed":null,"step_ms":null,"noise":{"count":3}}"#, headers: admin)
            let lenient = (try absent.object()["settings"] as? [String: String]) ?? [:]
            #expect(absent.status == 200, "a top-level null reads as absent: \(absent.text)")
            #expect(lenient["noise.count"] == "3" && lenient["step_ms"] == "500", "\(lenient)")
            let huge = try await server.request(.PUT, path, json: #"{"cash":-1e215}"#, headers: admin)
            #expect(huge.status == 400 && huge.text.contains("cash must be 0 to"), "\(huge.text)")
            let off = try await server.request(
                .PUT, path, json: #"{"enabled":false,"cash":-1e215,"seed":18446744073709551614}"#, headers: admin)
            #expect(off.status == 200, "switched off, the keys are read for their types only: \(off.text)")
        }
    }

    /// Changes to a venue's market life sent at once each take their turn: none fails on another's half-made
    /// house users, and the last one asked is the one that runs, alone.
    @Test func changesSentAtOnceTakeTurns() async throws {
        let captured = CapturedParts()
        try await withServer(
            .sqlite, hooks: captured.hooks,
            configure: {
                $0 = $0.withAdmin()
                $0.backgroundTraders = Self.population(seed: 9)
            }
        ) { server in
            let admin = try await server.adminHeader()
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for count in 1...12 {
                    let (path, body) =
                        count.isMultiple(of: 3)
                        ? ("market-makers", #"{"levels":2,"refresh_ms":3600000}"#)
                        : ("background-traders", #"{"step_ms":60000,"noise":{"count":\#(count)}}"#)
                    group.addTask {
                        try await server.request(.PUT, "/api/admin/venues/main/\(path)", json: body, headers: admin)
                            .status
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses == Array(repeating: 200, count: 12), "\(statuses)")
            let life = try captured.value.life
            let shown = try await server.request(.GET, "/api/admin/venues/main/background-traders", headers: admin)
                .object()
            let listed = (shown["traders"] as? [[String: String]] ?? []).compactMap { $0["user_id"] }
            let running = (life.backgroundTraders(of: "main")?.traders ?? []).map { String($0.account.rawValue) }
            #expect(!listed.isEmpty && listed == running, "\(shown)")
            let stored = try await life.database.withConnection { sql in
                try await sql.raw("SELECT COUNT(*) AS n FROM background_traders WHERE venue_id = 'main'").first()?
                    .decode(column: "n", as: Int.self)
            }
            #expect(stored == 16, "one house user per slot ever asked for: up to 11 noise, 3 value, 2 momentum")
        }
    }
}

/// The population as a new user meets it: the real server with its defaults.
@Suite("Background traders in a fresh server")
struct FreshServerTraderTests {
    /// `swift run marketsim` with its defaults trades on every ticker within a minute and forms candles; after
    /// a SIGKILL the same traders come back and trade on.
    @Test func aFreshServerTradesEveryTickerWithinAMinuteAndAfterARestart() async throws {
        try await withScratchDatabase(.sqlite) { scratch in
            let environment = [
                "MARKET_MAKERS": "on", "BACKGROUND_TRADERS": "on", "ADMIN_USERNAME": "root",
                "ADMIN_PASSWORD": "root-password-for-tests",
            ]
            var server = try await ServerProcess.start(scratch, environment: environment)
            let before = try await server.withClient { client in
                let volumes = try await Self.volumesOnceEveryTickerTrades(client, within: .seconds(60))
                let history = try await client.get("/api/market/FUN/history?interval=1m").object()
                let candles = history["candles"] as? [[String: Any]] ?? []
                #expect(candles.contains { ($0["volume"] as? Int ?? 0) > 0 }, "\(history)")
                let admin = try await client.adminHeader()
                let traders = try await client.request(
                    .GET, "/api/admin/venues/main/background-traders", headers: admin
                ).object()
                return (volumes, traders["traders"] as? [[String: String]] ?? [])
            }
            #expect(before.1.count == 9)
            await server.kill()
            server = try await ServerProcess.start(scratch, environment: environment)
            try await server.withClient { client in
                let admin = try await client.adminHeader()
                let traders = try await client.request(
                    .GET, "/api/admin/venues/main/background-traders", headers: admin
                ).object()
                #expect(traders["traders"] as? [[String: String]] ?? [] == before.1)
                let volumes = try await Self.volumesOnceEveryTickerTrades(
                    client, within: .seconds(60), beyond: before.0)
                #expect(volumes.count == 5)
            }
            await server.stop()
        }
    }

    /// Each ticker's volume, once every ticker's has grown past `floor` (its volume on the first look if not
    /// given); fails after `within`.
    static func volumesOnceEveryTickerTrades(
        _ client: TestServer, within limit: Duration, beyond floor: [String: Int]? = nil
    ) async throws -> [String: Int] {
        let deadline = ContinuousClock.now + limit
        let start = try await volumes(client)
        let floor = floor ?? start
        var volumes = start
        while ContinuousClock.now < deadline {
            if !volumes.isEmpty, volumes.allSatisfy({ $0.value > floor[$0.key, default: 0] }) { return volumes }
            try await Task.sleep(for: .seconds(1))
            volumes = try await Self.volumes(client)
        }
        Issue.record("not every ticker traded within \(limit): \(floor) then \(volumes)")
        return volumes
    }

    /// Each listed ticker's traded volume, from its quote.
    static func volumes(_ client: TestServer) async throws -> [String: Int] {
        let tickers = try await client.get("/api/market/tickers").object()["tickers"] as? [String: Any] ?? [:]
        var volumes: [String: Int] = [:]
        for ticker in tickers.keys {
            volumes[ticker] = try await client.get("/api/market/\(ticker)").object()["volume"] as? Int ?? 0
        }
        return volumes
    }
}
