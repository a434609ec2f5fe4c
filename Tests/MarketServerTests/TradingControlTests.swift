import Foundation
import MarketServer
import Testing

@Suite struct TradingControlTests {
    @Test(arguments: TestBackend.available)
    func administratorsHaltResumeAndCancelInBulk(backend: TestBackend) async throws {
        try await withServer(
            backend, hooks: seedingShares(50, to: ["maker"]),
            configure: { $0.initialAdmin = try? Credentials(username: "root", password: "root-password-for-tests") }
        ) { server in
            let admin = try await server.login("root", password: "root-password-for-tests").object()
            let adminHeader = [("Authorization", "Bearer \(admin["jwt_token"] as? String ?? "")")]
            let maker = try await server.register("maker")
            let taker = try await server.register("taker")
            let resting = try await server.order(taker, "buy", 5, at: "99")

            let halt = try await server.request(
                .POST, "/api/admin/venues/main/halt", json: #"{"ticker":"fun","reason":"news pending"}"#,
                headers: adminHeader)
            let halted = try halt.object()
            #expect(halt.status == 200 && halted["status"] as? String == "halted")
            let refused = try await server.request(
                .POST, "/api/orders", json: #"{"ticker":"FUN","side":"sell","price":99,"quantity":1}"#,
                headers: maker.keyHeader)
            #expect(refused.status == 400 && refused.errorCode == "trading_halted")
            #expect(refused.errorDetail?.contains("news pending") == true)
            let market = try await server.get("/api/market/FUN").object()
            #expect(market["halt_reason"] as? String == "news pending")
            try await server.order(maker, "sell", 1, "MEME", at: "60")  // other tickers still trade
            let id = try #require(resting["order_id"] as? String)
            #expect(try await server.request(.DELETE, "/api/orders/\(id)", headers: taker.keyHeader).status == 200)

            let resume = try await server.request(
                .POST, "/api/admin/venues/main/resume", json: #"{"ticker":"FUN"}"#, headers: adminHeader)
            #expect(resume.status == 200)
            try await server.order(taker, "buy", 2, at: "98")
            try await server.order(taker, "buy", 3, "MEME", at: "40")
            let before = try await server.get("/api/portfolio", as: taker).object()
            let escrow: Int64 = 2 * 98_00 + 3 * 40_00
            #expect(cents(before["escrowed_cash"]) == escrow)

            let venueHalt = try await server.request(
                .POST, "/api/admin/venues/main/halt", json: #"{"reason":"close"}"#, headers: adminHeader)
            #expect(venueHalt.status == 200)
            let closed = try await server.request(
                .POST, "/api/orders", json: #"{"ticker":"MEME","side":"buy","price":40,"quantity":1}"#,
                headers: taker.keyHeader)
            #expect(closed.status == 400 && closed.errorDetail?.contains("close") == true)

            let cancelled = try await server.request(
                .POST, "/api/admin/venues/main/cancel-orders", json: #"{"user_id":"\#(taker.id)"}"#,
                headers: adminHeader)
            let cancelCount = try cancelled.object()["cancelled"] as? Int
            #expect(cancelled.status == 200 && cancelCount == 2)
            let after = try await server.get("/api/portfolio", as: taker).object()
            #expect(cents(after["escrowed_cash"]) == 0 && cents(after["cash"]) == 10_000_00)
            #expect(try await server.get("/api/orders", as: maker).array().count == 1)  // the maker's MEME ask stays
            #expect(
                try await server.request(.POST, "/api/admin/venues/main/resume", json: "{}", headers: adminHeader)
                    .status == 200)

            for (path, body, status) in [
                ("halt", #"{"ticker":"FUN"}"#, 400), ("halt", #"{"reason":" "}"#, 400),
                ("halt", #"{"ticker":"NOPE","reason":"x"}"#, 400), ("resume", #"{"ticker":"NOPE"}"#, 400),
                ("cancel-orders", #"{"user_id":"abc"}"#, 400), ("cancel-orders", #"{"ticker":"NOPE"}"#, 400),
            ] {
                let response = try await server.request(
                    .POST, "/api/admin/venues/main/\(path)", json: body, headers: adminHeader)
                #expect(response.status == status && response.errorDetail != nil, "\(path) \(body): \(response.status)")
            }
            #expect(
                try await server.request(
                    .POST, "/api/admin/venues/nowhere/halt", json: #"{"reason":"x"}"#, headers: adminHeader
                ).status == 404)
            for path in ["halt", "resume", "cancel-orders"] {
                let byTrader = try await server.request(
                    .POST, "/api/admin/venues/main/\(path)", json: #"{"reason":"x"}"#, headers: taker.keyHeader)
                #expect(byTrader.status == 403)
                #expect(
                    try await server.request(.POST, "/api/admin/venues/main/\(path)", json: #"{"reason":"x"}"#).status
                        == 401)
            }
            #expect(try await server.get("/api/market/FUN").object()["halt_reason"] is NSNull)
        }
    }
}
