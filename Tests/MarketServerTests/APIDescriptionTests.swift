import Foundation
import MarketServer
import Testing

/// The API description at `/openapi.json` lists exactly the routes the server answers.
@Suite struct APIDescriptionTests {
    @Test func theDescriptionListsEveryRouteAndNoOther() async throws {
        let captured = CapturedParts()
        try await withServer(.sqlite, hooks: captured.hooks) { server in
            // The WebSocket channels are described under x-websocket; the MCP endpoints speak JSON-RPC, and
            // `tools/list` describes them; the Alpaca facade is Alpaca's API, described by Alpaca.
            let registered = Set(
                try captured.value.routes.filter {
                    !$0.contains(" /ws/") && !$0.hasSuffix("/mcp") && !$0.contains("/alpaca")
                })
            if let dump = ProcessInfo.processInfo.environment["MARKETSIM_DUMP_ROUTES"] {
                try registered.sorted().joined(separator: "\n").write(toFile: dump, atomically: true, encoding: .utf8)
            }
            let description = try await server.get("/openapi.json").object()
            #expect(description["openapi"] as? String == "3.1.0")
            let paths = try #require(description["paths"] as? [String: [String: Any]])
            let methods = ["get", "put", "post", "delete", "patch"]
            let described = Set(
                paths.flatMap { path, item in
                    item.keys.filter(methods.contains).map { "\($0.uppercased()) \(path)" }
                })
            #expect(registered.subtracting(described).sorted() == [], "routes missing from the description")
            #expect(described.subtracting(registered).sorted() == [], "described routes the server does not have")
        }
    }
}
