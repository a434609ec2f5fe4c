import Foundation
import Hummingbird
import MarketCore
import MarketWire

/// A venue's market life at run time: its market maker and its background traders switched on or off or
/// retuned, and a dividend or a price shock fired on demand, by an administrator or one of the venue's hosts.
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

    struct BackgroundTradersAnswer: ResponseEncodable {
        struct Trader: Encodable, Sendable {
            let userID: String
            let style: String

            enum CodingKeys: String, CodingKey { case userID = "user_id", style }
        }

        let venue: String
        let enabled: Bool
        let running: Bool
        let settings: [String: String]
        /// The population's accounts while it runs, in the order they act.
        let traders: [Trader]
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
            try await life.run(.setMarketMakers(newSettings), on: venue, in: directory, by: user, reason: body.reason)
            return answer(venue)
        }
        group.get("admin/venues/:venue/background-traders") { _, context -> BackgroundTradersAnswer in
            tradersAnswer(try directory.administeredVenue(context))
        }
        group.put("admin/venues/:venue/background-traders") { request, context -> BackgroundTradersAnswer in
            let (venue, user) = try directory.administration(context)
            // `false`, `{"enabled": false}`, `true`, or the keys of ``BackgroundTraderSettings/Text`` (with `reason`).
            let body = try await request.decode(
                as: ReasonedBody<VenueDefinition.BackgroundTradersText>.self, context: context)
            try await life.run(
                .setBackgroundTraders(body.value.settings), on: venue, in: directory, by: user, reason: body.reason)
            return tradersAnswer(venue)
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
                let paid = try await venue.run(
                    .payDividend(event.ticker, perShare: perShare), by: user, reason: body.reason)
                return MarketEventAnswer(
                    venue: venue.id, ticker: event.ticker.rawValue, kind: "dividend", result: paid.after)
            case .shock(let basisPoints):
                do {
                    let result = try await life.run(
                        .shock(event.ticker, basisPoints: basisPoints), on: venue, in: directory, by: user,
                        reason: body.reason)
                    return MarketEventAnswer(
                        venue: venue.id, ticker: event.ticker.rawValue, kind: "shock", result: result)
                } catch MarketLifeCommand.Refusal.noMarketMaker {
                    throw RequestError.conflict(
                        code: "no_market_maker",
                        detail:
                            "Venue \(venue.id) has no market maker or background traders running, so a price shock would move nothing"
                    )
                }
            }
        }
    }

    private func answer(_ venue: VenueRuntime) -> MarketMakersAnswer {
        let settings = venue.settings.marketMakers
        return MarketMakersAnswer(
            venue: venue.id, enabled: settings != nil, running: life.maker(of: venue.id) != nil,
            settings: settings.auditValues)
    }

    private func tradersAnswer(_ venue: VenueRuntime) -> BackgroundTradersAnswer {
        let settings = venue.settings.backgroundTraders
        let population = life.backgroundTraders(of: venue.id)
        return BackgroundTradersAnswer(
            venue: venue.id, enabled: settings != nil, running: population != nil, settings: settings.auditValues,
            traders: (population?.traders ?? []).map {
                .init(userID: String($0.account.rawValue), style: $0.style.rawValue)
            })
    }
}

extension Optional where Wrapped == BackgroundTraderSettings {
    /// The population's settings as the API and audit records state them.
    var auditValues: [String: String] {
        guard let settings = self else { return ["enabled": "false"] }
        var values = [
            "enabled": "true", "step_ms": String(settings.stepInterval.wholeMilliseconds),
            "cash": MoneyText.text(cents: settings.seedCash), "shares": settings.seedShares.description,
            "seed": String(settings.randomSeed),
        ]
        for style in TraderStyle.allCases {
            let behaviour = settings.behaviour(of: style)
            values["\(style.rawValue).count"] = String(behaviour.count)
            values["\(style.rawValue).chance_per_million"] = String(behaviour.chancePerMillion)
            values["\(style.rawValue).max_size"] = behaviour.maxSize.description
        }
        return values
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
            "refresh_ms": String(settings.refreshInterval.wholeMilliseconds),
        ]
    }
}
