import MarketCore
import SQLKit

/// Reads and writes `account_loss_limits`, `venue_loss_limits` and `equity_marks`.
struct LossLimitStore: Sendable {
    let database: Database

    /// Every stored limit and mark: accounts' limits and marks by venue and account, venues' limits by venue.
    func all() async throws -> (
        accounts: [LossLimitSwitches.Key: LossLimits], venues: [String: LossLimits],
        marks: [LossLimitSwitches.Key: EquityMarks]
    ) {
        try await database.withConnection { sql in
            var accounts: [LossLimitSwitches.Key: LossLimits] = [:]
            for row in try await sql.raw(
                "SELECT venue_id, user_id, max_daily_loss_cents, max_drawdown_cents FROM account_loss_limits"
            ).all() {
                accounts[try Self.key(row)] = try Self.limits(row)
            }
            var venues: [String: LossLimits] = [:]
            for row in try await sql.raw(
                "SELECT venue_id, max_daily_loss_cents, max_drawdown_cents FROM venue_loss_limits"
            ).all() {
                venues[try row.decode(column: "venue_id", as: String.self)] = try Self.limits(row)
            }
            var marks: [LossLimitSwitches.Key: EquityMarks] = [:]
            for row in try await sql.raw("SELECT venue_id, user_id, peak_cents, day_start_cents, day FROM equity_marks")
                .all()
            {
                marks[try Self.key(row)] = EquityMarks(
                    peak: Cents(try row.decode(column: "peak_cents", as: Int64.self)),
                    dayStart: Cents(try row.decode(column: "day_start_cents", as: Int64.self)),
                    day: try row.decode(column: "day", as: Int64.self))
            }
            return (accounts, venues, marks)
        }
    }

    /// Stores an account's own limits, or removes them when empty.
    func save(_ limits: LossLimits, for key: LossLimitSwitches.Key) async throws {
        try await database.withConnection { sql in
            guard !limits.isEmpty else {
                try await sql.raw(
                    """
                    DELETE FROM account_loss_limits
                    WHERE venue_id = \(bind: key.venue) AND user_id = \(bind: key.account.rawValue)
                    """
                ).run()
                return
            }
            try await sql.raw(
                """
                INSERT INTO account_loss_limits (venue_id, user_id, max_daily_loss_cents, max_drawdown_cents)
                VALUES (\(bind: key.venue), \(bind: key.account.rawValue), \(bind: limits.maxDailyLoss?.value),
                        \(bind: limits.maxDrawdown?.value))
                ON CONFLICT (venue_id, user_id) DO UPDATE
                SET max_daily_loss_cents = excluded.max_daily_loss_cents,
                    max_drawdown_cents = excluded.max_drawdown_cents
                """
            ).run()
        }
    }

    /// Stores a venue's limits for all its accounts, or removes them when empty.
    func save(_ limits: LossLimits, forVenue venue: String) async throws {
        try await database.withConnection { sql in
            guard !limits.isEmpty else {
                try await sql.raw("DELETE FROM venue_loss_limits WHERE venue_id = \(bind: venue)").run()
                return
            }
            try await sql.raw(
                """
                INSERT INTO venue_loss_limits (venue_id, max_daily_loss_cents, max_drawdown_cents)
                VALUES (\(bind: venue), \(bind: limits.maxDailyLoss?.value), \(bind: limits.maxDrawdown?.value))
                ON CONFLICT (venue_id) DO UPDATE
                SET max_daily_loss_cents = excluded.max_daily_loss_cents,
                    max_drawdown_cents = excluded.max_drawdown_cents
                """
            ).run()
        }
    }

    /// Writes the marks that changed, in one transaction.
    func save(_ marks: [LossLimitSwitches.Key: EquityMarks]) async throws {
        guard !marks.isEmpty else { return }
        try await database.transaction { sql in
            for (key, mark) in marks {
                try await sql.raw(
                    """
                    INSERT INTO equity_marks (venue_id, user_id, peak_cents, day_start_cents, day)
                    VALUES (\(bind: key.venue), \(bind: key.account.rawValue), \(bind: mark.peak.value),
                            \(bind: mark.dayStart.value), \(bind: mark.day))
                    ON CONFLICT (venue_id, user_id) DO UPDATE
                    SET peak_cents = excluded.peak_cents, day_start_cents = excluded.day_start_cents,
                        day = excluded.day
                    """
                ).run()
            }
        }
    }

    /// The accounts the house trades through in `venue`: its market maker and its background traders.
    func houseAccounts(of venue: String) async throws -> Set<AccountID> {
        try await database.withConnection { sql in
            var accounts: Set<AccountID> = []
            for table in ["market_makers", "background_traders"] {
                for row in try await sql.select().column("user_id").from(table).where("venue_id", .equal, venue).all() {
                    accounts.insert(AccountID(try row.decode(column: "user_id", as: Int64.self)))
                }
            }
            return accounts
        }
    }

    private static func key(_ row: any SQLRow) throws -> LossLimitSwitches.Key {
        LossLimitSwitches.Key(
            venue: try row.decode(column: "venue_id", as: String.self),
            account: AccountID(try row.decode(column: "user_id", as: Int64.self)))
    }

    private static func limits(_ row: any SQLRow) throws -> LossLimits {
        LossLimits(
            maxDailyLoss: try row.decode(column: "max_daily_loss_cents", as: Int64?.self).map { Cents($0) },
            maxDrawdown: try row.decode(column: "max_drawdown_cents", as: Int64?.self).map { Cents($0) })
    }
}
