import Foundation
import MarketServer
import Testing

@Suite struct AdjustmentTests {
    @Test(arguments: TestBackend.available)
    func administratorsAdjustBalancesThroughTheLedger(backend: TestBackend) async throws {
        try await withServer(
            backend,
            configure: { $0.initialAdmin = try? Credentials(username: "root", password: "root-password-for-tests") }
        ) { server in
            let admin = try await server.login("root", password: "root-password-for-tests").object()
            let adminHeader = [("Authorization", "Bearer \(admin["jwt_token"] as? String ?? "")")]
            let alice = try await server.register("alice")
            let path = "/api/admin/venues/main/adjustments"

            let credit = try await server.request(
                .POST, path, json: #"{"user_id":"\#(alice.id)","cash":"250.75","reason":"prize"}"#, headers: adminHeader
            )
            let credited = try credit.object()
            #expect(credit.status == 200 && cents(credited["cash"]) == 10_250_75)
            let shares = try await server.request(
                .POST, path, json: #"{"user_id":"\#(alice.id)","ticker":"fun","shares":40,"reason":"grant"}"#,
                headers: adminHeader)
            let granted = try shares.object()
            #expect(shares.status == 200 && granted["shares"] as? Int == 40)
            let debit = try await server.request(
                .POST, path, json: #"{"user_id":"\#(alice.id)","cash":-0.75,"reason":"fee"}"#, headers: adminHeader)
            #expect(debit.status == 200)
            let portfolio = try await server.get("/api/portfolio", as: alice).object()
            #expect(cents(portfolio["cash"]) == 10_250_00)
            #expect((portfolio["holdings"] as? [[String: Any]])?.first?["quantity"] as? Int == 40)

            let refused: [(String, Int)] = [
                (#"{"user_id":"\#(alice.id)","cash":10}"#, 400),
                (#"{"user_id":"\#(alice.id)","cash":10,"reason":"  "}"#, 400),
                (#"{"user_id":"\#(alice.id)","cash":10,"ticker":"FUN","shares":1,"reason":"both"}"#, 400),
                (#"{"user_id":"\#(alice.id)","shares":1,"reason":"no ticker"}"#, 400),
                (#"{"user_id":"\#(alice.id)","cash":1.001,"reason":"three decimals"}"#, 400),
                (#"{"user_id":"\#(alice.id)","cash":-20000,"reason":"overdraw"}"#, 400),
                (#"{"user_id":"\#(alice.id)","ticker":"FUN","shares":-41,"reason":"overdraw"}"#, 400),
                (#"{"user_id":"\#(alice.id)","ticker":"NOPE","shares":1,"reason":"unknown ticker"}"#, 400),
                (#"{"user_id":"\#(alice.id)","cash":0,"reason":"nothing"}"#, 400),
                (#"{"user_id":"\#(alice.id)","ticker":"FUN","shares":9000000000000000000,"reason":"absurd"}"#, 400),
                (#"{"user_id":"\#(alice.id)","cash":1000000000000.01,"reason":"absurd"}"#, 400),
                (#"{"user_id":"12345","cash":1,"reason":"nobody"}"#, 404),
                (#"{"user_id":"x","cash":1,"reason":"bad id"}"#, 400),
            ]
            for (body, status) in refused {
                let response = try await server.request(.POST, path, json: body, headers: adminHeader)
                #expect(
                    response.status == status && response.errorDetail != nil,
                    "\(body): \(response.status) \(response.text)")
            }
            #expect(
                try await server.request(
                    .POST, "/api/admin/venues/nowhere/adjustments",
                    json: #"{"user_id":"\#(alice.id)","cash":1,"reason":"r"}"#, headers: adminHeader
                ).status == 404)
            let byTrader = try await server.request(
                .POST, path, json: #"{"user_id":"\#(alice.id)","cash":1,"reason":"me"}"#, headers: alice.keyHeader)
            #expect(byTrader.status == 403)
            #expect(
                try await server.request(.POST, path, json: #"{"user_id":"\#(alice.id)","cash":1,"reason":"me"}"#)
                    .status == 401)
            let unchanged = try await server.get("/api/portfolio", as: alice).object()
            #expect(cents(unchanged["cash"]) == 10_250_00)
        }
    }
}
