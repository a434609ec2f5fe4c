import Foundation
import MarketServer
import Testing

@Suite("Authenticating requests")
struct AuthenticationTests {
    @Test(arguments: TestBackend.available)
    func jwtAndAPIKeyBothAuthenticate(backend: TestBackend) async throws {
        try await withServer(backend) { server in
            let user = try await server.register("alice")
            #expect(try await server.request(.GET, "/api/keys", headers: user.keyHeader).status == 200)
            #expect(try await server.request(.GET, "/api/keys", headers: user.bearerHeader).status == 200)
            // Agents that only speak bearer tokens may send their API key that way.
            let keyAsBearer = try await server.request(
                .GET, "/api/keys", headers: [("Authorization", "Bearer \(user.apiKey)")])
            #expect(keyAsBearer.status == 200)
        }
    }

    @Test(arguments: TestBackend.available)
    func missingOrBadCredentialsAreUnauthorized(backend: TestBackend) async throws {
        try await withServer(backend) { server in
            let user = try await server.register("bob")
            let other = try await server.register("eve")
            let attempts: [[(String, String)]] = [
                [],
                [("Authorization", "Bearer not.a.jwt")],
                [("Authorization", "Bearer " + tampered(user.token))],
                [("Authorization", "Basic Ym9iOnNlY3JldA==")],
                [("X-API-Key", "msk_0000")],
                [("X-API-Key", tampered(user.apiKey))],
                [("X-API-Key", "something else")],
                [("X-API-Key", "")],
                // A valid credential does not excuse a bad one beside it, nor one of another user.
                [("X-API-Key", ""), ("Authorization", "Bearer \(user.token)")],
                [("X-API-Key", "msk_0000"), ("Authorization", "Bearer \(user.token)")],
                [("X-API-Key", user.apiKey), ("Authorization", "Bearer not.a.jwt")],
                [("X-API-Key", other.apiKey), ("Authorization", "Bearer \(user.token)")],
            ]
            for headers in attempts {
                let response = try await server.request(.GET, "/api/keys", headers: headers)
                #expect(response.status == 401, "\(headers)")
                #expect(response.errorDetail?.isEmpty == false)
            }
        }
    }

    @Test(arguments: TestBackend.available)
    func expiredTokenIsUnauthorized(backend: TestBackend) async throws {
        try await withServer(backend, configure: { $0.jwtSecret = "test-signing-key" }) { server in
            let user = try await server.register("carol")
            let issuer = await TokenIssuer(secret: "test-signing-key", lifetimeHours: 1)
            let userID = try #require(UserID(user.id))
            let expired = try await issuer.issue(
                userID: userID, username: "carol", now: Date().addingTimeInterval(-7200))
            let fresh = try await issuer.issue(userID: userID, username: "carol")
            #expect(
                try await server.request(.GET, "/api/keys", headers: [("Authorization", "Bearer \(fresh)")]).status
                    == 200)
            let response = try await server.request(
                .GET, "/api/keys", headers: [("Authorization", "Bearer \(expired)")])
            #expect(response.status == 401)
            #expect(response.errorCode == "invalid_token")
            let otherKey = await TokenIssuer(secret: "another-key", lifetimeHours: 1)
            let forged = try await otherKey.issue(userID: userID, username: "carol")
            #expect(
                try await server.request(.GET, "/api/keys", headers: [("Authorization", "Bearer \(forged)")]).status
                    == 401)
        }
    }

    @Test(arguments: TestBackend.available)
    func suspendedUserIsForbidden(backend: TestBackend) async throws {
        try await withScratchDatabase(backend) { scratch in
            try await TestServer.run(scratch.configuration()) { server in
                let user = try await server.register("dave")
                let database = try await scratch.open()
                try await UserStore(database: database).setSuspended(true, id: try #require(UserID(user.id)))
                await database.close()
                for headers in [user.keyHeader, user.bearerHeader] {
                    let response = try await server.request(.GET, "/api/keys", headers: headers)
                    #expect(response.status == 403)
                    #expect(response.errorCode == "account_suspended")
                }
                let login = try await server.login("dave", password: "secret")
                #expect(login.status == 403)
            }
        }
    }

    @Test(arguments: TestBackend.available)
    func tokensSurviveARestartWithTheGeneratedKey(backend: TestBackend) async throws {
        try await withScratchDatabase(backend) { scratch in
            let configuration = scratch.configuration()
            #expect(configuration.jwtSecret == nil)
            let user = try await TestServer.run(configuration) { try await $0.register("erin") }
            try await TestServer.run(configuration) { (server) async throws -> Void in
                #expect(try await server.request(.GET, "/api/keys", headers: user.bearerHeader).status == 200)
                #expect(try await server.request(.GET, "/api/keys", headers: user.keyHeader).status == 200)
            }
        }
    }
}

/// `text` with one character near its end changed (inside a JWT's signature, not in its padding bits).
private func tampered(_ text: String) -> String {
    var characters = Array(text)
    let index = characters.count - 10
    characters[index] = characters[index] == "a" ? "b" : "a"
    return String(characters)
}
