import MarketCore
import SQLKit

/// One venue's run of consecutive events, written in one transaction: the journal entries, and the
/// tables that answer queries (orders, trades, accounts, positions, tickers), changed by what the
/// events say, never by reading the venue's memory, which may already be ahead of the disk.
struct JournalBatch: Sendable {
    let venue: String
    let events: [Event]
    let entries: [JournalEntry]

    /// Rows a single statement may carry, well inside both databases' limits on bound values.
    private static let rowsPerStatement = 200

    func write(to sql: any SQLDatabase) async throws {
        try await insertEntries(sql)
        try await insertTickers(sql)
        try await upsertAccounts(sql)
        try await insertTrades(sql)
        try await writeOrders(sql)
        try await insertAuditLog(sql)
    }

    /// Administrative actions also go to `audit_log`, which lists them without reading the whole journal.
    private func insertAuditLog(_ sql: any SQLDatabase) async throws {
        for event in events {
            guard case .adminAction(let record) = event.kind else { continue }
            let row = AuditLogRow(record, venue: venue, sequence: event.sequence, createdAt: event.timestamp)
            try await sql.insert(into: "audit_log").columns(AuditLogRow.columns).values(row.values).run()
        }
    }

    private func insertEntries(_ sql: any SQLDatabase) async throws {
        for chunk in entries.chunks(of: Self.rowsPerStatement) {
            let insert = sql.insert(into: "events")
                .columns("venue_id", "sequence", "kind", "payload", "created_at", "prev_hash", "hash")
            for entry in chunk {
                insert.values(
                    entry.venue, Int64(entry.sequence), entry.kind, entry.payload, entry.createdAt,
                    entry.previousHash, entry.hash)
            }
            try await insert.run()
        }
    }

    private func insertTickers(_ sql: any SQLDatabase) async throws {
        for event in events {
            guard case .tickerListed(let listing) = event.kind else { continue }
            try await sql.insert(into: "tickers")
                .columns("venue_id", "symbol", "tick_size_cents", "initial_price_cents")
                .values(venue, listing.symbol.rawValue, listing.tickSize, listing.initialPrice)
                .ignoringConflicts(with: ["venue_id", "symbol"])
                .run()
        }
    }

    /// Accounts and positions gain the batch's net changes; a row that does not exist yet starts from them.
    private func upsertAccounts(_ sql: any SQLDatabase) async throws {
        let changes = AccountChanges.of(events).sorted { $0.key < $1.key }
        for chunk in changes.chunks(of: Self.rowsPerStatement) {
            let insert = sql.insert(into: "accounts")
                .columns("venue_id", "user_id", "cash_cents", "reserved_cash_cents", "open_order_count")
            for (account, change) in chunk {
                insert.values(venue, account.rawValue, change.cash, change.reservedCash, Int64(change.openOrders))
            }
            try await insert.onConflict(with: ["venue_id", "user_id"]) {
                $0.set("cash_cents", to: SQLRaw("accounts.cash_cents + excluded.cash_cents"))
                    .set("reserved_cash_cents", to: SQLRaw("accounts.reserved_cash_cents + excluded.reserved_cash_cents"))
                    .set("open_order_count", to: SQLRaw("accounts.open_order_count + excluded.open_order_count"))
            }.run()
        }
        let positions = changes.flatMap { account, change in
            change.positions.sorted { $0.key < $1.key }.map { (account, $0.key, $0.value) }
        }
        for chunk in positions.chunks(of: Self.rowsPerStatement) {
            let insert = sql.insert(into: "positions")
                .columns("venue_id", "user_id", "symbol", "shares", "reserved_shares")
            for (account, symbol, position) in chunk {
                insert.values(venue, account.rawValue, symbol.rawValue, position.shares, position.reservedShares)
            }
            try await insert.onConflict(with: ["venue_id", "user_id", "symbol"]) {
                $0.set("shares", to: SQLRaw("positions.shares + excluded.shares"))
                    .set("reserved_shares", to: SQLRaw("positions.reserved_shares + excluded.reserved_shares"))
            }.run()
        }
    }

    private func insertTrades(_ sql: any SQLDatabase) async throws {
        let trades = events.compactMap { event -> Trade? in
            if case .tradeExecuted(let trade) = event.kind { return trade }
            return nil
        }
        for chunk in trades.chunks(of: Self.rowsPerStatement) {
            let insert = sql.insert(into: "trades")
                .columns(
                    "venue_id", "trade_id", "symbol", "price_cents", "quantity", "buy_order_id", "sell_order_id",
                    "buyer_id", "seller_id", "buyer_fee_cents", "seller_fee_cents", "aggressor_side", "created_at")
            for trade in chunk {
                insert.values(
                    venue, Int64(trade.id.rawValue), trade.ticker.rawValue, trade.price, trade.quantity,
                    Int64(trade.buyOrder.rawValue), Int64(trade.sellOrder.rawValue), trade.buyer.rawValue,
                    trade.seller.rawValue, trade.buyerFee, trade.sellerFee, trade.aggressor.rawValue,
                    trade.timestamp.millisecondsSinceEpoch)
            }
            try await insert.run()
        }
    }

