import Foundation
import Hummingbird
import MarketCore
import MarketWire

/// A venue's market life at run time: its market maker switched on or off or retuned, and a dividend or a
/// price shock fired on demand, by an administrator or one of the venue's hosts.
struct MarketLifeRoutes: Sendable {
    let directory: VenueDirectory
    let life: MarketLife

    /// `{"kind":"dividend","ticker":"FUN","amount":0.25}` or `{"kind":"shock","ticker":"FUN","percent":-8}`.
    struct MarketEventBody: Decodable, Sendable {
        let event: MarketEventSchedule
        let reason: String?

        enum CodingKeys: String, CodingKey { case kind, ticker, amount, percent, reason }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            let text = MarketEventSchedule.Text(
                kind: try container.field(String.self, .kind), ticker: try container.field(String.self, .ticker),
                amount: try container.decodeCentsIfPresent(forKey: .amount),
                percent: try container.decodeCentsIfPresent(forKey: .percent)?.value, everySeconds: nil, atSeconds: 0)
            do {
                event = try text.schedule()
            } catch let error as SettingsError {
                throw RequestError.invalidField(
                    text.kind == "shock" ? "percent" : text.kind == "dividend" ? "amount" : "kind",
                    reason: error.description)
            }
            reason = try AdminAction.reason(
                try container.decodeIfPresent(String.self, forKey: .reason), required: false)
        }
    }

    struct MarketMakersAnswer: ResponseEncodable {
        let venue: String
        let enabled: Bool
        let running: Bool
        let settings: [String: String]
    }

    struct MarketEventAnswer: ResponseEncodable {
        let venue: String
        let ticker: String
        let kind: String
        let result: [String: String]
    }

    func add(to group: RouterGroup<MarketRequestContext>) {
        group.get("admin/venues/:venue/market-makers") { _, context -> MarketMakersAnswer in
            answer(try directory.administeredVenue(context))
        }
        group.put("admin/venues/:venue/market-makers") { request, context -> MarketMakersAnswer in
            let (venue, user) = try directory.administration(context)
            // `false`, `{"enabled": false}`, `true`, or the keys of ``MarketMakerSettings/Text`` (with `reason`).
            let body = try await request.decode(
                as: ReasonedBody<VenueDefinition.MarketMakersText>.self, context: context)
            let newSettings = body.value.settings
            try newSettings?.checkRequestBounds()
            let action = AdminAction(
                actor: user, action: "set_market_makers", target: "venue \(venue.id)", reason: body.reason)
            let before = venue.settings.marketMakers.auditValues
            var settings = venue.settings
            settings.marketMakers = newSettings
            try await directory.updateSettings(of: venue, settings)
            // A venue whose market life is not running (a tournament before it starts) takes them when it starts.
            if life.isRunning(venue.id) {
                try await life.start(venue, marketMakers: settings.marketMakers, events: settings.events)
            }
            try await venue.administer { _, _ in ((), [], action.record(before: before, after: newSettings.auditValues))
            }
            return answer(venue)
        }
        group.post("admin/venues/:venue/market-events") { request, context -> MarketEventAnswer in
            let (venue, user) = try directory.administration(context)
            let body = try await request.decode(as: MarketEventBody.self, context: context)
            let event = body.event
            guard venue.committed.quote(event.ticker) != nil else {
                throw RequestError.invalidField("ticker", reason: "\(event.ticker) is not listed in venue \(venue.id)")
            }
            switch event.kind {
            case .dividend(let perShare):
                let action = AdminAction(
                    actor: user, action: "pay_dividend", target: "ticker \(event.ticker)", reason: body.reason)
                let paid = try await venue.administer { live, now in
                    let paid = try live.payDividend(on: event.ticker, amountPerShare: perShare, at: now)
                    let payment = paid.flatMap { event -> DividendPayment? in
                        if case .dividendPaid(let payment) = event.kind { return payment }
                        return nil
                    }
                    let result = [
                        "per_share": MoneyText.text(cents: perShare), "holders": String(payment?.credits.count ?? 0),
                        "paid": MoneyText.text(cents: payment?.total ?? 0),
                    ]
                    return (result, paid.map { [$0] } ?? [], action.record(after: result))
                }
                return MarketEventAnswer(venue: venue.id, ticker: event.ticker.rawValue, kind: "dividend", result: paid)
            case .shock(let basisPoints):
                guard let maker = life.maker(of: venue.id) else {
                    throw RequestError.conflict(
                        code: "no_market_maker",
                        detail: "Venue \(venue.id) has no market maker running, so a price shock would move nothing")
                }
                let action = AdminAction(
                    actor: user, action: "price_shock", target: "ticker \(event.ticker)", reason: body.reason)
                let before = maker.fairValue(of: event.ticker).map { ["fair_value": MoneyText.text(cents: $0)] } ?? [:]
                maker.shock(event.ticker, basisPoints: basisPoints)
                var result = maker.fairValue(of: event.ticker).map { ["fair_value": MoneyText.text(cents: $0)] } ?? [:]
                result["basis_points"] = String(basisPoints)
                try await venue.administer { _, _ in ((), [], action.record(before: before, after: result)) }
                return MarketEventAnswer(venue: venue.id, ticker: event.ticker.rawValue, kind: "shock", result: result)
            }
        }
    }

    private func answer(_ venue: VenueRuntime) -> MarketMakersAnswer {
        let settings = venue.settings.marketMakers
        return MarketMakersAnswer(
            venue: venue.id, enabled: settings != nil, running: life.maker(of: venue.id) != nil,
            settings: settings.auditValues)
    }
}

extension Optional where Wrapped == MarketMakerSettings {
    /// The market maker's main settings as the API and audit records state them.
    var auditValues: [String: String] {
        guard let settings = self else { return ["enabled": "false"] }
        return [
            "enabled": "true", "spread_bps": String(settings.policy.spreadBasisPoints),
            "levels": String(settings.policy.levels),
            "size": settings.policy.sizePerLevel.description,
            "level_spacing_bps": String(settings.policy.levelSpacingBasisPoints),
            "inventory_limit": settings.policy.inventoryLimit.description,
            "skew_bps": String(settings.policy.skewBasisPoints),
            "refresh_ms": String(
                settings.refreshInterval.components.seconds * 1000 + settings.refreshInterval.components.attoseconds
                    / 1_000_000_000_000_000),
        ]
    }
}
