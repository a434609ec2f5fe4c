import AsyncHTTPClient
import Foundation
import Hummingbird
import Logging
import MarketServer
import NIOCore
import NIOHTTP1

/// The real server, running in-process on an ephemeral port, spoken to over real HTTP.
struct TestServer: Sendable {
    let port: Int
    /// One client per server, shut down before the server stops: the server's graceful shutdown waits for
    /// kept-alive connections, which a shared client would hold open.
    let client: HTTPClient

    /// Builds and starts the server with `configuration`, runs `body` against it, then shuts it down.
    static func run<Result: Sendable>(
        _ configuration: ServerConfiguration,
        hooks: ServerHooks = ServerHooks(),
        logger: Logger = .quiet,
        _ body: @Sendable (TestServer) async throws -> Result
    ) async throws -> Result {
        let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
        let app = try await buildApplication(
            configuration: configuration, hooks: hooks, logger: logger,
            onServerRunning: { portContinuation.yield($0) })
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await app.runService(gracefulShutdownSignals: []) }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next() else { throw CancellationError() }
            let client = HTTPClient(eventLoopGroupProvider: .singleton)
            let outcome: Swift.Result<Result, any Error>
            do {
                outcome = .success(try await body(TestServer(port: port, client: client)))
            } catch {
                outcome = .failure(error)
            }
            try? await client.shutdown()
            group.cancelAll()
            try? await group.waitForAll()
            return try outcome.get()
        }
    }

    /// Sends a request; `json` is sent as the body text verbatim so tests can send malformed JSON too.
    func request(
        _ method: HTTPMethod, _ path: String, json: String? = nil, headers: [(String, String)] = []
    ) async throws -> TestResponse {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)")
        request.method = method
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let json {
            if !request.headers.contains(name: "Content-Type") {
                request.headers.add(name: "Content-Type", value: "application/json")
            }
            request.body = .bytes(ByteBuffer(string: json))
        }
        return try await send(request)
    }

    func send(_ request: HTTPClientRequest) async throws -> TestResponse {
        let response = try await client.execute(request, timeout: .seconds(30))
        let body = try await response.body.collect(upTo: 1 << 20)
        return TestResponse(status: Int(response.status.code), headers: response.headers, body: Data(buffer: body))
    }

    func login(_ username: String, password: String) async throws -> TestResponse {
        try await request(.POST, "/api/login", json: #"{"username":"\#(username)","password":"\#(password)"}"#)
    }

    /// Registers `username` and returns the answer's fields.
    func register(_ username: String, password: String = "secret") async throws -> RegisteredUser {
        let response = try await request(
            .POST, "/api/register", json: #"{"username":"\#(username)","password":"\#(password)"}"#)
        guard response.status == 200 else {
            throw TestFailure("register \(username): \(response.status) \(response.text)")
        }
        let object = try response.object()
        return RegisteredUser(
            id: object["user_id"] as? String ?? "", apiKey: object["api_key"] as? String ?? "",
            token: object["jwt_token"] as? String ?? "")
    }
}

struct RegisteredUser: Sendable {
    let id: String
    var apiKey: String
    let token: String

    var keyHeader: [(String, String)] { [("X-API-Key", apiKey)] }
    var bearerHeader: [(String, String)] { [("Authorization", "Bearer \(token)")] }
}

struct TestResponse: Sendable {
    let status: Int
    let headers: HTTPHeaders
    let body: Data

    var text: String { String(decoding: body, as: UTF8.self) }

    /// The body re-serialised with sorted keys, for comparing answers whose key order may differ.
    var canonicalJSON: String {
        guard let value = try? JSONSerialization.jsonObject(with: body, options: [.fragmentsAllowed]),
            let data = try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .fragmentsAllowed])
        else { return text }
        return String(decoding: data, as: UTF8.self)
    }

    func object() throws -> [String: Any] {
        guard let object = try JSONSerialization.jsonObject(with: body) as? [String: Any] else {
            throw TestFailure("not a JSON object: \(text)")
        }
        return object
    }

    func array() throws -> [[String: Any]] {
        guard let array = try JSONSerialization.jsonObject(with: body) as? [[String: Any]] else {
            throw TestFailure("not a JSON array: \(text)")
        }
        return array
    }

    /// The `detail` of a JSON error answer; `nil` when the body is not one.
    var errorDetail: String? {
        (try? object())?["detail"] as? String
    }

    var errorCode: String? {
        (try? object())?["error"] as? String
    }
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
