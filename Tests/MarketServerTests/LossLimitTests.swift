import Foundation
import Testing

@testable import MarketServer

/// Safety switches over HTTP on the real server: an account's drawdown limit trips on a falling price, its
/// orders are cancelled and new ones refused, the trip survives a SIGKILL and is audited; the owner resets it.
/// A host's daily-loss limit binds every account of the venue, and the host resets it.
@Suite("Loss limits over HTTP")
struct LossLimitTests {
    static let path = "/api/account/loss-limits"
    static let environment = [
        "MARKET_MAKERS": "off", "BACKGROUND_TRADERS": "off", "ADMIN_USERNAME": "root",
        "ADMIN_PASSWORD": "root-password-for-tests",
    ]

    /// Prints a trade at `price` between `seller` and `buyer`, one share.
    static func trade(_ client: TestServer, _ seller: RegisteredUser, _ buyer: RegisteredUser, at price: String)
        async throws
    {
        try await client.order(seller, "sell", 1, at: price)
        try await client.order(buyer, "buy", 1, at: price)
    }

    @Test(arguments: TestBackend.available)
    func aDrawdownTripsCancelsAndRefusesUntilTheOwnerResetsItAndSurvivesAKill(backend: TestBackend) async throws {
        try await withScratchDatabase(backend) { scratch in
            var server = try await ServerProcess.start(scratch, environment: Self.environment)
            let alice = try await server.withClient { client in
                let admin = try await client.adminHeader()
                let (alice, bob, carol) = (
                    try await client.register("alice"), try await client.register("bob"),
                    try await client.register("carol")
                )
                let seed = try await client.request(
                    .POST, "/api/admin/venues/main/adjustments",
                    json: #"{"username":"bob","ticker":"FUN","shares":100,"reason":"seed"}"#, headers: admin)
                #expect(seed.status == 200, "\(seed.text)")
                try await client.order(bob, "sell", 10, at: "100.00")
                try await client.order(alice, "buy", 10, at: "100.00")
                let set = try await client.request(
                    .PUT, Self.path, json: #"{"max_drawdown":"50","max_daily_loss":null}"#, headers: alice.keyHeader)
                let limits = try set.object()
                #expect(set.status == 200 && cents(limits["max_drawdown"]) == 50_00, "\(set.text)")
                #expect(limits["max_daily_loss"] is NSNull && limits["tripped"] is NSNull, "\(limits)")
                #expect(cents(limits["peak_equity"]) == 10_000_00 && cents(limits["equity"]) == 10_000_00)
                try await client.order(alice, "buy", 1, at: "90.00")

                // 10 shares 4.00 down is 40.00: within the limit. 6.00 down is 60.00: tripped.
                try await Self.trade(client, bob, carol, at: "96.00")
                try await Task.sleep(for: .milliseconds(600))
                #expect(try await client.get(Self.path, as: alice).object()["tripped"] is NSNull)
                try await Self.trade(client, bob, carol, at: "94.00")
                try await eventually("the drawdown limit trips", timeout: .seconds(10)) {
                    try await client.get(Self.path, as: alice).object()["tripped"] as? String == "drawdown"
                }
                let cancelled = try await client.get("/api/orders?status=cancelled", as: alice).array()
                #expect(cancelled.first?["cancellation_reason"] as? String == "riskLimit", "\(cancelled)")
                #expect(try await client.get("/api/orders", as: alice).array().isEmpty)
                return alice
            }
            await server.kill()
            server = try await ServerProcess.start(scratch, environment: Self.environment)
            try await server.withClient { client in
                let admin = try await client.adminHeader()
                let refused = try await client.request(
                    .POST, "/api/orders", json: #"{"ticker":"FUN","side":"sell","quantity":1,"price":"95"}"#,
                    headers: alice.keyHeader)
                #expect(refused.status == 400 && refused.errorCode == "risk_limit_tripped", "\(refused.text)")
                let audit = try await client.auditEntries("?venue=main", headers: admin)
                let trip = audit.first { $0["action"] as? String == "risk_limit_tripped" }
                #expect(trip?["actor"] as? String == "exchange", "\(audit)")

                let reset = try await client.request(.POST, Self.path + "/reset", headers: alice.keyHeader)
                let after = try reset.object()
                #expect(reset.status == 200 && after["tripped"] is NSNull, "\(reset.text)")
                #expect(cents(after["peak_equity"]) == cents(after["equity"]), "measured from now: \(after)")
                let placed = try await client.order(alice, "sell", 1, at: "95.00")
                #expect(placed["status"] as? String == "open", "\(placed)")
                let resets = try await client.auditEntries("?venue=main", headers: admin)
                    .filter { $0["action"] as? String == "reset_risk_limit" }
                #expect(resets.first?["actor"] as? String == "alice", "\(resets)")
            }
            await server.stop()
        }
    }

    @Test(arguments: TestBackend.available)
    func aHostsDailyLossLimitBindsEveryAccountAndTheHostResetsIt(backend: TestBackend) async throws {
        try await withServer(backend, hooks: seedingShares(100, to: ["bob"]), configure: { $0 = $0.withAdmin() }) {
            server in
            let admin = try await server.adminHeader()
            let (alice, bob, carol) = (
                try await server.register("alice"), try await server.register("bob"),
                try await server.register("carol")
            )
            let venuePath = "/api/admin/venues/main/loss-limits"
            #expect(
                try await server.request(.PUT, venuePath, json: #"{"max_daily_loss":30}"#, headers: alice.keyHeader)
                    .status == 403)
            let set = try await server.request(.PUT, venuePath, json: #"{"max_daily_loss":30}"#, headers: admin)
            let venueLimits = try set.object()
            #expect(set.status == 200 && cents(venueLimits["max_daily_loss"]) == 30_00, "\(set.text)")
            try await server.order(bob, "sell", 10, at: "100.00")
            try await server.order(alice, "buy", 10, at: "100.00")
            let own = try await server.get(Self.path, as: alice).object()
            #expect(cents(own["venue_max_daily_loss"]) == 30_00 && own["max_daily_loss"] is NSNull, "\(own)")
            try await Task.sleep(for: .milliseconds(400))
            try await Self.trade(server, bob, carol, at: "96.00")
            try await eventually("the host's daily-loss limit trips", timeout: .seconds(10)) {
                try await server.get(Self.path, as: alice).object()["tripped"] as? String == "daily_loss"
            }
            let reset = try await server.request(
                .POST, venuePath + "/reset", json: #"{"username":"alice"}"#, headers: admin)
            let afterReset = try reset.object()
            #expect(reset.status == 200 && afterReset["tripped"] is NSNull, "\(reset.text)")
            let audit = try await server.auditEntries("?venue=main", headers: admin)
            #expect(audit.contains { $0["action"] as? String == "set_loss_limits" }, "\(audit)")
            #expect(audit.contains { $0["action"] as? String == "reset_risk_limit" }, "\(audit)")
        }
    }

    /// A venue's limits bind its participants, never the house: background traders whose equity swings far
    /// past a limit of one cent keep trading, while a participant's loss trips it.
    @Test func aVenuesLimitsLeaveTheHouseAlone() async throws {
        let captured = CapturedParts()
        try await withServer(
            .sqlite, hooks: captured.hooks,
            configure: {
                $0 = $0.withAdmin()
                $0.backgroundTraders = BackgroundTraderTests.population(seed: 3)
            }
        ) { server in
            let admin = try await server.adminHeader()
            let traders = try #require(try captured.value.life.backgroundTraders(of: "main"))
            let alice = try await server.register("alice")
            let set = try await server.request(
                .PUT, "/api/admin/venues/main/loss-limits", json: #"{"max_drawdown":"0.01"}"#, headers: admin)
            #expect(set.status == 200, "\(set.text)")
            for _ in 0..<40 {
                await traders.step()
                try await Task.sleep(for: .milliseconds(20))
            }
            let debit = try await server.request(
                .POST, "/api/admin/venues/main/adjustments",
                json: #"{"username":"alice","cash":-1,"reason":"a loss"}"#, headers: admin)
            #expect(debit.status == 200, "\(debit.text)")
            try await eventually("alice's drawdown trips") {
                try await server.get(Self.path, as: alice).object()["tripped"] as? String == "drawdown"
            }
            let venue = traders.venue
            let house = traders.traders.map(\.account)
            #expect(house.allSatisfy { venue.committed.account($0)?.trippedLimit == nil })
            #expect(
                venue.committed.snapshot().markets.values.contains { $0.volume > 0 }, "the house traded meanwhile")
        }
    }

    @Test(arguments: TestBackend.available)
    func badLimitsAreRefusedAndChangeNothing(backend: TestBackend) async throws {
        try await withServer(backend) { server in
            let alice = try await server.register("alice")
            try await server.expectBadInput(
                .PUT, Self.path,
                [
                    (#"{"max_drawdown":0}"#, 400), (#"{"max_drawdown":-5}"#, 400), (#"{"max_daily_loss":"abc"}"#, 400),
                    (#"{"max_daily_loss":1e300}"#, 400), (#"{"max_daily_loss":0.001}"#, 400), ("[]", 400),
                ], headers: alice.keyHeader)
            let unchanged = try await server.get(Self.path, as: alice).object()
            #expect(unchanged["max_drawdown"] is NSNull && unchanged["max_daily_loss"] is NSNull, "\(unchanged)")
            #expect(try await server.request(.GET, Self.path).status == 401)
        }
    }
}
