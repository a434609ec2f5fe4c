import Foundation
import Hummingbird
import MarketCore
import SQLKit

/// `GET /api/admin/venues/{venue}/agents`: every account of the venue with what it did lately (orders and
/// fills per minute, refusals by reason, rate-limit hits, last activity) and where it stands (open orders,
/// value, P&L against the venue's starting cash), for an administrator or host watching the agents.
struct AgentRoutes: Sendable {
    let directory: VenueDirectory
    let database: Database
    let rateLimitHits: RateLimitHits

    struct AgentAnswer: Encodable, Sendable {
        let userID: String
        let username: String
        let marketMaker: Bool
        /// One of the venue's simulated population (see ``BackgroundTraders``).
        let backgroundTrader: Bool
        let cash: ExactDecimal
        let reservedCash: ExactDecimal
        let openOrders: Int
        let totalValue: ExactDecimal
        let pnl: ExactDecimal
        let ordersPerMinute: Int
        let fillsPerMinute: Int
        let rejections: [String: Int]
        let rateLimited: Int
        let lastActivity: String?

        enum CodingKeys: String, CodingKey {
            case username, cash, pnl, rejections
            case userID = "user_id", marketMaker = "market_maker", backgroundTrader = "background_trader"
            case reservedCash = "reserved_cash", openOrders =
                "open_orders"
            case totalValue = "total_value", ordersPerMinute = "orders_per_minute", fillsPerMinute = "fills_per_minute"
            case rateLimited = "rate_limited", lastActivity = "last_activity"
        }
    }

    struct AgentList: ResponseEncodable {
        let venue: String
        let asOf: String
        let agents: [AgentAnswer]

        enum CodingKeys: String, CodingKey { case venue, agents, asOf = "as_of" }
    }

    func add(to group: RouterGroup<MarketRequestContext>) {
        group.get("admin/venues/:venue/agents") { request, context -> AgentList in
            let venue = try directory.administeredVenue(context)
            let text = request.uri.queryParameters.get("limit") ?? "200"
            guard let limit = Int(text), (1...1_000).contains(limit) else {
                throw RequestError.invalidField("limit", reason: "must be a whole number from 1 to 1,000")
            }
            let now = venue.clock.now()
            let (names, house) = try await database.withConnection { sql in
                var names: [Int64: String] = [:]
                for row in try await sql.raw(
                    "SELECT a.user_id, u.username FROM accounts a JOIN users u ON u.id = a.user_id WHERE a.venue_id = \(bind: venue.id)"
                ).all() {
                    names[try row.decode(column: "user_id", as: Int64.self)] = try row.decode(
                        column: "username", as: String.self)
                }
                let makers = try await sql.select().column("user_id").from("market_makers").where(
                    "venue_id", .equal, venue.id
                )
                .all().map { try $0.decode(column: "user_id", as: Int64.self) }
                let traders = try await sql.select().column("user_id").from("background_traders").where(
                    "venue_id", .equal, venue.id
                )
                .all().map { try $0.decode(column: "user_id", as: Int64.self) }
                return (names, (makers: Set(makers), traders: Set(traders)))
            }
            let snapshot = venue.committed.snapshot()
            let prices = snapshot.markets.mapValues(\.lastPrice)
            let activity = venue.activity.summaries(at: now)
            let agents = snapshot.accounts.map { id, account -> (AgentAnswer, Int64) in
                let value = Valuation(account: account, prices: prices).total
                let seen = activity[id]
                let hits = rateLimitHits.hits(of: UserID(id.rawValue))
                let last = [seen?.lastActivity, hits.last].compactMap { $0 }.max {
                    $0.millisecondsSinceEpoch < $1.millisecondsSinceEpoch
                }
                let answer = AgentAnswer(
                    userID: String(id.rawValue), username: names[id.rawValue] ?? "",
                    marketMaker: house.makers.contains(id.rawValue),
                    backgroundTrader: house.traders.contains(id.rawValue),
                    cash: ExactDecimal(cents: account.cash),
                    reservedCash: ExactDecimal(cents: account.reservedCash),
                    openOrders: account.openOrders, totalValue: ExactDecimal(cents: value),
                    pnl: ExactDecimal(cents: value.saturatingSubtracting(account.given)),
                    ordersPerMinute: seen?.ordersPerMinute ?? 0,
                    fillsPerMinute: seen?.fillsPerMinute ?? 0, rejections: seen?.rejections ?? [:],
                    rateLimited: hits.count,
                    lastActivity: last?.iso8601)
                return (answer, last?.millisecondsSinceEpoch ?? 0)
            }
            // The most recently active first; the idle by name.
            let sorted = agents.sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0.username < $1.0.username }.prefix(limit).map(
                \.0)
            return AgentList(venue: venue.id, asOf: now.iso8601, agents: Array(sorted))
        }
    }
}
