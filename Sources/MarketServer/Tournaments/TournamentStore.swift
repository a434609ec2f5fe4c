import MarketCore
import SQLKit

/// Reads and writes tournaments, their entries, equity snapshots and final results.
struct TournamentStore: Sendable {
    let database: Database

    func insert(_ tournament: TournamentRecord, definition: String) async throws {
        try await database.withConnection { sql in
            try await sql.raw(
                """
                INSERT INTO tournaments (venue_id, name, description, status, starts_at, ends_at, max_participants,
                                         late_entry_seconds, definition, created_by, created_at, updated_at)
                VALUES (\(bind: tournament.id), \(bind: tournament.name), \(bind: tournament.description),
                        \(bind: tournament.status.rawValue), \(bind: tournament.startsAt.millisecondsSinceEpoch),
                        \(bind: tournament.endsAt.millisecondsSinceEpoch), \(bind: tournament.maxParticipants),
                        \(bind: tournament.lateEntrySeconds),
                        \(bind: definition), \(bind: tournament.createdBy.rawValue),
                        \(bind: tournament.createdAt.millisecondsSinceEpoch), \(bind: tournament.createdAt.millisecondsSinceEpoch))
                """
            ).run()
        }
    }

    /// Stores a draft's edited name, description, schedule, size and late entry; `false` when it is no longer
    /// a draft.
    func updateDraft(_ tournament: TournamentRecord, at time: Timestamp) async throws -> Bool {
        try await database.withConnection { sql in
            let stillDraft = try await sql.select().column("venue_id").from("tournaments")
                .where("venue_id", .equal, tournament.id).where("status", .equal, TournamentStatus.draft.rawValue)
                .first()
            guard stillDraft != nil else { return false }
            try await sql.update("tournaments").set("name", to: tournament.name)
                .set("description", to: tournament.description)
                .set("starts_at", to: tournament.startsAt.millisecondsSinceEpoch)
                .set("ends_at", to: tournament.endsAt.millisecondsSinceEpoch)
                .set("max_participants", to: tournament.maxParticipants)
                .set("late_entry_seconds", to: tournament.lateEntrySeconds)
                .set("updated_at", to: time.millisecondsSinceEpoch)
                .where("venue_id", .equal, tournament.id).run()
            return true
        }
    }

    func find(_ id: String) async throws -> TournamentRecord? {
        try await database.withConnection { sql in
            try await sql.select().columns("*").from("tournaments").where("venue_id", .equal, id).first()
                .map(TournamentRecord.init(row:))
        }
    }

    /// Tournaments with one of `statuses`, soonest start first.
    func list(statuses: [TournamentStatus]) async throws -> [TournamentRecord] {
        try await database.withConnection { sql in
            try await sql.select().columns("*").from("tournaments").where("status", .in, statuses.map(\.rawValue))
                .orderBy("starts_at").orderBy("venue_id").all().map(TournamentRecord.init(row:))
        }
    }

    /// Records a new status. Starting or ending before the schedule moves `starts_at` or `ends_at` to now,
    /// so the stored schedule says when it really happened (and timed events count from the real start);
    /// an early start moves the end by as much, so the tournament keeps its length.
    func setStatus(_ status: TournamentStatus, of id: String, at time: Timestamp, on sql: any SQLDatabase)
        async throws
    {
        let now = time.millisecondsSinceEpoch
        let update = sql.update("tournaments").set("status", to: status.rawValue).set("updated_at", to: now)
        switch status {
        case .active:
            // Both expressions read the row as it was.
            update.set(
                SQLIdentifier("ends_at"),
                to: SQLRaw("CASE WHEN starts_at > \(now) THEN \(now) + (ends_at - starts_at) ELSE ends_at END"))
            update.set(
                SQLIdentifier("starts_at"), to: SQLRaw("CASE WHEN starts_at > \(now) THEN \(now) ELSE starts_at END"))
        case .completed, .cancelled:
            update.set(SQLIdentifier("ends_at"), to: SQLRaw("CASE WHEN ends_at > \(now) THEN \(now) ELSE ends_at END"))
        case .draft, .open: break
        }
        try await update.where("venue_id", .equal, id).run()
    }

