import MarketCore
import SQLKit

/// Which of a venue's orders and trades belong to each account, newest last: the lookups behind
/// `GET /api/orders` and `GET /api/trades`, which then read the rows themselves by primary key.
///
/// They are kept in memory, not as indexes on `orders` and `trades`, because an index keyed by account puts
/// one more page into every commit for each account the commit touches, whatever the commit's size; those
/// pages were two thirds of all that an order commit wrote. Here an order costs 16 bytes and a trade 48.
///
/// Like the committed replica it changes only after a commit, from the same rows the commit wrote, so it
/// never lists what the tables do not hold. The server fills it from the tables at start.
struct AccountIndex: Sendable {
    private struct OrderEntry {
        let id: OrderID
        var status: OrderStatus
    }

    private struct TradeEntry {
        let id: TradeID
        let ticker: TickerSymbol
    }

    private struct Entries {
        /// Every order, in id order.
        var orders: [OrderEntry] = []
        /// Positions in `orders` of the orders still open or partially filled, ascending.
        var working: [Int] = []
        /// Every trade on either side, in id order; a trade with oneself once.
        var trades: [TradeEntry] = []

        /// Appends `order` and returns its position.
        mutating func add(_ order: OrderEntry) -> Int {
            orders.append(order)
            if order.status.isWorking { working.append(orders.count - 1) }
            return orders.count - 1
        }
    }

    /// Where a working order sits: a change to a stored order names only the order.
    private struct Place {
        let account: AccountID
        let position: Int
    }

    private var accounts: [AccountID: Entries] = [:]
    private var working: [OrderID: Place] = [:]

    init() {}

    /// Adds an order newer than every order recorded so far.
    mutating func recordOrder(_ id: OrderID, of account: AccountID, status: OrderStatus) {
        let position = accounts[account, default: Entries()].add(OrderEntry(id: id, status: status))
        if status.isWorking { working[id] = Place(account: account, position: position) }
    }

    /// Records the new status of a working order. Filled and cancelled orders never change again.
    mutating func recordStatus(_ status: OrderStatus, of id: OrderID) {
        guard let place = working[id] else { return }
        accounts[place.account]!.orders[place.position].status = status
        guard !status.isWorking else { return }
        working[id] = nil
        if let index = accounts[place.account]!.working.firstIndex(ofSorted: place.position) {
            accounts[place.account]!.working.remove(at: index)
        }
    }

    /// Adds a trade newer than every trade recorded so far.
    mutating func recordTrade(_ id: TradeID, in ticker: TickerSymbol, buyer: AccountID, seller: AccountID) {
        accounts[buyer, default: Entries()].trades.append(TradeEntry(id: id, ticker: ticker))
        if seller != buyer { accounts[seller, default: Entries()].trades.append(TradeEntry(id: id, ticker: ticker)) }
    }

    /// Records what a committed batch wrote to `orders` and `trades`.
    mutating func record(_ batch: JournalBatch) {
        for order in batch.newOrders { recordOrder(order.id, of: order.account, status: order.status) }
        for change in batch.storedOrders {
            if let status = change.status { recordStatus(status, of: change.id) }
        }
        for trade in batch.trades { recordTrade(trade.id, in: trade.ticker, buyer: trade.buyer, seller: trade.seller) }
    }

    /// The account's orders with one of `statuses`, newest first, after skipping `offset` of them.
    func orders(of account: AccountID, in statuses: Set<OrderStatus>, offset: Int, limit: Int) -> [OrderID] {
        guard let entries = accounts[account] else { return [] }
        if statuses.allSatisfy(\.isWorking) {
            return entries.working.reversed().lazy.map { entries.orders[$0] }.filter { statuses.contains($0.status) }
                .dropFirst(offset).prefix(limit).map(\.id)
        }
        return entries.orders.reversed().lazy.filter { statuses.contains($0.status) }.dropFirst(offset).prefix(limit)
            .map(\.id)
    }

    /// The account's trades, in `ticker` only if given, newest first, after skipping `offset` of them.
    func trades(of account: AccountID, in ticker: TickerSymbol?, offset: Int, limit: Int) -> [TradeID] {
        guard let entries = accounts[account] else { return [] }
        return entries.trades.reversed().lazy.filter { ticker == nil || $0.ticker == ticker }.dropFirst(offset)
            .prefix(limit).map(\.id)
    }
}

extension AccountIndex {
    /// The index of what `orders` and `trades` hold for `venue`, read `rowsPerRead` rows per query so that a
    /// long history is never held in memory twice.
    static func load(venue: String, from database: Database, rowsPerRead: Int = 10_000) async throws -> AccountIndex {
        var index = AccountIndex()
        try await forEachRow(
            of: "orders", keyedBy: "order_id", with: "user_id, status", venue: venue, in: database,
            rowsPerRead: rowsPerRead
        ) {
            id, row in
            let text = try row.decode(column: "status", as: String.self)
            guard let status = OrderStatus(rawValue: text) else {
                throw RecoveryError.unreadableRow(table: "orders", venue: venue, key: id)
            }
            index.recordOrder(
                OrderID(UInt64(id)), of: AccountID(try row.decode(column: "user_id", as: Int64.self)), status: status)
        }
        try await forEachRow(
            of: "trades", keyedBy: "trade_id", with: "symbol, buyer_id, seller_id", venue: venue, in: database,
            rowsPerRead: rowsPerRead
        ) { id, row in
            index.recordTrade(
                TradeID(UInt64(id)), in: TickerSymbol(try row.decode(column: "symbol", as: String.self)),
                buyer: AccountID(try row.decode(column: "buyer_id", as: Int64.self)),
                seller: AccountID(try row.decode(column: "seller_id", as: Int64.self)))
        }
        return index
    }

    /// Calls `body` with the key and the row of every row of `table` in `venue`, in key order.
    private static func forEachRow(
        of table: String, keyedBy key: String, with columns: String, venue: String, in database: Database,
        rowsPerRead: Int, _ body: (Int64, any SQLRow) throws -> Void
    ) async throws {
        var after = Int64.min
        while true {
            let rows = try await database.withConnection { [after] sql in
                try await sql.raw(
                    """
                    SELECT \(unsafeRaw: key), \(unsafeRaw: columns) FROM \(unsafeRaw: table)
                    WHERE venue_id = \(bind: venue) AND \(unsafeRaw: key) > \(bind: after)
                    ORDER BY \(unsafeRaw: key) LIMIT \(bind: rowsPerRead)
                    """
                ).all()
            }
            for row in rows {
                after = try row.decode(column: key, as: Int64.self)
                try body(after, row)
            }
            if rows.count < rowsPerRead { return }
        }
    }
}

extension OrderStatus {
    /// Open or partially filled: the order can still trade.
    var isWorking: Bool { self == .open || self == .partial }
}

extension Array where Element: Comparable {
    /// The index of `element` in this array sorted ascending, if it is there.
    fileprivate func firstIndex(ofSorted element: Element) -> Int? {
        var low = 0
        var high = count
        while low < high {
            let middle = (low + high) / 2
            if self[middle] < element { low = middle + 1 } else { high = middle }
        }
        return low < count && self[low] == element ? low : nil
    }
}
