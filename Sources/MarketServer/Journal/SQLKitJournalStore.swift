import MarketCore
import SQLKit

/// Writes the journal through SQLKit, in a transaction of the server's ``Database``: the way to any
/// database SQLKit speaks, and the one PostgreSQL takes.
struct SQLKitJournalStore: JournalStore {
    let database: Database

    /// Rows a single statement may carry, well inside both databases' limits on bound values.
    private static let rowsPerStatement = 200

    func commit(_ batches: [JournalBatch]) async throws {
        try await database.transaction { sql in
            for batch in batches { try await write(batch, to: sql) }
        }
    }

    func close() async {}

    private func write(_ batch: JournalBatch, to sql: any SQLDatabase) async throws {
        try await insertEntries(batch, sql)
        try await insertTickers(batch, sql)
        try await upsertAccounts(batch, sql)
        try await insertTrades(batch, sql)
        try await writeOrders(batch, sql)
        for row in batch.auditRows {
            try await sql.insert(into: "audit_log").columns(AuditLogRow.columns).values(row.values).run()
        }
    }

    private func insertEntries(_ batch: JournalBatch, _ sql: any SQLDatabase) async throws {
        for chunk in batch.entries.chunks(of: Self.rowsPerStatement) {
            let insert = sql.insert(into: "events")
                .columns("venue_id", "sequence", "kind", "payload", "format", "created_at", "prev_hash", "hash")
            for entry in chunk {
                insert.values(
                    entry.venue, Int64(entry.sequence), entry.kind, entry.payload, entry.format, entry.createdAt,
                    entry.previousHash, entry.hash)
            }
            try await insert.run()
        }
    }

    private func insertTickers(_ batch: JournalBatch, _ sql: any SQLDatabase) async throws {
        for listing in batch.listings {
            try await sql.insert(into: "tickers")
                .columns("venue_id", "symbol", "tick_size_cents", "initial_price_cents")
                .values(batch.venue, listing.symbol.rawValue, listing.tickSize, listing.initialPrice)
                .ignoringConflicts(with: ["venue_id", "symbol"])
                .run()
        }
    }

    private func upsertAccounts(_ batch: JournalBatch, _ sql: any SQLDatabase) async throws {
        for chunk in batch.accounts.chunks(of: Self.rowsPerStatement) {
            let insert = sql.insert(into: "accounts")
                .columns("venue_id", "user_id", "cash_cents", "reserved_cash_cents", "open_order_count")
            for (account, change) in chunk {
                insert.values(batch.venue, account.rawValue, change.cash, change.reservedCash, Int64(change.openOrders))
            }
            try await insert.onConflict(with: ["venue_id", "user_id"]) {
                $0.set("cash_cents", to: SQLRaw("accounts.cash_cents + excluded.cash_cents"))
                    .set(
                        "reserved_cash_cents", to: SQLRaw("accounts.reserved_cash_cents + excluded.reserved_cash_cents")
                    )
                    .set("open_order_count", to: SQLRaw("accounts.open_order_count + excluded.open_order_count"))
            }.run()
        }
        for chunk in batch.positions.chunks(of: Self.rowsPerStatement) {
            let insert = sql.insert(into: "positions")
                .columns("venue_id", "user_id", "symbol", "shares", "reserved_shares")
            for (account, symbol, position) in chunk {
                insert.values(batch.venue, account.rawValue, symbol.rawValue, position.shares, position.reservedShares)
            }
            try await insert.onConflict(with: ["venue_id", "user_id", "symbol"]) {
                $0.set("shares", to: SQLRaw("positions.shares + excluded.shares"))
                    .set("reserved_shares", to: SQLRaw("positions.reserved_shares + excluded.reserved_shares"))
            }.run()
        }
    }

