import Foundation
import NIOHTTP1
import Testing

@testable import MarketServer

/// Webhook endpoints over HTTP: each is its owner's alone, bad input changes nothing, a rotated secret signs
/// from then on, and every topic reaches the endpoints that asked for it.
@Suite("Webhook endpoints")
struct WebhookEndpointTests {
    static func configure(_ configuration: inout ServerConfiguration) {
        configuration = configuration.withAdmin()
        configuration.webhooks.batchInterval = .milliseconds(20)
        configuration.webhooks.firstBackoff = .milliseconds(50)
    }

    @Test(arguments: TestBackend.available)
    func anEndpointIsItsOwnersAloneAndBadInputChangesNothing(backend: TestBackend) async throws {
        let receiver = try await WebhookReceiver.start()
        defer { receiver.stop() }
        try await withServer(backend, configure: Self.configure) { client in
            let (alice, bob) = (try await client.register("alice"), try await client.register("bob"))
            let (id, secret) = try await WebhookTests.create(client, alice, receiver.url("alice"), ["fills"])
            #expect(secret.hasPrefix("whsec_") && secret.count == 70)
            let path = "/api/webhooks/\(id)"
            let listed = try await WebhookTests.listed(client, alice)
            #expect(
                listed.count == 1 && listed[0]["secret"] == nil && listed[0]["url"] as? String == receiver.url("alice"))
            #expect(try await WebhookTests.listed(client, bob).isEmpty)
            for (method, suffix) in [
                (HTTPMethod.GET, ""), (.PATCH, ""), (.DELETE, ""), (.POST, "/test"),
                (.POST, "/rotate-secret"), (.GET, "/deliveries"),
            ] {
                let answer = try await client.request(
                    method, path + suffix, json: method == .PATCH ? "{}" : nil,
                    headers: bob.keyHeader)
                #expect(answer.status == 404, "\(method) \(suffix) by another user: \(answer.text)")
            }
            let refusals: [(String, Int, String)] = [
                (#"{"topics":["fills"]}"#, 400, "invalid_url"),
                (#"{"url":"ftp://example.com/","topics":["fills"]}"#, 400, "invalid_url"),
                (#"{"url":"http://user:pw@example.com/","topics":["fills"]}"#, 400, "invalid_url"),
                (#"{"url":"http://example.com:99999/","topics":["fills"]}"#, 400, "invalid_url"),
                (#"{"url":"\#(receiver.url("x"))","topics":[]}"#, 400, "invalid_topics"),
                (#"{"url":"\#(receiver.url("x"))","topics":["everything"]}"#, 400, "invalid_topics"),
                (#"{"url":"\#(receiver.url("x"))","topics":["fills","fills"]}"#, 400, "invalid_topics"),
                (#"{"url":"\#(receiver.url("x"))","topics":"fills"}"#, 400, "invalid_topics"),
                (#"{"url":"\#(receiver.url("x"))","topics":["fills"],"venue":"nowhere"}"#, 404, "not_found"),
                (#"{"url":"\#(receiver.url("x"))","topics":["venue_trades"]}"#, 403, "forbidden"),
                (#"{"url":"http://no-such-host.invalid/","topics":["fills"]}"#, 400, "unresolvable_host"),
                (
                    #"{"url":"\#(receiver.url("x"))","topics":["fills"],"description":"\#(String(repeating: "d", count: 201))"}"#,
                    400, "invalid_description"
                ),
            ]
            for (body, status, code) in refusals {
                let answer = try await client.request(.POST, "/api/webhooks", json: body, headers: alice.keyHeader)
                #expect(
                    answer.status == status && (try? answer.object()["error"] as? String) == code,
                    "\(body): \(answer.status) \(answer.text)")
            }
            // Without credentials every route is 401; a read-only key may look but not change anything.
            for (method, suffix) in [
                (HTTPMethod.GET, ""), (.POST, ""), (.GET, "/\(id)"), (.PATCH, "/\(id)"),
                (.DELETE, "/\(id)"), (.POST, "/\(id)/test"), (.POST, "/\(id)/rotate-secret"),
                (.GET, "/\(id)/deliveries"),
            ] {
                let answer = try await client.request(
                    method, "/api/webhooks" + suffix, json: method == .GET ? nil : "{}")
                #expect(answer.status == 401, "\(method) \(suffix) without credentials: \(answer.text)")
            }
            let created = try await client.request(
                .POST, "/api/keys", json: #"{"name":"ro","scope":"read"}"#,
                headers: alice.bearerHeader)
            let readKey = try created.object()["api_key"] as? String ?? ""
            #expect(try await client.request(.GET, "/api/webhooks", headers: [("X-API-Key", readKey)]).status == 200)
            let readOnly = try await client.request(
                .POST, "/api/webhooks", json: #"{"url":"\#(receiver.url("x"))","topics":["fills"]}"#,
                headers: [("X-API-Key", readKey)])
            #expect(readOnly.status == 403, "\(readOnly.text)")
            let renamed = try await client.request(.PATCH, path, json: #"{"venue":"other"}"#, headers: alice.keyHeader)
            #expect(renamed.status == 400, "\(renamed.text)")
            #expect(try await WebhookTests.listed(client, alice).count == 1, "nothing was created")

            // A rotated secret signs the next delivery; the old one no longer verifies it.
            let rotated = try await client.request(.POST, path + "/rotate-secret", headers: alice.keyHeader)
            let newSecret = try rotated.object()["secret"] as? String ?? ""
            #expect(rotated.status == 200 && newSecret != secret && newSecret.hasPrefix("whsec_"))
            let test = try await client.request(.POST, path + "/test", headers: alice.keyHeader)
            #expect(test.status == 202, "\(test.text)")
            try await eventually("the test event arrives") { !receiver.received("alice").isEmpty }
            let received = receiver.received("alice")[0]
            #expect(received.isSigned(with: newSecret) && !received.isSigned(with: secret))
            #expect(
                received.events.first?["type"] as? String == "test"
                    && received.events.first?["topic"] as? String == "test")
            #expect(received.headers["marketsim-delivery"] == received.json["delivery_id"] as? String)

            let paused = try await client.request(
                .PATCH, path, json: #"{"active":false,"topics":["fills","orders"],"description":"paused"}"#,
                headers: alice.keyHeader)
            let object = try paused.object()
            #expect(object["active"] as? Bool == false && object["topics"] as? [String] == ["fills", "orders"])
            let deleted = try await client.request(.DELETE, path, headers: alice.keyHeader)
            let deletion = try deleted.object()["status"] as? String
            #expect(deleted.status == 200 && deletion == "deleted")
            #expect(try await client.request(.GET, path, headers: alice.keyHeader).status == 404)
            #expect(try await WebhookTests.listed(client, alice).isEmpty)
        }
    }

    @Test(arguments: TestBackend.available)
    func everyTopicReachesTheEndpointsThatAskedForIt(backend: TestBackend) async throws {
        let receiver = try await WebhookReceiver.start()
        defer { receiver.stop() }
        try await withServer(backend, configure: Self.configure) { client in
            let admin = try await client.adminHeader()
            let (alice, bob) = try await WebhookTests.traders(client)
            let venue = try await client.request(
                .POST, "/api/webhooks",
                json: #"{"url":"\#(receiver.url("venue"))","topics":["venue_trades","venue_status"]}"#, headers: admin)
            #expect(venue.status == 201, "\(venue.text)")
            _ = try await WebhookTests.create(client, alice, receiver.url("alice"), ["alerts"])
            let alert = try await client.request(
                .POST, "/api/alerts", json: #"{"ticker":"FUN","above":"105.00"}"#, headers: alice.keyHeader)
            #expect(alert.status == 201, "\(alert.text)")
            try await client.order(bob, "sell", 1, at: "106.00")
            try await client.order(alice, "buy", 1, at: "106.00")
            let halt = try await client.request(
                .POST, "/api/admin/venues/main/halt", json: #"{"reason":"lunch"}"#, headers: admin)
            #expect(halt.status == 200, "\(halt.text)")
            try await eventually("the venue's trade and halt arrive") {
                Set(WebhookTests.firstArrivals(receiver.received("venue")).compactMap { $0["type"] as? String })
                    == ["trade", "trading_status"]
            }
            let status = WebhookTests.firstArrivals(receiver.received("venue")).first {
                $0["type"] as? String == "trading_status"
            }
            let data = status?["data"] as? [String: Any]
            #expect(data?["status"] as? String == "halted" && data?["reason"] as? String == "lunch", "\(data ?? [:])")
            try await eventually("alice's alert arrives") { !receiver.received("alice").isEmpty }
            let fired = WebhookTests.firstArrivals(receiver.received("alice"))
            #expect(
                fired.count == 1 && fired[0]["type"] as? String == "alert" && fired[0]["topic"] as? String == "alerts")
            #expect(((fired[0]["data"] as? [String: Any])?["trade_price"] as? Double) == 106)

            try await client.createTournament(admin: admin)
            let entrant = try await client.request(
                .POST, "/api/webhooks",
                json: #"{"url":"\#(receiver.url("sprint"))","topics":["tournament"],"venue":"sprint"}"#,
                headers: bob.keyHeader)
            #expect(entrant.status == 201, "a tournament's changes are public: \(entrant.text)")
            let published = try await client.request(.POST, "/api/admin/tournaments/sprint/publish", headers: admin)
            #expect(published.status == 200, "\(published.text)")
            try await eventually("the tournament's opening arrives") { !receiver.received("sprint").isEmpty }
            let change = WebhookTests.firstArrivals(receiver.received("sprint")).first?["data"] as? [String: Any]
            #expect(change?["status"] as? String == "open" && change?["previous_status"] as? String == "draft")
        }
    }

    /// A receiver that answers at once but never finishes its body holds its endpoint's worker for one attempt
    /// timeout at most: the next deliveries still go.
    @Test func aBodyThatNeverEndsDoesNotHoldTheWorker() async throws {
        let receiver = try await WebhookReceiver.start()
        defer { receiver.stop() }
        receiver.set("slow", .trickle)
        try await withServer(
            .sqlite,
            configure: {
                Self.configure(&$0)
                $0.webhooks.attemptTimeout = .seconds(1)
            }
        ) { client in
            let alice = try await client.register("alice")
            let (id, _) = try await WebhookTests.create(client, alice, receiver.url("slow"), ["fills"])
            for _ in 0..<3 {
                let test = try await client.request(.POST, "/api/webhooks/\(id)/test", headers: alice.keyHeader)
                #expect(test.status == 202, "\(test.text)")
            }
            try await eventually("all three are sent", timeout: .seconds(15)) {
                receiver.received("slow").count == 3
            }
        }
    }
}
