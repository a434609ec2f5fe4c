import Foundation
import MarketCore
import NIOCore
import Testing

@testable import MarketServer

/// `GET /metrics` over real HTTP: the figures appear in the Prometheus text format and move with what the server does.
@Suite struct MetricsTests {
    @Test(arguments: TestBackend.available)
    func metricsAppearAndMoveAfterOrders(backend: TestBackend) async throws {
        let captured = CapturedParts()
        try await withServer(backend, hooks: captured.hooks(seeding: 100)) { server in
            let maker = try await server.register("maker")
            let taker = try await server.register("taker")
            let before = try await scrape(server)

            try await server.order(maker, "sell", 10, at: "101")
            try await server.order(taker, "buy", 4, at: "101")
            let refused = try await server.request(
                .POST, "/api/orders", json: #"{"ticker":"FUN","side":"buy","price":100,"quantity":900}"#,
                headers: taker.keyHeader)
            #expect(refused.status == 400 && refused.errorCode == "insufficient_cash")
            #expect(try await server.request(.GET, "/api/venues/main/market/MEME").status == 200)
            #expect(try await server.request(.GET, "/api/nowhere/\(UUID().uuidString)").status == 404)
            try await captured.value.venues.main.setTradingStatus(.halted(reason: "news"), of: "MEME")
            let after = try await scrape(server)

            let main = #"venue="main""#
            #expect(after.delta(from: before, "marketsim_orders_accepted_total{\(main)}") == 2)
            #expect(
                after.delta(from: before, #"marketsim_orders_rejected_total{venue="main",reason="insufficient_cash"}"#)
                    == 1)
            #expect(after.delta(from: before, "marketsim_trades_total{\(main)}") == 1)
            #expect(after.delta(from: before, "marketsim_traded_shares_total{\(main)}") == 4)
            #expect(
                after.delta(
                    from: before, #"marketsim_http_requests_total{method="POST",route="/api/orders",status="200"}"#)
                    == 2)
            #expect(
                after.delta(
                    from: before, #"marketsim_http_requests_total{method="POST",route="/api/orders",status="400"}"#)
                    == 1)
            #expect(
                after.delta(
                    from: before, #"marketsim_http_request_duration_seconds_count{method="POST",route="/api/orders"}"#)
                    == 3)
            // Routes are counted by template, never by raw path: no ticker, id or unknown path becomes a label.
            let venueRoutes = after.samples.keys.filter {
                $0.hasPrefix("marketsim_http_requests_total") && $0.contains("/api/venues/")
            }
            #expect(
                !venueRoutes.isEmpty && venueRoutes.allSatisfy { !$0.contains("main/") && !$0.contains("MEME") },
                "\(venueRoutes)")
            #expect(!after.text.contains("nowhere"))
            // Every committed order and trade went through the journal.
            #expect(try #require(after.delta(from: before, "marketsim_journal_commit_duration_seconds_count")) >= 1)
            #expect(try #require(after.delta(from: before, "marketsim_journal_batch_events_sum")) >= 5)
            #expect(after["marketsim_venue_accepting_orders{\(main)}"] == 1)
            #expect(after[#"marketsim_ticker_halted{venue="main",ticker="MEME"}"#] == 1)
            #expect(after[#"marketsim_ticker_halted{venue="main",ticker="FUN"}"#] == 0)
            #expect(
                try #require(after["marketsim_venue_committed_events{\(main)}"])
                    > (before["marketsim_venue_committed_events{\(main)}"] ?? 0))
            // Every family says what it is, right above its type.
            let lines = after.text.split(separator: "\n")
            let families = lines.filter { $0.hasPrefix("# TYPE ") }
            #expect(families.count >= 10)
            for (index, line) in lines.enumerated() where line.hasPrefix("# TYPE ") {
                let name = line.split(separator: " ")[2]
                #expect(index > 0 && lines[index - 1].hasPrefix("# HELP \(name) "), "\(name) has no HELP line")
                #expect(!lines[index - 1].contains("MarketSim metric"), "\(name) has only the fallback help")
            }
        }
    }

    @Test func websocketConnectionsAndDropsAreCounted() async throws {
        let captured = CapturedParts()
        try await withServer(.sqlite, hooks: captured.hooks, configure: { $0.feed.subscriberQueueLimit = 32 }) {
            server in
            let feed = try captured.value.feed
            let reader = FeedClient.connect(port: server.port, "/ws/trades:FUN")
            let stalled = FeedClient.connect(port: server.port, "/ws/trades:FUN", read: false)
            try await eventually("two connections") { try await scrape(server)["marketsim_websocket_connections"] == 2 }
            #expect(try await scrape(server)["marketsim_websocket_drops_total"] ?? 0 == 0)

            // Large messages fill the socket buffers; the subscriber that never reads overflows its queue.
            let padding = String(repeating: "x", count: 32 * 1024)
            var published = 0
            while feed.droppedSubscribers == 0 && published < 20_000 {
                for _ in 0..<16 {
                    feed.publish(venue: "main", channel: .trades("FUN")) { sequence in
                        ByteBuffer(string: #"{"type":"test","sequence":\#(sequence),"padding":"\#(padding)"}"#)
                    }
                }
                published += 16
                try await reader.wait(for: "the reader to keep up") { $0.count >= published }
            }
            try await eventually("one connection left") {
                try await scrape(server)["marketsim_websocket_connections"] == 1
            }
            #expect(try await scrape(server)["marketsim_websocket_drops_total"] == 1)
            // Scraping again does not count the same drop twice.
            #expect(try await scrape(server)["marketsim_websocket_drops_total"] == 1)
            await reader.close()
            await stalled.close()
            try await eventually("no connections") { try await scrape(server)["marketsim_websocket_connections"] == 0 }
        }
    }

    @Test func marketMakerCyclesAreCounted() async throws {
        let cycles = #"marketsim_market_maker_cycles_total{venue="main"}"#
        try await withServer(
            .sqlite,
            configure: {
                $0.marketMakersEnabled = true
                $0.marketMakers.refreshInterval = .milliseconds(20)
            }
        ) { server in
            // A cycle requotes every ticker through the journal, so on a busy machine it can take a while.
            var first = 0.0
            try await eventually("a first cycle", timeout: .seconds(60)) {
                first = try await scrape(server)[cycles] ?? 0
                return first >= 1
            }
            try await eventually("more cycles", timeout: .seconds(60)) { try await scrape(server)[cycles] ?? 0 > first }
        }
    }

    /// Each server has its own registry: a second server in the same process starts from nothing.
    @Test func eachServerCountsOnlyItsOwnWork() async throws {
        try await withServer(.sqlite, hooks: seedingShares(10, to: ["maker"])) { server in
            let maker = try await server.register("maker")
            try await server.order(maker, "sell", 1, at: "101")
            #expect(try await scrape(server)[#"marketsim_orders_accepted_total{venue="main"}"#] == 1)
        }
        try await withServer(.sqlite) { server in
            let metrics = try await scrape(server)
            #expect(metrics[#"marketsim_orders_accepted_total{venue="main"}"#] == nil)
            #expect(metrics[#"marketsim_http_requests_total{method="POST",route="/api/orders",status="200"}"#] == nil)
        }
    }
}

/// One scrape of `/metrics`: each sample line's `name{labels}` (labels as the registry writes them) and value.
struct Scrape {
    let text: String
    let samples: [String: Double]

    subscript(sample: String) -> Double? { samples[sample] }

    /// How much a sample grew since `earlier` (a sample not there before counts from 0).
    func delta(from earlier: Scrape, _ sample: String) -> Double? {
        samples[sample].map { $0 - (earlier.samples[sample] ?? 0) }
    }
}

func scrape(_ server: TestServer) async throws -> Scrape {
    let response = try await server.request(.GET, "/metrics")
    guard response.status == 200 else { throw TestFailure("GET /metrics: \(response.status) \(response.text)") }
    #expect(response.headers.first(name: "Content-Type")?.hasPrefix("text/plain; version=0.0.4") == true)
    var samples: [String: Double] = [:]
    for line in response.text.split(separator: "\n") where !line.hasPrefix("#") {
        guard let space = line.lastIndex(of: " "), let value = Double(line[line.index(after: space)...]) else {
            throw TestFailure("not a Prometheus sample line: \(line)")
        }
        samples[String(line[..<space])] = value
    }
    return Scrape(text: response.text, samples: samples)
}
