import Foundation
import MarketCore
import MarketServer
import SQLKit
import Synchronization
import Testing

/// The server is killed with SIGKILL, with no chance to flush anything, and restarted on the same
/// database: everything it acknowledged must be there, exactly.
@Suite(.serialized) struct CrashRecoveryTests {
    @Test(arguments: TestBackend.available)
    func aKilledServerComesBackWithIdenticalBooksBalancesOrdersAndTrades(backend: TestBackend) async throws {
        try await withScratchDatabase(backend) { scratch in
            let users = try await TestServer.run(scratch.configuration(), hooks: seedingShares(100, to: ["maker"])) {
                server in
                [try await server.register("maker"), try await server.register("taker")]
            }
            let (maker, taker) = (users[0], users[1])
            let first = try await ServerProcess.start(scratch)
            let before = try await first.withClient { server in
                try await server.order(maker, "sell", 10, at: "101")
                try await server.order(maker, "sell", 10, at: "101.5")
                try await server.order(maker, "sell", 7, "MEME", at: "52")
                try await server.order(taker, "buy", 15, at: "102")
                try await server.order(taker, "buy", 4, at: "99")
                try await server.order(taker, "buy", 3, "MEME", at: "51", clientOrderID: "meme-bid")
                let resting = try await server.order(taker, "buy", 2, at: "98")
                let id = try #require(resting["order_id"] as? String)
                #expect(try await server.request(.DELETE, "/api/orders/\(id)", headers: taker.keyHeader).status == 200)
                return try await observe(server, users: users)
            }
            await first.kill()

            let second = try await ServerProcess.start(scratch)
            let after = try await second.withClient { server in
                let state = try await observe(server, users: users)
                // Escrow came back too: the restored resting order can still be cancelled for its refund.
                let duplicate = try await server.order(taker, "buy", 3, "MEME", at: "51", clientOrderID: "meme-bid")
                #expect(duplicate["duplicate"] as? Bool == true)
                return state
            }
            await second.stop()
            #expect(after.pages == before.pages)
            #expect(!before.pages["book FUN", default: ""].contains(#""bids":[]"#))
        }
    }

    @Test(arguments: TestBackend.available)
    func killedInTheMiddleOfALoadRunItLosesNoAcknowledgedOrder(backend: TestBackend) async throws {
        try await withScratchDatabase(backend) { scratch in
            let users = try await registerSeededAgents(8, in: scratch)
            let server = try await ServerProcess.start(scratch)
            let acknowledged = Acknowledgements()
            let load = Task {
                try await server.withClient { client in
                    await withTaskGroup(of: Void.self) { group in
                        for (index, user) in users.enumerated() {
                            group.addTask {
                                var random = SystemRandomNumberGenerator()
                                while !Task.isCancelled {
                                    let side = Bool.random(using: &random) ? "buy" : "sell"
                                    let price = String(Int.random(in: 95...105, using: &random))
                                    guard
                                        let answer = try? await client.order(
                                            user, side, Int.random(in: 1...5, using: &random),
                                            ["FUN", "MEME"].randomElement(using: &random)!, at: price)
                                    else { return }
                                    let id = answer["order_id"] as? String ?? ""
                                    let filled = answer["filled_quantity"] as? Int ?? -1
                                    acknowledged.orders.withLock { $0.append((index, id, filled)) }
                                }
                            }
                        }
                    }
                }
            }
            // Kill once a good number of orders were acknowledged, with the load still running.
            let deadline = ContinuousClock.now + .seconds(60)
            while acknowledged.orders.withLock({ $0.count }) < 300, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(20))
            }
            await server.kill()
            load.cancel()
            _ = try? await load.value
            let acked = acknowledged.orders.withLock { $0 }
            #expect(acked.count >= 300, "the load run should have placed a good number of orders")

            let restarted = try await ServerProcess.start(scratch)
            try await restarted.withClient { client in
                for (index, user) in users.enumerated() {
                    var stored: [String: Int] = [:]
                    var offset = 0
                    while true {
                        let page = try await client.get("/api/orders?status=all&limit=100&offset=\(offset)", as: user)
                            .array()
                        for order in page {
                            stored[order["order_id"] as? String ?? ""] = order["filled_quantity"] as? Int
                        }
                        if page.count < 100 { break }
                        offset += 100
                    }
                    for order in acked where order.user == index {
                        let filled = try #require(
                            stored[order.orderID], "acknowledged order \(order.orderID) of agent\(index) is gone")
                        #expect(filled >= order.filled)
                    }
                }
            }
            await restarted.stop()
            try await expectJournalAndTablesAgree(scratch)
        }
    }
}

/// Orders a load run was told were accepted: (user index, order id, filled quantity in the answer).
final class Acknowledgements: Sendable {
    let orders = Mutex<[(user: Int, orderID: String, filled: Int)]>([])
}

/// Audits the stored database: the journal's chain, the rebuilt venue's invariants, and the tables.
func expectJournalAndTablesAgree(_ scratch: ScratchDatabase) async throws {
    let report = try await scratch.withOpenDatabase { try await JournalAudit(database: $0).run() }
    #expect(report.problems == [])
    #expect(report.eventsChecked["main", default: 0] > 0)
}

@Suite struct FailStopTests {
    /// When a commit fails the venue stops taking changes (503) instead of answering from a memory that
    /// the disk no longer matches; reads of committed state go on.
    @Test(arguments: TestBackend.available)
    func aFailedCommitStopsTheVenue(backend: TestBackend) async throws {
        try await withScratchDatabase(backend) { scratch in
            try await TestServer.run(scratch.configuration(), hooks: seedingShares(10, to: ["maker"])) { server in
                let maker = try await server.register("maker")
                let taker = try await server.register("taker")
                try await server.order(maker, "sell", 5, at: "100")
                let before = try await server.get("/api/market/FUN/orderbook").canonicalJSON

                // Take away a table the next commit writes to: the database itself refuses the transaction.
                let database = try await scratch.open()
                try await database.withConnection { try await $0.raw("DROP TABLE trades").run() }
                await database.close()

                let refused = try await server.request(
                    .POST, "/api/orders", json: #"{"ticker":"FUN","side":"buy","price":100,"quantity":5}"#,
                    headers: taker.keyHeader)
                #expect(refused.status == 503 && refused.errorCode == "venue_unavailable")
                let later = try await server.request(
                    .POST, "/api/orders", json: #"{"ticker":"MEME","side":"buy","price":10,"quantity":1}"#,
                    headers: taker.keyHeader)
                #expect(later.status == 503)
                #expect(try await server.get("/api/market/FUN/orderbook").canonicalJSON == before)
            }
        }
    }
}
