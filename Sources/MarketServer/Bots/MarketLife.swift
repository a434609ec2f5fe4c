import Foundation
import Logging
import MarketCore
import SQLKit
import ServiceLifecycle
import Synchronization

/// What keeps venues moving with nobody else present: a market maker per venue (when enabled) and each
/// venue's scheduled events, dividends and price shocks.
public final class MarketLife: Sendable {
    private let database: Database
    private let users: UserStore
    private let passwords: PasswordHasher
    public let settings: MarketMakerSettings
    private let logger: Logger
    private let makers = Mutex<[String: MarketMaker]>([:])
    private let schedules = Mutex<[String: [MarketEventSchedule]]>([:])

    init(database: Database, users: UserStore, passwords: PasswordHasher, settings: MarketMakerSettings, logger: Logger) {
        self.database = database
        self.users = users
        self.passwords = passwords
        self.settings = settings
        self.logger = logger
    }

    /// The venue's market maker, once added.
    public func maker(of venue: String) -> MarketMaker? { makers.withLock { $0[venue] } }

    /// Gives the venue a market maker: its user (created once and remembered in `market_makers`) and its
    /// seeded account. It starts quoting when ``run()`` runs.
    @discardableResult
    public func addMarketMaker(to venue: VenueRuntime) async throws -> MarketMaker {
        let userID = try await marketMakerUser(of: venue.id)
        let maker = MarketMaker(venue: venue, account: AccountID(userID.rawValue), settings: settings, logger: logger)
        try await maker.prepareAccount()
        makers.withLock { $0[venue.id] = maker }
        return maker
    }

    /// Schedules dividends and shocks for a venue.
    public func schedule(_ events: [MarketEventSchedule], in venue: VenueRuntime) {
        schedules.withLock { $0[venue.id, default: []] += events }
    }

    /// Pays a scheduled dividend or applies a shock now.
    public func fire(_ event: MarketEventSchedule, in venue: VenueRuntime) async throws {
        switch event.kind {
        case .dividend(let perShare):
            let payment = try await venue.payDividend(on: event.ticker, amountPerShare: perShare)
            logger.info("Dividend on \(venue.id)/\(event.ticker): \(payment?.total ?? 0) cents to \(payment?.credits.count ?? 0) holders")
        case .shock(let basisPoints):
            maker(of: venue.id)?.shock(event.ticker, basisPoints: basisPoints)
        }
    }

    /// Runs every market maker and every schedule until cancelled.
    func run(venues: VenueDirectory) async {
        let makers = makers.withLock { Array($0.values) }
        let schedules = schedules.withLock { $0 }
        await withDiscardingTaskGroup { group in
            for maker in makers { group.addTask { await maker.run() } }
            for (venueID, events) in schedules {
                guard let venue = venues.venue(venueID) else { continue }
                for event in events {
                    group.addTask {
                        while !Task.isCancelled {
                            do {
                                try await Task.sleep(for: event.every)
                                try await self.fire(event, in: venue)
                            } catch is CancellationError {
                                return
                            } catch {
                                self.logger.warning("Scheduled \(event.kind) on \(venueID)/\(event.ticker) failed: \(error)")
                            }
                        }
                    }
                }
            }
        }
    }

    private func marketMakerUser(of venue: String) async throws -> UserID {
        let stored = try await database.withConnection { sql in
            try await sql.select().column("user_id").from("market_makers").where("venue_id", .equal, venue).first()
                .map { try $0.decode(column: "user_id", as: Int64.self) }
        }
        if let stored { return UserID(stored) }
        let username = String("market-maker.\(venue)".prefix(32))
        let user: UserRecord
        if let existing = try await users.find(username: username) {
            user = existing
        } else {
            // Nobody logs in as the market maker: its password is random and never shown.
            let password = (0..<4).map { _ in String(UInt64.random(in: .min ... .max), radix: 36) }.joined()
            user = try await users.create(username: username, passwordHash: try await passwords.hash(password), role: .trader)
        }
        try await database.withConnection { sql in
            try await sql.insert(into: "market_makers").columns("venue_id", "user_id", "created_at")
                .values(venue, user.id.rawValue, Timestamp.now.millisecondsSinceEpoch).run()
        }
        return user.id
    }
}

/// Runs the market life of every venue while the server runs.
struct MarketLifeService: Service {
    let life: MarketLife
    let venues: VenueDirectory

    func run() async throws {
        // A service must not end before the server does, even with nothing to run.
        let running = Task { await life.run(venues: venues) }
        try? await gracefulShutdown()
        running.cancel()
        await running.value
    }
}
