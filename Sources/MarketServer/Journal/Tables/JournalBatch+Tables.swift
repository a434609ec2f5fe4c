import MarketCore

/// The tables a batch writes, and the rows it writes into each, in the order they are written. Tables
/// without rows are left out.
extension JournalBatch {
    var tableWrites: [TableWrite] {
        let writes: [TableWrite] = [
            .insert(journalEntries), .insert(tickers), .insert(accountRows), .insert(positionRows), .insert(tradeRows),
            .insert(orderRows), .update(orderChanges), .insert(conditionRows), .update(triggers),
            .insert(auditLog),
        ]
        return writes.filter {
            switch $0 {
            case .insert(let insert): !insert.rows.isEmpty
            case .update(let update): !update.rows.isEmpty
            }
        }
    }

    private var journalEntries: TableWrite.Insert {
        TableWrite.Insert(
            table: "events", columns: ["sequence", "kind", "payload", "created_at", "prev_hash", "hash", "format"],
            onConflict: .none,
            rows: entries.map {
                [
                    .integer(Int64($0.sequence)), .text($0.kind), .text($0.payload), .integer($0.createdAt),
                    .text($0.previousHash), .text($0.hash), .integer(Int64($0.format)),
                ]
            })
    }

    private var tickers: TableWrite.Insert {
        TableWrite.Insert(
            table: "tickers", columns: ["symbol", "tick_size_cents", "initial_price_cents"],
            onConflict: .ignore(key: ["venue_id", "symbol"]),
            rows: listings.map { [.text($0.symbol.rawValue), .cents($0.tickSize), .cents($0.initialPrice)] })
    }

    private var accountRows: TableWrite.Insert {
        let totals = ["cash_cents", "reserved_cash_cents", "open_order_count"]
        return TableWrite.Insert(
            table: "accounts", columns: ["user_id"] + totals,
            onConflict: .accumulate(key: ["venue_id", "user_id"], columns: totals),
            rows: accounts.map {
                [
                    .integer($0.account.rawValue), .cents($0.change.cash), .cents($0.change.reservedCash),
                    .integer(Int64($0.change.openOrders)),
                ]
            })
    }

    private var positionRows: TableWrite.Insert {
        let totals = ["shares", "reserved_shares"]
        return TableWrite.Insert(
            table: "positions", columns: ["user_id", "symbol"] + totals,
            onConflict: .accumulate(key: ["venue_id", "user_id", "symbol"], columns: totals),
            rows: positions.map {
                [
                    .integer($0.account.rawValue), .text($0.symbol.rawValue), .shares($0.change.shares),
                    .shares($0.change.reservedShares),
                ]
            })
    }

    private var tradeRows: TableWrite.Insert {
        TableWrite.Insert(
            table: "trades",
            columns: [
                "trade_id", "symbol", "price_cents", "quantity", "buy_order_id", "sell_order_id", "buyer_id",
                "seller_id", "buyer_fee_cents", "seller_fee_cents", "aggressor_side", "created_at",
            ],
            onConflict: .none,
            rows: trades.map {
                [
                    .integer(Int64($0.id.rawValue)), .text($0.ticker.rawValue), .cents($0.price), .shares($0.quantity),
                    .integer(Int64($0.buyOrder.rawValue)), .integer(Int64($0.sellOrder.rawValue)),
                    .integer($0.buyer.rawValue), .integer($0.seller.rawValue), .cents($0.buyerFee),
                    .cents($0.sellerFee), .text($0.aggressor.rawValue), .integer($0.timestamp.millisecondsSinceEpoch),
                ]
            })
    }

    private var auditLog: TableWrite.Insert {
        TableWrite.Insert(
            table: "audit_log", columns: Array(AuditLogRow.columns.dropFirst()), onConflict: .none,
            rows: auditRows.map {
                [
                    .integer(Int64($0.sequence)), .integer($0.createdAt.millisecondsSinceEpoch),
                    .integer($0.record.actorID), .text($0.record.actorName), .text($0.record.action),
                    .text($0.record.target), .text($0.record.reason), .text($0.beforeText), .text($0.afterText),
                ]
            })
    }
}