    func setStatus(_ status: TournamentStatus, of id: String, at time: Timestamp) async throws {
        try await database.withConnection { try await setStatus(status, of: id, at: time, on: $0) }
    }

    // MARK: Entries

    func entries(of id: String) async throws -> [TournamentEntry] {
        try await database.withConnection { sql in
            try await sql.raw(
                """
                SELECT e.user_id, u.username, e.entered_at, e.withdrawn_at, e.disqualified_at
                FROM tournament_entries e JOIN users u ON u.id = e.user_id
                WHERE e.venue_id = \(bind: id) ORDER BY e.entered_at, e.user_id
                """
            ).all().map { row in
                TournamentEntry(
                    user: UserID(try row.decode(column: "user_id", as: Int64.self)),
                    username: try row.decode(column: "username", as: String.self),
                    enteredAt: Timestamp(millisecondsSinceEpoch: try row.decode(column: "entered_at", as: Int64.self)),
                    withdrawnAt: try row.decode(column: "withdrawn_at", as: Int64?.self).map(
                        Timestamp.init(millisecondsSinceEpoch:)),
                    disqualifiedAt: try row.decode(column: "disqualified_at", as: Int64?.self)
                        .map(Timestamp.init(millisecondsSinceEpoch:)))
            }
        }
    }

    /// Enters `user`, or clears their withdrawal (keeping the first entry time).
    func enter(_ user: UserID, in id: String, at time: Timestamp) async throws {
        try await database.withConnection { sql in
            try await sql.raw(
                """
                INSERT INTO tournament_entries (venue_id, user_id, entered_at) VALUES (\(bind: id), \(bind: user.rawValue), \(bind: time.millisecondsSinceEpoch))
                ON CONFLICT (venue_id, user_id) DO UPDATE SET withdrawn_at = NULL
                """
            ).run()
        }
    }

    func withdraw(_ user: UserID, from id: String, at time: Timestamp) async throws {
        try await database.withConnection { sql in
            try await sql.update("tournament_entries").set("withdrawn_at", to: time.millisecondsSinceEpoch)
                .where("venue_id", .equal, id).where("user_id", .equal, user.rawValue).run()
        }
    }

    func disqualify(_ user: UserID, in id: String, at time: Timestamp) async throws {
        try await database.withConnection { sql in
            try await sql.update("tournament_entries").set("disqualified_at", to: time.millisecondsSinceEpoch)
                .where("venue_id", .equal, id).where("user_id", .equal, user.rawValue).run()
        }
    }

    // MARK: Equity

    func recordEquity(
        _ points: [(user: UserID, totalValue: Cents, cash: Cents, given: Cents)], in id: String, at time: Timestamp
    ) async throws {
        guard !points.isEmpty else { return }
        try await database.withConnection { sql in
            let insert = sql.insert(into: "equity_snapshots")
                .columns("venue_id", "user_id", "taken_at", "total_value_cents", "cash_cents", "given_cents")
            for point in points {
                insert.values(
                    id, point.user.rawValue, time.millisecondsSinceEpoch, point.totalValue, point.cash, point.given)
            }
            try await insert.ignoringConflicts().run()
        }
    }

    /// Every snapshot of the tournament, per user, oldest first. A snapshot taken before snapshots kept what
    /// had been given counts `startingCash` as given.
    func equity(of id: String, startingCash: Cents) async throws -> [UserID: [(time: Timestamp, point: EquityPoint)]] {
        try await database.withConnection { sql in
            var series: [UserID: [(time: Timestamp, point: EquityPoint)]] = [:]
            for row in try await sql.select().columns("user_id", "taken_at", "total_value_cents", "given_cents")
                .from("equity_snapshots").where("venue_id", .equal, id).orderBy("taken_at").all()
            {
                let point = EquityPoint(
                    totalValue: Cents(try row.decode(column: "total_value_cents", as: Int64.self)),
                    given: try row.decode(column: "given_cents", as: Int64?.self).map { Cents($0) } ?? startingCash)
                series[UserID(try row.decode(column: "user_id", as: Int64.self)), default: []].append(
                    (Timestamp(millisecondsSinceEpoch: try row.decode(column: "taken_at", as: Int64.self)), point))
            }
            return series
        }
    }

