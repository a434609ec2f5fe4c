import Foundation
import Testing

/// The MCP endpoint spoken to as JSON-RPC over HTTP: its tools run the REST operations with the caller's
/// credentials and answer with the API's own codes. (`Tests/clients` drives it with the real `mcp` client.)
@Suite("MCP endpoint")
struct MCPEndpointTests {
    static func call(
        _ server: TestServer, key: String?, _ method: String, _ params: String = "{}", path: String = "/mcp"
    ) async throws -> TestResponse {
        var headers = [("Accept", "application/json, text/event-stream"), ("MCP-Protocol-Version", "2025-06-18")]
        if let key { headers.append(("X-API-Key", key)) }
        return try await server.request(
            .POST, path, json: #"{"jsonrpc":"2.0","id":7,"method":"\#(method)","params":\#(params)}"#,
            headers: headers)
    }

    /// A tool's result: whether it is an error, and its structured content.
    static func tool(
        _ server: TestServer, key: String, _ name: String, _ arguments: String = "{}", path: String = "/mcp"
    ) async throws -> (isError: Bool, content: [String: Any]) {
        let answer = try await call(
            server, key: key, "tools/call", #"{"name":"\#(name)","arguments":\#(arguments)}"#, path: path)
        let result = try answer.object()["result"] as? [String: Any] ?? [:]
        return (result["isError"] as? Bool ?? false, result["structuredContent"] as? [String: Any] ?? [:])
    }

    @Test(arguments: TestBackend.available)
    func toolsRunTheRESTOperationsUnderTheCallersKey(backend: TestBackend) async throws {
        try await withServer(backend) { server in
            let alice = try await server.register("alice")
            let initialized = try await Self.call(
                server, key: alice.apiKey, "initialize",
                #"{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"t","version":"1"}}"#)
            let version = (try initialized.object()["result"] as? [String: Any])?["protocolVersion"] as? String
            #expect(initialized.status == 200 && version == "2025-06-18", "\(initialized.text)")
            let listed = try await Self.call(server, key: alice.apiKey, "tools/list")
            let tools = (try listed.object()["result"] as? [String: Any])?["tools"] as? [[String: Any]] ?? []
            #expect(tools.count == 16 && tools.allSatisfy { ($0["description"] as? String ?? "").count > 40 })

            let preview = try await Self.tool(
                server, key: alice.apiKey, "preview_order", #"{"ticker":"FUN","side":"buy","quantity":2,"price":1}"#)
            #expect(!preview.isError && preview.content["resting_quantity"] as? Int == 2, "\(preview)")
            let placed = try await Self.tool(
                server, key: alice.apiKey, "place_order",
                #"{"ticker":"FUN","side":"buy","quantity":2,"price":1,"client_order_id":"a-1"}"#)
            let order = placed.content["order_id"] as? String ?? ""
            #expect(!placed.isError && placed.content["status"] as? String == "open", "\(placed)")
            let listedOrders = try await Self.tool(server, key: alice.apiKey, "get_orders", #"{"venue":"main"}"#)
            let ids = (listedOrders.content["orders"] as? [[String: Any]])?.map { $0["order_id"] as? String }
            #expect(ids == [order])
            let amended = try await Self.tool(
                server, key: alice.apiKey, "amend_order", #"{"order_id":"\#(order)","quantity":1}"#)
            #expect(!amended.isError && amended.content["quantity"] as? Int == 1, "\(amended)")
            let cancelled = try await Self.tool(server, key: alice.apiKey, "cancel_order", #"{"order_id":"\#(order)"}"#)
            #expect(!cancelled.isError && cancelled.content["status"] as? String == "cancelled", "\(cancelled)")

            for (name, arguments) in [
                ("get_tickers", "{}"), ("get_quote", #"{"ticker":"FUN"}"#),
                ("get_orderbook", #"{"ticker":"FUN","depth":2}"#),
                ("get_candles", #"{"ticker":"FUN","interval":"1h"}"#), ("get_fills", #"{"limit":5}"#),
                ("get_portfolio", "{}"), ("get_leaderboard", "{}"), ("list_tournaments", "{}"),
            ] {
                let answer = try await Self.tool(server, key: alice.apiKey, name, arguments)
                #expect(!answer.isError && !answer.content.isEmpty, "\(name): \(answer)")
            }
            let viaVenue = try await Self.tool(server, key: alice.apiKey, "get_portfolio", path: "/api/venues/main/mcp")
            #expect(viaVenue.content["user_id"] as? String == alice.id)
        }
    }

    @Test(arguments: TestBackend.available)
    func refusalsAreToolErrorsWithTheAPIsCodes(backend: TestBackend) async throws {
        try await withServer(backend) { server in
            let bob = try await server.register("bob")
            let readKey =
                try await server.request(
                    .POST, "/api/keys", json: #"{"name":"r","scope":"read"}"#, headers: bob.keyHeader
                ).object()["api_key"] as? String ?? ""
            let cases: [(key: String, tool: String, arguments: String, code: String)] = [
                (
                    bob.apiKey, "place_order", #"{"ticker":"NOPE","side":"buy","quantity":1,"price":1}"#,
                    "unknown_ticker"
                ),
                (
                    bob.apiKey, "place_order", #"{"ticker":"FUN","side":"buy","quantity":1,"price":1000000}"#,
                    "insufficient_cash"
                ),
                (bob.apiKey, "cancel_order", #"{"order_id":".."}"#, "not_found"),
                (bob.apiKey, "get_standings", "{}", "invalid_request"),
                (bob.apiKey, "enter_tournament", #"{"tournament_id":"none"}"#, "not_found"),
                (bob.apiKey, "withdraw_from_tournament", #"{"tournament_id":"none"}"#, "not_found"),
                (
                    readKey, "place_order", #"{"ticker":"FUN","side":"buy","quantity":1,"price":1}"#,
                    "insufficient_scope"
                ),
            ]
            for item in cases {
                let answer = try await Self.tool(server, key: item.key, item.tool, item.arguments)
                #expect(answer.isError && answer.content["error"] as? String == item.code, "\(item.tool): \(answer)")
            }
            let unknown = try await Self.call(server, key: bob.apiKey, "tools/call", #"{"name":"sell_everything"}"#)
            #expect((try unknown.object()["error"] as? [String: Any])?["code"] as? Int == -32602, "\(unknown.text)")
            // A preview changes nothing, so a read key may ask for one; without a key it is 401.
            let previewed = try await Self.tool(
                server, key: readKey, "preview_order", #"{"ticker":"FUN","side":"buy","quantity":1,"price":1}"#)
            #expect(!previewed.isError && previewed.content["status"] as? String == "open", "\(previewed)")
            let anonymousPreview = try await server.request(
                .POST, "/api/orders/preview", json: #"{"ticker":"FUN","side":"buy","quantity":1,"price":1}"#)
            #expect(anonymousPreview.status == 401)
            let orders = try await server.get("/api/orders?status=all", as: bob)
            #expect(orders.text == "[]")
            let anonymous = try await Self.call(server, key: nil, "tools/list")
            #expect(anonymous.status == 401)
        }
    }
}
