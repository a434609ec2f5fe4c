import Foundation
import MarketServer
import Testing

@Suite("Rate limiting")
struct RateLimitTests {
    @Test(arguments: TestBackend.available)
    func authenticatedRequestsAreLimitedPerUser(backend: TestBackend) async throws {
        try await withServer(backend, configure: { $0.rateLimit = RateLimitPolicy(requests: 3, windowSeconds: 60) }) {
            server in
            let alice = try await server.register("alice")
            let bob = try await server.register("bob")
            for expectedRemaining in [2, 1, 0] {
                let response = try await server.request(.GET, "/api/keys", headers: alice.keyHeader)
                #expect(response.status == 200)
                #expect(response.headers.first(name: "X-RateLimit-Limit") == "3")
                #expect(response.headers.first(name: "X-RateLimit-Remaining") == String(expectedRemaining))
                let reset = try #require(response.headers.first(name: "X-RateLimit-Reset").flatMap { Int($0) })
                #expect((1...60).contains(reset))
            }
            let limited = try await server.request(.GET, "/api/keys", headers: alice.keyHeader)
            #expect(limited.status == 429)
            #expect(limited.errorCode == "rate_limited")
            #expect(limited.errorDetail != nil)
            let retryAfter = try #require(limited.headers.first(name: "Retry-After").flatMap { Int($0) })
            #expect((1...60).contains(retryAfter))
            #expect(limited.headers.first(name: "X-RateLimit-Remaining") == "0")
            // The same user with another credential shares the budget; another user has their own.
            #expect(try await server.request(.GET, "/api/keys", headers: alice.bearerHeader).status == 429)
            #expect(try await server.request(.GET, "/api/keys", headers: bob.keyHeader).status == 200)
            // Error answers carry the headers too.
            let notFound = try await server.request(.DELETE, "/api/keys/1", headers: bob.keyHeader)
            #expect(notFound.status == 404)
            #expect(notFound.headers.first(name: "X-RateLimit-Remaining") == "1")
        }
    }

    @Test func marketDataCountsPerUserWhenTheRequestNamesOne() async throws {
        // A class behind one address: each signed-in student has their own budget on the public routes too.
        try await withServer(.sqlite, configure: { $0.rateLimit = RateLimitPolicy(requests: 4, windowSeconds: 60) }) {
            server in
            let students = [try await server.register("alice"), try await server.register("bob")]
            for student in students {
                for header in [student.keyHeader, student.bearerHeader] {
                    #expect(try await server.request(.GET, "/api/market/FUN", headers: header).status == 200)
                    #expect(try await server.request(.GET, "/api/portfolio", headers: header).status == 200)
                }
                // One budget per user across public and private routes.
                let over = try await server.request(.GET, "/api/market/FUN/orderbook", headers: student.keyHeader)
                #expect(over.status == 429)
            }
            // The two registrations spent half the address's budget; anonymous reads spend the rest.
            #expect(try await server.request(.GET, "/api/market/tickers").status == 200)
            #expect(try await server.request(.GET, "/api/market/tickers").status == 200)
            #expect(try await server.request(.GET, "/api/market/tickers").status == 429)
            // A credential that is not valid reads the public routes as anonymous, as before.
            let unknown = try await server.request(.GET, "/api/market/FUN", headers: [("X-API-Key", "msk_unknown")])
            #expect(unknown.status == 429)
        }
    }

    @Test(arguments: TestBackend.available)
    func unauthenticatedRequestsAreLimitedPerAddress(backend: TestBackend) async throws {
        try await withServer(backend, configure: { $0.rateLimit = RateLimitPolicy(requests: 2, windowSeconds: 30) }) {
            server in
            let body = #"{"username":"nobody","password":"wrong"}"#
            #expect(try await server.request(.POST, "/api/login", json: body).status == 401)
            #expect(try await server.request(.POST, "/api/login", json: body).status == 401)
            let limited = try await server.request(.POST, "/api/login", json: body)
            #expect(limited.status == 429)
            #expect(limited.headers.first(name: "Retry-After") != nil)
        }
    }
}

@Suite("Rate limit ledger")
struct RateLimitLedgerTests {
    @Test func windowsResetAfterTheirLength() {
        var ledger = RateLimitLedger(policy: RateLimitPolicy(requests: 2, windowSeconds: 10))
        #expect(ledger.admit(client: "a", nowMilliseconds: 0).remaining == 1)
        #expect(ledger.admit(client: "a", nowMilliseconds: 1_000).allowed)
        let refused = ledger.admit(client: "a", nowMilliseconds: 2_500)
        #expect(!refused.allowed)
        #expect(refused.resetSeconds == 8)
        #expect(ledger.admit(client: "b", nowMilliseconds: 2_500).allowed)
        let renewed = ledger.admit(client: "a", nowMilliseconds: 10_000)
        #expect(renewed.allowed)
        #expect(renewed.remaining == 1)
        #expect(renewed.resetSeconds == 10)
    }
}
