import MarketCore

/// Writes the journal to SQLite on a connection and thread of its own (``SQLiteWriter``), each batch as
/// one run of prepared statements from `BEGIN` to `COMMIT` with no hop in between.
///
/// Other writers (registrations, API keys, admin) keep using the server's ``Database`` connection; SQLite
/// lets one of the two write at a time, and `BEGIN IMMEDIATE` waits its turn on the busy timeout.
/// Checkpoints run beside the commits, on a third connection (``SQLiteCheckpointer``).
struct SQLiteJournalStore: JournalStore {
    private let writer: SQLiteWriter
    private let checkpointer: SQLiteCheckpointer

    init(path: String) {
        writer = SQLiteWriter(
            name: "journal-commit", path: path,
            pragmas: ["PRAGMA wal_autocheckpoint=\(SQLiteCheckpointer.walPagesBeforeWriterCheckpoints)"])
        checkpointer = SQLiteCheckpointer(path: path)
    }

    func commit(_ batches: [JournalBatch]) async throws {
        try await writer.perform { connection in
            try connection.statement("BEGIN IMMEDIATE").run()
            do {
                for batch in batches { try Self.write(batch, to: connection) }
                try connection.statement("COMMIT").run()
            } catch {
                // A failed COMMIT may have rolled back already; then there is nothing left to roll back.
                try? connection.statement("ROLLBACK").run()
                throw error
            }
        }
        checkpointer.noteCommit()
    }

    /// The committing thread: the journal collects, commits and acknowledges each batch there, with no
    /// hand-off to the shared pool and back between two commits.
    var preferredExecutor: (any TaskExecutor)? { writer }

    func close() async {
        await writer.close()
        await checkpointer.close()
    }

