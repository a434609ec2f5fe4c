import MarketCore

/// The rows of `orders` and `order_conditions` a batch writes.
extension JournalBatch {
    var orderRows: TableWrite.Insert {
        TableWrite.Insert(
            table: "orders",
            columns: [
                "order_id", "user_id", "symbol", "side", "order_type", "price_cents", "quantity", "filled_quantity",
                "status", "time_in_force", "client_order_id", "priority", "escrow_per_share_cents", "created_at",
                "updated_at", "cancellation_reason",
            ],
            onConflict: .none,
            rows: newOrders.map {
                [
                    .integer(Int64($0.id.rawValue)), .integer($0.account.rawValue), .text($0.ticker.rawValue),
                    .text($0.side.rawValue), .text($0.type), .cents($0.price), .shares($0.quantity),
                    .shares($0.filled), .text($0.status.rawValue), .text($0.timeInForce.rawValue),
                    .text($0.clientOrderID), .integer($0.priority.map { Int64($0) }), .cents($0.escrowPerShare),
                    .integer($0.createdAt), .integer($0.updatedAt), .text($0.cancellationReason?.rawValue),
                ]
            })
    }

    /// Orders stored by earlier batches, changed by what this batch did to them.
    var orderChanges: TableWrite.Update {
        TableWrite.Update(
            table: "orders", id: "order_id",
            assignments: [
                .init(column: "filled_quantity", rule: .add, type: "BIGINT"),
                .init(column: "quantity", rule: .subtract, type: "BIGINT"),
                .init(column: "status", rule: .replaceUnlessNull, type: "TEXT"),
                .init(column: "updated_at", rule: .replace, type: "BIGINT"),
                .init(column: "priority", rule: .replaceUnlessNull, type: "BIGINT"),
                .init(column: "cancellation_reason", rule: .replaceUnlessNull, type: "TEXT"),
            ],
            rows: storedOrders.map {
                [
                    .integer(Int64($0.id.rawValue)), .shares($0.filled), .shares($0.reducedBy),
                    .text($0.status?.rawValue), .integer($0.updatedAt), .integer($0.priority.map { Int64($0) }),
                    .text($0.cancellationReason?.rawValue),
                ]
            })
    }

    var conditionRows: TableWrite.Insert {
        TableWrite.Insert(
            table: "order_conditions",
            columns: [
                "order_id", "stop_price_cents", "trail_amount_cents", "trail_basis_points", "protection_price_cents",
                "display_quantity", "post_only", "linked_order_id", "parent_order_id", "take_profit_cents",
                "stop_loss_cents", "stop_loss_limit_cents", "triggered_at",
            ],
            onConflict: .none,
            rows: newConditions.map {
                let bracket = $0.conditions.bracket
                return [
                    .integer(Int64($0.id.rawValue)), .cents($0.stopPrice), .cents($0.trailAmount),
                    .integer($0.trailBasisPoints), .cents($0.conditions.protectionPrice),
                    .shares($0.conditions.displayQuantity), .flag($0.conditions.isPostOnly), .integer($0.linkedOrder),
                    .integer($0.parentOrder), .cents(bracket?.takeProfit), .cents(bracket?.stopLoss),
                    .cents(bracket?.stopLossLimit), .integer($0.triggeredAt),
                ]
            })
    }

    /// Conditional orders stored by earlier batches whose trigger this batch met.
    var triggers: TableWrite.Update {
        TableWrite.Update(
            table: "order_conditions", id: "order_id",
            assignments: [.init(column: "triggered_at", rule: .replace, type: "BIGINT")],
            rows: triggeredOrders.map { [.integer(Int64($0.order.rawValue)), .integer($0.at)] })
    }
}
