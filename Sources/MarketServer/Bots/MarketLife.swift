import Foundation
import Logging
import MarketCore
import SQLKit
import Synchronization

/// What keeps venues moving with nobody else present: a market maker per venue (when its settings ask for
/// one) and each venue's scheduled events, dividends and price shocks. Venues start and stop their market
/// life independently: a tournament's begins when trading starts and ends when the tournament does.
public final class MarketLife: Sendable {
    let database: Database
    let users: UserStore
    let passwords: PasswordHasher
    private let logger: Logger
    /// `false` (`MARKET_MAKERS=off`) keeps every venue without a market maker, whatever its settings say.
    private let marketMakersEnabled: Bool
    private let makers = Mutex<[String: MarketMaker]>([:])
    private let populations = Mutex<[String: BackgroundTraders]>([:])
    private let running = Mutex<[String: Task<Void, Never>]>([:])
    /// Taken by every start, stop and command, so that two at once cannot both start a venue's market
    /// life (leaving one running unseen) or both create the same house user.
    let changes = AsyncLock()

    init(database: Database, users: UserStore, passwords: PasswordHasher, marketMakersEnabled: Bool, logger: Logger) {
        self.marketMakersEnabled = marketMakersEnabled
        self.database = database
        self.users = users
        self.passwords = passwords
        self.logger = logger
    }

    /// The venue's market maker, while its market life runs.
    public func maker(of venue: String) -> MarketMaker? { makers.withLock { $0[venue] } }

    /// The venue's background traders, while its market life runs.
    public func backgroundTraders(of venue: String) -> BackgroundTraders? { populations.withLock { $0[venue] } }

    /// Whether the venue's market life runs.
    public func isRunning(_ venue: String) -> Bool { running.withLock { $0[venue] != nil } }

    /// Starts the venue's market life from its settings: a market maker quoting as `marketMakers` says,
    /// background traders as `backgroundTraders` says (none when either is `nil`), both around the same fair
    /// values, and the scheduled `events`, timed from `origin` (by default now, by the venue's clock; an event
    /// whose time passed before now is skipped, so a restart does not fire it twice). Their users are created
    /// once and remembered, their accounts seeded through the journal. Restarts it if it was running.
    public func start(_ venue: VenueRuntime, timedFrom start: Timestamp? = nil) async throws {
        try await changes.withLock { try await startHoldingLock(venue, timedFrom: start) }
    }

    /// ``start(_:timedFrom:)`` for a caller already holding ``changes``.
    func startHoldingLock(_ venue: VenueRuntime, timedFrom start: Timestamp? = nil) async throws {
        let now = venue.clock.now()
        let origin = start ?? now
        await stopHoldingLock(venue.id)
        let settings = venue.settings
        let makerSettings = marketMakersEnabled ? settings.marketMakers : nil
        let fairValues = FairValues(
            venue: venue,
            parameters: makerSettings?.fairValue ?? settings.backgroundTraders?.fairValue ?? .init(),
            seed: makerSettings?.randomSeed ?? settings.backgroundTraders?.randomSeed ?? 0)
        var maker: MarketMaker?
        if let makerSettings {
            let userID = try await marketMakerUser(of: venue)
            maker = MarketMaker(
                venue: venue, account: AccountID(userID.rawValue), settings: makerSettings, fairValues: fairValues,
                logger: logger)
            try await maker?.prepareAccount()
        }
        var traders: BackgroundTraders?
        if let traderSettings = settings.backgroundTraders, !traderSettings.styles.isEmpty {
            let traderUsers = try await backgroundTraderUsers(of: venue, count: traderSettings.styles.count)
            traders = BackgroundTraders(
                venue: venue, traders: zip(traderUsers, traderSettings.styles).map { (AccountID($0.rawValue), $1) },
                settings: traderSettings, fairValues: fairValues, stepsFairValues: maker == nil, logger: logger)
            try await traders?.prepareAccounts()
        }
        makers.withLock { $0[venue.id] = maker }
        populations.withLock { $0[venue.id] = traders }
        let events = settings.events
        let task = Task { [maker, traders] in
            await withDiscardingTaskGroup { group in
                if let maker { group.addTask { await maker.run() } }
                if let traders { group.addTask { await traders.run() } }
                for event in events {
                    group.addTask { await self.keep(event, in: venue, timedFrom: origin, startingAt: now) }
                }
            }
        }
        running.withLock { $0[venue.id] = task }
    }

