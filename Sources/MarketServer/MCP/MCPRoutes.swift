import Foundation
import HTTPTypes
import Hummingbird
import MCP
import NIOCore

/// The Model Context Protocol endpoint: `POST /mcp` for `main` and `POST /api/venues/{venue}/mcp` for any
/// venue, over Streamable HTTP in its stateless form (each message answered with JSON; no session, no
/// server-sent stream), authenticated like every API route.
///
/// Each message gets a protocol server of its own, holding the caller's credentials: the JSON-RPC ids of
/// different clients never meet, and nothing outlives the request. A tool call runs its REST request through
/// ``LoopbackAPI``, with the caller's credentials, so key scopes, venue membership and every rule of the API
/// hold in MCP unchanged.
struct MCPRoutes: Sendable {
    let loopback: LoopbackAPI

    /// Whether a path (its segments, decoded) is one of the MCP endpoints.
    static func isEndpoint(_ segments: [String]) -> Bool {
        segments == ["mcp"]
            || (segments.count == 4 && segments[0] == "api" && segments[1] == "venues" && segments[3] == "mcp")
    }

    /// `POST /mcp`, on a group that authenticates and meters.
    func addMain(to group: RouterGroup<MarketRequestContext>) {
        group.post { request, context in
            try await answer(request, context: context, venue: .main)
        }
    }

    /// `POST /venues/{venue}/mcp`, on the authenticated `/api` group.
    func addVenues(to group: RouterGroup<MarketRequestContext>) {
        group.post("venues/:venue/mcp") { request, context in
            let venue = try context.parameters.require("venue")
            return try await answer(request, context: context, venue: venue == "main" ? .main : .venue(venue))
        }
    }

    private func answer(_ request: Request, context: MarketRequestContext, venue: VenuePrefix) async throws
        -> Response
    {
        let body = try await request.body.collect(upTo: context.maxUploadSize)
        var headers: [String: String] = [:]
        for field in request.headers { headers[field.name.canonicalName] = field.value }
        let message = MCP.HTTPRequest(
            method: "POST", headers: headers, body: Data(buffer: body), path: request.uri.path)
        let server = await protocolServer(credentials: Self.credentials(of: request), context: context, venue: venue)
        let transport = StatelessHTTPServerTransport(
            validationPipeline: StandardValidationPipeline(validators: [
                AcceptHeaderValidator(mode: .jsonOnly), ContentTypeValidator(), ProtocolVersionValidator(),
            ]))
        try await server.start(transport: transport)
        let answer = await transport.handleRequest(message)
        await server.stop()
        return Self.response(answer)
    }

    private func protocolServer(credentials: HTTPFields, context: MarketRequestContext, venue: VenuePrefix) async
        -> Server
    {
        let server = Server(
            name: "marketsim", version: "1", title: "MarketSim", instructions: Self.instructions,
            capabilities: .init(tools: .init(listChanged: false)))
        await server.withMethodHandler(ListTools.self) { _ in
            ListTools.Result(tools: MarketTools.all.map(\.definition))
        }
        await server.withMethodHandler(CallTool.self) { [loopback] call in
            guard let tool = MarketTools.named(call.name) else {
                throw MCPError.invalidParams("There is no tool \(call.name); tools/list names them.")
            }
            let request: APICall
            do throws(ToolArgumentError) {
                request = try tool.request(ToolArguments(call.arguments), venue)
            } catch {
                return ToolResult.invalidArguments(error)
            }
            let answer = try await loopback.run(request, credentials: credentials, on: context)
            return ToolResult.answer(answer, of: tool)
        }
        return server
    }

    /// The headers that say who is calling; the tools' requests carry them and nothing else of the message.
    private static func credentials(of request: Request) -> HTTPFields {
        var fields = HTTPFields()
        for field in request.headers where field.name == .authorization || field.name == .apiKey {
            fields.append(field)
        }
        return fields
    }

    private static func response(_ answer: MCP.HTTPResponse) -> Response {
        var headers = HTTPFields()
        for (name, value) in answer.headers {
            if let field = HTTPField.Name(name) { headers[field] = value }
        }
        let body = answer.bodyData.map { ResponseBody(byteBuffer: ByteBuffer(bytes: $0)) } ?? ResponseBody()
        return Response(status: .init(code: answer.statusCode), headers: headers, body: body)
    }

    static let instructions = """
        MarketSim is a stock exchange simulator: continuous double-auction order books where you trade against \
        other agents, students and market makers. Prices are dollars with two decimals (100.25); quantities are \
        whole shares. get_tickers shows what trades; get_orderbook and get_candles show a market; \
        preview_order shows what an order would do; place_order places it. Resting buys hold their cash and \
        resting sells their shares until they fill or are cancelled. get_portfolio shows your cash, holdings and \
        profit and loss. When a call fails or times out, retry place_order with the same client_order_id: the \
        order is placed at most once. Tournaments trade in venues of their own: enter one, then pass its venue \
        to the trading tools.
        """
}