    // MARK: Results

    /// Stores the final standings and marks the tournament completed, in one transaction.
    func complete(_ id: String, results: [StandingsRow], usernames: [AccountID: String], at time: Timestamp)
        async throws
    {
        try await database.transaction { sql in
            for row in results {
                try await sql.raw(
                    """
                    INSERT INTO tournament_results (venue_id, rank, user_id, username, total_value_cents, cash_cents,
                        pnl_cents, return_basis_points, max_drawdown_basis_points, sharpe_milli, entered_at,
                        adjustments_cents, dividends_cents)
                    VALUES (\(bind: id), \(bind: row.rank), \(bind: row.account.rawValue), \(bind: usernames[row.account] ?? ""),
                        \(bind: row.totalValue), \(bind: row.cash), \(bind: row.profitAndLoss), \(bind: row.returnBasisPoints),
                        \(bind: row.maxDrawdownBasisPoints), \(bind: row.sharpeMilli), \(bind: row.enteredAt.millisecondsSinceEpoch),
                        \(bind: row.adjustments), \(bind: row.dividends))
                    """
                ).run()
            }
            try await setStatus(.completed, of: id, at: time, on: sql)
        }
    }

    func results(of id: String) async throws -> [(row: StandingsRow, username: String)] {
        try await database.withConnection { sql in
            try await sql.select().columns("*").from("tournament_results").where("venue_id", .equal, id)
                .orderBy("rank").all().map { row in
                    (
                        StandingsRow(
                            rank: try row.decode(column: "rank", as: Int.self),
                            account: AccountID(try row.decode(column: "user_id", as: Int64.self)),
                            enteredAt: Timestamp(
                                millisecondsSinceEpoch: try row.decode(column: "entered_at", as: Int64.self)),
                            totalValue: Cents(try row.decode(column: "total_value_cents", as: Int64.self)),
                            cash: Cents(try row.decode(column: "cash_cents", as: Int64.self)),
                            profitAndLoss: Cents(try row.decode(column: "pnl_cents", as: Int64.self)),
                            adjustments: Cents(try row.decode(column: "adjustments_cents", as: Int64.self)),
                            dividends: Cents(try row.decode(column: "dividends_cents", as: Int64.self)),
                            returnBasisPoints: try row.decode(column: "return_basis_points", as: Int64.self),
                            maxDrawdownBasisPoints: try row.decode(column: "max_drawdown_basis_points", as: Int64.self),
                            sharpeMilli: try row.decode(column: "sharpe_milli", as: Int64?.self)),
                        try row.decode(column: "username", as: String.self)
                    )
                }
        }
    }

    /// The trades between accounts of the venue, for the round-trip review; `excluding` leaves out an
    /// account (the market maker).
    func fills(in id: String, excluding accounts: [Int64]) async throws -> [RoundTripDetector.Fill] {
        try await database.withConnection { sql in
            let query = sql.select().columns("buyer_id", "seller_id", "symbol").from("trades").where(
                "venue_id", .equal, id)
            if !accounts.isEmpty {
                query.where("buyer_id", .notIn, accounts).where("seller_id", .notIn, accounts)
            }
            return try await query.all().map { row in
                RoundTripDetector.Fill(
                    buyer: AccountID(try row.decode(column: "buyer_id", as: Int64.self)),
                    seller: AccountID(try row.decode(column: "seller_id", as: Int64.self)),
                    ticker: TickerSymbol(try row.decode(column: "symbol", as: String.self)))
            }
        }
    }

    /// The user ids the house trades through in the venue: its market maker and background traders.
    func houseAccounts(of id: String) async throws -> [Int64] {
        try await database.withConnection { sql in
            var users: [Int64] = []
            for table in ["market_makers", "background_traders"] {
                users += try await sql.select().column("user_id").from(table).where("venue_id", .equal, id).all()
                    .map { try $0.decode(column: "user_id", as: Int64.self) }
            }
            return users
        }
    }
}
