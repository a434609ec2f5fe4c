import Foundation
import Testing

@testable import MarketServer

/// Requests signed with a key's signing secret instead of carrying the key: accepted once, fresh and intact;
/// refused with a reason when stale, replayed, altered or signed with another secret, changing nothing.
@Suite("Signed requests")
struct SignedRequestTests {
    struct Signer {
        let keyID: String
        let secret: String

        /// The signature headers for a request, signed at `time` (seconds) with `nonce`.
        func headers(
            _ method: String, _ path: String, query: String = "", body: String = "", time: Int64? = nil,
            nonce: String = UUID().uuidString
        ) -> [(String, String)] {
            let timestamp = time ?? Int64(Date().timeIntervalSince1970)
            let message = RequestSignature.message(
                method: method, path: path, query: query, timestamp: timestamp, nonce: nonce, body: Data(body.utf8))
            return [
                ("X-MarketSim-Key-Id", keyID), ("X-MarketSim-Timestamp", String(timestamp)),
                ("X-MarketSim-Nonce", nonce),
                ("X-MarketSim-Signature", RequestSignature.signature(of: message, secret: secret)),
            ]
        }
    }

    static func signer(_ server: TestServer, _ name: String) async throws -> (RegisteredUser, Signer) {
        let answer = try await server.request(
            .POST, "/api/register", json: #"{"username":"\#(name)","password":"secret"}"#)
        let object = try answer.object()
        let user = RegisteredUser(
            id: object["user_id"] as? String ?? "", apiKey: object["api_key"] as? String ?? "",
            token: object["jwt_token"] as? String ?? "")
        let signer = Signer(
            keyID: object["api_key_id"] as? String ?? "", secret: object["signing_secret"] as? String ?? "")
        #expect(signer.secret.hasPrefix("mss_") && signer.secret.count == 68, "\(answer.text)")
        return (user, signer)
    }

    static let order = #"{"ticker":"FUN","side":"buy","price":"1.00","quantity":2}"#

    @Test(arguments: TestBackend.available)
    func aSignedRequestIsAcceptedOnceAndAnAlteredOneNever(backend: TestBackend) async throws {
        try await withServer(backend, configure: { $0.marketMakersEnabled = false }) { server in
            let (alice, signer) = try await Self.signer(server, "alice")
            let placed = try await server.request(
                .POST, "/api/orders", json: Self.order, headers: signer.headers("POST", "/api/orders", body: Self.order)
            )
            #expect(placed.status == 200, "\(placed.text)")
            let read = try await server.request(
                .GET, "/api/orders?status=all", headers: signer.headers("GET", "/api/orders", query: "status=all"))
            #expect(try read.array().count == 1, "\(read.text)")

            let now = Int64(Date().timeIntervalSince1970)
            let replay = signer.headers("POST", "/api/orders", body: Self.order, nonce: "nonce-used-once")
            let other = Signer(keyID: signer.keyID, secret: "mss_" + String(repeating: "0", count: 64))
            let refusals: [(headers: [(String, String)], code: String)] = [
                (replay, ""),
                (replay, "reused_nonce"),
                (signer.headers("POST", "/api/orders", body: Self.order, time: now - 120), "stale_signature"),
                (signer.headers("POST", "/api/orders", body: Self.order, time: now + 120), "stale_signature"),
                (
                    signer.headers("POST", "/api/orders", body: Self.order.replacingOccurrences(of: "2}", with: "3}")),
                    "invalid_signature"
                ),
                (signer.headers("POST", "/api/venues/main/orders", body: Self.order), "invalid_signature"),
                (other.headers("POST", "/api/orders", body: Self.order), "invalid_signature"),
                (
                    Signer(keyID: "12345", secret: signer.secret).headers("POST", "/api/orders", body: Self.order),
                    "invalid_signature"
                ),
                (signer.headers("POST", "/api/orders", body: Self.order, nonce: "short"), "malformed_signature"),
                (Array(signer.headers("POST", "/api/orders", body: Self.order).dropFirst()), "malformed_signature"),
            ]
            for (headers, code) in refusals {
                let answer = try await server.request(.POST, "/api/orders", json: Self.order, headers: headers)
                if code.isEmpty {
                    #expect(answer.status == 200, "\(answer.text)")
                } else {
                    #expect(answer.status == 401 && answer.errorCode == code, "\(code): \(answer.text)")
                }
            }
            let orders = try await server.get("/api/orders?status=all", as: alice).array()
            #expect(orders.count == 2, "the first order and the one replayed once")
        }
    }

    @Test(arguments: TestBackend.available)
    func aSignedRequestHasItsKeysScopeAndARevokedKeySignsNothing(backend: TestBackend) async throws {
        try await withServer(backend, configure: { $0.marketMakersEnabled = false }) { server in
            let (alice, _) = try await Self.signer(server, "alice")
            let created = try await server.request(
                .POST, "/api/keys", json: #"{"name":"reader","scope":"read"}"#, headers: alice.keyHeader
            ).object()
            let reader = Signer(
                keyID: created["id"] as? String ?? "", secret: created["signing_secret"] as? String ?? "")
            let refused = try await server.request(
                .POST, "/api/orders", json: Self.order, headers: reader.headers("POST", "/api/orders", body: Self.order)
            )
            #expect(refused.status == 403 && refused.errorCode == "insufficient_scope", "\(refused.text)")
            let portfolio = try await server.request(
                .GET, "/api/portfolio", headers: reader.headers("GET", "/api/portfolio"))
            #expect(portfolio.status == 200, "\(portfolio.text)")
            // Another protocol's operations run as the signed request's user: an MCP tool call, for one.
            let call =
                #"{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"get_portfolio","arguments":{}}}"#
            let mcp = try await server.request(
                .POST, "/mcp", json: call,
                headers: reader.headers("POST", "/mcp", body: call) + [
                    ("Accept", "application/json, text/event-stream"), ("MCP-Protocol-Version", "2025-06-18"),
                ])
            let result = (try mcp.object()["result"] as? [String: Any])?["structuredContent"] as? [String: Any]
            #expect(result?["user_id"] as? String == alice.id, "\(mcp.text)")
            let listed = try await server.get("/api/keys", as: alice).array()
            #expect(listed.allSatisfy { $0["signing_secret"] == nil && $0["api_key"] == nil })

            let revoked = try await server.request(.DELETE, "/api/keys/\(reader.keyID)", headers: alice.keyHeader)
            #expect(revoked.status == 200)
            let after = try await server.request(
                .GET, "/api/portfolio", headers: reader.headers("GET", "/api/portfolio"))
            #expect(after.status == 401 && after.errorCode == "invalid_signature", "\(after.text)")
        }
    }
}