    private func insertTrades(_ batch: JournalBatch, _ sql: any SQLDatabase) async throws {
        for chunk in batch.trades.chunks(of: Self.rowsPerStatement) {
            let insert = sql.insert(into: "trades")
                .columns(
                    "venue_id", "trade_id", "symbol", "price_cents", "quantity", "buy_order_id", "sell_order_id",
                    "buyer_id", "seller_id", "buyer_fee_cents", "seller_fee_cents", "aggressor_side", "created_at")
            for trade in chunk {
                insert.values(
                    batch.venue, Int64(trade.id.rawValue), trade.ticker.rawValue, trade.price, trade.quantity,
                    Int64(trade.buyOrder.rawValue), Int64(trade.sellOrder.rawValue), trade.buyer.rawValue,
                    trade.seller.rawValue, trade.buyerFee, trade.sellerFee, trade.aggressor.rawValue,
                    trade.timestamp.millisecondsSinceEpoch)
            }
            try await insert.run()
        }
    }

    private func writeOrders(_ batch: JournalBatch, _ sql: any SQLDatabase) async throws {
        for chunk in batch.newOrders.chunks(of: Self.rowsPerStatement) {
            let insert = sql.insert(into: "orders")
                .columns(
                    "venue_id", "order_id", "user_id", "symbol", "side", "order_type", "price_cents", "quantity",
                    "filled_quantity", "status", "time_in_force", "client_order_id", "priority",
                    "escrow_per_share_cents", "created_at", "updated_at", "cancellation_reason")
            for row in chunk {
                insert.values(
                    batch.venue, Int64(row.id.rawValue), row.account.rawValue, row.ticker.rawValue, row.side.rawValue,
                    row.type, row.price, row.quantity, row.filled, row.status.rawValue, row.timeInForce.rawValue,
                    row.clientOrderID, row.priority.map { Int64($0) }, row.escrowPerShare, row.createdAt,
                    row.updatedAt, row.cancellationReason?.rawValue)
            }
            try await insert.run()
        }
        for chunk in batch.newConditions.chunks(of: Self.rowsPerStatement) {
            let insert = sql.insert(into: "order_conditions")
                .columns(
                    "venue_id", "order_id", "stop_price_cents", "trail_amount_cents", "trail_basis_points",
                    "protection_price_cents", "display_quantity", "post_only", "linked_order_id", "parent_order_id",
                    "take_profit_cents", "stop_loss_cents", "stop_loss_limit_cents", "triggered_at")
            for row in chunk {
                insert.values(
                    batch.venue, Int64(row.id.rawValue), row.stopPrice, row.trailAmount, row.trailBasisPoints,
                    row.conditions.protectionPrice, row.conditions.displayQuantity, row.conditions.isPostOnly,
                    row.linkedOrder, row.parentOrder, row.conditions.bracket?.takeProfit,
                    row.conditions.bracket?.stopLoss, row.conditions.bracket?.stopLossLimit, row.triggeredAt)
            }
            try await insert.run()
        }
        for row in batch.triggeredOrders {
            try await sql.update("order_conditions").set("triggered_at", to: row.at)
                .where("venue_id", .equal, batch.venue).where("order_id", .equal, Int64(row.order.rawValue)).run()
        }
        // Orders stored by earlier batches change by what this batch did to them, in one statement.
        for chunk in batch.storedOrders.chunks(of: Self.rowsPerStatement) {
            var query = SQLQueryString(
                """
                UPDATE orders SET filled_quantity = orders.filled_quantity + v.column2,
                quantity = orders.quantity - v.column3, status = COALESCE(v.column4, orders.status), updated_at = v.column5,
                priority = COALESCE(CAST(v.column6 AS BIGINT), orders.priority),
                cancellation_reason = COALESCE(CAST(v.column7 AS TEXT), orders.cancellation_reason)
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
                query.appendLiteral(", ")
                query.appendInterpolation(bind: change.priority.map { Int64($0) })
                query.appendLiteral(", ")
                query.appendInterpolation(bind: change.cancellationReason?.rawValue)
                query.appendLiteral(")")
            }
            query.appendLiteral(") AS v WHERE orders.venue_id = ")
            query.appendInterpolation(bind: batch.venue)
            query.appendLiteral(" AND orders.order_id = v.column1")
            try await sql.raw(query).run()
        }
    }
}

extension Array {
    /// Consecutive slices of at most `size` elements.
    func chunks(of size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}
