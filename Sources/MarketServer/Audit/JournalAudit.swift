import Foundation
import MarketCore
import SQLKit

/// Checks a database against its own journal: every venue's hash chain and the server's audit chain, the
/// invariants of the venue the journal rebuilds (conservation of cash and shares, escrow, uncrossed books),
/// and that the tables that answer queries (accounts, positions, resting orders, traded volume, the audit
/// log) say exactly what the journal says.
public struct JournalAudit: Sendable {
    /// What was checked, and every disagreement found, each as a sentence.
    public struct Report: Sendable {
        public internal(set) var eventsChecked: [String: UInt64] = [:]
        public internal(set) var problems: [String] = []
        public var isClean: Bool { problems.isEmpty }
    }

    public let database: Database

    public init(database: Database) { self.database = database }

    public func run() async throws -> Report {
        var report = Report()
        var venues = try await database.withConnection { sql in
            try await sql.select().column("id").from("venues").orderBy("id").all().map {
                try $0.decode(column: "id", as: String.self)
            }
        }
        venues.append(ServerAuditTrail.journalID)
        for venue in venues {
            let replay: JournalReplay
            do {
                replay = try await JournalReplay.replay(venue, from: database)
            } catch let error as RecoveryError {
                report.problems.append(error.description)
                continue
            }
            report.eventsChecked[venue] = replay.lastSequence
            let snapshot = replay.venue.snapshot()
            report.problems += snapshot.invariantViolations.map { "venue \(venue): \($0)" }
            report.problems += try await tableDisagreements(venue, snapshot)
            report.problems += try await auditLogDisagreements(venue)
        }
        return report
    }

    /// The `audit_log` rows of a journal against its `admin_action`, `margin_call`, `liquidation` and
    /// `risk_limit_tripped` events
    /// (whose chain replay has checked).
    private func auditLogDisagreements(_ venue: String) async throws -> [String] {
        let (events, rows) = try await database.withConnection { sql in
            (
                try await sql.select().columns("sequence", "payload", "format", "created_at").from("events")
                    .where("venue_id", .equal, venue)
                    .where("kind", .in, ["admin_action", "margin_call", "liquidation", "risk_limit_tripped"]).all(),
                try await sql.select().columns(AuditLogRow.columns.map { SQLColumn($0) }).from("audit_log")
                    .where("venue_id", .equal, venue).all().map(AuditLogRow.init(row:))
            )
        }
        var journal: [UInt64: AuditLogRow] = [:]
        var reader = JournalRecord.Reader()
        for row in events {
            let sequence = UInt64(try row.decode(column: "sequence", as: Int64.self))
            let payload = try row.decode(column: "payload", as: String.self)
            let format = try row.decode(column: "format", as: Int.self)
            let createdAt = Timestamp(millisecondsSinceEpoch: try row.decode(column: "created_at", as: Int64.self))
            guard
                let expected = AuditLogRow(
                    try reader.event(payload, format: format), venue: venue, sequence: sequence, createdAt: createdAt)
            else { continue }
            journal[sequence] = expected
        }
        var problems: [String] = []
        var seen = Set<UInt64>()
        for row in rows {
            seen.insert(row.sequence)
            guard let recorded = journal[row.sequence] else {
                problems.append(
                    "venue \(venue): audit_log has an entry at event \(row.sequence) that the journal does not")
                continue
            }
            if recorded != row {
                problems.append(
                    "venue \(venue): audit_log entry \(row.sequence) says \(row.record.actorName) did \(row.record.action) on \(row.record.target); the journal says \(recorded.record.actorName) did \(recorded.record.action) on \(recorded.record.target), with its own reason and values"
                )
            }
        }
        for sequence in Set(journal.keys).subtracting(seen).sorted() {
            problems.append("venue \(venue): the journal's administrative action \(sequence) is missing from audit_log")
        }
        return problems
    }