    /// Stops the venue's market maker, background traders and events, and waits until they have stopped. Its resting quotes stay
    /// until someone cancels them.
    public func stop(_ venue: String) async {
        await changes.withLock { await stopHoldingLock(venue) }
    }

    private func stopHoldingLock(_ venue: String) async {
        let task = running.withLock { $0.removeValue(forKey: venue) }
        makers.withLock { _ = $0.removeValue(forKey: venue) }
        populations.withLock { _ = $0.removeValue(forKey: venue) }
        task?.cancel()
        await task?.value
    }

    /// Stops every venue's market life.
    func stopAll() async {
        for venue in running.withLock({ Array($0.keys) }) { await stop(venue) }
    }

    /// Pays a scheduled dividend, applies a shock or publishes a headline now.
    public func fire(_ event: MarketEventSchedule, in venue: VenueRuntime) async throws {
        switch (event.kind, event.ticker) {
        case (.dividend(let perShare), let ticker?):
            let payment = try await venue.payDividend(on: ticker, amountPerShare: perShare)
            logger.info(
                "Dividend on \(venue.id)/\(ticker): \(payment?.total ?? 0) cents to \(payment?.credits.count ?? 0) holders"
            )
        case (.shock(let basisPoints), let ticker?):
            fairValues(of: venue.id)?.shock(ticker, basisPoints: basisPoints)
        case (.news(let news), _):
            try await venue.publish(news)
            shock(by: news, in: venue.id)
        case (.dividend, nil), (.shock, nil):
            logger.warning("A scheduled \(event.kind) on \(venue.id) names no ticker")
        }
    }

    /// The fair values the venue's market maker and background traders trade around, while either runs.
    func fairValues(of venue: String) -> FairValues? {
        maker(of: venue)?.fairValues ?? backgroundTraders(of: venue)?.fairValues
    }

    /// Moves the fair value of the ticker a headline names by the shock it carries, if both are given.
    func shock(by news: NewsItem, in venue: String) {
        guard let ticker = news.ticker, let basisPoints = news.shockBasisPoints else { return }
        fairValues(of: venue)?.shock(ticker, basisPoints: basisPoints)
    }

    /// Fires `event` on its timing, counted from `origin`, until cancelled.
    /// `now` is when the market life started: an event due then (`at_seconds` 0 of a new venue) still fires,
    /// however long its task took to begin.
    private func keep(
        _ event: MarketEventSchedule, in venue: VenueRuntime, timedFrom origin: Timestamp, startingAt now: Timestamp
    ) async {
        let elapsed = Duration.milliseconds(max(0, now.millisecondsSinceEpoch - origin.millisecondsSinceEpoch))
        var delay: Duration
        let repeats: Bool
        switch event.timing {
        case .every(let interval):
            // The next multiple of the interval after the origin, as if the schedule had run all along.
            let periods = (elapsed / interval).rounded(.down) + 1
            delay = interval * periods - elapsed
            repeats = true
        case .once(let after):
            guard after >= elapsed else { return }
            delay = after - elapsed
            repeats = false
        }
        repeat {
            do {
                try await Task.sleep(for: delay)
                delay = event.timing.interval ?? delay
                try await fire(event, in: venue)
            } catch is CancellationError {
                return
            } catch {
                logger.warning(
                    "Scheduled \(event.kind) on \(venue.id)/\(event.ticker?.rawValue ?? "") failed: \(error)")
            }
        } while repeats && !Task.isCancelled
    }
}
