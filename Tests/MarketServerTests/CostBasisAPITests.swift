import Foundation
import Testing

@testable import MarketServer

/// The portfolio's cost basis and profit and loss over HTTP, on the real server, before and after a SIGKILL:
/// the server keeps nothing of them but the journal, so a restart must replay them to the cent.
@Suite("Cost basis over HTTP")
struct CostBasisAPITests {
    static let environment = [
        "MARKET_MAKERS": "off", "BACKGROUND_TRADERS": "off", "SHORT_SELLING": "on",
        "ADMIN_USERNAME": "root", "ADMIN_PASSWORD": "root-password-for-tests",
    ]

    static func holding(_ portfolio: [String: Any], _ ticker: String = "FUN") -> [String: Any]? {
        (portfolio["holdings"] as? [[String: Any]])?.first { $0["ticker"] as? String == ticker }
    }

    /// Alice buys 10 at 100.00 and 20 at 103.00 (average 102.00), sells 12 at 110.00 (96.00 realized) and
    /// keeps 18 with the last trade at 110.00; Bob, who sold them, is short 30 at 102.00 and bought 12 back.
    static func expectFigures(_ client: TestServer, _ alice: RegisteredUser, _ bob: RegisteredUser) async throws {
        let mine = try await client.get("/api/portfolio", as: alice).object()
        let fun = holding(mine)
        #expect(fun?["quantity"] as? Int == 18, "\(mine)")
        #expect(cents(fun?["average_price"]) == 102_00 && cents(fun?["cost_basis"]) == 1_836_00, "\(mine)")
        #expect(cents(fun?["unrealized_pnl"]) == 144_00 && cents(fun?["realized_pnl"]) == 96_00, "\(mine)")
        #expect(cents(mine["realized_pnl"]) == 96_00 && cents(mine["unrealized_pnl"]) == 144_00, "\(mine)")
        let theirs = try await client.get("/api/portfolio", as: bob).object()
        let short = holding(theirs)
        #expect(short?["quantity"] as? Int == -18, "\(theirs)")
        #expect(cents(short?["average_price"]) == 102_00 && cents(short?["cost_basis"]) == -1_836_00, "\(theirs)")
        #expect(cents(short?["unrealized_pnl"]) == -144_00 && cents(short?["realized_pnl"]) == -96_00, "\(theirs)")
    }

    @Test(arguments: TestBackend.available)
    func thePortfolioShowsCostAndProfitAndTheyOutliveAKill(backend: TestBackend) async throws {
        try await withScratchDatabase(backend) { scratch in
            var server = try await ServerProcess.start(scratch, environment: Self.environment)
            let (alice, bob) = try await server.withClient { client in
                let (alice, bob) = (try await client.register("alice"), try await client.register("bob"))
                for (quantity, price) in [(10, "100.00"), (20, "103.00")] {
                    try await client.order(bob, "sell", quantity, at: price)
                    try await client.order(alice, "buy", quantity, at: price)
                }
                try await client.order(bob, "buy", 12, at: "110.00")
                try await client.order(alice, "sell", 12, at: "110.00")
                try await Self.expectFigures(client, alice, bob)
                return (alice, bob)
            }
            await server.kill()
            server = try await ServerProcess.start(scratch, environment: Self.environment)
            try await server.withClient { client in try await Self.expectFigures(client, alice, bob) }
            await server.kill()
        }
    }
}
