import Foundation
import MarketServer
import Testing

/// Conditional orders, icebergs, post-only orders, one-cancels-other pairs and brackets over real HTTP,
/// on SQLite and PostgreSQL: each type placed, shown, triggered or refused, and kept across a restart.
@Suite struct AdvancedOrderAPITests {
    /// Places an order from raw JSON members and returns the answer, which must be 200.
    private func place(_ server: TestServer, _ user: RegisteredUser, _ members: String, path: String = "/api/orders")
        async throws -> [String: Any]
    {
        let response = try await server.request(.POST, path, json: "{\(members)}", headers: user.keyHeader)
        guard response.status == 200 else { throw TestFailure("\(members): \(response.status) \(response.text)") }
        return try response.object()
    }

    /// Prints one share of FUN at `price` between bob (seller) and carol (buyer).
    private func printTrade(_ server: TestServer, at price: String, bob: RegisteredUser, carol: RegisteredUser)
        async throws
    {
        try await server.order(bob, "sell", 1, at: price)
        let bought = try await server.order(carol, "buy", 1, at: price, timeInForce: "IOC")
        guard bought["status"] as? String == "filled" else { throw TestFailure("no trade at \(price): \(bought)") }
    }

    private func openOrder(_ server: TestServer, _ user: RegisteredUser, _ id: Any?) async throws -> [String: Any]? {
        try await server.get("/api/orders?status=all", as: user).array().first {
            $0["order_id"] as? String == id as? String
        }
    }

