import MarketCore
import SQLKit
import Testing

@testable import MarketServer

/// The in-memory lookups of each account's orders and trades answer exactly what filtering and sorting the
/// stored rows would, however the events were cut into commits.
struct AccountIndexTests {
    /// The `orders` and `trades` tables as the journal's batches write them, asked the slow way: every row
    /// filtered and sorted for each question.
    private struct Tables {
        var orders: [OrderID: (account: AccountID, status: OrderStatus)] = [:]
        var trades: [TradeID: (ticker: TickerSymbol, buyer: AccountID, seller: AccountID)] = [:]

        mutating func write(_ batch: JournalBatch) {
            for order in batch.newOrders { orders[order.id] = (order.account, order.status) }
            for change in batch.storedOrders {
                if let status = change.status { orders[change.id]!.status = status }
            }
            for trade in batch.trades { trades[trade.id] = (trade.ticker, trade.buyer, trade.seller) }
        }

        func orders(of account: AccountID, in statuses: Set<OrderStatus>, offset: Int, limit: Int) -> [OrderID] {
            Array(
                orders.filter { $0.value.account == account && statuses.contains($0.value.status) }.keys
                    .sorted(by: >).dropFirst(offset).prefix(limit))
        }

        func trades(of account: AccountID, in ticker: TickerSymbol?, offset: Int, limit: Int) -> [TradeID] {
            Array(
                trades.filter {
                    ($0.value.buyer == account || $0.value.seller == account)
                        && ($0.value.ticker == ticker || ticker == nil)
                }
                .keys.sorted(by: >).dropFirst(offset).prefix(limit))
        }
    }

    private static let accounts = (1...4).map { AccountID(Int64($0)) }
    private static let tickers: [TickerSymbol] = ["FUN", "MEME"]
    private static let time = Timestamp(millisecondsSinceEpoch: 1_750_000_000_000)

