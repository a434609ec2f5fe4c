import Foundation
import MarketServer
import Testing

/// Guessing passwords and keys costs time and budget, and account names cannot be used to pass for
/// someone else.
@Suite("Credential guessing and account names")
struct CredentialGuessingTests {
    @Test func failedLoginsAreMeteredPerAccountWithGrowingDelays() async throws {
        try await withServer(.sqlite) { server in
            _ = try await server.register("alice", password: "right-password")
            for attempt in 1...6 {
                let wrong = try await server.login("alice", password: "guess-\(attempt)")
                #expect(wrong.status == 401, "attempt \(attempt): \(wrong.text)")
            }
            // The sixth failure set a delay: even the right password waits it out.
            let held = try await server.login("ALICE", password: "right-password")
            #expect(held.status == 429 && held.errorCode == "rate_limited", "\(held.text)")
            #expect(Int(held.headers.first(name: "Retry-After") ?? "") ?? 0 >= 1)
            // Another account from the same address is not held by alice's failures.
            _ = try await server.register("bob", password: "bobs-password")
            #expect(try await server.login("bob", password: "bobs-password").status == 200)
            try await Task.sleep(for: .milliseconds(1_100))
            #expect(try await server.login("alice", password: "right-password").status == 200)
            // The success cleared the account's record: one more failure is free again.
            #expect(try await server.login("alice", password: "wrong").status == 401)
            #expect(try await server.login("alice", password: "right-password").status == 200)
            let metrics = try await server.request(.GET, "/metrics").text
            #expect(metrics.contains(#"marketsim_authentication_failures_total{kind="password"} 7"#), "\(metrics)")
            #expect(metrics.contains(#"marketsim_authentication_failures_total{kind="throttled"} 1"#))
        }
    }

    @Test func failedLoginsAreMeteredPerAddressOverEveryName() async throws {
        try await withServer(.sqlite) { server in
            _ = try await server.register("carol", password: "carols-password")
            for attempt in 1...21 {
                let wrong = try await server.login("nobody-\(attempt)", password: "guess")
                #expect(wrong.status == 401, "attempt \(attempt)")
            }
            let held = try await server.login("carol", password: "carols-password")
            #expect(held.status == 429, "\(held.text)")
        }
    }

    @Test func unknownKeysCountAgainstTheAddress() async throws {
        try await withServer(.sqlite, configure: { $0.rateLimit = RateLimitPolicy(requests: 5, windowSeconds: 60) }) {
            server in
            for attempt in 1...5 {
                let answer = try await server.request(
                    .GET, "/api/portfolio", headers: [("X-API-Key", "msk_guess\(attempt)")])
                #expect(answer.status == 401, "attempt \(attempt)")
            }
            let held = try await server.request(.GET, "/api/portfolio", headers: [("X-API-Key", "msk_guess6")])
            #expect(held.status == 429, "\(held.text)")
            let metrics = try await server.request(.GET, "/metrics").text
            #expect(metrics.contains(#"marketsim_authentication_failures_total{kind="api_key"} 6"#), "\(metrics)")
        }
    }

    @Test func usernamesAreUniqueRegardlessOfCaseAndTheHouseNamesAreReserved() async throws {
        try await withServer(.sqlite) { server in
            _ = try await server.register("Dave")
            for name in ["dave", "DAVE", "dAvE"] {
                let taken = try await server.request(
                    .POST, "/api/register", json: #"{"username":"\#(name)","password":"secret"}"#)
                #expect(taken.status == 409 && taken.errorCode == "username_taken", "\(name): \(taken.text)")
            }
            #expect(try await server.login("dave", password: "secret").status == 200)
            for name in ["market-maker.main", "Market_Maker.main", "marketmaker", "house", "Exchange-fees", "admin"] {
                let reserved = try await server.request(
                    .POST, "/api/register", json: #"{"username":"\#(name)","password":"secret"}"#)
                #expect(reserved.status == 400 && reserved.errorCode == "invalid_username", "\(name): \(reserved.text)")
            }
        }
    }

    /// A suspended account answers the same whatever the password, so it cannot be used to test one.
    @Test func aSuspendedLoginDoesNotConfirmThePassword() async throws {
        try await withScratchDatabase(.sqlite) { scratch in
            try await TestServer.run(scratch.configuration()) { server in
                let user = try await server.register("erin", password: "erins-password")
                let database = try await scratch.open()
                try await UserStore(database: database).setSuspended(true, id: try #require(UserID(user.id)))
                await database.close()
                let right = try await server.login("erin", password: "erins-password")
                let wrong = try await server.login("erin", password: "not-it")
                #expect(right.status == 403 && wrong.status == 403)
                #expect(right.errorCode == "account_suspended" && wrong.errorCode == right.errorCode)
                #expect(right.errorDetail == wrong.errorDetail)
            }
        }
    }
}