    @Test(arguments: TestBackend.available)
    func eachConditionalTypeWaitsAsAnOpenOrderAndTriggersOnATrade(backend: TestBackend) async throws {
        try await withServer(backend, hooks: seedingShares(100, to: ["alice", "bob"])) { server in
            let alice = try await server.register("alice")
            let bob = try await server.register("bob")
            let carol = try await server.register("carol")

            let stop = try await place(
                server, alice, #""ticker":"FUN","side":"sell","quantity":5,"type":"stop","stop_price":95"#)
            #expect(stop["type"] as? String == "stop" && stop["status"] as? String == "open")
            #expect(cents(stop["stop_price"]) == 95_00 && stop["triggered"] as? Bool == false)
            let stopLimit = try await place(
                server, alice,
                #""ticker":"FUN","side":"buy","quantity":2,"type":"stop_limit","stop_price":"104.00","price":104.5"#)
            #expect(cents(stopLimit["price"]) == 104_50 && stopLimit["type"] as? String == "stop_limit")
            let takeProfit = try await place(
                server, alice, #""ticker":"FUN","side":"sell","quantity":3,"type":"take_profit","stop_price":103"#)
            let trailing = try await place(
                server, alice, #""ticker":"FUN","side":"buy","quantity":4,"type":"trailing_stop","trail_percent":2.5"#)
            #expect(cents(trailing["trail_percent"]) == 2_50 && cents(trailing["protection_price"]) == 107_63)

            let open = try await server.get("/api/orders", as: alice).array()
            #expect(open.count == 4 && open.allSatisfy { $0["status"] as? String == "open" })
            #expect(open.allSatisfy { $0["triggered"] as? Bool == false })
            let portfolio = try await server.get("/api/portfolio", as: alice).object()
            // The stop-limit buy holds 2 × 104.50; the trailing buy 4 × 107.63, its cap.
            let escrow: Int64 = 2 * 104_50 + 4 * 107_63
            #expect(cents(portfolio["escrowed_cash"]) == escrow)
            #expect((try await server.get("/api/market/FUN/orderbook").object()["asks"] as? [Any])?.isEmpty == true)

            // A trade at 103 meets the take-profit (≥ 103) and the trailing buy (≥ 100 × 1.025 = 102.50).
            try await server.order(carol, "buy", 3, at: "99.00")
            try await server.order(bob, "sell", 10, at: "103.00")
            try await printTrade(server, at: "103.00", bob: bob, carol: carol)
            let profit = try #require(try await openOrder(server, alice, takeProfit["order_id"]))
            #expect(profit["status"] as? String == "filled" && profit["triggered"] as? Bool == true)
            let trail = try #require(try await openOrder(server, alice, trailing["order_id"]))
            #expect(trail["status"] as? String == "filled" && trail["filled_quantity"] as? Int == 4)
            // The trailing buy's fills took the stop-limit's trigger (104) only if they printed there: they did not.
            #expect(try await openOrder(server, alice, stopLimit["order_id"])?["triggered"] as? Bool == false)
            #expect(try await openOrder(server, alice, stop["order_id"])?["triggered"] as? Bool == false)

            // The stop sell at 95 triggers on a trade at 95 and sells into the best bid.
            try await server.order(carol, "buy", 5, at: "94.00")
            try await printTrade(server, at: "95.00", bob: bob, carol: carol)
            let stopped = try #require(try await openOrder(server, alice, stop["order_id"]))
            #expect(stopped["status"] as? String == "filled" && stopped["triggered"] as? Bool == true)
            let fills = try await server.get("/api/trades", as: alice).array()
            #expect(
                fills.contains {
                    $0["order_id"] as? String == stop["order_id"] as? String && cents($0["price"]) == 94_00
                })
        }
    }

    @Test(arguments: TestBackend.available)
    func icebergsShowTheirSliceAndPostOnlyOrdersNeverTake(backend: TestBackend) async throws {
        try await withServer(backend, hooks: seedingShares(100, to: ["alice", "bob"])) { server in
            let alice = try await server.register("alice")
            let bob = try await server.register("bob")
            let iceberg = try await place(
                server, alice, #""ticker":"FUN","side":"sell","quantity":30,"price":101,"display_quantity":10"#)
            #expect(iceberg["display_quantity"] as? Int == 10)
            var asks = try await server.get("/api/market/FUN/orderbook").object()["asks"] as? [[String: Any]]
            #expect(asks?.first?["quantity"] as? Int == 10)
            let bought = try await server.order(bob, "buy", 12, at: "101.00")
            #expect(bought["filled_quantity"] as? Int == 12)
            asks = try await server.get("/api/market/FUN/orderbook").object()["asks"] as? [[String: Any]]
            #expect(asks?.first?["quantity"] as? Int == 8, "the second slice, less the two shares taken from it")

            let refused = try await server.request(
                .POST, "/api/orders", json: #"{"ticker":"FUN","side":"buy","quantity":1,"price":101,"post_only":true}"#,
                headers: bob.keyHeader)
            #expect(refused.status == 400 && refused.errorCode == "post_only_would_trade")
            let rests = try await place(
                server, bob, #""ticker":"FUN","side":"buy","quantity":1,"price":100.99,"post_only":true"#)
            #expect(rests["status"] as? String == "open" && rests["post_only"] as? Bool == true)
            let listed = try #require(try await openOrder(server, bob, rests["order_id"]))
            #expect(listed["post_only"] as? Bool == true)
        }
    }

    @Test(arguments: TestBackend.available)
    func aPairCancelsItsOtherLegAndABracketArmsItsExits(backend: TestBackend) async throws {
        try await withServer(backend, hooks: seedingShares(100, to: ["alice", "bob"])) { server in
            let alice = try await server.register("alice")
            let bob = try await server.register("bob")
            let carol = try await server.register("carol")

            let pair = try await place(
                server, alice,
                #""ticker":"FUN","side":"sell","quantity":10,"legs":[{"type":"limit","price":110},{"type":"stop","stop_price":90}]"#,
                path: "/api/orders/oco")
            let legs = try #require(pair["orders"] as? [[String: Any]])
            #expect(legs.count == 2 && legs[0]["linked_order_id"] as? String == legs[1]["order_id"] as? String)
            let shares = try await server.get("/api/portfolio", as: alice).object()["holdings"] as? [[String: Any]]
            #expect(shares?.first { $0["ticker"] as? String == "FUN" }?["quantity"] as? Int == 100)
            try await server.order(carol, "buy", 4, at: "110.00")
            let stopLeg = try #require(try await openOrder(server, alice, legs[1]["order_id"]))
            #expect(stopLeg["status"] as? String == "cancelled")
            #expect(stopLeg["cancellation_reason"] as? String == "oneCancelsOther")

            // A bracket buy, filled at once, arms a take-profit and a stop-loss joined as a pair.
            try await server.order(bob, "sell", 5, at: "100.00")
            let entry = try await place(
                server, carol,
                #""ticker":"FUN","side":"buy","quantity":5,"price":100,"bracket":{"take_profit":108,"stop_loss":96}"#)
            #expect(entry["status"] as? String == "filled")
            let exits = try await server.get("/api/orders", as: carol).array().filter {
                $0["parent_order_id"] as? String == entry["order_id"] as? String
            }
            #expect(Set(exits.compactMap { $0["type"] as? String }) == ["limit", "stop"])
            #expect(exits.allSatisfy { $0["quantity"] as? Int == 5 && $0["side"] as? String == "sell" })
            #expect(exits.allSatisfy { $0["linked_order_id"] != nil })
            let listedEntry = try #require(try await openOrder(server, carol, entry["order_id"]))
            #expect(cents((listedEntry["bracket"] as? [String: Any])?["take_profit"]) == 108_00)

            // Cancelling one exit cancels the other.
            let first = try #require(exits.first?["order_id"] as? String)
            #expect(try await server.request(.DELETE, "/api/orders/\(first)", headers: carol.keyHeader).status == 200)
            #expect(try await server.get("/api/orders", as: carol).array().isEmpty)

            // A bracket with only a take-profit arms that exit alone, linked to nothing.
            try await server.order(bob, "sell", 3, at: "100.00")
            let single = try await place(
                server, carol, #""ticker":"FUN","side":"buy","quantity":3,"price":100,"bracket":{"take_profit":109}"#)
            let exit = try #require(try await server.get("/api/orders", as: carol).array().first)
            #expect(exit["parent_order_id"] as? String == single["order_id"] as? String)
            #expect(
                exit["type"] as? String == "limit" && cents(exit["price"]) == 109_00 && exit["quantity"] as? Int == 3)
            #expect(exit["linked_order_id"] == nil)
            let singleEntry = try #require(try await openOrder(server, carol, single["order_id"]))
            #expect((singleEntry["bracket"] as? [String: Any]).map { Set($0.keys) } == ["take_profit"])
            let amend = try await server.request(
                .PATCH, "/api/orders/\(legs[0]["order_id"] as? String ?? "")", json: #"{"price":111}"#,
                headers: alice.keyHeader)
            #expect(amend.status == 200, "the pair is dissolved: the limit leg is a plain order now")
        }
    }

    @Test(arguments: TestBackend.available)
    func badAdvancedOrdersAreRefusedWithTheirReasonAndChangeNothing(backend: TestBackend) async throws {
        try await withServer(backend, hooks: seedingShares(100, to: ["alice"])) { server in
            let alice = try await server.register("alice")
            let before = try await server.get("/api/portfolio", as: alice).object() as NSDictionary
            let refusals: [(String, String, String)] = [
                (#""type":"stop","stop_price":95,"price":94"#, "takes no price", "invalid_price"),
                (#""type":"stop_limit","stop_price":95"#, "needs a price", "invalid_price"),
                (#""type":"stop""#, "stop_price", "invalid_stop_price"),
                (#""type":"stop","stop_price":105"#, "already meets", "trigger_already_reached"),
                (#""type":"stop","stop_price":95.001"#, "two decimals", "invalid_stop_price"),
                (#""type":"stop","stop_price":-5"#, "positive", "invalid_stop_price"),
                (#""type":"stop","stop_price":95,"time_in_force":"IOC""#, "GTC only", "invalid_time_in_force"),
                (#""type":"trailing_stop""#, "exactly one", "invalid_trail_amount"),
                (#""type":"trailing_stop","trail_amount":1,"trail_percent":2"#, "exactly one", "invalid_trail_amount"),
                (#""type":"trailing_stop","trail_percent":100"#, "below 100", "invalid_trail_percent"),
                (#""type":"trailing_stop","trail_percent":"abc""#, "two decimals", "invalid_trail_percent"),
                (#""type":"limit","price":95,"trail_amount":1"#, "takes no trail_amount", "invalid_trail_amount"),
                (#""type":"iceberg","price":95"#, "must be one of", "invalid_type"),
                (#""price":101,"display_quantity":10"#, "below the quantity", "invalid_display_quantity"),
                (#""price":101,"display_quantity":0"#, "at least 1", "invalid_display_quantity"),
                (#""price":101,"display_quantity":2,"time_in_force":"IOC""#, "iceberg", "invalid_order"),
                (#""type":"market","post_only":true"#, "post-only", "invalid_order"),
                (#""price":101,"post_only":"yes""#, "post_only: must be true or false", "invalid_post_only"),
                (#""price":101,"bracket":{"take_profit":110,"stop_loss":90}"#, "take-profit", "invalid_order"),
                (#""price":101,"bracket":{}"#, "take_profit, stop_loss or both", "invalid_bracket"),
                (
                    #""price":101,"bracket":{"take_profit":90,"stop_loss_limit":111}"#, "needs a stop-loss",
                    "invalid_order"
                ),
                (#""price":101,"bracket":{"stop_loss":"x"}"#, "stop_loss", "invalid_stop_loss"),
                (
                    #""type":"stop","stop_price":95,"bracket":{"take_profit":90,"stop_loss":110}"#, "bracket",
                    "invalid_bracket"
                ),
            ]
            for (members, reason, code) in refusals {
                let response = try await server.request(
                    .POST, "/api/orders", json: #"{"ticker":"FUN","side":"sell","quantity":10,\#(members)}"#,
                    headers: alice.keyHeader)
                #expect(response.status == 400, "\(members): \(response.status) \(response.text)")
                #expect(response.errorCode == code, "\(members): \(response.text)")
                #expect(response.errorDetail?.contains(reason) == true, "\(members): \(response.text)")
            }
            let pairs: [(String, Int, String)] = [
                (#""legs":[{"type":"limit","price":110}]"#, 400, "invalid_legs"),
                (#""legs":[{"type":"market"},{"type":"stop","stop_price":90}]"#, 400, "invalid_legs"),
                (#""legs":[{"type":"limit","price":99},{"type":"stop","stop_price":90}]"#, 400, "oco_leg_would_trade"),
                (
                    #""legs":[{"type":"limit","price":110},{"type":"stop","stop_price":101}]"#, 400,
                    "trigger_already_reached"
                ),
                (#""legs":"both""#, 400, "invalid_legs"),
            ]
            try await server.order(try await server.register("bob"), "buy", 1, at: "99.00")
            for (members, status, code) in pairs {
                let response = try await server.request(
                    .POST, "/api/orders/oco", json: #"{"ticker":"FUN","side":"sell","quantity":10,\#(members)}"#,
                    headers: alice.keyHeader)
                #expect(response.status == status && response.errorCode == code, "\(members): \(response.text)")
            }
            let noCredentials = try await server.request(
                .POST, "/api/orders/oco",
                json:
                    #"{"ticker":"FUN","side":"sell","quantity":1,"legs":[{"type":"limit","price":110},{"type":"stop","stop_price":90}]}"#
            )
            #expect(noCredentials.status == 401)
            let after = try await server.get("/api/portfolio", as: alice).object() as NSDictionary
            #expect(after == before)
            #expect(try await server.get("/api/orders", as: alice).array().isEmpty)

            // A waiting order is not amended: it is cancelled and placed again.
            let stop = try await place(
                server, alice, #""ticker":"FUN","side":"sell","quantity":5,"type":"stop","stop_price":95"#)
            let amend = try await server.request(
                .PATCH, "/api/orders/\(stop["order_id"] as? String ?? "")", json: #"{"quantity":4}"#,
                headers: alice.keyHeader)
            #expect(amend.status == 400 && amend.errorCode == "order_not_amendable")
        }
    }

    @Test(arguments: TestBackend.available)
    func waitingOrdersPairsAndBracketsComeBackAfterARestart(backend: TestBackend) async throws {
        try await withScratchDatabase(backend) { scratch in
            let configuration = scratch.configuration()
            let hooks = seedingShares(100, to: ["alice", "bob"])
            let (users, ids) = try await TestServer.run(configuration, hooks: hooks) { server in
                let alice = try await server.register("alice")
                let bob = try await server.register("bob")
                let carol = try await server.register("carol")
                let stop = try await place(
                    server, alice,
                    #""ticker":"FUN","side":"sell","quantity":5,"type":"trailing_stop","trail_amount":3"#)
                let pair = try await place(
                    server, alice,
                    #""ticker":"FUN","side":"sell","quantity":10,"legs":[{"type":"limit","price":110},{"type":"stop","stop_price":90}]"#,
                    path: "/api/orders/oco")
                let stopLimit = try await place(
                    server, carol,
                    #""ticker":"FUN","side":"buy","quantity":2,"type":"stop_limit","stop_price":103,"price":103"#)
                // The trailing stop's high moves to 104 before the restart, and the stop-limit triggers and rests.
                try await printTrade(server, at: "104.00", bob: bob, carol: carol)
                let legs = (pair["orders"] as? [[String: Any]])?.compactMap { $0["order_id"] as? String } ?? []
                return (
                    (alice, bob, carol),
                    [stop["order_id"] as? String ?? ""] + legs + [stopLimit["order_id"] as? String ?? ""]
                )
            }
            let database = try await scratch.open()
            let rested = try await database.withConnection { sql in
                try await sql.raw(
                    "SELECT priority, status FROM orders WHERE order_id = \(bind: Int64(ids[3]) ?? 0)"
                ).first()
            }
            await database.close()
            #expect(
                try rested?.decode(column: "priority", as: Int64?.self) != nil,
                "a triggered order rests with its priority")
            #expect(try rested?.decode(column: "status", as: String.self) == "open")
            try await TestServer.run(configuration, hooks: hooks) { server in
                let (alice, bob, carol) = users
                let open = try await server.get("/api/orders", as: alice).array()
                #expect(Set(open.compactMap { $0["order_id"] as? String }) == Set(ids.prefix(3)))
                let waiting = open.filter { $0["order_id"] as? String != ids[1] }
                let rests = try #require(try await openOrder(server, carol, ids[3]))
                #expect(rests["triggered"] as? Bool == true && rests["status"] as? String == "open")
                let bids = try await server.get("/api/market/FUN/orderbook").object()["bids"] as? [[String: Any]]
                #expect(bids?.first.map { cents($0["price"]) } == 103_00)
                #expect(
                    try await server.request(.DELETE, "/api/orders/\(ids[3])", headers: carol.keyHeader).status == 200)
                #expect(
                    open.filter { $0["order_id"] as? String != ids[1] }.allSatisfy { $0["triggered"] as? Bool == false }
                )
                let portfolio = try await server.get("/api/portfolio", as: alice).object()
                let holding = (portfolio["holdings"] as? [[String: Any]])?.first { $0["ticker"] as? String == "FUN" }
                #expect(holding?["quantity"] as? Int == 100)
                // 101 = 104 − 3: the trailing stop kept its high through the restart.
                try await server.order(carol, "buy", 5, at: "100.00")
                try await printTrade(server, at: "101.00", bob: bob, carol: carol)
                let trailing = try #require(try await openOrder(server, alice, ids[0]))
                #expect(trailing["status"] as? String == "filled" && trailing["triggered"] as? Bool == true)
                // The pair's limit leg trades; its stop leg is cancelled.
                try await server.order(carol, "buy", 2, at: "110.00")
                #expect(try await openOrder(server, alice, ids[2])?["status"] as? String == "cancelled")
                #expect(try await openOrder(server, alice, ids[1])?["status"] as? String == "partial")
            }
        }
    }
}
