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

struct PortfolioAnswer: ResponseEncodable {
    struct Holding: Encodable, Sendable {
        let ticker: String
        let quantity: Shares
        let currentPrice: ExactDecimal
        let value: ExactDecimal

        enum CodingKeys: String, CodingKey { case ticker, quantity, value, currentPrice = "current_price" }
    }

    let userID: String
    let username: String
    let cash: ExactDecimal
    let buyingPower: ExactDecimal
    let escrowedCash: ExactDecimal
    let holdings: [Holding]
    let totalValue: ExactDecimal
    /// Cash held as collateral for shares sold short.
    let marginUsed: ExactDecimal
    /// Free cash, which can back further short sales and margin calls.
    let marginAvailable: ExactDecimal
    /// The venue's margins where it allows short selling, and whether this account may; `nil` (written as
    /// null) where the venue does not.
    let shortSelling: ShortSellingRule?

    struct ShortSellingRule: Encodable, Sendable {
        let initialMarginBps: Int64
        let maintenanceMarginBps: Int64
        /// Whether the venue lends shares only to accounts that turned short selling on for themselves.
        let optIn: Bool
        /// Whether this account turned it on.
        let optedIn: Bool
        /// Whether this account may sell short now.
        let allowed: Bool

        enum CodingKeys: String, CodingKey {
            case initialMarginBps = "initial_margin_bps", maintenanceMarginBps = "maintenance_margin_bps"
            case optIn = "opt_in", optedIn = "opted_in", allowed
        }
    }

    enum CodingKeys: String, CodingKey {
        case userID = "user_id", username, cash, holdings
        case buyingPower = "buying_power", escrowedCash = "escrowed_cash", totalValue = "total_value"
        case marginUsed = "margin_used", marginAvailable = "margin_available", shortSelling = "short_selling"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(userID, forKey: .userID)
        try container.encode(username, forKey: .username)
        try container.encode(cash, forKey: .cash)
        try container.encode(buyingPower, forKey: .buyingPower)
        try container.encode(escrowedCash, forKey: .escrowedCash)
        try container.encode(holdings, forKey: .holdings)
        try container.encode(totalValue, forKey: .totalValue)
        try container.encode(marginUsed, forKey: .marginUsed)
        try container.encode(marginAvailable, forKey: .marginAvailable)
        try container.encode(shortSelling, forKey: .shortSelling)
    }

    init(user: AuthenticatedUser, account: Account, prices: [TickerSymbol: Cents], shortSelling: ShortSelling?) {
        let valuation = Valuation(account: account, prices: prices)
        userID = user.id.description
        username = user.username
        cash = ExactDecimal(cents: account.cash)
        buyingPower = ExactDecimal(cents: account.cash)
        escrowedCash = ExactDecimal(cents: account.reservedCash)
        holdings = valuation.holdings.map {
            Holding(
                ticker: $0.ticker.rawValue, quantity: $0.quantity, currentPrice: ExactDecimal(cents: $0.price),
                value: ExactDecimal(cents: $0.value))
        }
        totalValue = ExactDecimal(cents: valuation.total)
        marginUsed = ExactDecimal(cents: account.collateral)
        marginAvailable = ExactDecimal(cents: account.cash)
        self.shortSelling = shortSelling.map {
            ShortSellingRule(
                initialMarginBps: $0.initialMarginBasisPoints, maintenanceMarginBps: $0.maintenanceMarginBasisPoints,
                optIn: $0.isOptIn, optedIn: account.sellsShort, allowed: !$0.isOptIn || account.sellsShort)
        }
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
