import Foundation
import Hummingbird
import MarketCore
import MarketWire

/// `POST /api/alerts`, `GET /api/alerts`, `DELETE /api/alerts/{id}`: the caller's price alerts in one venue.
struct PriceAlertRoutes: Sendable {
    let scope: VenueScope
    let alerts: PriceAlerts

    /// `{"ticker", "above" | "below", "repeating"?}`.
    struct Body: Decodable, Sendable {
        let ticker: TickerSymbol
        let direction: PriceAlert.Direction
        let price: Cents
        let isRepeating: Bool

        enum CodingKeys: String, CodingKey { case ticker, above, below, repeating }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            ticker = TickerSymbol(try container.decode(String.self, forKey: .ticker).uppercased())
            let above = try container.decodeCentsIfPresent(forKey: .above)
            let below = try container.decodeCentsIfPresent(forKey: .below)
            switch (above, below) {
            case (let price?, nil): (direction, self.price) = (.above, price)
            case (nil, let price?): (direction, self.price) = (.below, price)
            default: throw RequestError.invalidField("above", reason: "give either above or below, a price")
            }
            guard price > 0, price <= AmountCeiling.orderValue else {
                throw RequestError.invalidField(
                    direction.rawValue,
                    reason: "must be above 0 and at most \(MoneyText.text(cents: AmountCeiling.orderValue))")
            }
            isRepeating = try container.decodeIfPresent(Bool.self, forKey: .repeating) ?? false
        }
    }

    func add(to group: RouterGroup<MarketRequestContext>) {
        group.post("alerts") { request, context -> EditedResponse<AlertAnswer> in
            let user = try context.requireUser()
            let venue = try scope.venue(context)
            _ = try scope.account(of: user, in: venue)
            let body = try await request.decode(as: Body.self, context: context)
            guard venue.committed.quote(body.ticker) != nil else {
                throw RequestError.badRequest(
                    code: "unknown_ticker", detail: "Unknown ticker \(body.ticker) in venue \(venue.id)")
            }
            let alert = PriceAlert(
                id: RowID.random(), venue: venue.id, owner: user.id, ticker: body.ticker, direction: body.direction,
                price: body.price, isRepeating: body.isRepeating, createdAt: venue.clock.now())
            try await alerts.add(alert)
            return EditedResponse(status: .created, response: AlertAnswer(alert))
        }
        group.get("alerts") { _, context -> AlertList in
            let user = try context.requireUser()
            let venue = try scope.venue(context)
            _ = try scope.account(of: user, in: venue)
            return AlertList(alerts: alerts.alerts(of: user.id, in: venue.id).map(AlertAnswer.init))
        }
        group.delete("alerts/:alert") { _, context -> AlertRemoved in
            let user = try context.requireUser()
            let venue = try scope.venue(context)
            guard let id = context.parameters.get("alert", as: Int64.self) else {
                throw PriceAlertError.notFound(0)
            }
            try await alerts.remove(id, of: user.id, in: venue.id)
            return AlertRemoved(alertID: String(id))
        }
    }
}

/// One alert as the API shows it.
struct AlertAnswer: ResponseEncodable, Sendable {
    let alertID: String
    let ticker: String
    let direction: String
    let price: ExactDecimal
    let repeating: Bool
    let armed: Bool
    let createdAt: String
    let firedAt: String?
    let timesFired: Int64

    enum CodingKeys: String, CodingKey {
        case alertID = "alert_id", ticker, direction, price, repeating, armed, createdAt = "created_at"
        case firedAt = "fired_at", timesFired = "times_fired"
    }

    init(_ alert: PriceAlert) {
        alertID = String(alert.id)
        ticker = alert.ticker.rawValue
        direction = alert.direction.rawValue
        price = ExactDecimal(cents: alert.price)
        repeating = alert.isRepeating
        armed = alert.isArmed
        createdAt = alert.createdAt.iso8601
        firedAt = alert.firedAt?.iso8601
        timesFired = alert.timesFired
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(alertID, forKey: .alertID)
        try container.encode(ticker, forKey: .ticker)
        try container.encode(direction, forKey: .direction)
        try container.encode(price, forKey: .price)
        try container.encode(repeating, forKey: .repeating)
        try container.encode(armed, forKey: .armed)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(firedAt, forKey: .firedAt)  // null until it fires
        try container.encode(timesFired, forKey: .timesFired)
    }
}

struct AlertList: ResponseEncodable {
    let alerts: [AlertAnswer]
}

struct AlertRemoved: ResponseEncodable {
    let alertID: String
    var status = "deleted"

    enum CodingKeys: String, CodingKey { case alertID = "alert_id", status }
}

extension PriceAlertError: ErrorAnswerConvertible {
    var errorAnswer: ErrorAnswer {
        switch self {
        case .limitReached(let limit):
            ErrorAnswer(
                status: .conflict, error: "alert_limit",
                detail: "You have \(limit) alerts in this venue, the most it keeps; delete one first")
        case .notFound:
            ErrorAnswer(status: .notFound, error: "not_found", detail: "No such alert of yours in this venue")
        }
    }
}
