import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import Testing

@Suite("Bad input at the HTTP edge")
struct HTTPEdgeTests {
    @Test func aMethodAKnownPathDoesNotTakeIs405WithAllow() async throws {
        try await withServer(.sqlite) { server in
            let user = try await server.register("alice")
            for (method, path, allow) in [
                (HTTPMethod.TRACE, "/api/health", "GET"), (.PUT, "/api/orders", "GET, POST"),
                (.POST, "/api/venues/main/orders/123", "DELETE, GET, PATCH"), (.DELETE, "/api/tournaments/x", "GET"),
                // A literal segment wins over a parameter that would also match.
                (.PUT, "/api/orders/oco", "POST"), (.GET, "/api/venues/main/orders/oco", "POST"),
            ] {
                let response = try await server.request(method, path, headers: user.keyHeader)
                #expect(response.status == 405, "\(method) \(path)")
                #expect(response.headers["Allow"].first == allow && response.errorCode == "method_not_allowed")
            }
            let unknown = try await server.request(.GET, "/api/nowhere/at/all")
            #expect(unknown.status == 404 && unknown.errorDetail == "No route for GET /api/nowhere/at/all")
            // A body that is not JSON, where the handler reads the bytes itself, is a 400, never a 500.
            let garbled = try await server.request(
                .POST, "/api/venues/main/join", json: "\u{1}s", headers: user.keyHeader)
            #expect(garbled.status == 400 && garbled.errorCode == "invalid_request")
        }
    }

    @Test(arguments: TestBackend.available)
    func healthAnswers(backend: TestBackend) async throws {
        try await withServer(backend) { server in
            let response = try await server.request(.GET, "/api/health")
            #expect(response.status == 200)
            #expect(try response.object()["status"] as? String == "ok")
        }
    }

    @Test(arguments: TestBackend.available)
    func malformedOrMistypedBodiesAreBadRequests(backend: TestBackend) async throws {
        try await withServer(backend) { server in
            // A body that is not a JSON object is an invalid request; a field of the wrong kind is named.
            let bodies = [
                ("{not json", "invalid_request"),
                ("", "invalid_request"),
                ("[]", "invalid_request"),
                (#""just a string""#, "invalid_request"),
                (#"{"username":"alice"}"#, "invalid_password"),
                (#"{"username":123,"password":"secret"}"#, "invalid_username"),
                (#"{"username":null,"password":"secret"}"#, "invalid_username"),
                (#"{"username":["a"],"password":"secret"}"#, "invalid_username"),
                (#"{"username":"alice","password":true}"#, "invalid_password"),
            ]
            for (body, code) in bodies {
                for path in ["/api/register", "/api/login"] {
                    let response = try await server.request(.POST, path, json: body)
                    #expect(response.status == 400, "\(path) \(body): \(response.text)")
                    #expect(response.errorDetail?.isEmpty == false, "\(path) \(body)")
                    #expect(response.errorCode == code, "\(path) \(body): \(response.text)")
                }
            }
        }
    }

    @Test(arguments: TestBackend.available)
    func unknownRoutesAreJSONNotFound(backend: TestBackend) async throws {
        try await withServer(backend) { server in
            for (method, path) in [
                (HTTPMethod.GET, "/api/nothing"), (.GET, "/no/such/page"), (.PUT, "/api/registers"),
                (.GET, "/api/keys/1/extra"),
            ] {
                let response = try await server.request(method, path)
                #expect(response.status == 404, "\(method) \(path)")
                #expect(response.errorCode == "not_found")
                #expect(response.errorDetail?.contains(path) == true)
                #expect(response.headers.first(name: "Content-Type")?.hasPrefix("application/json") == true)
            }
            // The dashboard, not an error, lives at the root.
            let dashboard = try await server.request(.GET, "/")
            #expect(
                dashboard.status == 200 && dashboard.headers.first(name: "Content-Type")?.hasPrefix("text/html") == true
            )
        }
    }

    @Test(arguments: TestBackend.available)
    func oversizedBodiesArePayloadTooLarge(backend: TestBackend) async throws {
        try await withServer(backend) { server in
            let padding = String(repeating: "x", count: 70 * 1024)
            let declared = try await server.request(
                .POST, "/api/register", json: #"{"username":"alice","password":"secret","pad":"\#(padding)"}"#)
            #expect(declared.status == 413)
            #expect(declared.errorCode == "payload_too_large")

            // Streamed without a Content-Length, the limit applies while the body is read.
            var request = HTTPClientRequest(url: "http://127.0.0.1:\(server.port)/api/register")
            request.method = .POST
            let chunks = (0..<80).map { _ in ByteBuffer(string: String(repeating: " ", count: 1024)) }
            request.body = .stream(ChunkSequence(chunks: chunks), length: .unknown)
            let streamed = try await server.send(request)
            #expect(streamed.status == 413)
            #expect(streamed.errorDetail != nil)

            // A body just under the limit is read and judged on its content.
            let fits = String(repeating: " ", count: 60 * 1024)
            let small = try await server.request(
                .POST, "/api/register", json: fits + #"{"username":"alice","password":"secret"}"#)
            #expect(small.status == 200)
        }
    }
}

/// A body sent in chunks, without a length.
struct ChunkSequence: AsyncSequence, Sendable {
    let chunks: [ByteBuffer]

    struct AsyncIterator: AsyncIteratorProtocol {
        var remaining: ArraySlice<ByteBuffer>

        mutating func next() async -> ByteBuffer? {
            remaining.popFirst()
        }
    }

    func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(remaining: chunks[...])
    }
}
