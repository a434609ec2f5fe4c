import Foundation
import MarketCore
import Testing

@testable import MarketServer

/// Headlines: a host publishes one (moving a ticker's fair value when it carries a shock), a venue's schedule
/// publishes others; everyone reads them from `GET /api/news`, and a restart keeps them, since the journal
/// does. The `news` channel is followed over real sockets by the SDK's stream test and the browser test.
@Suite("News")
struct NewsTests {
    static let path = "/api/admin/venues/main/market-events"

    @Test(arguments: TestBackend.available)
    func aHostPublishesNewsThatMovesAFairValue(backend: TestBackend) async throws {
        let captured = CapturedParts()
        try await withScratchDatabase(backend) { scratch in
            var configuration = scratch.configuration().withAdmin()
            configuration.marketMakersEnabled = true
            try await TestServer.run(configuration, hooks: captured.hooks) { server in
                let admin = try await server.adminHeader()
                let fairValues = try #require(try captured.value.life.fairValues(of: "main"))
                let before = try #require(fairValues.value(of: "FUN"))

                let published = try await server.request(
                    .POST, Self.path,
                    json:
                        #"{"kind":"news","headline":"  FUN recalls its toys ","ticker":"fun","percent":-10,"reason":"lesson 3"}"#,
                    headers: admin)
                #expect(published.status == 200, "\(published.text)")
                let answer = try published.object()
                let result = answer["result"] as? [String: String] ?? [:]
                #expect(answer["ticker"] as? String == "FUN" && answer["kind"] as? String == "news", "\(answer)")
                #expect(result["headline"] == "FUN recalls its toys" && result["basis_points"] == "-1000", "\(result)")
                let after = try #require(fairValues.value(of: "FUN"))
                #expect(after < before && after.value >= before.value * 85 / 100, "fair value \(before) -> \(after)")

                let bare = try await server.request(
                    .POST, Self.path, json: #"{"kind":"news","headline":"Markets close early on Friday"}"#,
                    headers: admin)
                let bareAnswer = try bare.object()
                #expect(bare.status == 200 && bareAnswer["ticker"] == nil, "\(bare.text)")

                let listed = try await server.get("/api/news").object()["news"] as? [[String: Any]] ?? []
                #expect(
                    listed.map { $0["headline"] as? String } == [
                        "Markets close early on Friday", "FUN recalls its toys",
                    ])
                #expect(listed.last?["ticker"] as? String == "FUN" && cents(listed.last?["percent"]) == -1_000)
                #expect(listed.first?["ticker"] is NSNull && listed.first?["percent"] is NSNull, "\(listed)")
                #expect(listed.last?["id"] as? String == result["id"], "the id is the journal's sequence")
                let scoped = try await server.get("/api/venues/main/news?limit=1").object()["news"] as? [[String: Any]]
                #expect(scoped?.count == 1 && scoped?.first?["headline"] as? String == "Markets close early on Friday")
                let older = try await server.get("/api/news?limit=5&offset=1").object()["news"] as? [[String: Any]]
                #expect(older?.map { $0["headline"] as? String } == ["FUN recalls its toys"])

                let audit = try await server.auditEntries("?venue=main", headers: admin)
                let entries = audit.filter { $0["action"] as? String == "publish_news" }
                #expect(entries.count == 2 && entries.last?["reason"] as? String == "lesson 3", "\(audit)")
                #expect(entries.last?["target"] as? String == "ticker FUN")
            }
            // The journal keeps the news: after a restart the list is the same.
            try await TestServer.run(configuration) { server in
                let listed = try await server.get("/api/news").object()["news"] as? [[String: Any]] ?? []
                #expect(
                    listed.map { $0["headline"] as? String } == [
                        "Markets close early on Friday", "FUN recalls its toys",
                    ])
            }
        }
    }

    /// Bad headlines and bad terms are refused with a 400 naming the field, a shock with nothing to move
    /// with a 409, and outsiders with 403 or 401; none of them publishes anything.
    @Test func refusedNewsPublishesNothing() async throws {
        try await withServer(.sqlite, configure: { $0 = $0.withAdmin() }) { server in
            let admin = try await server.adminHeader()
            let outsiders = try await server.outsiders(admin: admin)
            let cases: [(String, String)] = [
                (#"{"kind":"news"}"#, "headline"), (#"{"kind":"news","headline":"   "}"#, "headline"),
                (#"{"kind":"news","headline":"\#(String(repeating: "x", count: 201))"}"#, "headline"),
                (#"{"kind":"news","headline":"Up","percent":5}"#, "ticker"),
                (#"{"kind":"news","headline":"Up","ticker":"NOPE"}"#, "ticker"),
                (#"{"kind":"news","headline":"Up","ticker":"FUN","percent":95}"#, "percent"),
                (#"{"kind":"news","headline":7}"#, "headline"),
            ]
            for (body, field) in cases {
                let refused = try await server.request(.POST, Self.path, json: body, headers: admin)
                #expect(refused.status == 400 && refused.errorCode == "invalid_\(field)", "\(body): \(refused.text)")
            }
            let nothingToMove = try await server.request(
                .POST, Self.path, json: #"{"kind":"news","headline":"Up","ticker":"FUN","percent":5}"#, headers: admin)
            #expect(
                nothingToMove.status == 409 && nothingToMove.errorCode == "no_market_maker", "\(nothingToMove.text)")
            try await server.expectRefused(
                .POST, Self.path, json: #"{"kind":"news","headline":"Hello"}"#, by: outsiders)
            #expect(try await server.request(.GET, "/api/news?limit=0").status == 400)
            #expect(try await server.request(.GET, "/api/news?limit=101").status == 400)
            let listed = try await server.get("/api/news").object()
            #expect(listed["news"] as? [Any] != nil && (listed["news"] as? [Any])?.isEmpty == true, "\(listed)")
            let audit = try await server.auditEntries("?venue=main", headers: admin)
            #expect(!audit.contains { $0["action"] as? String == "publish_news" })
        }
    }

    /// A venue's definition schedules headlines; they are published on time, moving nothing when they carry
    /// no shock.
    @Test func aVenueSchedulesItsNews() async throws {
        try await withServer(.sqlite, configure: { $0 = $0.withAdmin() }) { server in
            let admin = try await server.adminHeader()
            let definition = #"""
                {"id":"newsroom","name":"Newsroom","starting_cash":1000,"tickers":[{"symbol":"INK","initial_price":10}],
                 "events":[{"kind":"news","headline":"The presses start","at_seconds":0},
                           {"kind":"news","headline":"INK doubles its print run","ticker":"ink","at_seconds":0}]}
                """#
            let created = try await server.request(.POST, "/api/admin/venues", json: definition, headers: admin)
            #expect(created.status == 201, "\(created.text)")
            let bad = try await server.request(
                .POST, "/api/admin/venues",
                json:
                    #"{"id":"bad","name":"Bad","starting_cash":1,"tickers":[{"symbol":"A","initial_price":1}],"events":[{"kind":"news","headline":"x","ticker":"B","at_seconds":0}]}"#,
                headers: admin)
            #expect(bad.status == 400 && bad.text.contains("ticker B is not listed"), "\(bad.text)")
            let deadline = ContinuousClock.now + .seconds(10)
            var headlines: [String] = []
            while headlines.count < 2, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(50))
                let news = try await server.get("/api/venues/newsroom/news").object()["news"] as? [[String: Any]] ?? []
                headlines = news.compactMap { $0["headline"] as? String }
            }
            #expect(Set(headlines) == ["The presses start", "INK doubles its print run"], "\(headlines)")
            #expect((try await server.get("/api/news").object()["news"] as? [Any])?.isEmpty == true, "main has none")
        }
    }
}
