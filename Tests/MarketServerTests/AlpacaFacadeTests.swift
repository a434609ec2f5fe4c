import Foundation
import Testing

@testable import MarketServer

/// The Alpaca facade over HTTP on both engines: credentials, orders read back by UUID, refusals in Alpaca's
/// `{"code","message"}` shape that change nothing, and the REST routes it reads through. (`Tests/clients`
/// drives it with the real `alpaca-py`.)
@Suite("Alpaca facade")
struct AlpacaFacadeTests {
    static func alpaca(_ user: RegisteredUser, keyID: String? = nil) -> [(String, String)] {
        [("APCA-API-KEY-ID", keyID ?? user.apiKey), ("APCA-API-SECRET-KEY", user.apiKey)]
    }

    static func quiet(_ configuration: inout ServerConfiguration) {
        configuration.marketMakersEnabled = false
    }

    @Test(arguments: TestBackend.available)
    func ordersAreReadBackByTheirUUIDAndByClientOrderID(backend: TestBackend) async throws {
        try await withServer(backend, hooks: seedingShares(100, to: ["seller"]), configure: Self.quiet) { server in
            let (buyer, seller) = (try await server.register("buyer"), try await server.register("seller"))
            try await server.order(seller, "sell", 5, at: "101.00")
            let placed = try await server.request(
                .POST, "/alpaca/v2/orders",
                json: #"{"symbol":"FUN","qty":"3","side":"buy","type":"limit","limit_price":101.0,"#
                    + #""time_in_force":"day","client_order_id":"alp-1"}"#,
                headers: Self.alpaca(buyer))
            let order = try placed.object()
            let id = order["id"] as? String ?? ""
            #expect(placed.status == 200 && order["status"] as? String == "filled", "\(placed.text)")
            #expect(order["filled_avg_price"] as? String == "101.00" && order["time_in_force"] as? String == "gtc")
            #expect(AlpacaID.orderNumber(id).map(AlpacaID.order) == id)

            let byID = try await server.request(.GET, "/alpaca/v2/orders/\(id)", headers: Self.alpaca(buyer))
            let byClient = try await server.request(
                .GET, "/alpaca/v2/orders:by_client_order_id?client_order_id=alp-1", headers: Self.alpaca(buyer))
            #expect(try byID.object()["id"] as? String == id)
            #expect(try byClient.object()["id"] as? String == id)
            let theirs = try await server.request(.GET, "/alpaca/v2/orders/\(id)", headers: Self.alpaca(seller))
            #expect(theirs.status == 404, "\(theirs.text)")
            #expect(try theirs.object()["code"] as? Int == 40_410_000)

            // The REST routes the facade reads: one order with what its fills came to, and the public tape.
            let number = AlpacaID.orderNumber(id) ?? ""
            let rest = try await server.get("/api/orders/\(number)", as: buyer).object()
            #expect(cents(rest["filled_value"]) == 303_00 && rest["updated_at"] is String, "\(rest)")
            let other = try await server.request(.GET, "/api/orders/\(number)", headers: seller.keyHeader)
            #expect(other.status == 403)
            let tape = try await server.get("/api/market/FUN/trades?limit=1").object()
            let last = (tape["trades"] as? [[String: Any]])?.first
            #expect(cents(last?["price"]) == 101_00 && last?["quantity"] as? Int == 3 && last?["buyer_id"] == nil)
        }
    }

