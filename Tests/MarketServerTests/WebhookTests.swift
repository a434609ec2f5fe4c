import Foundation
import Testing

@testable import MarketServer

/// Webhooks against a real receiver on loopback and the real server process: signed deliveries, retries
/// through failures and timeouts, order per endpoint, dead letters, a SIGKILL in the middle, blocked addresses.
@Suite("Webhooks")
struct WebhookTests {
    static let environment = [
        "MARKET_MAKERS": "off", "BACKGROUND_TRADERS": "off", "ADMIN_USERNAME": "root",
        "ADMIN_PASSWORD": "root-password-for-tests", "WEBHOOK_BATCH_MS": "50", "WEBHOOK_BACKOFF_MS": "100",
        "WEBHOOK_TIMEOUT_SECONDS": "1", "WEBHOOK_RETRY_SECONDS": "4",
    ]

    @Test(arguments: TestBackend.available)
    func signedDeliveriesRetryThroughFailuresAndTimeoutsArriveInOrderAndDeadLettersAreListed(backend: TestBackend)
        async throws
    {
        let receiver = try await WebhookReceiver.start()
        defer { receiver.stop() }
        try await withScratchDatabase(backend) { scratch in
            let server = try await ServerProcess.start(scratch, environment: Self.environment)
            try await server.withClient { client in
                let (alice, bob) = try await Self.traders(client)
                receiver.set("alice", .answer(503))
                receiver.set("dead", .answer(500))
                let (hook, secret) = try await Self.create(client, alice, receiver.url("alice"), ["fills", "orders"])
                let (dead, _) = try await Self.create(client, bob, receiver.url("dead"), ["orders"])
                for price in ["100.00", "101.00", "102.00"] {
                    try await client.order(bob, "sell", 2, at: price)
                    try await client.order(alice, "buy", 2, at: price)
                }
                try await eventually("attempts answered 503 are recorded", timeout: .seconds(20)) {
                    let attempts = try await Self.deliveries(client, alice, hook).flatMap(Self.attempts)
                    return attempts.filter { $0["status_code"] as? Int == 503 }.count >= 2
                }
                receiver.set("alice", .hang(.seconds(3)))
                try await eventually("an attempt that is not answered in time fails", timeout: .seconds(20)) {
                    let attempts = try await Self.deliveries(client, alice, hook).flatMap(Self.attempts)
                    return attempts.contains {
                        $0["status_code"] is NSNull && ($0["error"] as? String ?? "").contains("no answer")
                    }
                }
                receiver.set("alice", .answer(204))
                try await eventually("every delivery of alice's is delivered", timeout: .seconds(20)) {
                    let deliveries = try await Self.deliveries(client, alice, hook)
                    return !deliveries.isEmpty && deliveries.allSatisfy { $0["status"] as? String == "delivered" }
                }
                let received = receiver.received("alice")
                #expect(received.allSatisfy { $0.isSigned(with: secret) }, "every request is signed")
                #expect(!received.contains { $0.isSigned(with: "whsec_" + String(repeating: "0", count: 64)) })
                let events = Self.firstArrivals(receiver.accepted("alice"))
                #expect(events.map(Self.sequence) == events.map(Self.sequence).sorted(), "in journal order")
                let fills = events.filter { $0["type"] as? String == "fill" }.compactMap {
                    ($0["data"] as? [String: Any])?["trade_id"] as? String
                }
                let trades = try await client.get("/api/trades", as: alice).array().compactMap {
                    $0["trade_id"] as? String
                }
                #expect(Set(fills) == Set(trades) && fills.count == 3, "\(fills) against \(trades)")
                let accepted = events.filter { ($0["data"] as? [String: Any])?["event"] as? String == "accepted" }
                #expect(accepted.count == 3, "each of alice's three orders: \(events)")

                try await eventually("bob's deliveries are dead-lettered", timeout: .seconds(30)) {
                    let deliveries = try await Self.deliveries(client, bob, dead, status: "dead")
                    let pending = try await Self.deliveries(client, bob, dead, status: "pending")
                    return !deliveries.isEmpty && pending.isEmpty
                }
                let letters = try await Self.deliveries(client, bob, dead, status: "dead")
                let attempts = letters.flatMap(Self.attempts)
                #expect(attempts.count >= 2 && attempts.allSatisfy { $0["status_code"] as? Int == 500 }, "\(letters)")
                #expect(letters.allSatisfy { $0["finished_at"] is String && $0["next_attempt_at"] is NSNull })
                #expect(attempts.allSatisfy { ($0["duration_ms"] as? Int).map { $0 >= 0 } ?? false })
            }
            await server.stop()
        }
    }

