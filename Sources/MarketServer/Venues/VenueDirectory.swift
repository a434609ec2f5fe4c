import Foundation
import Logging
import MarketCore
import SQLKit
import Synchronization

/// Every venue of the server, rebuilt at start from the journal, and the venues created while it runs.
public final class VenueDirectory: Sendable {
    public static let mainVenue = "main"

    private let venues = Mutex<[String: VenueRuntime]>([:])
    let journal: Journal
    private let database: Database
    private let feed: RealtimeFeed?
    /// The audit chain of server-wide actions.
    let trail: ServerAuditTrail
    /// The clock new and recovered venues run on.
    let clock: any MarketClock

    private init(
        database: Database, journal: Journal, feed: RealtimeFeed?, trail: ServerAuditTrail, clock: any MarketClock
    ) {
        self.clock = clock
        self.database = database
        self.journal = journal
        self.feed = feed
        self.trail = trail
    }

    public func venue(_ id: String) -> VenueRuntime? { venues.withLock { $0[id] } }

    /// Whether `user` hosts any venue.
    func hostsAnyVenue(_ user: UserID) -> Bool {
        venues.withLock { Array($0.values) }.contains { $0.isHost(user) }
    }

    public var main: VenueRuntime { venue(Self.mainVenue)! }

    /// Every venue, by id.
    public var all: [VenueRuntime] { venues.withLock { $0.values.sorted { $0.id < $1.id } } }

    /// Recovers every stored venue by replaying its journal (checking the hash chain on the way), then
    /// creates venue `main` if it is missing and lists any configured ticker it lacks. Venue `main` takes
    /// `mainSettings` from the configuration; every other venue, the settings it was created with.
    ///
    /// The journal writer must be running, since creating `main` waits for its first events to commit.
    public static func open(
        database: Database, journal: Journal, tickers: [TickerListing], mainSettings: VenueSettings,
        shortSelling: ShortSelling? = nil, clock: any MarketClock, feed: RealtimeFeed? = nil, logger: Logger
    ) async throws -> VenueDirectory {
        let trail = try await ServerAuditTrail.open(database: database, journal: journal)
        let directory = VenueDirectory(database: database, journal: journal, feed: feed, trail: trail, clock: clock)
        let (stored, hosts) = try await database.withConnection { sql in
            let stored = try await sql.raw("SELECT id, config FROM venues ORDER BY id").all().map {
                (
                    id: try $0.decode(column: "id", as: String.self),
                    config: try $0.decode(column: "config", as: String.self)
                )
            }
            var hosts: [String: Set<UserID>] = [:]
            for row in try await sql.raw("SELECT venue_id, user_id FROM venue_hosts").all() {
                hosts[try row.decode(column: "venue_id", as: String.self), default: []]
                    .insert(UserID(try row.decode(column: "user_id", as: Int64.self)))
            }
            return (stored, hosts)
        }
        for (id, config) in stored {
            let started = ContinuousClock.now
            let settings =
                id == mainVenue ? mainSettings : try JSONDecoder().decode(VenueSettings.self, from: Data(config.utf8))
            let replay = try await JournalReplay.replay(id, from: database)
            let accounts = try await AccountIndex.load(venue: id, from: database)
            directory.add(
                VenueRuntime(
                    id: id, live: replay.venue, journal: journal, settings: settings, clock: clock,
                    hosts: hosts[id] ?? [], accounts: accounts),
                committedThrough: replay.lastSequence, lastHash: replay.lastHash)
            logger.info("Recovered venue \(id): \(replay.lastSequence) events in \(ContinuousClock.now - started)")
        }
        if directory.venue(mainVenue) == nil {
            try await database.withConnection { sql in
                try await sql.insert(into: "venues").columns("id", "name", "config", "created_at")
                    .values(mainVenue, mainSettings.name, "{}", clock.now().millisecondsSinceEpoch).run()
            }
            directory.add(
                VenueRuntime(
                    id: mainVenue, live: Venue(id: mainVenue), journal: journal, settings: mainSettings, clock: clock),
                committedThrough: 0, lastHash: JournalEntry.genesisHash)
        }
        let main = directory.main
        for listing in tickers where !main.committed.hasListed(listing.symbol) {
            try await main.list(listing)
        }
        if main.committed.currentRules.shortSelling != shortSelling {
            try await main.setShortSelling(shortSelling)
        }
        return directory
    }

    /// Creates a venue: stores its settings, then lists its tickers and sets its fees and limits through
    /// its journal. Throws ``RequestError/conflict(code:detail:)`` when the id is taken.
    func create(_ definition: VenueDefinition) async throws -> VenueRuntime {
        let config = String(decoding: try JSONEncoder().encode(definition.settings), as: UTF8.self)
        try await database.transaction { sql in
            let taken = try await sql.select().column("id").from("venues").where("id", .equal, definition.id).first()
            guard taken == nil else {
                throw RequestError.conflict(code: "venue_exists", detail: "Venue \(definition.id) already exists")
            }
            try await sql.insert(into: "venues").columns("id", "name", "config", "created_at")
                .values(definition.id, definition.settings.name, config, clock.now().millisecondsSinceEpoch).run()
        }
        let runtime = VenueRuntime(
            id: definition.id, live: Venue(id: definition.id), journal: journal, settings: definition.settings,
            clock: clock)
        add(runtime, committedThrough: 0, lastHash: JournalEntry.genesisHash)
        for listing in definition.tickers { try await runtime.list(listing) }
        try await runtime.setFeeSchedule(definition.fees)
        try await runtime.setRiskLimits(definition.limits)
        if let rules = definition.shortSelling { try await runtime.setShortSelling(rules) }
        return runtime
    }

    /// Replaces a venue's settings, in memory and in `venues.config`. Venue `main` takes its settings from the
    /// configuration at each start, so a change to it lasts until a restart.
    func updateSettings(of venue: VenueRuntime, _ settings: VenueSettings) async throws {
        let config = String(decoding: try JSONEncoder().encode(settings), as: UTF8.self)
        if venue.id != Self.mainVenue {
            try await database.withConnection { sql in
                try await sql.update("venues").set("config", to: config).where("id", .equal, venue.id).run()
            }
        }
        venue.replaceSettings(settings)
    }

    /// Makes `user` a host of `venue`, or no longer one.
    func setHost(_ user: UserID, of venue: VenueRuntime, _ isHost: Bool, grantedBy admin: UserID) async throws {
        try await database.withConnection { sql in
            if isHost {
                try await sql.raw(
                    """
                    INSERT INTO venue_hosts (venue_id, user_id, granted_by, created_at)
                    VALUES (\(bind: venue.id), \(bind: user.rawValue), \(bind: admin.rawValue), \(bind: venue.clock.now().millisecondsSinceEpoch))
                    ON CONFLICT (venue_id, user_id) DO NOTHING
                    """
                ).run()
            } else {
                try await sql.delete(from: "venue_hosts").where("venue_id", .equal, venue.id)
                    .where("user_id", .equal, user.rawValue).run()
            }
        }
        venue.setHost(user, isHost)
    }

    private func add(_ runtime: VenueRuntime, committedThrough last: UInt64, lastHash: String) {
        venues.withLock { $0[runtime.id] = runtime }
        let venueFeed = feed?.attach(runtime)
        // Readers and subscribers hear of the events only now, once they are durable; the replica first,
        // so that a snapshot built on a feed message agrees with it.
        journal.register(venue: runtime.id, committedThrough: last, lastHash: lastHash) { [runtime] batch in
            runtime.applyCommitted(batch)
            venueFeed?.publish(committed: batch.events)
        }
    }
}
