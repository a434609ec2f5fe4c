import Foundation
import Logging
import SQLKit
import Synchronization
import Testing

@testable import MarketServer

/// Request ids, structured logs, and the health and readiness probes, over real HTTP.
@Suite struct ObservabilityTests {
    @Test func madeRequestIDsAreDistinctVersion4UUIDs() {
        let ids = (0..<10_000).map { _ in RequestID.make() }
        #expect(Set(ids).count == ids.count)
        for id in ids.prefix(100) {
            #expect(UUID(uuidString: id)?.uuidString.lowercased() == id, "\(id)")
            #expect(Array(id)[14] == "4" && "89ab".contains(Array(id)[19]), "\(id)")
        }
    }

    @Test func aRequestIDIsTakenFromTheClientOrMadeAndEchoedInAnswersAndLogs() async throws {
        let lines = Mutex<[String]>([])
        var handler = JSONLogHandler(label: "marketsim") { line in lines.withLock { $0.append(line) } }
        handler.logLevel = .debug
        let logger = Logger(label: "marketsim") { _ in handler }
        try await withScratchDatabase(.sqlite) { scratch in
            try await TestServer.run(scratch.configuration(), logger: logger) { server in
                let given = try await server.request(
                    .GET, "/api/market/tickers", headers: [("X-Request-ID", "agent-7:run.42")])
                #expect(given.headers.first(name: "X-Request-ID") == "agent-7:run.42")

                let made = try await server.request(.GET, "/api/market/tickers")
                let madeID = try #require(made.headers.first(name: "X-Request-ID"))
                #expect(UUID(uuidString: madeID) != nil)

                // An id that could forge or bloat log lines is replaced; error answers carry the id too.
                let forged = try await server.request(
                    .GET, "/api/market/NOPE", headers: [("X-Request-ID", "x\" level=error")])
                #expect(forged.status == 404)
                let replaced = try #require(forged.headers.first(name: "X-Request-ID"))
                #expect(replaced != "x\" level=error" && UUID(uuidString: replaced) != nil)
                let long = String(repeating: "a", count: 129)
                #expect(
                    try await server.request(.GET, "/api/health", headers: [("X-Request-ID", long)]).headers.first(
                        name: "X-Request-ID") != long)
            }
        }
        let entries = try lines.withLock { $0 }.map { line in
            #expect(line.hasSuffix("\n") && line.dropLast().contains("\n") == false)
            return try #require(
                JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "not JSON: \(line)")
        }
        let request = try #require(entries.first { $0["request_id"] as? String == "agent-7:run.42" }, "\(entries)")
        #expect(request["message"] as? String == "request")
        #expect(request["level"] as? String == "debug")
        #expect(request["route"] as? String == "/api/market/tickers")
        #expect(request["status"] as? String == "200")
        #expect(request["timestamp"] is String && request["label"] as? String == "marketsim")
        #expect(entries.contains { $0["status"] as? String == "404" && $0["request_id"] is String })
    }

    @Test(arguments: TestBackend.available)
    func healthAndReadiness(backend: TestBackend) async throws {
        try await withScratchDatabase(backend) { scratch in
            try await TestServer.run(scratch.configuration(), hooks: seedingShares(10, to: ["maker"])) { server in
                #expect(try await server.get("/api/health").canonicalJSON == #"{"status":"ok"}"#)
                let ready = try await server.get("/api/ready").object()
                #expect(ready["status"] as? String == "ready")
                #expect(ready["venues"] as? [String] == ["main"])

                // A failed commit stops the journal: the server is alive but no longer ready.
                let maker = try await server.register("maker")
                let taker = try await server.register("taker")
                try await server.order(maker, "sell", 1, at: "100")
                let database = try await scratch.open()
                try await database.withConnection { try await $0.raw("DROP TABLE trades").run() }
                await database.close()
                let refused = try await server.request(
                    .POST, "/api/orders", json: #"{"ticker":"FUN","side":"buy","price":100,"quantity":1}"#,
                    headers: taker.keyHeader)
                #expect(refused.status == 503)
                let notReady = try await server.request(.GET, "/api/ready")
                #expect(notReady.status == 503 && notReady.errorCode == "not_ready")
                #expect(notReady.errorDetail?.contains("journal stopped") == true)
                #expect(try await server.request(.GET, "/api/health").status == 200)
            }
        }
    }

    @Test func textLinesCarryTheLoggersMetadataAsItIsWhenWritten() {
        let lines = Mutex<[String]>([])
        var logger = Logger(label: "marketsim") { label in
            TextLogHandler(label: label) { line in lines.withLock { $0.append(line) } }
        }
        logger[metadataKey: "request_id"] = "first"
        logger[metadataKey: "request_id"] = "agent-7"
        logger.info("placed", metadata: ["order": "12"])
        logger.debug("below the level")
        logger.warning("slow", source: "Journal")
        let written = lines.withLock { $0 }
        #expect(written.count == 2)
        #expect(
            written.first?.hasSuffix(" info marketsim: order=12 request_id=agent-7 [MarketServerTests] placed\n")
                == true)
        #expect(written.last?.hasSuffix(" warning marketsim: request_id=agent-7 [Journal] slow\n") == true)
        let stamp = String(written.first?.prefix { $0 != " " } ?? "")
        #expect(
            (try? Date(stamp, strategy: .iso8601.year().month().day().time(includingFractionalSeconds: true))) != nil)
    }

    @Test func logLevelAndFormatAreConfigurable() throws {
        let configured = try ServerConfiguration(variables: ["LOG_LEVEL": "debug", "LOG_FORMAT": "JSON"])
        #expect(configured.logging == LogSettings(level: .debug, format: .json))
        #expect(try ServerConfiguration(variables: [:]).logging == LogSettings(level: .info, format: .text))
        #expect(throws: ConfigurationError.self) { try ServerConfiguration(variables: ["LOG_LEVEL": "loud"]) }
        #expect(throws: ConfigurationError.self) { try ServerConfiguration(variables: ["LOG_FORMAT": "xml"]) }
    }
}
