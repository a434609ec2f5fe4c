import Hummingbird
import MarketCore

/// A tournament as the API shows it.
struct TournamentAnswer: ResponseEncodable {
    let id: String
    let venue: String
    let name: String
    let description: String
    let status: String
    let startsAt: String
    let endsAt: String
    let maxParticipants: Int
    /// How long after its start it still takes entries.
    let lateEntrySeconds: Int64
    let entrants: Int
    let startingCash: ExactDecimal
    let tickers: [String]

    enum CodingKeys: String, CodingKey {
        case id, venue, name, description, status, entrants, tickers
        case startsAt = "starts_at", endsAt = "ends_at", maxParticipants = "max_participants"
        case lateEntrySeconds = "late_entry_seconds"
        case startingCash = "starting_cash"
    }

    init(_ tournament: TournamentRecord, entrants: Int, venue: VenueRuntime?) {
        id = tournament.id
        self.venue = tournament.id
        name = tournament.name
        description = tournament.description
        status = tournament.status.rawValue
        startsAt = tournament.startsAt.iso8601
        endsAt = tournament.endsAt.iso8601
        maxParticipants = tournament.maxParticipants
        lateEntrySeconds = tournament.lateEntrySeconds
        self.entrants = entrants
        startingCash = ExactDecimal(cents: venue?.settings.startingCash ?? 0)
        tickers = venue?.committed.listings.map(\.symbol.rawValue) ?? []
    }
}

struct TournamentList: ResponseEncodable {
    let tournaments: [TournamentAnswer]
}

/// Live or final standings.
struct StandingsAnswer: ResponseEncodable {
    struct Row: Encodable, Sendable {
        let rank: Int
        let userID: String
        let username: String
        let totalValue: ExactDecimal
        let cash: ExactDecimal
        let pnl: ExactDecimal
        /// Cash and shares administrators added beyond the starting cash; not profit.
        let adjustments: ExactDecimal
        /// Dividends received; not trading profit either.
        let dividends: ExactDecimal
        let returnPercent: ExactDecimal
        let maxDrawdownPercent: ExactDecimal
        let sharpe: Double?
        let enteredAt: String

        enum CodingKeys: String, CodingKey {
            case rank, username, cash, pnl, sharpe, adjustments, dividends
            case userID = "user_id", totalValue = "total_value", returnPercent = "return_pct"
            case maxDrawdownPercent = "max_drawdown_pct", enteredAt = "entered_at"
        }

        init(_ row: StandingsRow, username: String) {
            rank = row.rank
            userID = row.account.description
            self.username = username
            totalValue = ExactDecimal(cents: row.totalValue)
            cash = ExactDecimal(cents: row.cash)
            pnl = ExactDecimal(cents: row.profitAndLoss)
            adjustments = ExactDecimal(cents: row.adjustments)
            dividends = ExactDecimal(cents: row.dividends)
            // Basis points are hundredths of a percent, written like cents are hundredths of a unit.
            returnPercent = ExactDecimal(basisPoints: row.returnBasisPoints)
            maxDrawdownPercent = ExactDecimal(basisPoints: row.maxDrawdownBasisPoints)
            sharpe = row.sharpeMilli.map { Double($0) / 1_000 }
            enteredAt = row.enteredAt.iso8601
        }
    }

    let tournament: String
    let status: String
    /// Whether these are the frozen final standings.
    let final: Bool
    let standings: [Row]

    init(_ tournament: TournamentRecord, rows: [(row: StandingsRow, username: String)]) {
        self.tournament = tournament.id
        status = tournament.status.rawValue
        final = tournament.status == .completed
        standings = rows.map { Row($0.row, username: $0.username) }
    }
}

/// Each competitor's equity over the tournament.
struct EquityAnswer: ResponseEncodable {
    struct Point: Encodable, Sendable {
        let time: String
        let totalValue: ExactDecimal

        enum CodingKeys: String, CodingKey { case time, totalValue = "total_value" }
    }

    struct Series: Encodable, Sendable {
        let userID: String
        let username: String
        let points: [Point]

        enum CodingKeys: String, CodingKey { case userID = "user_id", username, points }
    }

    let tournament: String
    let series: [Series]
}

/// One entrant, for hosts.
struct EntrantAnswer: Encodable, Sendable {
    let userID: String
    let username: String
    let enteredAt: String
    let status: String

    enum CodingKeys: String, CodingKey { case userID = "user_id", username, enteredAt = "entered_at", status }

    init(_ entry: TournamentEntry) {
        userID = entry.user.description
        username = entry.username
        enteredAt = entry.enteredAt.iso8601
        status = entry.disqualifiedAt != nil ? "disqualified" : entry.withdrawnAt != nil ? "withdrawn" : "competing"
    }
}

struct EntrantList: ResponseEncodable {
    let tournament: String
    let entrants: [EntrantAnswer]
}

/// Pairs flagged for repeated round trips.
struct RoundTripAnswer: ResponseEncodable {
    struct Flag: Encodable, Sendable {
        let users: [String]
        let usernames: [String]
        let ticker: String
        let roundTrips: Int
        let trades: Int

        enum CodingKeys: String, CodingKey {
            case users = "user_ids", usernames, ticker, roundTrips = "round_trips", trades
        }
    }

    let tournament: String
    let threshold: Int
    let flags: [Flag]
}
