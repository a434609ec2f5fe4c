import Foundation
import MarketServer
import NIOCore
import Testing

/// What an attacker with nothing but a connection, or a registered account, can send: each gets a clear
/// 4xx (or a closed connection when it takes too long) and the server goes on serving everyone else.
@Suite("Hostile input")
struct HostileInputTests {
    /// The request that once aborted the process: a market buy of `Int64.max` shares from an account with
    /// a resting buy, and the same quantity on every order type and on an amendment.
    @Test func theLargestQuantityOnEveryOrderTypeIsABadRequest() async throws {
        try await withServer(.sqlite, configure: { $0.marketMakersEnabled = false }) { server in
            let alice = try await server.register("alice")
            let resting = try await server.request(
                .POST, "/api/orders", json: #"{"ticker":"FUN","side":"buy","price":90,"quantity":1}"#,
                headers: alice.keyHeader)
            #expect(resting.status == 200, "\(resting.text)")
            let orderID = try resting.object()["order_id"] as? String ?? ""
            let huge = "9223372036854775807"
            let bodies = [
                #"{"ticker":"FUN","side":"buy","type":"market","quantity":\#(huge)}"#,
                #"{"ticker":"FUN","side":"sell","type":"market","quantity":\#(huge)}"#,
                #"{"ticker":"FUN","side":"buy","price":90,"quantity":\#(huge)}"#,
                #"{"ticker":"FUN","side":"buy","type":"stop","stop_price":200,"quantity":\#(huge)}"#,
                #"{"ticker":"FUN","side":"buy","type":"stop_limit","stop_price":200,"price":201,"quantity":\#(huge)}"#,
                #"{"ticker":"FUN","side":"buy","type":"take_profit","stop_price":50,"quantity":\#(huge)}"#,
                #"{"ticker":"FUN","side":"sell","type":"trailing_stop","trail_amount":5,"quantity":\#(huge)}"#,
                #"{"ticker":"FUN","side":"buy","price":90,"quantity":\#(huge),"display_quantity":1}"#,
                #"{"ticker":"FUN","side":"buy","price":99999999999999,"quantity":1}"#,
                #"{"ticker":"FUN","side":"sell","type":"trailing_stop","trail_amount":92233720368547758,"quantity":1}"#,
            ]
            for body in bodies {
                let answer = try await server.request(.POST, "/api/orders", json: body, headers: alice.keyHeader)
                #expect(answer.status == 400, "\(body): \(answer.status) \(answer.text)")
                #expect(
                    ["quantity_limit", "amount_too_large"].contains(answer.errorCode ?? ""), "\(body): \(answer.text)")
            }
            let pair = try await server.request(
                .POST, "/api/orders/oco",
                json:
                    #"{"ticker":"FUN","side":"buy","quantity":\#(huge),"legs":[{"type":"limit","price":80},{"type":"stop","stop_price":200}]}"#,
                headers: alice.keyHeader)
            #expect(pair.status == 400, "\(pair.text)")
            for amendment in [#"{"quantity":\#(huge)}"#, #"{"price":92233720368547758}"#] {
                let answer = try await server.request(
                    .PATCH, "/api/orders/\(orderID)", json: amendment, headers: alice.keyHeader)
                #expect(answer.status == 400, "\(amendment): \(answer.text)")
            }
            #expect(try await server.request(.GET, "/api/health").status == 200)
            let open = try await server.request(.GET, "/api/orders", headers: alice.keyHeader)
            #expect(try open.array().count == 1, "only the first resting buy is open")
        }
    }

    /// Each is answered with the status HTTP gives it and a JSON error, and the connection is closed.
    /// A NUL in any text of a body or a query is refused before it reaches storage: on PostgreSQL one in an audit
    /// reason once failed the journal's commit and stopped every venue. The venue goes on taking changes after.
    @Test(arguments: TestBackend.available)
    func aNulCharacterInABodyIsRefusedAndTheJournalGoesOn(backend: TestBackend) async throws {
        try await withServer(backend, configure: { $0 = $0.withAdmin() }) { server in
            let admin = try await server.adminHeader()
            let trader = try await server.register("nul-sender")
            let refused: [(String, String, [(String, String)])] = [
                ("/api/admin/venues/main/halt", #"{"reason":"lunch \u0000 break"}"#, admin),
                ("/api/admin/venues/main/market-events", #"{"kind":"news","headline":"a\u0000b"}"#, admin),
                (
                    "/api/orders", #"{"ticker":"FUN","side":"buy","price":1,"quantity":1,"client_order_id":"\u0000"}"#,
                    trader.keyHeader
                ),
                ("/api/register", #"{"username":"nul\u0000name","password":"long enough"}"#, []),
            ]
            for (path, body, headers) in refused {
                let answer = try await server.request(.POST, path, json: body, headers: headers)
                #expect(answer.status == 400 && answer.errorCode == "invalid_text", "\(path): \(answer.text)")
            }
            // An escaped backslash before `u0000` is text, not a NUL.
            let literal = try await server.request(
                .POST, "/api/admin/venues/main/halt", json: #"{"reason":"path C:\\u0000"}"#, headers: admin)
            #expect(literal.status == 200, "\(literal.text)")
            // In a query too: PostgreSQL refused it in the audit log's filters, which answered 500.
            for query in ["/api/admin/audit?actor=a%00b", "/api/admin/audit?venue=main%00", "/api/news?limit=5%00"] {
                let answer = try await server.request(.GET, query, headers: admin)
                #expect(answer.status == 400 && answer.text.contains("NUL"), "\(query): \(answer.text)")
            }
            #expect(try await server.request(.GET, "/api/ready").status == 200)
            let resumed = try await server.request(
                .POST, "/api/admin/venues/main/resume", json: #"{"reason":"back"}"#, headers: admin)
            #expect(resumed.status == 200, "\(resumed.text)")
            #expect(try await server.get("/api/news").object()["news"] as? [Any] != nil)
        }
    }

    @Test func malformedRequestsAreAnsweredAndClosed() async throws {
        try await withServer(.sqlite) { server in
            let header = String(repeating: "a", count: 1 << 20)
            let manyHeaders = (0..<1_000).map { "X-Filler-\($0): 1\r\n" }.joined()
            let cases: [(String, String, Int)] = [
                (
                    "two Content-Length",
                    "POST /api/login HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}", 400
                ),
                (
                    "a negative Content-Length", "POST /api/login HTTP/1.1\r\nHost: x\r\nContent-Length: -2\r\n\r\n{}",
                    400
                ),
                (
                    "Content-Length with Transfer-Encoding",
                    "POST /api/login HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n",
                    400
                ),
                ("1,000 headers", "GET /api/health HTTP/1.1\r\nHost: x\r\n\(manyHeaders)\r\n", 431),
                ("a 1 MB header", "GET /api/health HTTP/1.1\r\nHost: x\r\nX-Big: \(header)\r\n\r\n", 431),
                ("a 1 MB URL", "GET /api/health?\(header) HTTP/1.1\r\nHost: x\r\n\r\n", 431),
                ("a garbage request line", "\u{1}\u{2} NOT HTTP AT ALL\r\n\r\n", 400),
                (
                    "malformed chunked encoding",
                    "POST /api/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n",
                    400
                ),
            ]
            for (name, request, expected) in cases {
                let connection = try RawConnection(port: server.port)
                connection.send(request)
                let (text, closed) = await connection.readUntilClosed(timeout: .seconds(10))
                #expect(RawConnection.status(of: text) == expected, "\(name): \(text.prefix(200))")
                #expect(text.contains(#""error":"#), "\(name): the answer has a JSON error body")
                #expect(closed, "\(name): the connection is closed")
            }
            #expect(try await server.request(.GET, "/api/health").status == 200)
        }
    }

    /// 50 connections that trickle their headers (and 10 that send nothing) are closed once the header
    /// timeout passes, while another client is served all along.
    @Test func slowAndIdleConnectionsAreClosedWhileOthersAreServed() async throws {
        let timeout = Duration.seconds(2)
        try await withServer(
            .sqlite, configure: { $0.connectionTimeouts = ConnectionTimeouts(requestHead: .seconds(2)) }
        ) { server in
            let slow = try (0..<50).map { _ in try RawConnection(port: server.port) }
            let idle = try (0..<10).map { _ in try RawConnection(port: server.port) }
            for connection in slow { connection.send("GET /api/health HTTP/1.1\r\nHost: x\r\n") }
            let started = ContinuousClock.now
            var servedMeanwhile = 0
            var stillOpen = slow.count
            while ContinuousClock.now - started < timeout * 10 && stillOpen > 0 {
                // Counted only while the slow connections are surely all still held.
                let answered = try await server.request(.GET, "/api/health").status == 200
                if answered && ContinuousClock.now - started < timeout - .milliseconds(500) { servedMeanwhile += 1 }
                let open = slow.filter { !$0.isClosed }
                for connection in open { connection.send("X") }
                stillOpen = open.count
                try await Task.sleep(for: .milliseconds(200))
            }
            let elapsed = ContinuousClock.now - started
            #expect(stillOpen == 0, "\(stillOpen) slow connections still open after \(elapsed)")
            #expect(elapsed >= timeout - .milliseconds(300), "closed before the timeout: \(elapsed)")
            #expect(servedMeanwhile >= 1, "other clients were served while the slow ones held their connections")
            for connection in idle {
                #expect(await connection.readUntilClosed(timeout: timeout * 2).closed, "an idle connection is closed")
            }
            let metrics = try await server.request(.GET, "/metrics").text
            #expect(metrics.contains("marketsim_http_connection_timeouts_total"))
        }
    }

    /// A keep-alive connection that goes quiet after its answer is closed too.
    @Test func aConnectionIdleAfterItsAnswerIsClosed() async throws {
        try await withServer(
            .sqlite, configure: { $0.connectionTimeouts = ConnectionTimeouts(requestHead: .seconds(1)) }
        ) { server in
            let connection = try RawConnection(port: server.port)
            connection.send("GET /api/health HTTP/1.1\r\nHost: x\r\n\r\n")
            let (text, closed) = await connection.readUntilClosed(timeout: .seconds(4))
            #expect(RawConnection.status(of: text) == 200)
            #expect(closed)
        }
    }
}