    /// Killed once with a delivery queued and failing, then again with one sent and left unanswered: after each
    /// restart the delivery is made again from the journal, and every fill arrives.
    @Test(arguments: TestBackend.available)
    func aKillInTheMiddleLosesNoDelivery(backend: TestBackend) async throws {
        let receiver = try await WebhookReceiver.start()
        defer { receiver.stop() }
        try await withScratchDatabase(backend) { scratch in
            receiver.set("alice", .answer(500))
            var server = try await ServerProcess.start(scratch, environment: Self.environment)
            let (alice, bob, secret) = try await server.withClient { client in
                let (alice, bob) = try await Self.traders(client)
                let (hook, secret) = try await Self.create(client, alice, receiver.url("alice"), ["fills"])
                try await client.order(bob, "sell", 1, at: "100.00")
                try await client.order(alice, "buy", 1, at: "100.00")
                try await eventually("a failed attempt is written", timeout: .seconds(20)) {
                    !(try await Self.deliveries(client, alice, hook).flatMap(Self.attempts)).isEmpty
                }
                return (alice, bob, secret)
            }
            await server.kill()

            receiver.set("alice", .answer(200))
            server = try await ServerProcess.start(scratch, environment: Self.environment)
            try await server.withClient { client in
                try await eventually("the queued delivery is sent after the restart", timeout: .seconds(20)) {
                    Self.fillIDs(receiver.accepted("alice")).count == 1
                }
                receiver.set("alice", .hang(.seconds(30)))
                let before = receiver.received("alice").count
                for price in ["101.00", "102.00"] {
                    try await client.order(bob, "sell", 1, at: price)
                    try await client.order(alice, "buy", 1, at: price)
                }
                try await eventually("the next delivery is sent and left unanswered", timeout: .seconds(20)) {
                    receiver.received("alice").count > before
                }
            }
            await server.kill()

            receiver.set("alice", .answer(200))
            server = try await ServerProcess.start(scratch, environment: Self.environment)
            try await server.withClient { client in
                let trades = Set(
                    try await client.get("/api/trades", as: alice).array().compactMap { $0["trade_id"] as? String })
                #expect(trades.count == 3)
                try await eventually("every fill is accepted", timeout: .seconds(20)) {
                    Set(Self.fillIDs(receiver.accepted("alice"))) == trades
                }
                #expect(receiver.received("alice").allSatisfy { $0.isSigned(with: secret) })
                let events = Self.firstArrivals(receiver.accepted("alice"))
                #expect(events.map(Self.sequence) == events.map(Self.sequence).sorted())
            }
            await server.stop()
        }
    }

