import Foundation
import MarketServer
import Testing

/// The admin control plane over HTTP: each action succeeds for an administrator, refuses bad input with a
/// JSON error and changes nothing, and refuses a trader and a host of another venue.
@Suite struct AdminControlTests {
    @Test(arguments: TestBackend.available)
    func haltAndResumeEveryVenue(backend: TestBackend) async throws {
        try await withServer(
            backend,
            configure: { $0.initialAdmin = try? Credentials(username: "root", password: "root-password-for-tests") }
        ) { server in
            let admin = try await server.adminHeader()
            let outsiders = try await server.outsiders(admin: admin)
            let taker = try await server.register("taker")
            let resting = try await server.order(taker, "buy", 2, at: "90")

            let halt = try await server.request(
                .POST, "/api/admin/halt", json: #"{"reason":"exchange maintenance"}"#, headers: admin)
            #expect(halt.status == 200)
            let halted = try halt.object()["venues"] as? [[String: Any]] ?? []
            #expect(Set(halted.compactMap { $0["venue"] as? String }) == ["main", "elsewhere"])
            let refused = try await server.request(
                .POST, "/api/orders", json: #"{"ticker":"FUN","side":"buy","price":90,"quantity":1}"#,
                headers: taker.keyHeader)
            #expect(refused.status == 400 && refused.errorCode == "trading_halted")
            #expect(refused.errorDetail?.contains("exchange maintenance") == true)
            #expect(try await server.get("/api/venues/elsewhere").object()["trading_status"] as? String == "halted")
            #expect(
                try await server.get("/api/market/FUN").object()["halt_reason"] as? String == "exchange maintenance")
            let id = try #require(resting["order_id"] as? String)
            #expect(try await server.request(.DELETE, "/api/orders/\(id)", headers: taker.keyHeader).status == 200)

            try await server.expectBadInput(
                .POST, "/api/admin/halt",
                [
                    ("{}", 400), (#"{"reason":"   "}"#, 400), (#"{"reason":"x","ticker":"FUN"}"#, 400), ("[", 400),
                ], headers: admin)
            try await server.expectBadInput(
                .POST, "/api/admin/resume", [(#"{"ticker":"FUN"}"#, 400), (#"{"reason":7}"#, 400)], headers: admin)
            try await server.expectRefused(.POST, "/api/admin/halt", json: #"{"reason":"x"}"#, by: outsiders)
            try await server.expectRefused(.POST, "/api/admin/resume", json: "{}", by: outsiders)
            #expect(try await server.get("/api/venues/main").object()["trading_status"] as? String == "halted")

            let resume = try await server.request(
                .POST, "/api/admin/resume", json: #"{"reason":"done"}"#, headers: admin)
            #expect(resume.status == 200)
            try await server.order(taker, "buy", 1, at: "90")
            #expect(try await server.get("/api/venues/elsewhere").object()["trading_status"] as? String == "open")
        }
    }

    @Test(arguments: TestBackend.available)
    func tickersAreListedAndDelistedAtRunTime(backend: TestBackend) async throws {
        try await withServer(
            backend,
            configure: { $0.initialAdmin = try? Credentials(username: "root", password: "root-password-for-tests") }
        ) { server in
            let admin = try await server.adminHeader()
            let outsiders = try await server.outsiders(admin: admin)
            let seller = try await server.register("seller")
            let buyer = try await server.register("buyer")

            let listed = try await server.request(
                .POST, "/api/admin/venues/main/tickers",
                json: #"{"symbol":"newt","initial_price":12.5,"tick_size":0.05,"reason":"new listing"}"#, headers: admin
            )
            #expect(listed.status == 201)
            let symbols = (try listed.object()["tickers"] as? [[String: Any]] ?? []).compactMap {
                $0["symbol"] as? String
            }
            #expect(symbols.contains("NEWT"))
            #expect(cents(try await server.get("/api/market/NEWT").object()["current_price"]) == 12_50)
            let grant = try await server.request(
                .POST, "/api/admin/venues/main/adjustments",
                json: #"{"user_id":"\#(seller.id)","ticker":"NEWT","shares":30,"reason":"seed"}"#,
                headers: admin)
            #expect(grant.status == 200)
            try await server.order(seller, "sell", 10, "NEWT", at: "13")
            try await server.order(buyer, "buy", 4, "NEWT", at: "13")  // trades 4; the seller's 6 rest
            try await server.order(buyer, "buy", 3, "NEWT", at: "12.5")  // rests

            try await server.expectBadInput(
                .POST, "/api/admin/venues/main/tickers",
                [
                    (#"{"symbol":"FUN","initial_price":10}"#, 409),
                    (#"{"symbol":"bad symbol!","initial_price":10}"#, 400),
                    (#"{"symbol":"ODD","initial_price":10.03,"tick_size":0.05}"#, 400), (#"{"initial_price":10}"#, 400),
                    (#"{"symbol":"FREE","initial_price":0}"#, 400),
                    (#"{"symbol":"WHY","initial_price":1,"reason":""}"#, 400),
                ], headers: admin)
            try await server.expectBadInput(
                .POST, "/api/admin/venues/main/tickers/NEWT/delist",
                [
                    (#"{"reason":"no price"}"#, 400), (#"{"price":13}"#, 400), (#"{"price":0,"reason":"zero"}"#, 400),
                    (#"{"price":13.001,"reason":"three decimals"}"#, 400),
                ], headers: admin)
            try await server.expectBadInput(
                .POST, "/api/admin/venues/main/tickers/NOPE/delist", [(#"{"price":1,"reason":"x"}"#, 404)],
                headers: admin)
            try await server.expectRefused(
                .POST, "/api/admin/venues/main/tickers", json: #"{"symbol":"HOST","initial_price":1}"#, by: outsiders)
            try await server.expectRefused(
                .POST, "/api/admin/venues/main/tickers/NEWT/delist", json: #"{"price":1,"reason":"x"}"#, by: outsiders)
            #expect(try await server.get("/api/orders", as: buyer).array().count == 1)

            let sellerBefore = cents(try await server.get("/api/portfolio", as: seller).object()["cash"]) ?? 0
            let buyerBefore = cents(try await server.get("/api/portfolio", as: buyer).object()["cash"]) ?? 0
            let delisted = try await server.request(
                .POST, "/api/admin/venues/main/tickers/newt/delist",
                json: #"{"price":14,"reason":"company taken private"}"#, headers: admin)
            #expect(delisted.status == 200, "\(delisted.text)")
            let answer = try delisted.object()
            #expect(answer["cancelled_orders"] as? Int == 2)
            let settled = (answer["settlements"] as? [[String: Any]] ?? []).reduce(into: [String: Int]()) {
                $0[$1["user_id"] as? String ?? ""] = $1["shares"] as? Int
            }
            #expect(settled == [seller.id: 26, buyer.id: 4])
            let sellerAfter = try await server.get("/api/portfolio", as: seller).object()
            let buyerAfter = try await server.get("/api/portfolio", as: buyer).object()
            #expect(cents(sellerAfter["cash"]) == sellerBefore + 26 * 14_00)
            // The buyer's resting bid was refunded (3 × 12.50) besides the settlement.
            #expect(cents(buyerAfter["cash"]) == buyerBefore + 3 * 12_50 + 4 * 14_00)
            #expect(cents(buyerAfter["escrowed_cash"]) == 0)
            #expect(try await server.request(.GET, "/api/market/NEWT").status == 404)
            let tickers = try await server.get("/api/market/tickers").object()["tickers"] as? [String: Any] ?? [:]
            #expect(tickers["NEWT"] == nil && tickers["FUN"] != nil)
            let late = try await server.request(
                .POST, "/api/orders", json: #"{"ticker":"NEWT","side":"buy","price":14,"quantity":1}"#,
                headers: buyer.keyHeader)
            #expect(late.status == 400 && late.errorCode == "unknown_ticker")
            #expect(try await server.get("/api/orders", as: buyer).array().isEmpty)
        }
    }

    @Test(arguments: TestBackend.available)
    func feesAndRiskLimitsChangeAtRunTime(backend: TestBackend) async throws {
        try await withServer(
            backend, hooks: seedingShares(100, to: ["maker"]),
            configure: { $0.initialAdmin = try? Credentials(username: "root", password: "root-password-for-tests") }
        ) { server in
            let admin = try await server.adminHeader()
            let outsiders = try await server.outsiders(admin: admin)
            let maker = try await server.register("maker")
            let taker = try await server.register("taker")

            let fees = try await server.request(
                .PUT, "/api/admin/venues/main/fees",
                json: #"{"maker_bps":0,"taker_bps":100,"minimum":0.05,"reason":"term two"}"#,
                headers: admin)
            #expect(fees.status == 200)
            #expect(
                try fees.object()["fees"] as? [String: String] == [
                    "maker_bps": "0", "taker_bps": "100", "minimum": "0.05",
                ])
            try await server.order(maker, "sell", 10, at: "100")
            let fill = try await server.order(taker, "buy", 10, at: "100")
            #expect(fill["status"] as? String == "filled")
            let trade = try await server.get("/api/trades", as: taker).array().first
            #expect(cents(trade?["fee"]) == 10_00)  // 1% of 1,000.00

            let limits = try await server.request(
                .PUT, "/api/admin/venues/main/risk-limits", json: #"{"max_order_quantity":5,"max_open_orders":2}"#,
                headers: admin)
            #expect(limits.status == 200)
            let limited = try limits.object()["risk_limits"] as? [String: String]
            #expect(limited?["max_order_quantity"] == "5" && limited?["max_position"] == "none")
            let tooBig = try await server.request(
                .POST, "/api/orders", json: #"{"ticker":"FUN","side":"buy","price":90,"quantity":6}"#,
                headers: taker.keyHeader)
            #expect(tooBig.status == 400)
            try await server.order(taker, "buy", 5, at: "90")
            let read = try await server.request(.GET, "/api/admin/venues/main/rules", headers: admin)
            #expect(try read.object()["risk_limits"] as? [String: String] == limited)

            try await server.expectBadInput(
                .PUT, "/api/admin/venues/main/fees",
                [
                    (#"{"maker_bps":20000}"#, 400), (#"{"taker_bps":-1}"#, 400), (#"{"minimum":-1}"#, 400),
                    (#"{"minimum":0.001}"#, 400), (#"{"maker_bps":"ten"}"#, 400),
                ], headers: admin)
            try await server.expectBadInput(
                .PUT, "/api/admin/venues/main/risk-limits",
                [
                    (#"{"max_position":0}"#, 400), (#"{"max_order_value":-5}"#, 400),
                    (#"{"max_open_orders":"many"}"#, 400),
                ], headers: admin)
            #expect(
                try await server.request(.GET, "/api/admin/venues/main/rules", headers: admin).object()["fees"]
                    as? [String: String]
                    == ["maker_bps": "0", "taker_bps": "100", "minimum": "0.05"])
            try await server.expectBadInput(.PUT, "/api/admin/venues/nowhere/fees", [("{}", 404)], headers: admin)
            try await server.expectRefused(.PUT, "/api/admin/venues/main/fees", json: "{}", by: outsiders)
            try await server.expectRefused(.PUT, "/api/admin/venues/main/risk-limits", json: "{}", by: outsiders)
            try await server.expectRefused(.GET, "/api/admin/venues/main/rules", json: "", by: outsiders)
            // The host of `elsewhere` does administer their own venue.
            let own = try await server.request(
                .PUT, "/api/admin/venues/elsewhere/fees", json: #"{"taker_bps":5}"#,
                headers: outsiders.otherHost.bearerHeader)
            #expect(own.status == 200)
        }
    }

    @Test(arguments: TestBackend.available)
    func marketMakersAndMarketEventsOnDemand(backend: TestBackend) async throws {
        try await withServer(
            backend, hooks: seedingShares(10, to: ["holder"]),
            configure: {
                $0.initialAdmin = try? Credentials(username: "root", password: "root-password-for-tests")
                $0.marketMakersEnabled = true
            }
        ) { server in
            let admin = try await server.adminHeader()
            let outsiders = try await server.outsiders(admin: admin)
            let holder = try await server.register("holder")
            let path = "/api/admin/venues/main/market-makers"
            #expect(try await server.request(.GET, path, headers: admin).object()["running"] as? Bool == true)

            let off = try await server.request(
                .PUT, path, json: #"{"enabled":false,"reason":"quiet hour"}"#, headers: admin)
            #expect(off.status == 200)
            let offAnswer = try off.object()
            #expect(offAnswer["running"] as? Bool == false && offAnswer["enabled"] as? Bool == false)
            let noMaker = try await server.request(
                .POST, "/api/admin/venues/main/market-events", json: #"{"kind":"shock","ticker":"FUN","percent":-10}"#,
                headers: admin)
            #expect(noMaker.status == 409 && noMaker.errorCode == "no_market_maker")

            let on = try await server.request(
                .PUT, path, json: #"{"spread_bps":80,"levels":2,"size":7,"refresh_ms":50}"#, headers: admin)
            #expect(on.status == 200)
            let settings = try on.object()["settings"] as? [String: String]
            #expect(try on.object()["running"] as? Bool == true)
            #expect(settings?["spread_bps"] == "80" && settings?["levels"] == "2" && settings?["size"] == "7")
            let shock = try await server.request(
                .POST, "/api/admin/venues/main/market-events",
                json: #"{"kind":"shock","ticker":"fun","percent":-10,"reason":"bad news"}"#,
                headers: admin)
            #expect(shock.status == 200)
            #expect(try shock.object()["result"] as? [String: String] != nil)

            let dividend = try await server.request(
                .POST, "/api/admin/venues/main/market-events",
                json: #"{"kind":"dividend","ticker":"FUN","amount":0.5}"#, headers: admin)
            #expect(dividend.status == 200)
            let paid = try dividend.object()["result"] as? [String: String]
            #expect(Int(paid?["holders"] ?? "") ?? 0 >= 1)
            let cash = cents(try await server.get("/api/portfolio", as: holder).object()["cash"])
            let credited: Int64 = 10_000_00 + 10 * 50
            #expect(cash == credited)

            try await server.expectBadInput(
                .PUT, path,
                [
                    (#"{"levels":-1}"#, 400), (#"{"spread_bps":"wide"}"#, 400), ("7", 400), (#"{"levels":1000}"#, 400),
                    (#"{"refresh_ms":10}"#, 400), (#"{"spread_bps":9000000000000000000}"#, 400),
                    (#"{"enabled":false,"levels":{}}"#, 400),
                ], headers: admin)
            try await server.expectBadInput(
                .POST, "/api/admin/venues/main/market-events",
                [
                    (#"{"kind":"split","ticker":"FUN"}"#, 400),
                    (#"{"kind":"dividend","ticker":"FUN","amount":0}"#, 400),
                    (#"{"kind":"dividend","ticker":"FUN"}"#, 400),
                    (#"{"kind":"shock","ticker":"FUN","percent":95}"#, 400),
                    (#"{"kind":"dividend","ticker":"NOPE","amount":1}"#, 400), (#"{"ticker":"FUN","amount":1}"#, 400),
                ], headers: admin)
            #expect(cents(try await server.get("/api/portfolio", as: holder).object()["cash"]) == cash)
            // Each change wrote its own audit record; the refused shock and the refused bodies wrote none.
            let audit = try await server.auditEntries("?venue=main", headers: admin)
            #expect(
                audit.compactMap { $0["action"] as? String } == [
                    "pay_dividend", "price_shock", "set_market_makers", "set_market_makers",
                ])
            let dividendRecord = try #require(audit.first)
            #expect(dividendRecord["target"] as? String == "ticker FUN")
            #expect(dividendRecord["after"] as? [String: String] == paid)
            let shockRecord = audit[1]
            #expect(shockRecord["reason"] as? String == "bad news")
            #expect((shockRecord["before"] as? [String: String])?["fair_value"] != nil)
            #expect((shockRecord["after"] as? [String: String])?["basis_points"] == "-1000")
            #expect(audit[2]["before"] as? [String: String] == ["enabled": "false"])
            #expect(audit[3]["after"] as? [String: String] == ["enabled": "false"])
            #expect(audit[3]["reason"] as? String == "quiet hour")
            try await server.expectRefused(.PUT, path, json: "false", by: outsiders)
            try await server.expectRefused(.GET, path, json: "", by: outsiders)
            try await server.expectRefused(
                .POST, "/api/admin/venues/main/market-events", json: #"{"kind":"dividend","ticker":"FUN","amount":1}"#,
                by: outsiders)
            #expect(try await server.request(.GET, path, headers: admin).object()["running"] as? Bool == true)
            // Off again before the server stops: a maker quoting every 50 ms would still be placing orders.
            let offAgain = try await server.request(.PUT, path, json: "false", headers: admin)
            #expect(try offAgain.object()["running"] as? Bool == false)
        }
    }

    @Test(arguments: TestBackend.available)
    func usersAreSuspendedReinstatedAndTheirKeysRevoked(backend: TestBackend) async throws {
        try await withServer(
            backend,
            configure: { $0.initialAdmin = try? Credentials(username: "root", password: "root-password-for-tests") }
        ) { server in
            let admin = try await server.adminHeader()
            let outsiders = try await server.outsiders(admin: admin)
            let agent = try await server.register("agent")
            let rootID = try #require(
                try await server.login("root", password: "root-password-for-tests").object()["user_id"] as? String)

            let suspend = try await server.request(
                .POST, "/api/admin/users/\(agent.id)/suspend", json: #"{"reason":"spamming orders"}"#, headers: admin)
            let suspended = try suspend.object()["suspended"] as? Bool
            #expect(suspend.status == 200 && suspended == true)
            #expect(try await server.request(.GET, "/api/portfolio", headers: agent.keyHeader).status == 403)
            #expect(try await server.request(.GET, "/api/portfolio", headers: agent.bearerHeader).status == 403)
            #expect(try await server.login("agent", password: "secret").status == 403)
            let looked = try await server.request(.GET, "/api/admin/users/\(agent.id)", headers: admin)
            #expect(try looked.object()["suspended"] as? Bool == true)

            let reinstate = try await server.request(
                .POST, "/api/admin/users/\(agent.id)/reinstate", json: "{}", headers: admin)
            #expect(reinstate.status == 200)
            #expect(try await server.request(.GET, "/api/portfolio", headers: agent.keyHeader).status == 200)

            let revoke = try await server.request(
                .POST, "/api/admin/users/\(agent.id)/revoke-keys", json: #"{"reason":"leaked"}"#, headers: admin)
            let revoked = try revoke.object()["api_keys_revoked"] as? Int
            #expect(revoke.status == 200 && revoked == 1)
            #expect(try await server.request(.GET, "/api/portfolio", headers: agent.keyHeader).status == 401)
            #expect(try await server.request(.GET, "/api/portfolio", headers: agent.bearerHeader).status == 200)

            try await server.expectBadInput(
                .POST, "/api/admin/users/\(agent.id)/suspend",
                [
                    ("{}", 400), (#"{"reason":""}"#, 400), ("[", 400),
                ], headers: admin)
            try await server.expectBadInput(
                .POST, "/api/admin/users/\(rootID)/suspend", [(#"{"reason":"me"}"#, 400)], headers: admin)
            try await server.expectBadInput(
                .POST, "/api/admin/users/123456789/suspend", [(#"{"reason":"nobody"}"#, 404)], headers: admin)
            try await server.expectBadInput(.POST, "/api/admin/users/abc/revoke-keys", [("{}", 404)], headers: admin)
            #expect(try await server.request(.GET, "/api/portfolio", headers: agent.bearerHeader).status == 200)
            for action in ["suspend", "reinstate", "revoke-keys"] {
                try await server.expectRefused(
                    .POST, "/api/admin/users/\(agent.id)/\(action)", json: #"{"reason":"x"}"#, by: outsiders)
            }
            try await server.expectRefused(.GET, "/api/admin/users/\(agent.id)", json: "", by: outsiders)
            #expect(try await server.request(.GET, "/api/portfolio", headers: agent.bearerHeader).status == 200)
        }
    }

    @Test(arguments: TestBackend.available)
    func agentsAreWatched(backend: TestBackend) async throws {
        try await withServer(
            backend, hooks: seedingShares(20, to: ["busy"]),
            configure: {
                $0.initialAdmin = try? Credentials(username: "root", password: "root-password-for-tests")
                $0.rateLimit = RateLimitPolicy(requests: 30, windowSeconds: 60)
            }
        ) { server in
            let admin = try await server.adminHeader()
            let outsiders = try await server.outsiders(admin: admin)
            let busy = try await server.register("busy")
            let idle = try await server.register("idle")
            try await server.order(busy, "sell", 5, at: "101")
            try await server.order(idle, "buy", 2, at: "101")
            try await server.order(busy, "buy", 1, at: "95")
            let broke = try await server.request(
                .POST, "/api/orders", json: #"{"ticker":"FUN","side":"buy","price":100,"quantity":1000}"#,
                headers: busy.keyHeader)
            #expect(broke.status == 400 && broke.errorCode == "insufficient_cash")
            var limited = 0
            for _ in 0..<30
            where try await server.request(.GET, "/api/portfolio", headers: busy.keyHeader).status == 429 {
                limited += 1
            }
            #expect(limited > 0)

            let response = try await server.request(.GET, "/api/admin/venues/main/agents", headers: admin)
            #expect(response.status == 200)
            let agents = try response.object()["agents"] as? [[String: Any]] ?? []
            let row = try #require(agents.first { $0["username"] as? String == "busy" })
            #expect(row["orders_per_minute"] as? Int == 2)
            #expect(row["fills_per_minute"] as? Int == 1)
            #expect(row["open_orders"] as? Int == 2)
            #expect(row["rejections"] as? [String: Int] == ["insufficient_cash": 1])
            #expect(row["rate_limited"] as? Int == limited)
            #expect(row["last_activity"] is String)
            // Against what the account was given: its 20 seeded shares of FUN, granted at 100, are now marked at
            // 101, the last trade; the other tickers have not moved.
            let markedUp: Int64 = 20 * 1_00
            #expect(cents(row["pnl"]) == markedUp)
            let other = try #require(agents.first { $0["username"] as? String == "idle" })
            #expect(other["fills_per_minute"] as? Int == 1 && other["open_orders"] as? Int == 0)
            #expect(agents.first?["username"] as? String == "busy")  // the most recently active first

            try await server.expectBadInput(.GET, "/api/admin/venues/main/agents?limit=0", [("", 400)], headers: admin)
            try await server.expectBadInput(.GET, "/api/admin/venues/nowhere/agents", [("", 404)], headers: admin)
            try await server.expectRefused(.GET, "/api/admin/venues/main/agents", json: "", by: outsiders)
            let own = try await server.request(
                .GET, "/api/admin/venues/elsewhere/agents", headers: outsiders.otherHost.bearerHeader)
            #expect(own.status == 200)
        }
    }

    @Test(arguments: TestBackend.available)
    func disqualificationsAreRecordedAndRefusedToOutsiders(backend: TestBackend) async throws {
        try await withServer(
            backend,
            configure: { $0.initialAdmin = try? Credentials(username: "root", password: "root-password-for-tests") }
        ) { server in
            let admin = try await server.adminHeader()
            let outsiders = try await server.outsiders(admin: admin)
            let cheat = try await server.register("cheat")
            let created = try await server.request(
                .POST, "/api/admin/tournaments",
                json:
                    #"{"id":"cup","name":"Cup","description":"A test cup","starts_in_seconds":600,"duration_seconds":3600,"max_participants":10,"venue":{"name":"Cup","starting_cash":1000,"tickers":[{"symbol":"FUN","initial_price":10}]}}"#,
                headers: admin)
            #expect(created.status == 201, "\(created.text)")
            #expect(try await server.request(.POST, "/api/admin/tournaments/cup/publish", headers: admin).status == 200)
            #expect(
                try await server.request(.POST, "/api/tournaments/cup/enter", headers: cheat.bearerHeader).status == 200
            )
            let path = "/api/admin/tournaments/cup/disqualify"

            try await server.expectBadInput(
                .POST, path,
                [
                    (#"{"user_id":"abc"}"#, 400), ("{}", 400), (#"{"user_id":"\#(cheat.id)","reason":""}"#, 400),
                ], headers: admin)
            try await server.expectRefused(.POST, path, json: #"{"user_id":"\#(cheat.id)"}"#, by: outsiders)
            let done = try await server.request(
                .POST, path, json: #"{"user_id":"\#(cheat.id)","reason":"shared an account"}"#, headers: admin)
            #expect(done.status == 200)
            let entry = try #require(
                try await server.auditEntries("?venue=cup&action=disqualify", headers: admin).first)
            #expect(entry["actor"] as? String == "root" && entry["target"] as? String == "user \(cheat.id)")
            #expect(entry["reason"] as? String == "shared an account")
            #expect(entry["after"] as? [String: String] == ["status": "disqualified"])
        }
    }
}
