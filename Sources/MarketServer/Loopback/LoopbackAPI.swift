import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Synchronization

/// One request of the REST API, made by the server of itself.
struct APICall: Sendable {
    var method: HTTPRequest.Method
    /// The route's path, its segments already percent-encoded: `/api/orders`, `/api/venues/spring/orders/12`.
    var path: String
    var query: [(name: String, value: String)] = []
    /// A JSON body, for the routes that take one.
    var body: Data?

    /// The path and its query, as a request line carries them.
    var target: String {
        guard !query.isEmpty else { return path }
        var components = URLComponents()
        components.queryItems = query.map { URLQueryItem(name: $0.name, value: $0.value) }
        // `+` is a space to the query parser, so it is encoded as well.
        let encoded = (components.percentEncodedQuery ?? "").replacingOccurrences(of: "+", with: "%2B")
        return "\(path)?\(encoded)"
    }
}

/// What a route answered: its status and its JSON body.
struct APIAnswer: Sendable {
    var status: HTTPResponse.Status
    var body: Data
}

/// Runs REST requests through the server's own router, in process.
///
/// Another protocol (MCP, Alpaca's) translates each of its operations into the REST request that does it and runs it
/// here, so it gets exactly what a REST client gets: the same authentication and key scopes, venue scoping,
/// validation, escrow, journalling and audit, and the same answers and error codes. There is no second path
/// to a venue.
final class LoopbackAPI: Sendable {
    private let responder = Mutex<RouterResponder<MarketRequestContext>?>(nil)

    init() {}

    /// Set once the router has every route; calls made before then fail.
    func install(_ responder: RouterResponder<MarketRequestContext>) {
        self.responder.withLock { $0 = responder }
    }

    /// Runs `call` with the credentials of the request that asked for it.
    ///
    /// The call is not metered again: the request that carries it already counted against its user's budget.
    func run(_ call: APICall, credentials: HTTPFields, on context: MarketRequestContext) async throws -> APIAnswer {
        guard let responder = responder.withLock({ $0 }) else { throw HTTPError(.serviceUnavailable) }
        var head = HTTPRequest(method: call.method, scheme: "http", authority: "loopback", path: call.target)
        head.headerFields = credentials
        var body = ByteBuffer()
        if let data = call.body {
            head.headerFields[.contentType] = "application/json"
            body = ByteBuffer(bytes: data)
        }
        let request = Request(head: head, body: RequestBody(buffer: body))
        var inner = MarketRequestContext(
            source: ApplicationRequestContextSource(channel: context.channel, logger: context.logger))
        inner.isLoopback = true
        inner.user = context.user
        let response = try await responder.respond(to: request, context: inner)
        return APIAnswer(status: response.status, body: try await Self.body(of: response))
    }

    /// The whole body of a response, read into memory.
    static func body(of response: Response) async throws -> Data {
        let sink = BodySink()
        try await response.body.write(CollectingWriter(sink: sink))
        return sink.data
    }
}

/// Where a ``CollectingWriter`` puts the bytes it is given; the writer itself is consumed when it finishes.
private final class BodySink: Sendable {
    private let bytes = Mutex(Data())

    var data: Data { bytes.withLock { $0 } }

    func append(_ buffer: ByteBuffer) {
        bytes.withLock { $0.append(contentsOf: buffer.readableBytesView) }
    }
}

private struct CollectingWriter: ResponseBodyWriter {
    let sink: BodySink

    mutating func write(_ buffer: ByteBuffer) async throws { sink.append(buffer) }

    consuming func finish(_ trailingHeaders: HTTPFields?) async throws {}
}
