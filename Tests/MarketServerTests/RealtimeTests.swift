import Foundation
import NIOCore
import Testing

@testable import MarketServer

@Suite("WebSocket feeds")
struct RealtimeTests {
    @Test(arguments: TestBackend.available)
    func tradesArriveInOrderWithoutGapsAndMatchREST(backend: TestBackend) async throws {
        let captured = CapturedParts()
        try await withServer(backend, hooks: captured.hooks(seeding: 1_000)) { server in
            let alice = try await server.register("alice")
            let bob = try await server.register("bob")
            let feed = try captured.value.feed
            let trades = FeedClient.connect(port: server.port, "/ws/trades:FUN")
            let venueTrades = FeedClient.connect(port: server.port, "/ws/venues/main/trades:FUN")
            try await eventually("both subscribed") { feed.subscriberCount == 2 }

            let count = 25
            for index in 0..<count {
                try await server.order(bob, "sell", 2, at: "\(100 + index).00")
                try await server.order(alice, "buy", 2, at: "\(100 + index).00")
            }
            // A trade in another ticker goes to its own channel only.
            try await server.order(bob, "sell", 1, "MEME", at: "50.00")
            try await server.order(alice, "buy", 1, "MEME", at: "50.00")

            for client in [trades, venueTrades] {
                let messages = try await client.wait(for: "\(count) trades") { $0.count >= count }
                #expect(messages.count == count)
                #expect(messages.allSatisfy { $0["type"] as? String == "trade" && $0["ticker"] as? String == "FUN" })
                let sequences = messages.compactMap { $0["sequence"] as? Int }
                #expect(sequences.count == count)
                #expect(zip(sequences, sequences.dropFirst()).allSatisfy { $1 == $0 + 1 }, "gaps in \(sequences)")
                #expect(messages.map { cents($0["price"]) } == (0..<count).map { Int64(100 + $0) * 100 })
                #expect(
                    messages.allSatisfy {
                        $0["quantity"] as? Int == 2 && ($0["timestamp"] as? String)?.isEmpty == false
                    })

                let rest = try await server.get("/api/trades?ticker=FUN&limit=100", as: alice).array()
                #expect(
                    rest.compactMap { $0["trade_id"] as? String }.reversed()
                        == messages.compactMap { $0["trade_id"] as? String })
            }
            await trades.close()
            await venueTrades.close()
        }
    }

    @Test(arguments: TestBackend.available)
    func privateFillsReachOnlyTheirOwner(backend: TestBackend) async throws {
        let captured = CapturedParts()
        try await withServer(backend, hooks: captured.hooks(seeding: 100)) { server in
            let alice = try await server.register("alice")
            let bob = try await server.register("bob")
            let carol = try await server.register("carol")
            let feed = try captured.value.feed
            let aliceFeed = FeedClient.connect(port: server.port, "/ws/private?token=\(alice.token)")
            let bobFeed = FeedClient.connect(port: server.port, "/ws/venues/main/private?api_key=\(bob.apiKey)")
            let carolFeed = FeedClient.connect(port: server.port, "/ws/private?api_key=\(carol.apiKey)")
            try await eventually("three private subscribers") { feed.subscriberCount == 3 }

            let bid = try await server.order(alice, "buy", 5, at: "101.00")
            let ask = try await server.order(bob, "sell", 3, at: "100.00")
            let fill = try await aliceFeed.wait(for: "alice's fill") { $0.contains { $0["type"] as? String == "fill" } }
                .first { $0["type"] as? String == "fill" }!
            #expect(fill["order_id"] as? String == bid["order_id"] as? String)
            #expect(fill["side"] as? String == "buy" && fill["quantity"] as? Int == 3 && cents(fill["price"]) == 101_00)
            #expect(fill["counterparty_id"] as? String == bob.id)
            let bobFill = try await bobFeed.wait(for: "bob's fill") { $0.contains { $0["type"] as? String == "fill" } }
                .first { $0["type"] as? String == "fill" }!
            #expect(
                bobFill["order_id"] as? String == ask["order_id"] as? String && bobFill["side"] as? String == "sell")

            let aliceMessages = try await aliceFeed.wait(for: "alice's order updates") { $0.count >= 3 }
            #expect(
                aliceMessages.map { $0["type"] as? String ?? $0["event"] as? String ?? "" } == [
                    "order", "order", "fill",
                ])
            #expect(aliceMessages.compactMap { $0["event"] as? String } == ["accepted", "rested"])
            #expect(aliceMessages.compactMap { $0["sequence"] as? Int } == [1, 2, 3])
            #expect(aliceMessages.allSatisfy { ($0["order_id"] as? String) == (bid["order_id"] as? String) })

            // Carol has traded nothing and hears nothing.
            try await Task.sleep(for: .milliseconds(300))
            #expect(carolFeed.messages.isEmpty)
            for client in [aliceFeed, bobFeed, carolFeed] { await client.close() }
        }
    }

    /// A stop-limit order that triggers and rests in a later batch than its acceptance tells its owner so.
    @Test func aTriggeredStopLimitOrderThatRestsSaysSoOnItsOwnersChannel() async throws {
        let captured = CapturedParts()
        try await withServer(.sqlite, hooks: captured.hooks(seeding: 100)) { server in
            let alice = try await server.register("alice")
            let bob = try await server.register("bob")
            let carol = try await server.register("carol")
            let feed = try captured.value.feed
            let aliceFeed = FeedClient.connect(port: server.port, "/ws/private?api_key=\(alice.apiKey)")
            try await eventually("alice subscribed") { feed.subscriberCount == 1 }
            let placed = try await server.request(
                .POST, "/api/orders",
                json: #"{"ticker":"FUN","side":"buy","quantity":2,"type":"stop_limit","stop_price":104,"price":104.5}"#,
                headers: alice.keyHeader)
            let stopLimit = try placed.object()["order_id"] as? String
            #expect(placed.status == 200 && stopLimit != nil, "\(placed.text)")
            try await server.order(bob, "sell", 1, at: "104.00")
            try await server.order(carol, "buy", 1, at: "104.00")
            let updates = try await aliceFeed.wait(for: "the stop-limit order rested") {
                $0.contains { $0["event"] as? String == "rested" }
            }
            let events = updates.filter { $0["order_id"] as? String == stopLimit }.compactMap { $0["event"] as? String }
            #expect(events == ["accepted", "triggered", "rested"])
            await aliceFeed.close()
        }
    }

    @Test(arguments: TestBackend.available)
    func subscriptionsThatCannotBeServedAreRefused(backend: TestBackend) async throws {
        try await withServer(backend) { server in
            let alice = try await server.register("alice")
            for path in [
                "/ws/private", "/ws/private?token=not-a-token", "/ws/private?api_key=msk_wrong",
                "/ws/trades:NOPE", "/ws/weather", "/ws/venues/elsewhere/prices",
                "/ws/venues/elsewhere/private?api_key=\(alice.apiKey)",
            ] {
                let client = FeedClient.connect(port: server.port, path)
                try await eventually("\(path) refused", timeout: .seconds(5)) { client.isFinished }
                #expect(client.error != nil, "\(path) was not refused")
                #expect(client.messages.isEmpty)
            }
            // The same HTTP request is answered with the reason.
            #expect(try await server.request(.GET, "/ws/private").status == 401)
            #expect(try await server.request(.GET, "/ws/trades:NOPE").status == 404)
        }
    }

    @Test(arguments: TestBackend.available)
    func orderBookSnapshotsAgreeWithREST(backend: TestBackend) async throws {
        let captured = CapturedParts()
        try await withServer(
            backend, hooks: captured.hooks(seeding: 100), configure: { $0.feed.snapshotInterval = .milliseconds(50) }
        ) {
            server in
            let alice = try await server.register("alice")
            let book = FeedClient.connect(port: server.port, "/ws/orderbook:FUN")
            let prices = FeedClient.connect(port: server.port, "/ws/prices")
            let first = try await book.wait(for: "the first snapshot") { !$0.isEmpty }
            #expect(first.first?["type"] as? String == "orderbook" && (first.first?["bids"] as? [Any])?.isEmpty == true)
            _ = try await prices.wait(for: "the first prices") { !$0.isEmpty }

            try await server.order(alice, "buy", 7, at: "99.50")
            try await server.order(alice, "sell", 4, at: "101.00")
            let snapshots = try await book.wait(for: "a snapshot with both orders") { messages in
                messages.contains { ($0["bids"] as? [Any])?.count == 1 && ($0["asks"] as? [Any])?.count == 1 }
            }
            let latest = snapshots.last!
            let rest = try await server.get("/api/market/FUN/orderbook").object()
            let restLevels = (rest["bids"] as? [[String: Any]] ?? []).map {
                (cents($0["price"]), $0["quantity"] as? Int)
            }
            let feedLevels = (latest["bids"] as? [[String: Any]] ?? []).map {
                (cents($0["price"]), $0["quantity"] as? Int)
            }
            #expect(restLevels.elementsEqual(feedLevels, by: ==))
            let sequences = snapshots.compactMap { $0["sequence"] as? Int }
            #expect(zip(sequences, sequences.dropFirst()).allSatisfy { $1 == $0 + 1 })

            let priced = try await prices.wait(for: "prices with the bid") { messages in
                messages.contains {
                    cents((($0["data"] as? [String: Any])?["FUN"] as? [String: Any])?["best_bid"]) == 99_50
                }
            }
            #expect(priced.allSatisfy { $0["type"] as? String == "prices" })
            await book.close()
            await prices.close()
        }
    }

    @Test(arguments: TestBackend.available)
    func aConsumerThatStopsReadingIsDroppedWhileOthersKeepReceiving(backend: TestBackend) async throws {
        let captured = CapturedParts()
        try await withServer(
            backend, hooks: captured.hooks(seeding: 100), configure: { $0.feed.subscriberQueueLimit = 32 }
        ) {
            server in
            let feed = try captured.value.feed
            let reader = FeedClient.connect(port: server.port, "/ws/trades:FUN")
            let stalled = FeedClient.connect(port: server.port, "/ws/trades:FUN", read: false)
            try await eventually("both subscribed") { feed.subscriberCount == 2 }

            // Large messages fill the socket buffers quickly; the reader keeps pace, the stalled one cannot.
            let padding = String(repeating: "x", count: 32 * 1024)
            var published = 0
            while feed.droppedSubscribers == 0 {
                for _ in 0..<16 {
                    feed.publish(venue: "main", channel: .trades("FUN")) { sequence in
                        ByteBuffer(string: #"{"type":"test","sequence":\#(sequence),"padding":"\#(padding)"}"#)
                    }
                }
                published += 16
                try await reader.wait(for: "the reader to keep up") { $0.count >= published }
                #expect(published < 20_000, "the stalled subscriber was never dropped")
                if published >= 20_000 { break }
            }
            #expect(feed.droppedSubscribers == 1)
            try await eventually("the stalled connection closed") { feed.subscriberCount == 1 }

            // The reader still gets real trades, with no gap in the channel's sequence.
            let alice = try await server.register("alice")
            let bob = try await server.register("bob")
            try await server.order(bob, "sell", 1, at: "100.00")
            try await server.order(alice, "buy", 1, at: "100.00")
            let messages = try await reader.wait(for: "the trade") { $0.last?["type"] as? String == "trade" }
            let sequences = messages.compactMap { $0["sequence"] as? Int }
            #expect(sequences == Array(1...sequences.count))
            await reader.close()
            await stalled.close()
        }
    }

    @Test(arguments: TestBackend.available)
    func deadConnectionsArePingedAndDropped(backend: TestBackend) async throws {
        let captured = CapturedParts()
        try await withServer(backend, hooks: captured.hooks, configure: { $0.feed.pingInterval = .seconds(1) }) {
            server in
            let feed = try captured.value.feed
            let live = FeedClient.connect(port: server.port, "/ws/prices")
            let dead = FeedClient.connect(port: server.port, "/ws/prices", read: false)
            try await eventually("both subscribed") { feed.subscriberCount == 2 }
            // The dead one answers no ping and is dropped; the live one answers and stays. A client has one
            // interval to answer, so the interval is long enough for a loaded machine to answer in.
            try await eventually("the dead connection dropped", timeout: .seconds(10)) { feed.subscriberCount == 1 }
            try await Task.sleep(for: .seconds(2.5))
            #expect(feed.subscriberCount == 1 && !live.isFinished)
            await live.close()
            await dead.close()
        }
    }
}
