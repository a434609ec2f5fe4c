import Foundation
import Testing

@Suite("API keys")
struct APIKeyTests {
    @Test(arguments: TestBackend.available)
    func createListAndRevoke(backend: TestBackend) async throws {
        try await withServer(backend) { server in
            let user = try await server.register("alice")
            let initial = try await server.request(.GET, "/api/keys", headers: user.keyHeader).array()
            #expect(initial.count == 1)
            #expect(initial.first?["name"] as? String == "default")
            #expect(initial.first?["api_key"] == nil, "a listed key never shows its secret")

            let created = try await server.request(
                .POST, "/api/keys", json: #"{"name":"trading bot"}"#, headers: user.bearerHeader)
            #expect(created.status == 200)
            let createdKey = try created.object()
            let secret = try #require(createdKey["api_key"] as? String)
            let id = try #require(createdKey["id"] as? String)
            #expect(createdKey["name"] as? String == "trading bot")
            #expect(secret.hasPrefix(try #require(createdKey["prefix"] as? String)))
            #expect(createdKey["created_at"] is String)

            let unnamed = try await server.request(.POST, "/api/keys", headers: user.bearerHeader)
            #expect(unnamed.status == 200)

            let listed = try await server.request(.GET, "/api/keys", headers: [("X-API-Key", secret)]).array()
            #expect(listed.count == 3)
            #expect(listed.contains { $0["id"] as? String == id && $0["last_used_at"] is String })
            #expect(listed.allSatisfy { $0.keys.contains("last_used_at") && $0["prefix"] is String })

            let revoked = try await server.request(.DELETE, "/api/keys/\(id)", headers: user.keyHeader)
            #expect(revoked.status == 200)
            #expect(try await server.request(.GET, "/api/keys", headers: [("X-API-Key", secret)]).status == 401)
            #expect(try await server.request(.GET, "/api/keys", headers: user.keyHeader).array().count == 2)
            #expect(try await server.request(.DELETE, "/api/keys/\(id)", headers: user.keyHeader).status == 404)
        }
    }

    @Test(arguments: TestBackend.available)
    func anotherUsersKeyIsForbiddenAndUnknownKeysAreNotFound(backend: TestBackend) async throws {
        try await withServer(backend) { server in
            let alice = try await server.register("alice")
            let mallory = try await server.register("mallory")
            let aliceKeyID = try #require(
                try await server.request(.GET, "/api/keys", headers: alice.keyHeader).array().first?["id"] as? String)
            let stolen = try await server.request(.DELETE, "/api/keys/\(aliceKeyID)", headers: mallory.keyHeader)
            #expect(stolen.status == 403)
            #expect(try await server.request(.GET, "/api/keys", headers: alice.keyHeader).status == 200)
            for unknown in ["12345", "not-a-number", "-1"] {
                let response = try await server.request(.DELETE, "/api/keys/\(unknown)", headers: mallory.keyHeader)
                #expect(response.status == 404, "\(unknown)")
                #expect(response.errorDetail != nil)
            }
        }
    }

    @Test(arguments: TestBackend.available)
    func keyNamesAreBounded(backend: TestBackend) async throws {
        try await withServer(backend) { server in
            let user = try await server.register("alice")
            let long = String(repeating: "n", count: 65)
            let response = try await server.request(
                .POST, "/api/keys", json: #"{"name":"\#(long)"}"#, headers: user.keyHeader)
            #expect(response.status == 400)
            let mistyped = try await server.request(.POST, "/api/keys", json: #"{"name":42}"#, headers: user.keyHeader)
            #expect(mistyped.status == 400)
        }
    }
}
