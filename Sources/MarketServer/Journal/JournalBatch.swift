import MarketCore
import MarketWire

/// One venue's run of consecutive events, written in one transaction: the journal entries, and the
/// rows of the tables that answer queries (orders, trades, accounts, positions, tickers), changed by what
/// the events say, never by reading the venue's memory, which may already be ahead of the disk.
///
/// The rows are worked out once, here; a ``JournalStore`` only writes them.
struct JournalBatch: Sendable {
    let venue: String
    let events: [Event]
    let entries: [JournalEntry]
    let listings: [TickerListing]
    /// Net changes per account, in account order; a row that does not exist yet starts from them.
    let accounts: [(account: AccountID, change: AccountChanges)]
    /// Net changes per position, in account then symbol order.
    let positions: [(account: AccountID, symbol: TickerSymbol, change: Position)]
    let trades: [Trade]
    /// Orders the batch creates, in id order.
    let newOrders: [OrderRowChanges.NewOrder]
    /// Changes to orders stored by earlier batches, in id order.
    let storedOrders: [OrderRowChanges.StoredOrderChange]
    /// The conditions of new orders that have any, in id order.
    let newConditions: [OrderRowChanges.NewConditions]
    /// Conditional orders stored by earlier batches whose trigger was met, with when.
    let triggeredOrders: [(order: OrderID, at: Int64)]
    /// Administrative actions, and the exchange's margin calls and liquidations, which also go to `audit_log`
    /// so that they can be listed without reading the whole journal.
    let auditRows: [AuditLogRow]

    init(venue: String, events: [Event], entries: [JournalEntry]) {
        self.venue = venue
        self.events = events
        self.entries = entries
        var listings: [TickerListing] = []
        var trades: [Trade] = []
        var orders = OrderRowChanges()
        var auditRows: [AuditLogRow] = []
        for event in events {
            switch event.kind {
            case .tickerListed(let listing): listings.append(listing)
            case .tradeExecuted(let trade): trades.append(trade)
            default: break
            }
            if let row = AuditLogRow(event.kind, venue: venue, sequence: event.sequence, createdAt: event.timestamp) {
                auditRows.append(row)
            }
            orders.apply(event)
        }
        self.listings = listings
        self.trades = trades
        self.auditRows = auditRows
        accounts = AccountChanges.of(events).sorted { $0.key < $1.key }.map { (account: $0.key, change: $0.value) }
        positions = accounts.flatMap { account, change in
            change.positions.sorted { $0.key < $1.key }.map { (account: account, symbol: $0.key, change: $0.value) }
        }
        newOrders = orders.new
        storedOrders = orders.existing
        newConditions = orders.conditions
        triggeredOrders = orders.triggeredStored
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
        var cancellationReason: CancellationReason?
    }

    /// A new order's `order_conditions` row.
    struct NewConditions {
        let id: OrderID
        let conditions: OrderConditions
        var triggeredAt: Int64?

        var stopPrice: Cents? { conditions.trigger?.price }
        var trailAmount: Cents? {
            if case .trailingStop(.amount(let amount)) = conditions.trigger { return amount }
            return nil
        }
        var trailBasisPoints: Int64? {
            if case .trailingStop(.basisPoints(let points)) = conditions.trigger { return points }
            return nil
        }
        var linkedOrder: Int64? { conditions.link.map { Int64($0.sibling.rawValue) } }
        var parentOrder: Int64? { conditions.parent.map { Int64($0.rawValue) } }
    }

    struct StoredOrderChange {
        let id: OrderID
        var filled: Shares = 0
        var reducedBy: Shares = 0
        /// `nil` leaves the stored status as it is.
        var status: OrderStatus?
        /// Set when a triggered order rests for the first time; `nil` leaves the stored priority as it is.
        var priority: UInt64?
        /// `nil` leaves the stored reason as it is.
        var cancellationReason: CancellationReason?
        var updatedAt: Int64
    }

    private var newOrders: [OrderID: NewOrder] = [:]
    private var storedOrders: [OrderID: StoredOrderChange] = [:]
    private var newConditions: [OrderID: NewConditions] = [:]
    private var triggered: [OrderID: Int64] = [:]

    var new: [NewOrder] { newOrders.values.sorted { $0.id < $1.id } }
    var existing: [StoredOrderChange] { storedOrders.values.sorted { $0.id < $1.id } }
    var conditions: [NewConditions] { newConditions.values.sorted { $0.id < $1.id } }
    var triggeredStored: [(order: OrderID, at: Int64)] {
        triggered.sorted { $0.key < $1.key }.map { (order: $0.key, at: $0.value) }
    }

    mutating func apply(_ event: Event) {
        let time = event.timestamp.millisecondsSinceEpoch
        switch event.kind {
        case .orderAccepted(let order):
            newOrders[order.id] = NewOrder(
                id: order.id, account: order.account, ticker: order.ticker, side: order.side,
                type: OrderTypeName.of(kind: order.kind, trigger: order.trigger), price: order.kind.limitPrice,
                quantity: order.quantity, timeInForce: order.timeInForce, clientOrderID: order.clientOrderID,
                escrowPerShare: order.escrowPerShare, createdAt: time, updatedAt: time)
            if let conditions = order.conditions {
                newConditions[order.id] = NewConditions(id: order.id, conditions: conditions)
            }
        case .orderTriggered(let triggering):
            if newConditions[triggering.order] != nil {
                newConditions[triggering.order]!.triggeredAt = time
            } else {
                triggered[triggering.order] = time
            }
        case .tradeExecuted(let trade):
            fill(trade.buyOrder, by: trade.quantity, completing: trade.completesBuyOrder, at: time)
            fill(trade.sellOrder, by: trade.quantity, completing: trade.completesSellOrder, at: time)
        case .orderRested(let id, _, _):
            if newOrders[id] != nil {
                newOrders[id]!.priority = event.sequence
            } else {
                change(id, at: time, unlessNew: true) { _, _, _ in }
                storedOrders[id]?.priority = event.sequence
            }
        case .orderCancelled(let cancellation):
            change(cancellation.order, at: time) { _, status, _ in status = .cancelled }
            if newOrders[cancellation.order] != nil {
                newOrders[cancellation.order]!.cancellationReason = cancellation.reason
            } else {
                storedOrders[cancellation.order]?.cancellationReason = cancellation.reason
            }
        case .orderReduced(let reduction):
            if newOrders[reduction.order] != nil {
                newOrders[reduction.order]!.quantity -= reduction.quantity
                newOrders[reduction.order]!.updatedAt = time
            } else {
                change(reduction.order, at: time, unlessNew: true) { _, _, reducedBy in reducedBy += reduction.quantity
                }
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