    @Test(arguments: [1, 2, 3, 4, 5, 6] as [UInt64])
    func batchesOfAnySizeGiveWhatTheTablesGive(seed: UInt64) throws {
        var random = SeededGenerator(seed: seed)
        let venue = Venue(id: "v")
        var pending: [Event] = []
        for ticker in Self.tickers {
            pending.append(try venue.list(TickerListing(symbol: ticker, initialPrice: 100_00), at: Self.time))
        }
        for account in Self.accounts {
            pending.append(try venue.openAccount(account, cash: 10_000_000_00, at: Self.time))
            for ticker in Self.tickers {
                pending.append(
                    try venue.adjustShares(of: account, in: ticker, by: 5_000, reason: "seed", at: Self.time))
            }
        }
        var index = AccountIndex()
        var tables = Tables()
        var tickerOf: [OrderID: TickerSymbol] = [:]
        func commit() {
            let batch = JournalBatch(venue: "v", events: pending, entries: [])
            index.record(batch)
            tables.write(batch)
            pending = []
        }

        for _ in 0..<3_000 {
            let account = Self.accounts.randomElement(using: &random)!
            let working = tables.orders.filter { $0.value.account == account && $0.value.status.isWorking }.keys
                .sorted()
            switch Int.random(in: 0..<10, using: &random) {
            case 0 where !working.isEmpty:
                let order = working.randomElement(using: &random)!
                // Working when last committed; the venue may have filled it since.
                pending += (try? venue.cancel(order, in: tickerOf[order]!, by: account, at: Self.time)) ?? []
            case 1 where !working.isEmpty:
                let order = working.randomElement(using: &random)!
                let amended = try? venue.amend(
                    order, in: tickerOf[order]!, by: account,
                    price: Cents(Int64.random(in: 95_00...105_00, using: &random)),
                    quantity: nil, at: Self.time)
                if let amended {
                    tickerOf[amended.acknowledgement.orderID] = tickerOf[order]
                    pending += amended.events
                }
            default:
                let ticker = Self.tickers.randomElement(using: &random)!
                let isMarket = Int.random(in: 0..<6, using: &random) == 0
                let request = OrderRequest(
                    account: account, ticker: ticker, side: Bool.random(using: &random) ? .buy : .sell,
                    kind: isMarket ? .market : .limit(price: Cents(Int64.random(in: 97_00...103_00, using: &random))),
                    quantity: Shares(Int64.random(in: 1...20, using: &random)),
                    timeInForce: Int.random(in: 0..<5, using: &random) == 0 ? .immediateOrCancel : .goodTillCancelled)
                if let result = try? venue.submit(request, at: Self.time) {
                    tickerOf[result.acknowledgement.orderID] = ticker
                    pending += result.events
                }
            }
            if Int.random(in: 0..<4, using: &random) == 0 { commit() }
        }
        commit()

        let statusSets: [Set<OrderStatus>] = [
            [.open, .partial], [.open], [.partial], [.filled], [.cancelled], [.open, .partial, .filled, .cancelled],
        ]
        let pages = [(0, 50), (0, 1), (3, 7), (40, 100), (10_000, 10)]
        #expect(tables.orders.values.contains { $0.status == .partial }, "the workload leaves partly filled orders")
        for account in Self.accounts {
            for statuses in statusSets {
                for (offset, limit) in pages {
                    #expect(
                        index.orders(of: account, in: statuses, offset: offset, limit: limit)
                            == tables.orders(of: account, in: statuses, offset: offset, limit: limit),
                        "orders of \(account) in \(statuses), \(offset) + \(limit)")
                }
            }
            for ticker in [nil] + Self.tickers.map(Optional.some) + [TickerSymbol("NONE")] {
                for (offset, limit) in pages {
                    #expect(
                        index.trades(of: account, in: ticker, offset: offset, limit: limit)
                            == tables.trades(of: account, in: ticker, offset: offset, limit: limit),
                        "trades of \(account) in \(String(describing: ticker)), \(offset) + \(limit)")
                }
            }
        }
        #expect(index.orders(of: AccountID(99), in: [.open], offset: 0, limit: 50).isEmpty)
        #expect(index.trades(of: AccountID(99), in: nil, offset: 0, limit: 50).isEmpty)
    }

    @Test func aTradeWithOneselfIsListedOnce() {
        var index = AccountIndex()
        index.recordTrade(TradeID(7), in: "FUN", buyer: AccountID(1), seller: AccountID(1))
        index.recordTrade(TradeID(8), in: "FUN", buyer: AccountID(1), seller: AccountID(2))
        #expect(index.trades(of: AccountID(1), in: nil, offset: 0, limit: 10) == [TradeID(8), TradeID(7)])
        #expect(index.trades(of: AccountID(2), in: "FUN", offset: 0, limit: 10) == [TradeID(8)])
    }

    @Test func finishedOrdersLeaveTheWorkingListAndKeepTheirPlaceInHistory() {
        var index = AccountIndex()
        for id in 1...5 { index.recordOrder(OrderID(UInt64(id)), of: AccountID(1), status: .open) }
        index.recordStatus(.partial, of: OrderID(2))
        index.recordStatus(.filled, of: OrderID(2))
        index.recordStatus(.cancelled, of: OrderID(4))
        // A finished order never changes again.
        index.recordStatus(.open, of: OrderID(4))
        #expect(
            index.orders(of: AccountID(1), in: [.open, .partial], offset: 0, limit: 10) == [5, 3, 1].map(OrderID.init))
        #expect(
            index.orders(of: AccountID(1), in: [.filled, .cancelled], offset: 0, limit: 10) == [4, 2].map(OrderID.init))
        #expect(
            index.orders(of: AccountID(1), in: [.open, .partial, .filled, .cancelled], offset: 1, limit: 2)
                == [4, 3].map(OrderID.init))
    }
}

/// `GET /api/orders` and `GET /api/trades` list what the tables hold, on a running server and after a
/// restart, which fills the index from the tables.
struct AccountListTests {
    private static let orderStatuses = [
        "open": "'open', 'partial'", "partial": "'partial'", "filled": "'filled'",
        "cancelled": "'cancelled'", "all": "'open', 'partial', 'filled', 'cancelled'",
    ]
    private static let pages = [(limit: 100, offset: 0), (limit: 7, offset: 3), (limit: 5, offset: 500)]