    @Test(arguments: TestBackend.available)
    func blockedAddressesAreRefusedAndNotCalled(backend: TestBackend) async throws {
        let receiver = try await WebhookReceiver.start()
        defer { receiver.stop() }
        try await withScratchDatabase(backend) { scratch in
            let server = try await ServerProcess.start(scratch, environment: Self.environment)
            try await server.withClient { client in
                let admin = try await client.adminHeader()
                let (alice, bob) = try await Self.traders(client)
                // Loopback is allowed on a server listening on loopback, until an admin forbids it.
                let settings = try await client.request(.GET, "/api/admin/webhooks/settings", headers: admin)
                let allowed = try settings.object()["private_addresses"] as? String
                #expect(settings.status == 200 && allowed == "allow", "\(settings.text)")
                let (hook, _) = try await Self.create(client, alice, receiver.url("alice"), ["fills"])
                let refused = try await client.request(
                    .PUT, "/api/admin/webhooks/settings", json: #"{"private_addresses":"forbid"}"#,
                    headers: alice.keyHeader)
                #expect(refused.status == 403, "\(refused.text)")
                let forbid = try await client.request(
                    .PUT, "/api/admin/webhooks/settings", json: #"{"private_addresses":"forbid"}"#, headers: admin)
                #expect(forbid.status == 200, "\(forbid.text)")
                for url in [
                    receiver.url("alice"), "http://10.1.2.3/hook", "http://[::1]:9/hook", "http://169.254.169.254/",
                    "http://[::ffff:127.0.0.1]/", "http://localhost:\(receiver.port)/", "http://0.0.0.0/",
                ] {
                    let answer = try await client.request(
                        .POST, "/api/webhooks", json: #"{"url":"\#(url)","topics":["fills"]}"#,
                        headers: alice.keyHeader)
                    let code = try answer.object()["error"] as? String
                    #expect(
                        answer.status == 400 && code == "blocked_address", "\(url): \(answer.status) \(answer.text)")
                }
                // An endpoint made while it was allowed is not called now: the attempt fails and says why.
                try await client.order(bob, "sell", 1, at: "100.00")
                try await client.order(alice, "buy", 1, at: "100.00")
                try await eventually("the attempt is refused", timeout: .seconds(20)) {
                    let attempts = try await Self.deliveries(client, alice, hook).flatMap(Self.attempts)
                    return attempts.contains { ($0["error"] as? String ?? "").contains("not a public address") }
                }
                #expect(receiver.received("alice").isEmpty)
                #expect(try await Self.listed(client, alice).count == 1, "refused endpoints are not stored")
            }
            await server.stop()
        }
    }

    // MARK: Support

    static func traders(_ client: TestServer) async throws -> (RegisteredUser, RegisteredUser) {
        let admin = try await client.adminHeader()
        let (alice, bob) = (try await client.register("alice"), try await client.register("bob"))
        let seed = try await client.request(
            .POST, "/api/admin/venues/main/adjustments",
            json: #"{"username":"bob","ticker":"FUN","shares":100,"reason":"seed"}"#, headers: admin)
        #expect(seed.status == 200, "\(seed.text)")
        return (alice, bob)
    }

    /// Creates an endpoint; answers its id and secret.
    static func create(_ client: TestServer, _ user: RegisteredUser, _ url: String, _ topics: [String]) async throws
        -> (String, String)
    {
        let names = topics.map { #""\#($0)""# }.joined(separator: ",")
        let answer = try await client.request(
            .POST, "/api/webhooks", json: #"{"url":"\#(url)","topics":[\#(names)]}"#, headers: user.keyHeader)
        let object = try answer.object()
        guard answer.status == 201, let id = object["webhook_id"] as? String, let secret = object["secret"] as? String
        else { throw TestFailure("create webhook: \(answer.status) \(answer.text)") }
        return (id, secret)
    }

    static func deliveries(_ client: TestServer, _ user: RegisteredUser, _ hook: String, status: String? = nil)
        async throws -> [[String: Any]]
    {
        let query = status.map { "?status=\($0)" } ?? ""
        let object = try await client.get("/api/webhooks/\(hook)/deliveries\(query)", as: user).object()
        return object["deliveries"] as? [[String: Any]] ?? []
    }

    static func listed(_ client: TestServer, _ user: RegisteredUser) async throws -> [[String: Any]] {
        try await client.get("/api/webhooks", as: user).object()["webhooks"] as? [[String: Any]] ?? []
    }

    static func attempts(_ delivery: [String: Any]) -> [[String: Any]] {
        delivery["attempts"] as? [[String: Any]] ?? []
    }

    static func sequence(_ event: [String: Any]) -> Int { event["sequence"] as? Int ?? -1 }

    /// Each event once, where it first arrived: delivery is at least once, so a receiver drops repeats by `id`.
    static func firstArrivals(_ received: [WebhookReceiver.Received]) -> [[String: Any]] {
        var seen: Set<String> = []
        return received.flatMap(\.events).filter { seen.insert($0["id"] as? String ?? "").inserted }
    }

    static func fillIDs(_ received: [WebhookReceiver.Received]) -> [String] {
        firstArrivals(received).filter { $0["type"] as? String == "fill" }.compactMap {
            ($0["data"] as? [String: Any])?["trade_id"] as? String
        }
    }
}
