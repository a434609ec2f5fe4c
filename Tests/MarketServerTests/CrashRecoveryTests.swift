import Foundation
import Logging
import MarketCore
@testable import MarketServer
import SQLKit
import Synchronization
import Testing

/// The server is killed with SIGKILL, with no chance to flush anything, and restarted on the same
/// database: everything it acknowledged must be there, exactly.
@Suite(.serialized) struct CrashRecoveryTests {
    @Test(arguments: TestBackend.available)
    func aKilledServerComesBackWithIdenticalBooksBalancesOrdersAndTrades(backend: TestBackend) async throws {
        try await withScratchDatabase(backend) { scratch in
            let users = try await TestServer.run(scratch.configuration(), hooks: seedingShares(100, to: ["maker"])) { server in
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
            first.kill()

            let second = try await ServerProcess.start(scratch)
            let after = try await second.withClient { server in
                let state = try await observe(server, users: users)
                // Escrow came back too: the restored resting order can still be cancelled for its refund.
                let duplicate = try await server.order(taker, "buy", 3, "MEME", at: "51", clientOrderID: "meme-bid")
                #expect(duplicate["duplicate"] as? Bool == true)
                return state
            }
            second.stop()
            #expect(after.pages == before.pages)
            #expect(!before.pages["book FUN", default: ""].contains(#""bids":[]"#))
        }
    }

    @Test(arguments: TestBackend.available)
    func killedInTheMiddleOfALoadRunItLosesNoAcknowledgedOrder(backend: TestBackend) async throws {
        try await withScratchDatabase(backend) { scratch in
            let names = (0..<8).map { "agent\($0)" }
            let users = try await TestServer.run(scratch.configuration(), hooks: seedingShares(1_000, to: Set(names))) { server in
                var users: [RegisteredUser] = []
                for name in names { users.append(try await server.register(name)) }
                return users
            }
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
                                    guard let answer = try? await client.order(
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
            try await Task.sleep(for: .milliseconds(1_500))
            server.kill()
            load.cancel()
            _ = try? await load.value
            let acked = acknowledged.orders.withLock { $0 }
            #expect(acked.count > 50, "the load run should have placed a good number of orders")

            let restarted = try await ServerProcess.start(scratch)
            try await restarted.withClient { client in
                for (index, user) in users.enumerated() {
                    var stored: [String: Int] = [:]
                    var offset = 0
                    while true {
                        let page = try await client.get("/api/orders?status=all&limit=100&offset=\(offset)", as: user).array()
                        for order in page { stored[order["order_id"] as? String ?? ""] = order["filled_quantity"] as? Int }
                        if page.count < 100 { break }
                        offset += 100
                    }
                    for order in acked where order.user == index {
                        let filled = try #require(stored[order.orderID], "acknowledged order \(order.orderID) of \(names[index]) is gone")
                        #expect(filled >= order.filled)
                    }
                }
            }
            restarted.stop()
            try await expectJournalAndTablesAgree(scratch)
        }
    }
}

/// Orders a load run was told were accepted: (user index, order id, filled quantity in the answer).
final class Acknowledgements: Sendable {
    let orders = Mutex<[(user: Int, orderID: String, filled: Int)]>([])
}

/// Replays the stored journal and checks the venue it rebuilds: every invariant holds, and the tables
/// that answer queries say exactly what the journal says.
func expectJournalAndTablesAgree(_ scratch: ScratchDatabase) async throws {
    let database = try await scratch.open()
    let journal = Journal(database: database, logger: .quiet)
    let writer = Task { await journal.run() }
    do {
        let venues = try await VenueDirectory.open(database: database, journal: journal, tickers: [], logger: .quiet)
        let snapshot = venues.main.committed.snapshot()
        #expect(snapshot.invariantViolations == [])
        let rows = try await database.withConnection { sql in
            try await sql.select().columns("user_id", "cash_cents", "reserved_cash_cents", "open_order_count")
                .from("accounts").where("venue_id", .equal, "main").all()
        }
        #expect(rows.count == snapshot.accounts.count)
        for row in rows {
            let account = try #require(snapshot.accounts[AccountID(try row.decode(column: "user_id", as: Int64.self))])
            #expect(try row.decode(column: "cash_cents", as: Int64.self) == account.cash)
            #expect(try row.decode(column: "reserved_cash_cents", as: Int64.self) == account.reservedCash)
            #expect(try row.decode(column: "open_order_count", as: Int64.self) == Int64(account.openOrders))
        }
        let positions = try await database.withConnection { sql in
            try await sql.select().columns("user_id", "symbol", "shares", "reserved_shares").from("positions")
                .where("venue_id", .equal, "main").all()
        }
        for row in positions {
            let account = try #require(snapshot.accounts[AccountID(try row.decode(column: "user_id", as: Int64.self))])
            let position = account.position(in: TickerSymbol(try row.decode(column: "symbol", as: String.self)))
            #expect(try row.decode(column: "shares", as: Int64.self) == position.shares)
            #expect(try row.decode(column: "reserved_shares", as: Int64.self) == position.reservedShares)
        }
        let resting = try await database.withConnection { sql in
            try await sql.select().columns("order_id", "quantity", "filled_quantity").from("orders")
                .where("venue_id", .equal, "main").where("status", .in, ["open", "partial"]).all()
        }
        let book = snapshot.markets.values.flatMap { $0.bids + $0.asks }
        #expect(resting.count == book.count)
        for row in resting {
            let id = OrderID(UInt64(try row.decode(column: "order_id", as: Int64.self)))
            let order = try #require(book.first { $0.id == id })
            #expect(try row.decode(column: "quantity", as: Int64.self) == order.quantity)
            #expect(try row.decode(column: "filled_quantity", as: Int64.self) == order.filledQuantity)
        }
    } catch {
        journal.finish()
        await writer.value
        await database.close()
        throw error
    }
    journal.finish()
    await writer.value
    await database.close()
}
