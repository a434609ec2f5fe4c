import Hummingbird
import MarketCore
import SQLKit

/// The caller's holdings and the venue's standings, from committed state.
struct PortfolioRoutes: Sendable {
    let scope: VenueScope
    let database: Database

    func add(to group: RouterGroup<MarketRequestContext>) {
        group.get("portfolio") { _, context -> PortfolioAnswer in
            let user = try context.requireUser()
            let venue = try scope.venue(context)
            let (_, account) = try scope.account(of: user, in: venue)
            return PortfolioAnswer(
                user: user, account: account, prices: Self.lastPrices(of: venue),
                shortSelling: venue.committed.currentRules.shortSelling)
        }
        // The account's own consent to sell short, where the venue asks accounts to opt in.
        group.put("account/short-selling") { request, context -> PortfolioAnswer in
            let user = try context.requireUser()
            let venue = try scope.venue(context)
            let (id, _) = try scope.account(of: user, in: venue)
            let body = try await request.decode(as: ShortSellingChoice.self, context: context)
            guard venue.committed.currentRules.shortSelling != nil else {
                throw RequestError.conflict(
                    code: "short_selling_off", detail: "Venue \(venue.id) does not allow short selling")
            }
            try await venue.setShortSelling(of: id, enabled: body.enabled)
            let (_, account) = try scope.account(of: user, in: venue)
            return PortfolioAnswer(
                user: user, account: account, prices: Self.lastPrices(of: venue),
                shortSelling: venue.committed.currentRules.shortSelling)
        }
    }

    /// `{"enabled": true|false}`.
    struct ShortSellingChoice: Decodable {
        let enabled: Bool
    }

    /// `GET /api/leaderboard`: public, top 50 by total value; market makers and administrators are not
    /// competitors. `cash` is free cash, as in the portfolio, and `escrowed_cash` what resting buys hold.
    func addLeaderboard(to group: RouterGroup<MarketRequestContext>) {
        group.get("leaderboard") { _, context -> Leaderboard in
            let venue = try scope.venue(context)
            let prices = Self.lastPrices(of: venue)
            let ranked = venue.committed.snapshot().accounts
                .map {
                    (
                        id: $0.key, cash: $0.value.cash, escrowed: $0.value.reservedCash,
                        total: Valuation(account: $0.value, prices: prices).total
                    )
                }
                .sorted {
                    ($0.total, $0.cash + $0.escrowed, $1.id.rawValue) > (
                        $1.total, $1.cash + $1.escrowed, $0.id.rawValue
                    )
                }
            let names = try await competitorNames(ranked.prefix(200).map(\.id.rawValue))
            let rows = ranked.compactMap { entry in
                names[entry.id.rawValue].map {
                    LeaderboardRow(
                        username: $0, cash: ExactDecimal(cents: entry.cash),
                        escrowedCash: ExactDecimal(cents: entry.escrowed),
                        totalValue: ExactDecimal(cents: entry.total))
                }
            }
            return Leaderboard(leaderboard: Array(rows.prefix(50)))
        }
    }

    /// The names of the accounts among `ids` that compete: neither the house (market makers, background
    /// traders) nor administrators.
    private func competitorNames(_ ids: [Int64]) async throws -> [Int64: String] {
        guard !ids.isEmpty else { return [:] }
        return try await database.withConnection { sql in
            var names: [Int64: String] = [:]
            for row in try await sql.select().columns("id", "username").from("users").where("id", .in, ids)
                .where(SQLRaw("id NOT IN (SELECT user_id FROM market_makers)"))
                .where(SQLRaw("id NOT IN (SELECT user_id FROM background_traders)"))
                .where("role", .notEqual, UserRole.admin.rawValue).all()
            {
                names[try row.decode(column: "id", as: Int64.self)] = try row.decode(
                    column: "username", as: String.self)
            }
            return names
        }
    }

    static func lastPrices(of venue: VenueRuntime) -> [TickerSymbol: Cents] {
        var prices: [TickerSymbol: Cents] = [:]
        for listing in venue.committed.listings {
            prices[listing.symbol] = venue.committed.quote(listing.symbol)?.lastPrice
        }
        return prices
    }
}

struct Leaderboard: ResponseEncodable {
    let leaderboard: [LeaderboardRow]
}

struct LeaderboardRow: Encodable, Sendable {
    let username: String
    let cash: ExactDecimal
    let escrowedCash: ExactDecimal
    let totalValue: ExactDecimal

    enum CodingKeys: String, CodingKey {
        case username, cash, escrowedCash = "escrowed_cash", totalValue = "total_value"
    }
}
