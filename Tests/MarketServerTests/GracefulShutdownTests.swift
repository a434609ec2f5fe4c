import Foundation
import MarketServer
import Testing

/// SIGTERM, the way a container runtime or an init system stops the server, arrives in the middle of a load run:
/// the server stops listening, answers what is in flight, closes WebSockets with a close frame, commits the
/// journal and exits 0; a restart finds every order it acknowledged.
@Suite(.serialized) struct GracefulShutdownTests {
    @Test(arguments: TestBackend.available)
    func sigtermDuringALoadRunLosesNoAcknowledgedOrderAndExitsCleanly(backend: TestBackend) async throws {
        try await withScratchDatabase(backend) { scratch in
            let users = try await registerSeededAgents(8, in: scratch)
            let server = try await ServerProcess.start(scratch)
            let feeds = [
                FeedClient.connect(port: server.port, "/ws/prices"),
                FeedClient.connect(port: server.port, "/ws/trades:FUN"),
            ]
            let load = OrderLoad.start(on: server, users: users)
            try await load.wait(forAcknowledged: 300)
            for feed in feeds {
                try await feed.wait(for: "a message before the shutdown") { !$0.isEmpty }
            }

            let signalled = ContinuousClock.now
            let status = try await server.terminate()
            await load.finish()
            #expect(status == 0, "exit status \(String(describing: status)):\n\(server.log.suffix(2_000))")
            #expect(server.log.contains("Shut down cleanly"))
            // Every answer was an acknowledgement: a request in flight at SIGTERM is answered, not refused or failed.
            #expect(load.refused == [:])
            let acknowledged = load.orders
            let answeredAfterSignal = acknowledged.filter { $0.at > signalled }.count
            print(
                "SIGTERM after \(acknowledged.count - answeredAfterSignal) acknowledged orders; \(answeredAfterSignal) answered while shutting down"
            )

            for feed in feeds {
                try await eventually("the feed to end") { feed.isFinished }
                let frame = try #require(
                    feed.closeFrame, "the WebSocket ended without a close frame: \(String(describing: feed.error))")
                #expect(frame.closeCode == .normalClosure)
            }

            let restarted = try await ServerProcess.start(scratch)
            try await restarted.withClient { client in
                for (index, user) in users.enumerated() {
                    let stored = try await storedOrders(of: user, on: client)
                    for order in acknowledged where order.user == index {
                        let filled = try #require(
                            stored[order.orderID], "acknowledged order \(order.orderID) of agent\(index) is gone")
                        #expect(filled >= order.filled)
                    }
                }
            }
            #expect(try await restarted.terminate() == 0)
            try await expectJournalAndTablesAgree(scratch)
        }
    }
}

/// Every order of `user`, any status: order id → filled quantity.
func storedOrders(of user: RegisteredUser, on client: TestServer) async throws -> [String: Int] {
    var stored: [String: Int] = [:]
    var offset = 0
    while true {
        let page = try await client.get("/api/orders?status=all&limit=100&offset=\(offset)", as: user).array()
        for order in page { stored[order["order_id"] as? String ?? ""] = order["filled_quantity"] as? Int }
        if page.count < 100 { return stored }
        offset += 100
    }
}
