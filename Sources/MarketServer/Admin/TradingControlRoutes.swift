import Foundation
import Hummingbird
import MarketCore

/// Administrators halt and resume trading (every venue, a venue, or one ticker) and cancel resting orders
/// in bulk, with their escrow refunded. Every change is a journalled event like any other, with its audit
/// record beside it.
struct TradingControlRoutes: Sendable {
    let directory: VenueDirectory
    let users: UserStore

    struct HaltBody: Decodable, Sendable {
        let ticker: String?
        let reason: String
    }

    struct ResumeBody: Decodable, Sendable {
        let ticker: String?
        let reason: String?
    }

    /// Whose orders to cancel, named by `user_id` or by `username` (not both); everyone's when neither.
    struct CancelBody: Decodable, Sendable {
        let userID: UserID?
        let username: String?
        let ticker: String?
        let reason: String?

        enum CodingKeys: String, CodingKey { case userID = "user_id", username, ticker, reason }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            userID = try container.decodeIfPresent(UserID.self, forKey: .userID)
            username = try container.decodeIfPresent(String.self, forKey: .username)
            guard userID == nil || username == nil else {
                throw RequestError.invalidField("user_id", reason: "give either user_id or username, not both")
            }
            ticker = try container.decodeIfPresent(String.self, forKey: .ticker)
            reason = try container.decodeIfPresent(String.self, forKey: .reason)
        }
    }

    struct StatusAnswer: ResponseEncodable {
        let venue: String
        let ticker: String?
        let status: String
        let reason: String?
    }

    struct StatusList: ResponseEncodable {
        let venues: [StatusAnswer]
    }

    struct CancelAnswer: ResponseEncodable {
        let venue: String
        let cancelled: Int
    }

    func add(to group: RouterGroup<MarketRequestContext>) {
        group.post("admin/venues/:venue/halt") { request, context -> StatusAnswer in
            let (venue, user) = try directory.administration(context)
            let body = try await request.decode(as: HaltBody.self, context: context)
            let reason = try AdminAction.reason(body.reason, required: true)!
            let ticker = try listedTicker(body.ticker, in: venue)
            try await setStatus(.halted(reason: reason), of: ticker, in: venue, by: user, reason: reason)
            return StatusAnswer(venue: venue.id, ticker: ticker?.rawValue, status: "halted", reason: reason)
        }
        group.post("admin/venues/:venue/resume") { request, context -> StatusAnswer in
            let (venue, user) = try directory.administration(context)
            let body = try await request.decode(as: ResumeBody.self, context: context)
            let reason = try AdminAction.reason(body.reason, required: false)
            let ticker = try listedTicker(body.ticker, in: venue)
            try await setStatus(.open, of: ticker, in: venue, by: user, reason: reason)
            return StatusAnswer(venue: venue.id, ticker: ticker?.rawValue, status: "open", reason: nil)
        }
        group.post("admin/halt") { request, context -> StatusList in
            let user = try VenueDirectory.requireAdministrator(context, to: "halt every venue")
            let body = try await request.decode(as: HaltBody.self, context: context)
            guard body.ticker == nil else {
                throw RequestError.invalidField("ticker", reason: "halt one venue's ticker through its venue")
            }
            let reason = try AdminAction.reason(body.reason, required: true)!
            var answers: [StatusAnswer] = []
            for venue in directory.all {
                try await setStatus(.halted(reason: reason), of: nil, in: venue, by: user, reason: reason)
                answers.append(StatusAnswer(venue: venue.id, ticker: nil, status: "halted", reason: reason))
            }
            return StatusList(venues: answers)
        }
        group.post("admin/resume") { request, context -> StatusList in
            let user = try VenueDirectory.requireAdministrator(context, to: "resume every venue")
            let body = try await request.decode(as: ResumeBody.self, context: context)
            guard body.ticker == nil else {
                throw RequestError.invalidField("ticker", reason: "resume one venue's ticker through its venue")
            }
            let reason = try AdminAction.reason(body.reason, required: false)
            var answers: [StatusAnswer] = []
            for venue in directory.all {
                try await setStatus(.open, of: nil, in: venue, by: user, reason: reason)
                answers.append(StatusAnswer(venue: venue.id, ticker: nil, status: "open", reason: nil))
            }
            return StatusList(venues: answers)
        }
        group.post("admin/venues/:venue/cancel-orders") { request, context -> CancelAnswer in
            let (venue, user) = try directory.administration(context)
            let body = try await request.decode(as: CancelBody.self, context: context)
            let reason = try AdminAction.reason(body.reason, required: false)
            let ticker = try listedTicker(body.ticker, in: venue)
            let owner = try await users.id(of: body.userID, orNamed: body.username)
            let events = try await venue.run(.cancelOrders(user: owner, ticker: ticker), by: user, reason: reason)
                .events
            return CancelAnswer(venue: venue.id, cancelled: events.count)
        }
    }

    private func setStatus(
        _ status: TradingStatus, of ticker: TickerSymbol?, in venue: VenueRuntime, by user: AuthenticatedUser,
        reason: String?
    ) async throws {
        try await venue.run(.setTradingStatus(status, ticker: ticker), by: user, reason: reason)
    }

    private func listedTicker(_ text: String?, in venue: VenueRuntime) throws -> TickerSymbol? {
        guard let text else { return nil }
        let symbol = TickerSymbol(text.uppercased())
        guard venue.committed.quote(symbol) != nil else {
            throw RequestError.invalidField("ticker", reason: "\(symbol) is not listed in venue \(venue.id)")
        }
        return symbol
    }
}
