import ArgumentParser
import AsyncHTTPClient
import Foundation
import NIOCore

/// `marketsim mcp --url URL --api-key KEY`: the MCP server of a running MarketSim over standard input and
/// output, for desktop clients that only start local MCP servers.
///
/// It relays each JSON-RPC message, one per line, to the server's `/mcp` endpoint with the key, and writes
/// the answer back as one line. The tools are the server's own; nothing is decided here.
struct MCPBridgeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mcp",
        abstract: "Serve a running server's MCP tools over stdio (for desktop MCP clients).")

    @Option(help: "The server's address.")
    var url: String = "http://127.0.0.1:8080"

    @Option(help: "Your API key (or MARKETSIM_API_KEY).")
    var apiKey: String?

    @Option(help: "A venue other than main: its tools act there unless a call names another.")
    var venue: String?

    func run() async throws {
        guard let key = apiKey ?? ProcessInfo.processInfo.environment["MARKETSIM_API_KEY"] else {
            throw ValidationError("Give --api-key (or set MARKETSIM_API_KEY)")
        }
        let base = url.hasSuffix("/") ? String(url.dropLast()) : url
        let endpoint = venue.map { "\(base)/api/venues/\($0)/mcp" } ?? "\(base)/mcp"
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        var relay = MessageRelay(client: client, endpoint: endpoint, key: key)
        for await line in Self.standardInputLines() where !line.allSatisfy(\.isWhitespace) {
            if let answer = await relay.relay(line) {
                FileHandle.standardOutput.write(Data((answer + "\n").utf8))
            }
        }
        try await client.shutdown()
    }

    /// Lines of standard input, read on a thread of their own so that waiting for input blocks no task.
    private static func standardInputLines() -> AsyncStream<String> {
        AsyncStream { continuation in
            Thread {
                while let line = readLine(strippingNewline: true) { continuation.yield(line) }
                continuation.finish()
            }.start()
        }
    }
}

/// Sends one JSON-RPC message to the MCP endpoint and returns the line to write back, if any.
private struct MessageRelay {
    let client: HTTPClient
    let endpoint: String
    let key: String
    /// The protocol version the server agreed to, sent with every message after `initialize`.
    var protocolVersion: String?

    mutating func relay(_ line: String) async -> String? {
        let message = (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any]
        let id = message?["id"]
        var request = HTTPClientRequest(url: endpoint)
        request.method = .POST
        request.headers.add(name: "Authorization", value: "Bearer \(key)")
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "Accept", value: "application/json, text/event-stream")
        if let protocolVersion { request.headers.add(name: "MCP-Protocol-Version", value: protocolVersion) }
        request.body = .bytes(ByteBuffer(string: line))
        do {
            let response = try await client.execute(request, timeout: .seconds(60))
            let body = try await response.body.collect(upTo: 16 << 20)
            let text = String(buffer: body)
            guard let id else { return nil }  // a notification: nothing goes back
            let answer = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any]
            if answer?["jsonrpc"] != nil {
                if let result = answer?["result"] as? [String: Any], let version = result["protocolVersion"] as? String
                {
                    protocolVersion = version
                }
                return text
            }
            // Refused before the protocol was reached (401, 403, 429): the API's own reason, as a JSON-RPC error.
            let reason = answer?["detail"] as? String ?? "HTTP \(response.status.code)"
            return Self.error(id: id, message: "\(answer?["error"] as? String ?? "refused"): \(reason)")
        } catch {
            return id.map { Self.error(id: $0, message: "MarketSim at \(endpoint) did not answer: \(error)") }
        }
    }

    private static func error(id: Any, message: String) -> String {
        let object: [String: Any] = ["jsonrpc": "2.0", "id": id, "error": ["code": -32000, "message": message]]
        let data = (try? JSONSerialization.data(withJSONObject: object)) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }
}
