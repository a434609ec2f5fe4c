import Foundation
import MarketServer
import NIOHTTP1
import Testing

@Suite struct TradingTests {
    @Test(arguments: TestBackend.available)
    func ordersMatchAndEveryViewAgrees(backend: TestBackend) async throws {
        try await withServer(backend, hooks: seedingShares(100, to: ["bob"])) { server in
            let alice = try await server.register("alice")
            let bob = try await server.register("bob")

            let bid = try await server.order(alice, "buy", 10, at: "100.50")
            #expect(bid["status"] as? String == "open" && bid["filled_quantity"] as? Int == 0)
            let sale = try await server.order(bob, "sell", 4, at: "100.25")
            #expect(sale["status"] as? String == "filled")
            let fills = try #require(sale["trades"] as? [[String: Any]])
            #expect(fills.count == 1 && cents(fills.first?["price"]) == 100_50 && fills.first?["quantity"] as? Int == 4)
            #expect(fills.first?["buyer_id"] as? String == alice.id && fills.first?["seller_id"] as? String == bob.id)

            let portfolio = try await server.get("/api/portfolio", as: alice).object()
            #expect(cents(portfolio["cash"]) == 8_995_00)
            #expect(cents(portfolio["escrowed_cash"]) == 603_00)
            #expect(cents(portfolio["total_value"]) == 10_000_00)
            let holdings = try #require(portfolio["holdings"] as? [[String: Any]])
            #expect(
                holdings.count == 1 && holdings.first?["ticker"] as? String == "FUN"
                    && holdings.first?["quantity"] as? Int == 4)
            #expect(cents(holdings.first?["value"]) == 402_00)

            let open = try await server.get("/api/orders", as: alice).array()
            #expect(open.count == 1 && open.first?["order_id"] as? String == bid["order_id"] as? String)
            #expect(open.first?["status"] as? String == "partial" && open.first?["filled_quantity"] as? Int == 4)
            let trades = try await server.get("/api/trades?ticker=FUN", as: alice).array()
            #expect(trades.count == 1 && trades.first?["side"] as? String == "buy")
            #expect(
                trades.first?["counterparty_id"] as? String == bob.id
                    && trades.first?["order_id"] as? String == bid["order_id"] as? String)
            #expect(try await server.get("/api/trades?ticker=MEME", as: alice).array().isEmpty)