    private func tableDisagreements(_ venue: String, _ snapshot: VenueSnapshot) async throws -> [String] {
        var problems: [String] = []
        let (accounts, positions, resting, volumes) = try await database.withConnection { sql in
            (
                try await sql.select().columns("user_id", "cash_cents", "reserved_cash_cents", "open_order_count")
                    .from("accounts").where("venue_id", .equal, venue).all(),
                try await sql.select().columns("user_id", "symbol", "shares", "reserved_shares")
                    .from("positions").where("venue_id", .equal, venue).all(),
                try await sql.select().columns("order_id", "quantity", "filled_quantity", "status").from("orders")
                    .where("venue_id", .equal, venue).where("status", .in, ["open", "partial"]).all(),
                try await sql.raw(
                    "SELECT symbol, CAST(SUM(quantity) AS BIGINT) AS volume FROM trades WHERE venue_id = \(bind: venue) GROUP BY symbol"
                ).all()
            )
        }
        var seenAccounts = Set<AccountID>()
        for row in accounts {
            let id = AccountID(try row.decode(column: "user_id", as: Int64.self))
            seenAccounts.insert(id)
            guard let account = snapshot.accounts[id] else {
                problems.append("venue \(venue): the accounts table has user \(id), the journal does not")
                continue
            }
            let stored = (
                try row.decode(column: "cash_cents", as: Int64.self),
                try row.decode(column: "reserved_cash_cents", as: Int64.self),
                try row.decode(column: "open_order_count", as: Int64.self)
            )
            if stored != (account.cash.value, account.reservedCash.value, Int64(account.openOrders)) {
                problems.append(
                    "venue \(venue): account \(id) is stored as cash \(stored.0), reserved \(stored.1), \(stored.2) open orders; the journal says \(account.cash), \(account.reservedCash), \(account.openOrders)"
                )
            }
        }
        for id in Set(snapshot.accounts.keys).subtracting(seenAccounts) {
            problems.append("venue \(venue): account \(id) is in the journal but not in the accounts table")
        }
        for row in positions {
            let id = AccountID(try row.decode(column: "user_id", as: Int64.self))
            let symbol = TickerSymbol(try row.decode(column: "symbol", as: String.self))
            let position = snapshot.accounts[id]?.position(in: symbol) ?? Position()
            let stored = (
                try row.decode(column: "shares", as: Int64.self),
                try row.decode(column: "reserved_shares", as: Int64.self)
            )
            if stored != (position.shares.value, position.reservedShares.value) {
                problems.append(
                    "venue \(venue): \(symbol) position of \(id) is stored as \(stored.0) + \(stored.1) reserved; the journal says \(position.shares) + \(position.reservedShares)"
                )
            }
        }
        // Open orders: resting ones, and conditional ones waiting for their trigger (stored as open too).
        let book = Dictionary(
            uniqueKeysWithValues: snapshot.markets.values.flatMap { market in
                (market.bids + market.asks).map {
                    ($0.id, (quantity: $0.quantity.value, filledQuantity: $0.filledQuantity.value))
                }
                    + market.pending.map {
                        ($0.order.id, (quantity: $0.order.quantity.value, filledQuantity: Int64(0)))
                    }
            })
        var seenOrders = Set<OrderID>()
        for row in resting {
            let id = OrderID(UInt64(try row.decode(column: "order_id", as: Int64.self)))
            seenOrders.insert(id)
            let stored = (
                try row.decode(column: "quantity", as: Int64.self),
                try row.decode(column: "filled_quantity", as: Int64.self)
            )
            guard let order = book[id] else {
                problems.append(
                    "venue \(venue): order \(id) is stored as resting, but the journal's book does not hold it")
                continue
            }
            if stored != (order.quantity, order.filledQuantity) {
                problems.append(
                    "venue \(venue): order \(id) is stored as \(stored.1) of \(stored.0) filled; the journal says \(order.filledQuantity) of \(order.quantity)"
                )
            }
        }
        for id in Set(book.keys).subtracting(seenOrders) {
            problems.append("venue \(venue): order \(id) rests in the journal's book but is not stored as open")
        }
        var storedVolumes: [TickerSymbol: Int64] = [:]
        for row in volumes {
            storedVolumes[TickerSymbol(try row.decode(column: "symbol", as: String.self))] = try row.decode(
                column: "volume", as: Int64.self)
        }
        for (symbol, market) in snapshot.markets where storedVolumes[symbol, default: 0] != market.volume.value {
            problems.append(
                "venue \(venue): the trades table holds \(storedVolumes[symbol, default: 0]) \(symbol) traded; the journal says \(market.volume)"
            )
        }
        return problems
    }
}
