import Foundation
import MarketCore
import Testing

@testable import MarketServer

/// Short selling over HTTP on the real server: a sale beyond one's shares, the portfolio that shows it, a
/// liquidation the book can only half fill, and a SIGKILL in the middle of each; then the rule changed at
/// run time.
@Suite("Short selling over HTTP")
struct ShortSellingAPITests {
    static let environment = [
        "SHORT_SELLING": #"{"initial_margin_bps":5000,"maintenance_margin_bps":2500}"#, "MARKET_MAKERS": "off",
        "BACKGROUND_TRADERS": "off", "ADMIN_USERNAME": "root", "ADMIN_PASSWORD": "root-password-for-tests",
    ]

    func holding(_ portfolio: [String: Any], _ ticker: String = "FUN") -> [String: Any]? {
        (portfolio["holdings"] as? [[String: Any]])?.first { $0["ticker"] as? String == ticker }
    }

    @Test(arguments: TestBackend.available)
    func aShortPositionAndItsLiquidationSurviveAKill(backend: TestBackend) async throws {
        try await withScratchDatabase(backend) { scratch in
            var server = try await ServerProcess.start(scratch, environment: Self.environment)
            let users = try await server.withClient { client in
                let admin = try await client.adminHeader()
                let (alice, bob, carol) = (
                    try await client.register("alice"), try await client.register("bob"),
                    try await client.register("carol")
                )
                let seed = try await client.request(
                    .POST, "/api/admin/venues/main/adjustments",
                    json: #"{"username":"carol","ticker":"FUN","shares":100,"reason":"seed"}"#, headers: admin)
                #expect(seed.status == 200, "\(seed.text)")
                let sale = try await client.order(alice, "sell", 10, at: "100.00")
                #expect(sale["status"] as? String == "open", "a sale beyond her 0 shares rests: \(sale)")
                try await client.order(bob, "buy", 10, at: "100.00")
                let short = try await client.get("/api/portfolio", as: alice).object()
                #expect(holding(short)?["quantity"] as? Int == -10, "\(short)")
                #expect(cents(short["margin_used"]) == 1_500_00 && cents(short["cash"]) == 9_500_00, "\(short)")
                #expect(cents(short["total_value"]) == 10_000_00, "\(short)")
                return (alice, bob, carol, admin)
            }
            await server.kill()
            server = try await ServerProcess.start(scratch, environment: Self.environment)
            try await server.withClient { client in
                let (alice, bob, carol, _) = users
                let short = try await client.get("/api/portfolio", as: alice).object()
                #expect(holding(short)?["quantity"] as? Int == -10 && cents(short["margin_used"]) == 1_500_00)
                // At 1,200.00 the call takes her 9,500.00 of free cash and still falls short: the exchange buys
                // back what the book offers, 4 shares, and 6 stay short.
                try await client.order(carol, "sell", 5, at: "1200.00")
                try await client.order(bob, "buy", 1, at: "1200.00")
                let halfway = try await client.get("/api/portfolio", as: alice).object()
                #expect(holding(halfway)?["quantity"] as? Int == -6, "\(halfway)")
                #expect(cents(halfway["margin_used"]) == 0 && cents(halfway["cash"]) == 6_200_00, "\(halfway)")
            }
            await server.kill()
            server = try await ServerProcess.start(scratch, environment: Self.environment)
            try await server.withClient { client in
                let (alice, bob, carol, _) = users
                let admin = try await client.adminHeader()
                let halfway = try await client.get("/api/portfolio", as: alice).object()
                #expect(holding(halfway)?["quantity"] as? Int == -6 && cents(halfway["cash"]) == 6_200_00)
                // Every change to the ticker checks her again: carol's offer lets 6,200.00 buy back 5 more at
                // 1,200.00, and bob's trade calls for what is left, which 200.00 cannot buy.
                try await client.order(carol, "sell", 10, at: "1200.00")
                try await client.order(bob, "buy", 1, at: "1200.00")
                let after = try await client.get("/api/portfolio", as: alice).object()
                #expect(holding(after)?["quantity"] as? Int == -1 && cents(after["cash"]) == 200_00, "\(after)")
                let audit = try await client.auditEntries("?venue=main", headers: admin)
                let exchangeActions = audit.filter { $0["actor"] as? String == "exchange" }
                    .compactMap { $0["action"] as? String }
                #expect(exchangeActions.filter { $0 == "liquidation" }.count == 3, "\(audit)")
                #expect(exchangeActions.filter { $0 == "margin_call" }.count == 3, "\(audit)")
            }
            await server.stop()
        }
    }

    @Test func administratorsTurnItOffAndOnAndTickersCanRefuseIt() async throws {
        try await withServer(.sqlite, configure: { $0 = $0.withAdmin() }) { server in
            let admin = try await server.adminHeader()
            let alice = try await server.register("alice")
            let path = "/api/admin/venues/main/short-selling"
            let refused = try await server.request(
                .POST, "/api/orders", json: #"{"ticker":"FUN","side":"sell","price":100,"quantity":1}"#,
                headers: alice.keyHeader)
            #expect(
                refused.status == 400 && refused.text.contains("insufficient_shares"),
                "main lends only to accounts that opted in")
            #expect(try await server.request(.PUT, path, json: "true", headers: alice.keyHeader).status == 403)
            #expect(try await server.request(.PUT, path, json: "true").status == 401)
            let wrong = try await server.request(
                .PUT, path, json: #"{"initial_margin_bps":1000,"maintenance_margin_bps":2000}"#, headers: admin)
            #expect(wrong.status == 400 && wrong.text.contains("short_selling"), "\(wrong.text)")
            let below = try await server.request(.PUT, path, json: #"{"initial_margin_bps":2000}"#, headers: admin)
            #expect(below.status == 400, "the default maintenance margin, 2,500, is above 2,000: \(below.text)")
            let fixed = try await server.request(
                .PUT, path, json: #"{"initial_margin_bps":3000,"maintenance_margin_bps":1500,"reason":"pairs week"}"#,
                headers: admin)
            #expect(fixed.status == 200, "\(fixed.text)")
            let sale = try await server.order(alice, "sell", 10, at: "100.00")
            #expect(sale["status"] as? String == "open")
            let portfolio = try await server.get("/api/portfolio", as: alice).object()
            #expect(cents(portfolio["margin_used"]) == 1_300_00, "\(portfolio)")
            let audit = try await server.auditEntries("?venue=main", headers: admin)
            #expect(
                audit.contains {
                    $0["action"] as? String == "set_short_selling" && $0["reason"] as? String == "pairs week"
                })
            let off = try await server.request(.PUT, path, json: "false", headers: admin)
            #expect(try off.object()["short_selling"] as? [String: String] == ["enabled": "false"])

            let venue = #"""
                {"id":"pairs","name":"Pairs","starting_cash":5000,"short_selling":true,
                 "tickers":[{"symbol":"LONG","initial_price":10},{"symbol":"SAFE","initial_price":10,"shortable":false}]}
                """#
            let created = try await server.request(.POST, "/api/admin/venues", json: venue, headers: admin)
            #expect(created.status == 201, "\(created.text)")
            let joined = try await server.request(.POST, "/api/venues/pairs/join", headers: alice.keyHeader)
            #expect(joined.status == 200 || joined.status == 201, "\(joined.text)")
            let safe = try await server.request(
                .POST, "/api/venues/pairs/orders", json: #"{"ticker":"SAFE","side":"sell","price":10,"quantity":1}"#,
                headers: alice.keyHeader)
            #expect(safe.status == 400 && safe.text.contains("not_shortable"), "\(safe.text)")
            let long = try await server.order(alice, "sell", 5, "LONG", at: "10.00", venue: "pairs")
            #expect(long["status"] as? String == "open")
        }
    }

    @Test func onMainAnAccountSellsShortOnlyOnceItOptsInAndTheChoiceSurvivesAKill() async throws {
        try await withScratchDatabase(.sqlite) { scratch in
            let environment = Self.environment.filter { $0.key != "SHORT_SELLING" }
            var server = try await ServerProcess.start(scratch, environment: environment)
            let alice = try await server.withClient { client in
                let alice = try await client.register("alice")
                let refused = try await client.request(
                    .POST, "/api/orders", json: #"{"ticker":"FUN","side":"sell","price":100,"quantity":1}"#,
                    headers: alice.keyHeader)
                #expect(refused.status == 400 && refused.text.contains("insufficient_shares"), "\(refused.text)")
                let rule = try await client.get("/api/portfolio", as: alice).object()["short_selling"] as? [String: Any]
                #expect(rule?["initial_margin_bps"] as? Int == 5000 && rule?["maintenance_margin_bps"] as? Int == 2500)
                #expect(
                    rule?["opt_in"] as? Bool == true && rule?["opted_in"] as? Bool == false
                        && rule?["allowed"] as? Bool == false, "\(String(describing: rule))")
                let path = "/api/account/short-selling"
                #expect(try await client.request(.PUT, path, json: #"{"enabled":true}"#).status == 401)
                for body in [#"{"enabled":"yes"}"#, "{}", "[true]"] {
                    let bad = try await client.request(.PUT, path, json: body, headers: alice.keyHeader)
                    #expect(bad.status == 400 && bad.errorDetail?.isEmpty == false, "\(body): \(bad.text)")
                }
                let on = try await client.request(.PUT, path, json: #"{"enabled":true}"#, headers: alice.keyHeader)
                let answer = try on.object()["short_selling"] as? [String: Any]
                #expect(on.status == 200 && answer?["allowed"] as? Bool == true, "\(on.text)")
                let sale = try await client.order(alice, "sell", 10, at: "100.00")
                #expect(sale["status"] as? String == "open", "\(sale)")
                return alice
            }
            await server.kill()
            server = try await ServerProcess.start(scratch, environment: environment)
            try await server.withClient { client in
                let portfolio = try await client.get("/api/portfolio", as: alice).object()
                let rule = portfolio["short_selling"] as? [String: Any]
                #expect(rule?["opted_in"] as? Bool == true && cents(portfolio["margin_used"]) == 1_500_00)
                let off = try await client.request(
                    .PUT, "/api/account/short-selling", json: #"{"enabled":false}"#, headers: alice.keyHeader)
                #expect(off.status == 200)
                let refused = try await client.request(
                    .POST, "/api/orders", json: #"{"ticker":"FUN","side":"sell","price":100,"quantity":1}"#,
                    headers: alice.keyHeader)
                #expect(refused.status == 400 && refused.text.contains("insufficient_shares"), "\(refused.text)")
                let admin = try await client.adminHeader()
                let plain =
                    #"{"id":"plain","name":"Plain","starting_cash":5000,"tickers":[{"symbol":"X","initial_price":10}]}"#
                #expect(try await client.request(.POST, "/api/admin/venues", json: plain, headers: admin).status == 201)
                _ = try await client.request(.POST, "/api/venues/plain/join", headers: alice.keyHeader)
                let closed = try await client.request(
                    .PUT, "/api/venues/plain/account/short-selling", json: #"{"enabled":true}"#,
                    headers: alice.keyHeader)
                #expect(closed.status == 409 && closed.text.contains("short_selling_off"), "\(closed.text)")
            }
            await server.kill()
        }
    }
}
