import Foundation
import Hummingbird
import MarketCore

/// Administrators halt and resume trading (a venue, or one ticker) and cancel resting orders in bulk,
/// with their escrow refunded. Every change is a journalled event like any other.
struct TradingControlRoutes: Sendable {
    let directory: VenueDirectory

    struct HaltBody: Decodable, Sendable {
        let ticker: String?
        let reason: String
    }

    struct ResumeBody: Decodable, Sendable {
        let ticker: String?
    }

    struct CancelBody: Decodable, Sendable {
        let userID: UserID?
        let ticker: String?

        enum CodingKeys: String, CodingKey { case userID = "user_id", ticker }
    }

    struct StatusAnswer: ResponseEncodable {
        let venue: String
        let ticker: String?
        let status: String
        let reason: String?
    }

    struct CancelAnswer: ResponseEncodable {
        let venue: String
        let cancelled: Int
    }

    func add(to group: RouterGroup<MarketRequestContext>) {
        group.post("admin/venues/:venue/halt") { request, context -> StatusAnswer in
            let venue = try directory.administeredVenue(context)
            let body = try await request.decode(as: HaltBody.self, context: context)
            let reason = body.reason.trimmingCharacters(in: .whitespaces)
            guard (1...500).contains(reason.count) else { throw RequestError.invalidField("reason", reason: "must be 1 to 500 characters") }
            let ticker = try listedTicker(body.ticker, in: venue)
            try await venue.setTradingStatus(.halted(reason: reason), of: ticker)
            return StatusAnswer(venue: venue.id, ticker: ticker?.rawValue, status: "halted", reason: reason)
        }
        group.post("admin/venues/:venue/resume") { request, context -> StatusAnswer in
            let venue = try directory.administeredVenue(context)
            let body = try await request.decode(as: ResumeBody.self, context: context)
            let ticker = try listedTicker(body.ticker, in: venue)
            try await venue.setTradingStatus(.open, of: ticker)
            return StatusAnswer(venue: venue.id, ticker: ticker?.rawValue, status: "open", reason: nil)
        }
        group.post("admin/venues/:venue/cancel-orders") { request, context -> CancelAnswer in
            let venue = try directory.administeredVenue(context)
            let body = try await request.decode(as: CancelBody.self, context: context)
            let ticker = try listedTicker(body.ticker, in: venue)
            let events = try await venue.cancelAll(
                of: body.userID.map { AccountID($0.rawValue) }, in: ticker, reason: .administrative)
            return CancelAnswer(venue: venue.id, cancelled: events.count)
        }
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