    @Test(arguments: TestBackend.available)
    func refusalsComeInAlpacasShapeAndChangeNothing(backend: TestBackend) async throws {
        try await withServer(backend, configure: Self.quiet) { server in
            let alice = try await server.register("alice")
            let readKey =
                try await server.request(
                    .POST, "/api/keys", json: #"{"name":"r","scope":"read"}"#, headers: alice.keyHeader
                ).object()["api_key"] as? String ?? ""
            let before = try await server.get("/api/portfolio", as: alice).canonicalJSON
            let cases: [(body: String, headers: [(String, String)], status: Int)] = [
                (
                    #"{"symbol":"NOPE","qty":1,"side":"buy","type":"market","time_in_force":"day"}"#,
                    Self.alpaca(alice), 422
                ),
                (
                    #"{"symbol":"FUN","qty":1.5,"side":"buy","type":"market","time_in_force":"day"}"#,
                    Self.alpaca(alice), 422
                ),
                (
                    #"{"symbol":"FUN","qty":0,"side":"buy","type":"market","time_in_force":"day"}"#, Self.alpaca(alice),
                    422
                ),
                (
                    #"{"symbol":"FUN","qty":1,"side":"sell","type":"trailing_stop","time_in_force":"gtc"}"#,
                    Self.alpaca(alice), 422
                ),
                (
                    #"{"symbol":"FUN","notional":100,"side":"buy","type":"market","time_in_force":"day"}"#,
                    Self.alpaca(alice), 422
                ),
                (
                    #"{"symbol":"FUN","qty":1000,"side":"buy","type":"limit","limit_price":99,"time_in_force":"gtc"}"#,
                    Self.alpaca(alice), 403
                ),
                (
                    #"{"symbol":"FUN","qty":1,"side":"buy","type":"limit","limit_price":9,"time_in_force":"gtc"}"#,
                    [("APCA-API-KEY-ID", readKey), ("APCA-API-SECRET-KEY", readKey)], 403
                ),
                (
                    #"{"symbol":"FUN","qty":1,"side":"buy","type":"limit","limit_price":9,"time_in_force":"gtc"}"#,
                    Self.alpaca(alice, keyID: "12345"), 401
                ),
                (
                    #"{"symbol":"FUN","qty":1,"side":"buy","type":"limit","limit_price":9,"time_in_force":"gtc"}"#, [],
                    401
                ),
                (
                    #"{"symbol":"FUN","qty":1,"side":"buy","type":"limit","limit_price":9,"time_in_force":"opg"}"#,
                    Self.alpaca(alice), 422
                ),
                (#"[1,2"#, Self.alpaca(alice), 422),
            ]
            for (body, headers, status) in cases {
                let answer = try await server.request(.POST, "/alpaca/v2/orders", json: body, headers: headers)
                let object = (try? answer.object()) ?? [:]
                #expect(answer.status == status, "\(body): \(answer.status) \(answer.text)")
                #expect(
                    object["code"] as? Int == status * 100_000 + 10_000 && object["message"] is String, "\(answer.text)"
                )
            }
            #expect(try await server.get("/api/portfolio", as: alice).canonicalJSON == before)
            let open = try await server.get("/api/orders?status=all", as: alice).array()
            #expect(open.isEmpty)
        }
    }

    @Test(arguments: TestBackend.available)
    func aHaltedVenueIsClosedAndRefusesOrders(backend: TestBackend) async throws {
        try await withServer(
            backend,
            configure: {
                $0.marketMakersEnabled = false
                $0.initialAdmin = try? Credentials(username: "root", password: "root-password-for-tests")
            }
        ) { server in
            let alice = try await server.register("alice")
            let halted = try await server.request(
                .POST, "/api/admin/venues/main/halt", json: #"{"reason":"lunch"}"#,
                headers: try await server.adminHeader())
            #expect(halted.status == 200, "\(halted.text)")
            let clock = try await server.request(.GET, "/alpaca/v2/clock", headers: Self.alpaca(alice)).object()
            #expect(clock["is_open"] as? Bool == false)
            let refused = try await server.request(
                .POST, "/alpaca/v2/orders",
                json: #"{"symbol":"FUN","qty":1,"side":"buy","type":"limit","limit_price":9,"time_in_force":"gtc"}"#,
                headers: Self.alpaca(alice))
            #expect(refused.status == 403, "\(refused.text)")
            #expect(try refused.object()["code"] as? Int == 40_310_000)
            let orders = try await server.get("/api/orders?status=all", as: alice).array()
            #expect(orders.isEmpty)
        }
    }

    @Test func anOrderUUIDCarriesItsNumberAndNothingElseParses() {
        for number in ["1", "6603", String(Int64.max)] {
            #expect(AlpacaID.orderNumber(AlpacaID.order(number)) == number)
        }
        #expect(AlpacaID.order("6603") == "00000000-0000-4000-0000-0000000019cb")
        for text in [
            "", "x", "00000000-0000-4000-0000-00000000zzzz", "00000000-0000-4001-0000-000000000001",
            "00000000-0000-4000-ffff-ffffffffffff", "-1", "99999999999999999999",
        ] {
            #expect(AlpacaID.orderNumber(text) == nil, "\(text)")
        }
        #expect(AlpacaID.asset("FUN") == AlpacaID.asset("FUN") && AlpacaID.asset("FUN") != AlpacaID.asset("MEME"))
    }

    @Test func averagesAreExactToFourPlaces() {
        #expect(AlpacaNumber.average(hundredths: 303_00, over: 3) == "101.00")
        #expect(AlpacaNumber.average(hundredths: 100_01, over: 3) == "33.3367")
        #expect(AlpacaNumber.average(hundredths: 0, over: 0) == nil)
        #expect(AlpacaNumber.average(hundredths: Int64.max, over: 1) != nil)
    }
}