    @Test(arguments: TestBackend.available)
    func listsAgreeWithTheTablesBeforeAndAfterARestart(backend: TestBackend) async throws {
        try await withScratchDatabase(backend) { scratch in
            var configuration = scratch.configuration()
            configuration.startingCashCents = 1_000_000_00
            let names = ["ann", "bob", "cyd"]
            let (users, before) = try await TestServer.run(configuration, hooks: seedingShares(1_000, to: Set(names))) {
                server in
                var users: [RegisteredUser] = []
                for name in names { users.append(try await server.register(name)) }
                var random = SeededGenerator(seed: 42)
                for step in 0..<300 {
                    let user = users.randomElement(using: &random)!
                    if step % 6 == 5,
                        let order = try await server.get("/api/orders", as: user).array().randomElement(using: &random)
                    {
                        let id = try #require(order["order_id"] as? String)
                        #expect(
                            try await server.request(.DELETE, "/api/orders/\(id)", headers: user.keyHeader).status
                                == 200)
                        continue
                    }
                    let price =
                        Int.random(in: 0..<8, using: &random) == 0
                        ? nil : String(Int.random(in: 98...102, using: &random))
                    _ = try? await server.order(
                        user, Bool.random(using: &random) ? "buy" : "sell", Int.random(in: 1...9, using: &random),
                        ["FUN", "MEME"].randomElement(using: &random)!, at: price)
                }
                return (users, try await Self.lists(server, users))
            }
            let (stored, pagedLoad) = try await scratch.withOpenDatabase { database in
                // Loading a few rows per query must give the index that loading them all at once gives.
                (
                    try await Self.storedLists(database, users),
                    try await AccountIndex.load(venue: "main", from: database, rowsPerRead: 7)
                )
            }
            for user in users {
                let account = AccountID(try #require(Int64(user.id)))
                for page in Self.pages {
                    #expect(
                        pagedLoad.orders(
                            of: account, in: [.open, .partial, .filled, .cancelled], offset: page.offset,
                            limit: page.limit
                        ).map(\.description)
                            == stored["orders all \(user.id) \(page.limit) \(page.offset)"])
                    #expect(
                        pagedLoad.trades(of: account, in: nil, offset: page.offset, limit: page.limit).map(
                            \.description)
                            == stored["trades  \(user.id) \(page.limit) \(page.offset)"])
                }
            }
            Self.expect(before, toBe: stored, "before the restart")
            for status in ["partial", "filled", "cancelled"] {
                #expect(
                    stored.contains { $0.key.contains("orders \(status) ") && !$0.value.isEmpty },
                    "some order is \(status)")
            }
            let after = try await TestServer.run(configuration) { server in try await Self.lists(server, users) }
            Self.expect(after, toBe: stored, "after the restart")
        }
    }

    private static func expect(
        _ lists: [String: [String]], toBe stored: [String: [String]], _ when: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(lists.keys.sorted() == stored.keys.sorted(), sourceLocation: sourceLocation)
        for (list, ids) in stored.sorted(by: { $0.key < $1.key }) where lists[list] != ids {
            Issue.record("\(list) \(when): \(lists[list] ?? []) instead of \(ids)", sourceLocation: sourceLocation)
        }
    }

    /// Each list of ids as the API answers it, by user, list and page.
    private static func lists(_ server: TestServer, _ users: [RegisteredUser]) async throws -> [String: [String]] {
        var lists: [String: [String]] = [:]
        for user in users {
            for page in pages {
                let suffix = "\(user.id) \(page.limit) \(page.offset)"
                for status in orderStatuses.keys {
                    lists["orders \(status) \(suffix)"] = try await server.get(
                        "/api/orders?status=\(status)&limit=\(page.limit)&offset=\(page.offset)", as: user
                    ).array().map { $0["order_id"] as? String ?? "?" }
                }
                for ticker in ["", "FUN", "MEME"] {
                    lists["trades \(ticker) \(suffix)"] = try await server.get(
                        "/api/trades?limit=\(page.limit)&offset=\(page.offset)"
                            + (ticker.isEmpty ? "" : "&ticker=\(ticker)"),
                        as: user
                    ).array().map { $0["trade_id"] as? String ?? "?" }
                }
            }
        }
        return lists
    }

    /// The same lists, filtered and sorted by the database from every stored row.
    private static func storedLists(_ database: Database, _ users: [RegisteredUser]) async throws -> [String: [String]]
    {
        try await database.withConnection { sql in
            var lists: [String: [String]] = [:]
            for user in users {
                let id = try #require(Int64(user.id))
                for page in pages {
                    let suffix = "\(user.id) \(page.limit) \(page.offset)"
                    for (status, values) in orderStatuses {
                        lists["orders \(status) \(suffix)"] = try await sql.raw(
                            """
                            SELECT order_id FROM orders WHERE venue_id = 'main' AND user_id = \(bind: id)
                            AND status IN (\(unsafeRaw: values)) ORDER BY order_id DESC
                            LIMIT \(bind: page.limit) OFFSET \(bind: page.offset)
                            """
                        ).all().map { String(try $0.decode(column: "order_id", as: Int64.self)) }
                    }
                    for ticker in ["", "FUN", "MEME"] {
                        lists["trades \(ticker) \(suffix)"] = try await sql.raw(
                            """
                            SELECT trade_id FROM trades WHERE venue_id = 'main'
                            AND (buyer_id = \(bind: id) OR seller_id = \(bind: id))
                            AND (symbol = \(bind: ticker) OR \(bind: ticker) = '')
                            ORDER BY trade_id DESC LIMIT \(bind: page.limit) OFFSET \(bind: page.offset)
                            """
                        ).all().map { String(try $0.decode(column: "trade_id", as: Int64.self)) }
                    }
                }
            }
            return lists
        }
    }
}