    private static func write(_ batch: JournalBatch, to connection: SQLiteWriteConnection) throws(SQLiteWriteError) {
        let venue = batch.venue
        let entry = try connection.statement(
            "INSERT INTO events (venue_id, sequence, kind, payload, created_at, prev_hash, hash, format) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
        )
        for row in batch.entries {
            entry.bind(1, venue)
            entry.bind(2, Int64(row.sequence))
            entry.bind(3, row.kind)
            entry.bind(4, row.payload)
            entry.bind(5, row.createdAt)
            entry.bind(6, row.previousHash)
            entry.bind(7, row.hash)
            entry.bind(8, Int64(row.format))
            try entry.run()
        }
        if !batch.listings.isEmpty {
            let ticker = try connection.statement(
                """
                INSERT INTO tickers (venue_id, symbol, tick_size_cents, initial_price_cents) VALUES (?1, ?2, ?3, ?4)
                ON CONFLICT (venue_id, symbol) DO NOTHING
                """)
            for listing in batch.listings {
                ticker.bind(1, venue)
                ticker.bind(2, listing.symbol.rawValue)
                ticker.bind(3, listing.tickSize)
                ticker.bind(4, listing.initialPrice)
                try ticker.run()
            }
        }
        let account = try connection.statement(
            """
            INSERT INTO accounts (venue_id, user_id, cash_cents, reserved_cash_cents, open_order_count)
            VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (venue_id, user_id) DO UPDATE SET
            cash_cents = accounts.cash_cents + excluded.cash_cents,
            reserved_cash_cents = accounts.reserved_cash_cents + excluded.reserved_cash_cents,
            open_order_count = accounts.open_order_count + excluded.open_order_count
            """)
        for (id, change) in batch.accounts {
            account.bind(1, venue)
            account.bind(2, id.rawValue)
            account.bind(3, change.cash)
            account.bind(4, change.reservedCash)
            account.bind(5, Int64(change.openOrders))
            try account.run()
        }
        let position = try connection.statement(
            """
            INSERT INTO positions (venue_id, user_id, symbol, shares, reserved_shares) VALUES (?1, ?2, ?3, ?4, ?5)
            ON CONFLICT (venue_id, user_id, symbol) DO UPDATE SET shares = positions.shares + excluded.shares,
            reserved_shares = positions.reserved_shares + excluded.reserved_shares
            """)
        for (id, symbol, change) in batch.positions {
            position.bind(1, venue)
            position.bind(2, id.rawValue)
            position.bind(3, symbol.rawValue)
            position.bind(4, change.shares)
            position.bind(5, change.reservedShares)
            try position.run()
        }
        let trade = try connection.statement(
            """
            INSERT INTO trades (venue_id, trade_id, symbol, price_cents, quantity, buy_order_id, sell_order_id,
            buyer_id, seller_id, buyer_fee_cents, seller_fee_cents, aggressor_side, created_at)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)
            """)
        for row in batch.trades {
            trade.bind(1, venue)
            trade.bind(2, Int64(row.id.rawValue))
            trade.bind(3, row.ticker.rawValue)
            trade.bind(4, row.price)
            trade.bind(5, row.quantity)
            trade.bind(6, Int64(row.buyOrder.rawValue))
            trade.bind(7, Int64(row.sellOrder.rawValue))
            trade.bind(8, row.buyer.rawValue)
            trade.bind(9, row.seller.rawValue)
            trade.bind(10, row.buyerFee)
            trade.bind(11, row.sellerFee)
            trade.bind(12, row.aggressor.rawValue)
            trade.bind(13, row.timestamp.millisecondsSinceEpoch)
            try trade.run()
        }
        let order = try connection.statement(
            """
            INSERT INTO orders (venue_id, order_id, user_id, symbol, side, order_type, price_cents, quantity,
            filled_quantity, status, time_in_force, client_order_id, priority, escrow_per_share_cents, created_at,
            updated_at, cancellation_reason) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,
            ?17)
            """)
        for row in batch.newOrders {
            order.bind(1, venue)
            order.bind(2, Int64(row.id.rawValue))
            order.bind(3, row.account.rawValue)
            order.bind(4, row.ticker.rawValue)
            order.bind(5, row.side.rawValue)
            order.bind(6, row.type)
            order.bind(7, row.price)
            order.bind(8, row.quantity)
            order.bind(9, row.filled)
            order.bind(10, row.status.rawValue)
            order.bind(11, row.timeInForce.rawValue)
            order.bind(12, row.clientOrderID)
            order.bind(13, row.priority.map { Int64($0) })
            order.bind(14, row.escrowPerShare)
            order.bind(15, row.createdAt)
            order.bind(16, row.updatedAt)
            order.bind(17, row.cancellationReason?.rawValue)
            try order.run()
        }
        let change = try connection.statement(
            """
            UPDATE orders SET filled_quantity = filled_quantity + ?3, quantity = quantity - ?4,
            status = COALESCE(?5, status), updated_at = ?6, priority = COALESCE(?7, priority),
            cancellation_reason = COALESCE(?8, cancellation_reason) WHERE venue_id = ?1 AND order_id = ?2
            """)
        for row in batch.storedOrders {
            change.bind(1, venue)
            change.bind(2, Int64(row.id.rawValue))
            change.bind(3, row.filled)
            change.bind(4, row.reducedBy)
            change.bind(5, row.status?.rawValue)
            change.bind(6, row.updatedAt)
            change.bind(7, row.priority.map { Int64($0) })
            change.bind(8, row.cancellationReason?.rawValue)
            try change.run()
        }
        if !batch.newConditions.isEmpty {
            let conditions = try connection.statement(
                """
                INSERT INTO order_conditions (venue_id, order_id, stop_price_cents, trail_amount_cents, trail_basis_points,
                protection_price_cents, display_quantity, post_only, linked_order_id, parent_order_id, take_profit_cents,
                stop_loss_cents, stop_loss_limit_cents, triggered_at)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)
                """)
            for row in batch.newConditions {
                conditions.bind(1, venue)
                conditions.bind(2, Int64(row.id.rawValue))
                conditions.bind(3, row.stopPrice)
                conditions.bind(4, row.trailAmount)
                conditions.bind(5, row.trailBasisPoints)
                conditions.bind(6, row.conditions.protectionPrice)
                conditions.bind(7, row.conditions.displayQuantity)
                conditions.bind(8, Int64(row.conditions.isPostOnly ? 1 : 0))
                conditions.bind(9, row.linkedOrder)
                conditions.bind(10, row.parentOrder)
                conditions.bind(11, row.conditions.bracket?.takeProfit)
                conditions.bind(12, row.conditions.bracket?.stopLoss)
                conditions.bind(13, row.conditions.bracket?.stopLossLimit)
                conditions.bind(14, row.triggeredAt)
                try conditions.run()
            }
        }
        if !batch.triggeredOrders.isEmpty {
            let triggered = try connection.statement(
                "UPDATE order_conditions SET triggered_at = ?3 WHERE venue_id = ?1 AND order_id = ?2")
            for row in batch.triggeredOrders {
                triggered.bind(1, venue)
                triggered.bind(2, Int64(row.order.rawValue))
                triggered.bind(3, row.at)
                try triggered.run()
            }
        }
        if !batch.auditRows.isEmpty {
            let audit = try connection.statement(
                """
                INSERT INTO audit_log (venue_id, sequence, created_at, actor_id, actor_username, action, target, reason,
                before_values, after_values) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
                """)
            for row in batch.auditRows {
                audit.bind(1, venue)
                audit.bind(2, Int64(row.sequence))
                audit.bind(3, row.createdAt.millisecondsSinceEpoch)
                audit.bind(4, row.record.actorID)
                audit.bind(5, row.record.actorName)
                audit.bind(6, row.record.action)
                audit.bind(7, row.record.target)
                audit.bind(8, row.record.reason)
                audit.bind(9, row.beforeText)
                audit.bind(10, row.afterText)
                try audit.run()
            }
        }
    }
}
