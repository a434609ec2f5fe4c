import Foundation
import NIOHTTP1
import Testing

/// A key's scope bounds what it may do, whatever its owner may: read keys only read, trade keys stay out of the
/// control plane, and no key makes a wider one.
@Suite("API key scopes")
struct APIKeyScopeTests {
    /// Creates a key with `body` through `headers` and answers the response.
    static func createKey(_ server: TestServer, _ body: String, _ headers: [(String, String)]) async throws
        -> TestResponse
    {
        try await server.request(.POST, "/api/keys", json: body, headers: headers)
    }

    static func secret(of response: TestResponse) throws -> [(String, String)] {
        [("X-API-Key", try #require(try response.object()["api_key"] as? String, "\(response.text)"))]
    }

    @Test(arguments: TestBackend.available)
    func aReadKeyReadsEverythingItsOwnerMayAndChangesNothing(backend: TestBackend) async throws {
        try await withServer(backend) { server in
            let alice = try await server.register("alice")
            let created = try await Self.createKey(server, #"{"name":"watcher","scope":"read"}"#, alice.bearerHeader)
            let scope = try created.object()["scope"] as? String
            #expect(created.status == 200 && scope == "read", "\(created.text)")
            let reader = try Self.secret(of: created)
            let listed = try await server.request(.GET, "/api/keys", headers: reader).array()
            #expect(Set(listed.compactMap { $0["scope"] as? String }) == ["read", "trade"], "\(listed)")

            let resting = try await server.order(alice, "buy", 2, at: "90.00")
            let orderID = try #require(resting["order_id"] as? String)
            for path in [
                "/api/portfolio", "/api/orders", "/api/trades", "/api/market/tickers", "/api/venues/main/portfolio",
                "/api/keys",
            ] {
                let answer = try await server.request(.GET, path, headers: reader)
                #expect(answer.status == 200, "GET \(path): \(answer.text)")
            }
            let refusals: [(HTTPMethod, String, String?)] = [
                (.POST, "/api/orders", #"{"ticker":"FUN","side":"buy","price":95,"quantity":1}"#),
                (.POST, "/api/venues/main/orders", #"{"ticker":"FUN","side":"buy","price":95,"quantity":1}"#),
                (.PATCH, "/api/orders/\(orderID)", #"{"quantity":1}"#),
                (.DELETE, "/api/orders/\(orderID)", nil),
                (.POST, "/api/keys", #"{"name":"wider"}"#),
                (.PUT, "/api/account/short-selling", #"{"enabled":true}"#),
            ]
            for (method, path, body) in refusals {
                let refused = try await server.request(method, path, json: body, headers: reader)
                #expect(refused.status == 403 && refused.errorCode == "insufficient_scope", "\(path): \(refused.text)")
                #expect(refused.errorDetail?.contains("scope is read") == true)
            }
            // The narrowest credential sent decides, so a token alongside does not widen the key.
            let both = try await server.request(
                .POST, "/api/orders", json: #"{"ticker":"FUN","side":"buy","price":95,"quantity":1}"#,
                headers: reader + alice.bearerHeader)
            #expect(both.status == 403 && both.errorCode == "insufficient_scope", "\(both.text)")
            let orders = try await server.request(.GET, "/api/orders", headers: alice.keyHeader).array()
            #expect(orders.count == 1 && orders.first?["quantity"] as? Int == 2, "nothing changed: \(orders)")
            #expect(try await server.request(.GET, "/api/keys", headers: alice.keyHeader).array().count == 2)
        }
    }

    @Test(arguments: TestBackend.available)
    func onlyAdminKeysReachTheControlPlaneAndNoKeyMakesAWiderOne(backend: TestBackend) async throws {
        try await withServer(backend, configure: { $0 = $0.withAdmin() }) { server in
            let admin = try await server.adminHeader()
            let trading = try Self.secret(of: try await Self.createKey(server, #"{"name":"bot"}"#, admin))
            for path in ["/api/admin/audit", "//api//admin/audit", "/api/admin/venues/main/rules"] {
                let refused = try await server.request(.GET, path, headers: trading)
                #expect(refused.status == 403 && refused.errorCode == "insufficient_scope", "\(path): \(refused.text)")
            }
            // Another spelling of the path is not another way in.
            let escaped = try await server.request(.GET, "/api/%61dmin/audit", headers: trading)
            #expect(escaped.status == 403 || escaped.status == 404, "\(escaped.text)")
            let wider = try await Self.createKey(server, #"{"scope":"admin"}"#, trading)
            #expect(wider.status == 403 && wider.errorCode == "scope_not_allowed", "\(wider.text)")
            let control = try Self.secret(of: try await Self.createKey(server, #"{"scope":"admin"}"#, admin))
            #expect(try await server.request(.GET, "/api/admin/audit", headers: control).status == 200)
            let halted = try await server.request(
                .POST, "/api/admin/venues/main/halt", json: #"{"reason":"drill"}"#, headers: control)
            #expect(halted.status == 200, "\(halted.text)")

            let bad = try await Self.createKey(server, #"{"scope":"root"}"#, admin)
            #expect(bad.status == 400 && bad.errorCode == "invalid_scope", "\(bad.text)")
            let alice = try await server.register("alice")
            let refused = try await Self.createKey(server, #"{"scope":"admin"}"#, alice.bearerHeader)
            #expect(refused.status == 403 && refused.errorCode == "scope_not_allowed", "\(refused.text)")
        }
    }

    @Test func aVenueHostMayHoldAnAdminKeyForItsVenue() async throws {
        try await withServer(.sqlite, configure: { $0 = $0.withAdmin() }) { server in
            let admin = try await server.adminHeader()
            let teacher = try await server.register("teacher", password: "a-long-class-passphrase-2026")
            let hosted = try await server.request(.PUT, "/api/admin/venues/main/hosts/\(teacher.id)", headers: admin)
            #expect(hosted.status == 200, "\(hosted.text)")
            let created = try await Self.createKey(server, #"{"name":"class","scope":"admin"}"#, teacher.bearerHeader)
            #expect(created.status == 200, "\(created.text)")
            let control = try Self.secret(of: created)
            #expect(try await server.request(.GET, "/api/admin/venues/main/rules", headers: control).status == 200)
            // The scope is a ceiling: the host's admin key still reaches only what the host may.
            let users = try await server.request(.GET, "/api/admin/users/\(teacher.id)", headers: control)
            #expect(users.status == 403 && users.errorCode == "forbidden", "\(users.text)")
            let rules = try await server.request(.GET, "/api/admin/venues/main/rules", headers: teacher.keyHeader)
            #expect(rules.status == 403 && rules.errorCode == "insufficient_scope", "\(rules.text)")
        }
    }
}
