import MarketCore

/// An administrator's change to a venue's market life, as a value: its market maker or its background traders
/// switched on, off or retuned, or its fair value shocked. These change no account or book, so no event; the command writes its
/// audit record (before and after) to the venue's chain itself.
enum MarketLifeCommand: Sendable {
    case setMarketMakers(MarketMakerSettings?)
    case setBackgroundTraders(BackgroundTraderSettings?)
    case shock(TickerSymbol, basisPoints: Int64)

    /// Why a command cannot be carried out.
    enum Refusal: Error, Equatable {
        /// A shock moves the fair value the market maker and background traders trade around; without either it
        /// would move nothing.
        case noMarketMaker
    }

    var action: String {
        switch self {
        case .setMarketMakers: "set_market_makers"
        case .setBackgroundTraders: "set_background_traders"
        case .shock: "price_shock"
        }
    }

    func target(in venue: String) -> String {
        switch self {
        case .setMarketMakers, .setBackgroundTraders: "venue \(venue)"
        case .shock(let ticker, _): "ticker \(ticker)"
        }
    }
}

extension MarketLife {
    /// Runs an administrator's `command` on `venue`'s market life, for `reason`, and journals its audit record;
    /// returns the values after it that the record states.
    @discardableResult
    func run(
        _ command: MarketLifeCommand, on venue: VenueRuntime, in directory: VenueDirectory, by actor: AuthenticatedUser,
        reason: String?
    ) async throws -> [String: String] {
        try await changes.withLock {
            try await runHoldingLock(command, on: venue, in: directory, by: actor, reason: reason)
        }
    }

    private func runHoldingLock(
        _ command: MarketLifeCommand, on venue: VenueRuntime, in directory: VenueDirectory, by actor: AuthenticatedUser,
        reason: String?
    ) async throws -> [String: String] {
        let action = AdminAction(
            actor: actor, action: command.action, target: command.target(in: venue.id), reason: reason)
        let (before, after): ([String: String], [String: String])
        switch command {
        case .setMarketMakers(let makers):
            before = venue.settings.marketMakers.auditValues
            var settings = venue.settings
            settings.marketMakers = makers
            try await directory.updateSettings(of: venue, settings)
            // A venue whose market life is not running (a tournament before it starts) takes them when it starts.
            if isRunning(venue.id) {
                try await startHoldingLock(venue)
            }
            after = makers.auditValues
        case .setBackgroundTraders(let traders):
            before = venue.settings.backgroundTraders.auditValues
            var settings = venue.settings
            settings.backgroundTraders = traders
            try await directory.updateSettings(of: venue, settings)
            if isRunning(venue.id) { try await startHoldingLock(venue) }
            after = traders.auditValues
        case .shock(let ticker, let basisPoints):
            guard let fairValues = maker(of: venue.id)?.fairValues ?? backgroundTraders(of: venue.id)?.fairValues else {
                throw MarketLifeCommand.Refusal.noMarketMaker
            }
            let fairValue = { fairValues.value(of: ticker).map { ["fair_value": MoneyText.text(cents: $0)] } ?? [:] }
            before = fairValue()
            fairValues.shock(ticker, basisPoints: basisPoints)
            after = fairValue().merging(["basis_points": String(basisPoints)]) { $1 }
        }
        try await venue.record(action, before: before, after: after)
        return after
    }
}
