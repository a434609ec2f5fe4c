import Foundation
import MarketServer
import Testing

/// Taking a user's access away also ends what they already opened: their private sockets, and with
/// `end_sessions` their tokens.
@Suite("Access revocation")
struct AccessRevocationTests {
    @Test func suspendingAUserClosesTheirOpenSocketsAtOnce() async throws {
        let captured = CapturedParts()
        try await withServer(.sqlite, hooks: captured.hooks, configure: { $0 = $0.withAdmin() }) { server in
            let admin = try await server.adminHeader()
            let dave = try await server.register("dave")
            let feed = try captured.value.feed
            let byToken = FeedClient.connect(port: server.port, "/ws/private?token=\(dave.token)")
            let byKey = FeedClient.connect(port: server.port, "/ws/private?api_key=\(dave.apiKey)")
            let prices = FeedClient.connect(port: server.port, "/ws/prices")
            try await eventually("three subscribers") { feed.subscriberCount == 3 }
            let suspended = try await server.request(
                .POST, "/api/admin/users/\(dave.id)/suspend", json: #"{"reason":"abuse"}"#, headers: admin)
            #expect(suspended.status == 200)
            try await eventually("dave's sockets closed") { byToken.isFinished && byKey.isFinished }
            #expect(!prices.isFinished, "public feeds are nobody's to close")
            await prices.close()
        }
    }

    @Test func revokingKeysClosesKeySocketsAndCanEndSessions() async throws {
        let captured = CapturedParts()
        try await withServer(.sqlite, hooks: captured.hooks, configure: { $0 = $0.withAdmin() }) { server in
            let admin = try await server.adminHeader()
            let root =
                try await server.login("root", password: "root-password-for-tests").object()["user_id"] as? String ?? ""
            let own = try await server.request(
                .POST, "/api/admin/users/\(root)/revoke-keys", json: #"{"end_sessions":true}"#, headers: admin)
            #expect(own.status == 400 && own.errorCode == "own_account", "an admin cannot lock themself out")
            let erin = try await server.register("erin")
            let mistyped = try await server.request(
                .POST, "/api/admin/users/\(erin.id)/revoke-keys", json: #"{"end_sessions":"yes"}"#, headers: admin)
            #expect(mistyped.status == 400, "\(mistyped.text)")
            let byTrader = try await server.request(
                .POST, "/api/admin/users/\(erin.id)/revoke-keys", json: #"{"end_sessions":true}"#,
                headers: erin.keyHeader)
            #expect(byTrader.status == 403)
            let feed = try captured.value.feed
            let byToken = FeedClient.connect(port: server.port, "/ws/private?token=\(erin.token)")
            let byKey = FeedClient.connect(port: server.port, "/ws/private?api_key=\(erin.apiKey)")
            try await eventually("two subscribers") { feed.subscriberCount == 2 }

            let revoked = try await server.request(
                .POST, "/api/admin/users/\(erin.id)/revoke-keys", json: "{}", headers: admin)
            #expect(revoked.status == 200)
            try await eventually("the key's socket closed") { byKey.isFinished }
            #expect(!byToken.isFinished, "a plain revocation leaves sessions alone")
            #expect(try await server.request(.GET, "/api/portfolio", headers: erin.bearerHeader).status == 200)

            let ended = try await server.request(
                .POST, "/api/admin/users/\(erin.id)/revoke-keys", json: #"{"end_sessions":true}"#, headers: admin)
            #expect(ended.status == 200)
            try await eventually("the token's socket closed") { byToken.isFinished }
            let stale = try await server.request(.GET, "/api/portfolio", headers: erin.bearerHeader)
            #expect(stale.status == 401, "\(stale.text)")
            // Signing in again, a second later, starts a session that stands.
            try await Task.sleep(for: .milliseconds(1_100))
            let login = try await server.login("erin", password: "secret")
            let token = try #require(try login.object()["jwt_token"] as? String)
            let fresh = try await server.request(
                .GET, "/api/portfolio", headers: [("Authorization", "Bearer \(token)")])
            #expect(fresh.status == 200)
        }
    }
}
