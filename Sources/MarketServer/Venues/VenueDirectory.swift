import Logging
import MarketCore
import SQLKit
import Synchronization

/// Every venue of the server, rebuilt at start from the journal.
public final class VenueDirectory: Sendable {
    public static let mainVenue = "main"

    private let venues = Mutex<[String: VenueRuntime]>([:])
    let journal: Journal
    private let database: Database
    private let feed: RealtimeFeed?

    private init(database: Database, journal: Journal, feed: RealtimeFeed?) {
        self.database = database
        self.journal = journal
        self.feed = feed
    }

    public func venue(_ id: String) -> VenueRuntime? { venues.withLock { $0[id] } }

    public var main: VenueRuntime { venue(Self.mainVenue)! }

    /// Every venue, by id.
    public var all: [VenueRuntime] { venues.withLock { $0.values.sorted { $0.id < $1.id } } }

    /// Recovers every stored venue by replaying its journal (checking the hash chain on the way), then
    /// creates venue `main` if it is missing and lists any configured ticker it lacks.
    ///
    /// The journal writer must be running, since creating `main` waits for its first events to commit.
    public static func open(
        database: Database, journal: Journal, tickers: [TickerListing], feed: RealtimeFeed? = nil, logger: Logger
    ) async throws -> VenueDirectory {
        let directory = VenueDirectory(database: database, journal: journal, feed: feed)
        let ids = try await database.withConnection { sql in
            try await sql.raw("SELECT id FROM venues ORDER BY id").all().map { try $0.decode(column: "id", as: String.self) }
        }
        for id in ids {
            let started = ContinuousClock.now
            let replay = try await JournalReplay.replay(id, from: database)
            directory.add(
                VenueRuntime(id: id, live: replay.venue, journal: journal), committedThrough: replay.lastSequence,
                lastHash: replay.lastHash)
            logger.info("Recovered venue \(id): \(replay.lastSequence) events in \(ContinuousClock.now - started)")
        }
        if directory.venue(mainVenue) == nil {
            try await database.withConnection { sql in
                try await sql.insert(into: "venues").columns("id", "name", "config", "created_at")
                    .values(mainVenue, "Main market", "{}", Timestamp.now.millisecondsSinceEpoch).run()
            }
            directory.add(
                VenueRuntime(id: mainVenue, live: Venue(id: mainVenue), journal: journal), committedThrough: 0,
                lastHash: JournalEntry.genesisHash)
        }
        let main = directory.main
        let listed = Set(main.committed.listings.map(\.symbol))
        for listing in tickers where !listed.contains(listing.symbol) {
            try await main.list(listing)
        }
        return directory
    }

    private func add(_ runtime: VenueRuntime, committedThrough last: UInt64, lastHash: String) {
        venues.withLock { $0[runtime.id] = runtime }
        let venueFeed = feed?.attach(runtime)
        // Readers and subscribers hear of the events only now, once they are durable; the replica first,
        // so that a snapshot built on a feed message agrees with it.
        journal.register(venue: runtime.id, committedThrough: last, lastHash: lastHash) { [runtime] events in
            runtime.applyCommitted(events)
            venueFeed?.publish(committed: events)
        }
    }
}
