import Foundation
import Hummingbird
import MarketCore
import MarketWire

/// Tickers at run time: an administrator or host lists a new one in a venue, or delists one (its orders
/// cancelled and refunded, every holder's shares bought back at a stated price).
struct TickerRoutes: Sendable {
    let directory: VenueDirectory
    let life: MarketLife

    struct DelistingBody: Decodable, Sendable {
        let price: Cents
        let reason: String

        enum CodingKeys: String, CodingKey { case price, reason }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            guard container.contains(.price) else {
                throw RequestError.invalidField("price", reason: "is required: the price at which holdings are settled")
            }
            price = try container.decodeCents(forKey: .price)
            guard (1...AmountCeiling.orderValue).contains(price) else {
                throw RequestError.invalidField("price", reason: "must be above 0 and at most 10,000,000,000.00")
            }
            reason = try AdminAction.reason(
                try container.decodeIfPresent(String.self, forKey: .reason), required: true)!
        }
    }

    struct DelistingAnswer: ResponseEncodable {
        struct Settlement: Encodable, Sendable {
            let userID: String
            let shares: Shares
            let amount: ExactDecimal

            enum CodingKeys: String, CodingKey { case userID = "user_id", shares, amount }
        }

        let venue: String
        let ticker: String
        let price: ExactDecimal
        let cancelledOrders: Int
        let settlements: [Settlement]

        enum CodingKeys: String, CodingKey {
            case venue, ticker, price, settlements, cancelledOrders = "cancelled_orders"
        }
    }

    func add(to group: RouterGroup<MarketRequestContext>) {
        group.post("admin/venues/:venue/tickers") { request, context -> EditedResponse<VenueAnswer> in
            let (venue, user) = try directory.administration(context)
            let body = try await request.decode(as: ReasonedBody<VenueDefinition.TickerText>.self, context: context)
            try await venue.run(.list(try body.value.listing()), by: user, reason: body.reason)
            // A running market maker gets its inventory of the new ticker, as it would at start.
            try await life.maker(of: venue.id)?.prepareAccount()
            return EditedResponse(status: .created, response: VenueAnswer(venue, forAdministrator: true))
        }
        group.post("admin/venues/:venue/tickers/:ticker/delist") { request, context -> DelistingAnswer in
            let (venue, user) = try directory.administration(context)
            let symbol = TickerSymbol((context.parameters.get("ticker") ?? "").uppercased())
            guard venue.committed.quote(symbol) != nil else {
                throw RequestError.notFound("Ticker \(symbol) is not listed in venue \(venue.id)")
            }
            let body = try await request.decode(as: DelistingBody.self, context: context)
            let events = try await venue.run(.delist(symbol, price: body.price), by: user, reason: body.reason).events
            guard case .tickerDelisted(let payment)? = events.last?.kind else {
                preconditionFailure("a delisting without its event")
            }
            return DelistingAnswer(
                venue: venue.id, ticker: symbol.rawValue, price: ExactDecimal(cents: body.price),
                cancelledOrders: events.count - 1,
                settlements: payment.credits.map {
                    .init(
                        userID: $0.account.description, shares: $0.shares,
                        amount: ExactDecimal(cents: $0.amount))
                })
        }
    }
}
