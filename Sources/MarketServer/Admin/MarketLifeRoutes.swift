import Foundation
import Hummingbird
import MarketCore
import MarketWire

/// A venue's market life at run time: its market maker and its background traders switched on or off or
/// retuned, and a dividend or a price shock fired on demand, by an administrator or one of the venue's hosts.
struct MarketLifeRoutes: Sendable {
    let directory: VenueDirectory
    let life: MarketLife

    /// `{"kind":"dividend","ticker":"FUN","amount":0.25}`, `{"kind":"shock","ticker":"FUN","percent":-8}` or
    /// `{"kind":"news","headline":"FUN recalls its toys","ticker":"FUN","percent":-8}` (ticker and percent
    /// optional).
    struct MarketEventBody: Decodable, Sendable {
        let event: MarketEventSchedule
        let reason: String?

        enum CodingKeys: String, CodingKey { case kind, ticker, headline, amount, percent, reason }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            let kind = try container.field(String.self, .kind)
            let text = MarketEventSchedule.Text(
                kind: kind,
                ticker: kind == "news"
                    ? try container.optionalField(String.self, .ticker) : try container.field(String.self, .ticker),
                headline: try container.optionalField(String.self, .headline),
                amount: try container.decodeCentsIfPresent(forKey: .amount),
                percent: try container.decodeCentsIfPresent(forKey: .percent)?.value, everySeconds: nil, atSeconds: 0)
            do {
                event = try text.schedule()
            } catch let error as SettingsError {
                throw RequestError.invalidField(error.field ?? "kind", reason: error.description)
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
        /// Absent for a headline that names no ticker.
        let ticker: String?
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
            return try await fire(body.event, in: venue, by: user, reason: body.reason)
        }
    }

    /// Fires an event a host asked for now: a dividend, a shock or a headline, each audited with its reason.
    private func fire(
        _ event: MarketEventSchedule, in venue: VenueRuntime, by user: AuthenticatedUser, reason: String?
    ) async throws -> MarketEventAnswer {
        if let ticker = event.ticker, venue.committed.quote(ticker) == nil {
            throw RequestError.invalidField("ticker", reason: "\(ticker) is not listed in venue \(venue.id)")
        }
        let noFairValue = RequestError.conflict(
            code: "no_market_maker",
            detail:
                "Venue \(venue.id) has no market maker or background traders running, so a price shock would move nothing"
        )
        switch (event.kind, event.ticker) {
        case (.dividend(let perShare), let ticker?):
            let paid = try await venue.run(.payDividend(ticker, perShare: perShare), by: user, reason: reason)
            return MarketEventAnswer(venue: venue.id, ticker: ticker.rawValue, kind: "dividend", result: paid.after)
        case (.shock(let basisPoints), let ticker?):
            do {
                let result = try await life.run(
                    .shock(ticker, basisPoints: basisPoints), on: venue, in: directory, by: user, reason: reason)
                return MarketEventAnswer(venue: venue.id, ticker: ticker.rawValue, kind: "shock", result: result)
            } catch MarketLifeCommand.Refusal.noMarketMaker {
                throw noFairValue
            }
        case (.news(let news), _):
            if news.shockBasisPoints != nil, life.fairValues(of: venue.id) == nil { throw noFairValue }
            let published = try await venue.run(.publishNews(news), by: user, reason: reason)
            life.shock(by: news, in: venue.id)
            var result = published.after
            result["id"] = published.events.first.map { String($0.sequence) }
            return MarketEventAnswer(venue: venue.id, ticker: news.ticker?.rawValue, kind: "news", result: result)
        case (.dividend, nil), (.shock, nil):
            throw RequestError.invalidField("ticker", reason: "is required")
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