            let book = try await server.get("/api/market/FUN/orderbook").object()
            let bids = try #require(book["bids"] as? [[String: Any]])
            #expect(bids.count == 1 && cents(bids.first?["price"]) == 100_50 && bids.first?["quantity"] as? Int == 6)
            #expect((book["asks"] as? [Any])?.isEmpty == true)
            let market = try await server.get("/api/market/FUN").object()
            #expect(cents(market["current_price"]) == 100_50 && cents(market["best_bid"]) == 100_50)
            #expect(
                market["bid_depth"] as? Int == 6 && market["ask_depth"] as? Int == 0 && market["best_ask"] is NSNull)
            let tickers = try #require(
                try await server.get("/api/market/tickers").object()["tickers"] as? [String: [String: Any]])
            #expect(Set(tickers.keys) == ["FUN", "MEME", "YOLO", "HODL", "PUMP"])
            #expect(
                cents(tickers["FUN"]?["current_price"]) == 100_50 && cents(tickers["MEME"]?["current_price"]) == 50_00)

            let history = try await server.get("/api/market/FUN/history?interval=1m").object()
            let candles = try #require(history["candles"] as? [[String: Any]])
            #expect(
                candles.count == 1 && cents(candles.first?["open"]) == 100_50 && candles.first?["volume"] as? Int == 4)

            let leaders = try #require(
                try await server.get("/api/leaderboard").object()["leaderboard"] as? [[String: Any]])
            #expect(leaders.map { $0["username"] as? String } == ["bob", "alice"])
            // Its cash is the portfolio's: free cash, with what resting buys hold beside it.
            let aliceRow = try #require(leaders.last)
            let alicePortfolio = try await server.get("/api/portfolio", as: alice).object()
            #expect(cents(aliceRow["cash"]) == cents(alicePortfolio["cash"]) && cents(aliceRow["cash"]) == 8_995_00)
            #expect(cents(aliceRow["escrowed_cash"]) == cents(alicePortfolio["escrowed_cash"]))
            #expect(cents(aliceRow["escrowed_cash"]) == 603_00)

            // The same venue under its explicit prefix.
            #expect(
                try await server.get("/api/venues/main/portfolio", as: alice).object()["total_value"] as? Double
                    == 10_000)
            #expect(try await server.request(.GET, "/api/venues/nowhere/market/tickers").status == 404)

            // Cancelling: only the owner, only while open.
            let orderID = try #require(bid["order_id"] as? String)
            #expect(try await server.request(.DELETE, "/api/orders/\(orderID)", headers: bob.keyHeader).status == 403)
            let cancelled = try await server.request(.DELETE, "/api/orders/\(orderID)", headers: alice.keyHeader)
            #expect(cancelled.status == 200)
            #expect(try cancelled.object()["status"] as? String == "cancelled")
            let again = try await server.request(.DELETE, "/api/orders/\(orderID)", headers: alice.keyHeader)
            #expect(again.status == 400 && again.errorDetail?.contains("already filled or cancelled") == true)
            #expect(try await server.request(.DELETE, "/api/orders/987654321", headers: alice.keyHeader).status == 404)
            #expect(try await server.request(.DELETE, "/api/orders/abc", headers: alice.keyHeader).status == 404)
            let after = try await server.get("/api/portfolio", as: alice).object()
            #expect(cents(after["cash"]) == 9_598_00 && cents(after["escrowed_cash"]) == 0)
            #expect(try await server.get("/api/orders", as: alice).array().isEmpty)
            let history2 = try await server.get("/api/orders?status=all", as: alice).array()
            #expect(history2.first?["status"] as? String == "cancelled")
        }
    }

    @Test(arguments: TestBackend.available)
    func timeInForceMarketOrdersAmendmentsAndClientOrderIDs(backend: TestBackend) async throws {
        try await withServer(backend, hooks: seedingShares(100, to: ["seller"])) { server in
            let buyer = try await server.register("buyer")
            let seller = try await server.register("seller")
            try await server.order(seller, "sell", 5, at: "101")
            try await server.order(seller, "sell", 5, at: "102")

            let fok = try await server.order(buyer, "buy", 20, at: "102", timeInForce: "FOK")
            #expect(fok["status"] as? String == "cancelled" && fok["filled_quantity"] as? Int == 0)
            let ioc = try await server.order(buyer, "buy", 7, at: "101", timeInForce: "IOC")
            #expect(ioc["status"] as? String == "cancelled" && ioc["filled_quantity"] as? Int == 5)
            let market = try await server.order(buyer, "buy", 2, at: nil)
            #expect(market["status"] as? String == "filled" && market["type"] as? String == "market")
            #expect(cents((market["trades"] as? [[String: Any]])?.first?["price"]) == 102_00)

            let resting = try await server.order(buyer, "buy", 10, at: "95", clientOrderID: "mine-1")
            let duplicate = try await server.order(buyer, "buy", 10, at: "95", clientOrderID: "mine-1")
            #expect(
                duplicate["order_id"] as? String == resting["order_id"] as? String
                    && duplicate["duplicate"] as? Bool == true)
            #expect(try await server.get("/api/orders", as: buyer).array().count == 1)

            let id = try #require(resting["order_id"] as? String)
            let reduced = try await server.request(
                .PATCH, "/api/orders/\(id)", json: #"{"quantity":4}"#, headers: buyer.keyHeader)
            let reducedID = try reduced.object()["order_id"] as? String
            #expect(reduced.status == 200 && reducedID == id)
            let moved = try await server.request(
                .PATCH, "/api/orders/\(id)", json: #"{"price":96.5}"#, headers: buyer.keyHeader)
            let movedID = try moved.object()["order_id"] as? String
            #expect(moved.status == 200 && movedID != id)
            let movedPath = "/api/orders/\(movedID ?? "")"
            for body in [
                #"{}"#, #"{"quantity":0}"#, #"{"quantity":-2}"#, #"{"price":1.234}"#, #"{"price":"x"}"#,
                #"{"price":-1}"#,
            ] {
                let refused = try await server.request(.PATCH, movedPath, json: body, headers: buyer.keyHeader)
                #expect(refused.status == 400 && refused.errorDetail != nil, "PATCH \(body): \(refused.status)")
            }
            #expect(
                try await server.request(.PATCH, movedPath, json: #"{"quantity":1}"#, headers: seller.keyHeader).status
                    == 403)
            #expect(
                try await server.request(
                    .PATCH, "/api/orders/987654", json: #"{"quantity":1}"#, headers: buyer.keyHeader
                ).status == 404)
            #expect(
                try await server.request(
                    .PATCH, "/api/orders/\(id)", json: #"{"quantity":1}"#, headers: buyer.keyHeader
                ).status == 400)
            let book = try await server.get("/api/market/FUN/orderbook").object()
            #expect((book["bids"] as? [[String: Any]])?.first?["quantity"] as? Int == 4)
            #expect(cents((book["bids"] as? [[String: Any]])?.first?["price"]) == 96_50)
        }
    }

    @Test(arguments: TestBackend.available)
    func badOrdersAreRefusedWithAReasonAndChangeNothing(backend: TestBackend) async throws {
        try await withServer(backend) { server in
            let alice = try await server.register("alice")
            let before = try await server.get("/api/portfolio", as: alice).canonicalJSON
            let bodies: [(String, Int, String)] = [
                (#"{"ticker":"FUN","side":"buy","price":100,"quantity":1"#, 400, "malformed JSON"),
                (#"{"side":"buy","price":100,"quantity":1}"#, 400, "missing ticker"),
                (#"{"ticker":"FUN","price":100,"quantity":1}"#, 400, "missing side"),
                (#"{"ticker":"FUN","side":"hold","price":100,"quantity":1}"#, 400, "bad side"),
                (#"{"ticker":"FUN","side":"buy","quantity":1}"#, 400, "limit without price"),
                (#"{"ticker":"FUN","side":"buy","price":-1,"quantity":1}"#, 400, "negative price"),
                (#"{"ticker":"FUN","side":"buy","price":0,"quantity":1}"#, 400, "zero price"),
                (#"{"ticker":"FUN","side":"buy","price":100.005,"quantity":1}"#, 400, "three decimals"),
                (#"{"ticker":"FUN","side":"buy","price":"abc","quantity":1}"#, 400, "price not a number"),
                (#"{"ticker":"FUN","side":"buy","price":1e40,"quantity":1}"#, 400, "huge price"),
                (#"{"ticker":"FUN","side":"buy","price":100,"quantity":0}"#, 400, "zero quantity"),
                (#"{"ticker":"FUN","side":"buy","price":100,"quantity":-5}"#, 400, "negative quantity"),
                (#"{"ticker":"FUN","side":"buy","price":100,"quantity":1.5}"#, 400, "fractional quantity"),
                (#"{"ticker":"FUN","side":"buy","price":100,"quantity":"10"}"#, 400, "quantity as text"),
                (#"{"ticker":"FUN","side":"buy","price":100,"quantity":100000000000000000000}"#, 400, "huge quantity"),
                (
                    #"{"ticker":"FUN","side":"buy","price":100,"quantity":92233720368547758}"#, 400,
                    "overflowing notional"
                ),
                (#"{"ticker":"NOPE","side":"buy","price":100,"quantity":1}"#, 400, "unknown ticker"),
                (
                    #"{"ticker":"\#(String(repeating: "X", count: 40))","side":"buy","price":100,"quantity":1}"#, 400,
                    "long ticker"
                ),
                (
                    #"{"ticker":"FUN","side":"buy","price":100,"quantity":1,"time_in_force":"DAY"}"#, 400,
                    "bad time in force"
                ),
                (
                    #"{"ticker":"FUN","side":"buy","type":"market","price":100,"quantity":1}"#, 400,
                    "market with a price"
                ),
                (#"{"ticker":"FUN","side":"buy","type":"stop","price":100,"quantity":1}"#, 400, "unknown type"),
                (
                    #"{"ticker":"FUN","side":"buy","price":100,"quantity":1,"client_order_id":"\#(String(repeating: "c", count: 65))"}"#,
                    400, "long client id"
                ),
                (#"{"ticker":"FUN","side":"buy","price":100,"quantity":1000}"#, 400, "insufficient cash"),
                (#"{"ticker":"FUN","side":"sell","price":100,"quantity":1}"#, 400, "insufficient shares"),
                (#"[1,2,3]"#, 400, "not an object"),
            ]
            for (body, status, what) in bodies {
                let response = try await server.request(.POST, "/api/orders", json: body, headers: alice.keyHeader)
                #expect(response.status == status, "\(what): \(response.status) \(response.text)")
                #expect(response.errorDetail?.isEmpty == false, "\(what) has no detail: \(response.text)")
            }
            let huge = try await server.request(
                .POST, "/api/orders",
                json: #"{"ticker":"FUN","pad":""# + String(repeating: "x", count: 70_000) + #""}"#,
                headers: alice.keyHeader)
            #expect(huge.status == 413)
            #expect(try await server.get("/api/portfolio", as: alice).canonicalJSON == before)
            #expect(try await server.get("/api/orders?status=all", as: alice).array().isEmpty)
            #expect(try await server.get("/api/trades", as: alice).array().isEmpty)
        }
    }

    @Test(arguments: TestBackend.available)
    func privateRoutesNeedCredentialsAndQueriesAreChecked(backend: TestBackend) async throws {
        try await withServer(backend) { server in
            let alice = try await server.register("alice")
            for (method, path) in [
                (HTTPMethod.POST, "/api/orders"), (.GET, "/api/orders"), (.GET, "/api/trades"),
                (.GET, "/api/portfolio"),
                (.DELETE, "/api/orders/1"), (.PATCH, "/api/orders/1"), (.GET, "/api/venues/main/portfolio"),
            ] {
                let anonymous = try await server.request(method, path, json: method == .GET ? nil : "{}")
                #expect(anonymous.status == 401, "\(path) without credentials")
                let forged = try await server.request(method, path, headers: [("X-API-Key", "msk_forged")])
                #expect(forged.status == 401, "\(path) with a forged key")
            }
            for path in [
                "/api/market/NOPE", "/api/market/NOPE/orderbook", "/api/market/NOPE/history",
                "/api/venues/nowhere/leaderboard",
            ] {
                #expect(try await server.request(.GET, path).status == 404, "\(path)")
            }
            for path in [
                "/api/market/FUN/history?interval=2m", "/api/market/FUN/history?start=yesterday",
                "/api/market/FUN/history?start=2030-01-01T00:00:00Z&end=2029-01-01T00:00:00Z",
                "/api/market/FUN/orderbook?depth=0",
            ] {
                let response = try await server.request(.GET, path)
                #expect(response.status == 400 && response.errorDetail != nil, "\(path)")
            }
            for path in [
                "/api/orders?limit=0", "/api/orders?limit=101", "/api/orders?offset=-1", "/api/orders?status=weird",
                "/api/trades?limit=x",
            ] {
                #expect(try await server.request(.GET, path, headers: alice.keyHeader).status == 400, "\(path)")
            }
        }
    }

    @Test(arguments: TestBackend.available)
    func aRestartRestoresBooksBalancesAndHistory(backend: TestBackend) async throws {
        try await withScratchDatabase(backend) { scratch in
            let configuration = scratch.configuration()
            let views = try await TestServer.run(configuration, hooks: seedingShares(50, to: ["maker"])) { server in
                let maker = try await server.register("maker")
                let taker = try await server.register("taker")
                try await server.order(maker, "sell", 10, at: "101")
                try await server.order(maker, "sell", 10, at: "101")
                try await server.order(maker, "sell", 5, "MEME", at: "55")
                try await server.order(taker, "buy", 12, at: "101.5")
                try await server.order(taker, "buy", 3, at: "99")
                return try await observe(server, users: [maker, taker])
            }
            let restored = try await TestServer.run(configuration) { server in
                try await observe(server, users: views.users)
            }
            #expect(restored.pages == views.pages)
        }
    }
}

/// Every API view of the market and of each user, as text, for comparing one server with another.
struct ObservedState: Sendable, Equatable {
    let users: [RegisteredUser]
    let pages: [String: String]

    static func == (lhs: Self, rhs: Self) -> Bool { lhs.pages == rhs.pages }
}

func observe(_ server: TestServer, users: [RegisteredUser]) async throws -> ObservedState {
    var pages: [String: String] = [:]
    pages["tickers"] = try await server.get("/api/market/tickers").canonicalJSON
    for ticker in ["FUN", "MEME", "YOLO", "HODL", "PUMP"] {
        pages["book \(ticker)"] = try await server.get("/api/market/\(ticker)/orderbook").canonicalJSON
        pages["market \(ticker)"] = try await server.get("/api/market/\(ticker)").canonicalJSON
    }
    pages["leaderboard"] = try await server.get("/api/leaderboard").canonicalJSON
    for user in users {
        pages["portfolio \(user.id)"] = try await server.get("/api/portfolio", as: user).canonicalJSON
        pages["orders \(user.id)"] = try await server.get("/api/orders?status=all&limit=100", as: user).canonicalJSON
        pages["trades \(user.id)"] = try await server.get("/api/trades?limit=100", as: user).canonicalJSON
    }
    return ObservedState(users: users, pages: pages)
}