    private func writeOrders(_ sql: any SQLDatabase) async throws {
        var rows = OrderRowChanges()
        for event in events { rows.apply(event) }
        for chunk in rows.new.chunks(of: Self.rowsPerStatement) {
            let insert = sql.insert(into: "orders")
                .columns(
                    "venue_id", "order_id", "user_id", "symbol", "side", "order_type", "price_cents", "quantity",
                    "filled_quantity", "status", "time_in_force", "client_order_id", "priority",
                    "escrow_per_share_cents", "created_at", "updated_at")
            for row in chunk {
                insert.values(
                    venue, Int64(row.id.rawValue), row.account.rawValue, row.ticker.rawValue, row.side.rawValue,
                    row.type, row.price, row.quantity, row.filled, row.status.rawValue, row.timeInForce.rawValue,
                    row.clientOrderID, row.priority.map { Int64($0) }, row.escrowPerShare, row.createdAt,
                    row.updatedAt)
            }
            try await insert.run()
        }
        // Orders stored by earlier batches change by what this batch did to them, in one statement.
        for chunk in rows.existing.chunks(of: Self.rowsPerStatement) {
            var query = SQLQueryString(
                """
                UPDATE orders SET filled_quantity = orders.filled_quantity + v.column2,
                quantity = orders.quantity - v.column3, status = COALESCE(v.column4, orders.status), updated_at = v.column5
                FROM (VALUES 
                """)
            for (index, change) in chunk.enumerated() {
                query.appendLiteral(index == 0 ? "(" : ", (")
                query.appendInterpolation(bind: Int64(change.id.rawValue))
                query.appendLiteral(", ")
                query.appendInterpolation(bind: change.filled)
                query.appendLiteral(", ")
                query.appendInterpolation(bind: change.reducedBy)
                query.appendLiteral(", ")
                query.appendInterpolation(bind: change.status?.rawValue)
                query.appendLiteral(", ")
                query.appendInterpolation(bind: change.updatedAt)
                query.appendLiteral(")")
            }
            query.appendLiteral(") AS v WHERE orders.venue_id = ")
            query.appendInterpolation(bind: venue)
            query.appendLiteral(" AND orders.order_id = v.column1")
            try await sql.raw(query).run()
        }
    }
}

/// What a run of events does to the `orders` table: orders it creates, and changes to stored ones.
struct OrderRowChanges {
    struct NewOrder {
        let id: OrderID
        let account: AccountID
        let ticker: TickerSymbol
        let side: Side
        let type: String
        let price: Cents?
        var quantity: Shares
        var filled: Shares = 0
        var status: OrderStatus = .open
        let timeInForce: TimeInForce
        let clientOrderID: String?
        var priority: UInt64?
        let escrowPerShare: Cents
        let createdAt: Int64
        var updatedAt: Int64
    }

    struct StoredOrderChange {
        let id: OrderID
        var filled: Shares = 0
        var reducedBy: Shares = 0
        /// `nil` leaves the stored status as it is.
        var status: OrderStatus?
        var updatedAt: Int64
    }

    private var newOrders: [OrderID: NewOrder] = [:]
    private var storedOrders: [OrderID: StoredOrderChange] = [:]

    var new: [NewOrder] { newOrders.values.sorted { $0.id < $1.id } }
    var existing: [StoredOrderChange] { storedOrders.values.sorted { $0.id < $1.id } }

    mutating func apply(_ event: Event) {
        let time = event.timestamp.millisecondsSinceEpoch
        switch event.kind {
        case .orderAccepted(let order):
            newOrders[order.id] = NewOrder(
                id: order.id, account: order.account, ticker: order.ticker, side: order.side,
                type: order.kind == .market ? "market" : "limit", price: order.kind.limitPrice,
                quantity: order.quantity, timeInForce: order.timeInForce, clientOrderID: order.clientOrderID,
                escrowPerShare: order.escrowPerShare, createdAt: time, updatedAt: time)
        case .tradeExecuted(let trade):
            fill(trade.buyOrder, by: trade.quantity, completing: trade.completesBuyOrder, at: time)
            fill(trade.sellOrder, by: trade.quantity, completing: trade.completesSellOrder, at: time)
        case .orderRested(let id, _):
            newOrders[id]?.priority = event.sequence
        case .orderCancelled(let cancellation):
            change(cancellation.order, at: time) { _, status, _ in status = .cancelled }
        case .orderReduced(let reduction):
            if newOrders[reduction.order] != nil {
                newOrders[reduction.order]!.quantity -= reduction.quantity
                newOrders[reduction.order]!.updatedAt = time
            } else {
                change(reduction.order, at: time, unlessNew: true) { _, _, reducedBy in reducedBy += reduction.quantity }
            }
        default:
            break
        }
    }

    private mutating func fill(_ id: OrderID, by quantity: Shares, completing: Bool, at time: Int64) {
        change(id, at: time) { filled, status, _ in
            filled += quantity
            status = completing ? .filled : .partial
        }
    }

    private mutating func change(
        _ id: OrderID, at time: Int64, unlessNew: Bool = false,
        _ body: (inout Shares, inout OrderStatus?, inout Shares) -> Void
    ) {
        if var order = newOrders[id], !unlessNew {
            var unused: Shares = 0
            var status: OrderStatus? = order.status
            body(&order.filled, &status, &unused)
            order.status = status ?? order.status
            order.updatedAt = time
            newOrders[id] = order
            return
        }
        var stored = storedOrders[id] ?? StoredOrderChange(id: id, status: nil, updatedAt: time)
        body(&stored.filled, &stored.status, &stored.reducedBy)
        stored.updatedAt = time
        storedOrders[id] = stored
    }
}

extension Array {
    /// Consecutive slices of at most `size` elements.
    func chunks(of size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}
