import Foundation
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
            let (venue, last, lastHash) = try await directory.replay(id)
            directory.add(VenueRuntime(id: id, live: venue, journal: journal), committedThrough: last, lastHash: lastHash)
            logger.info("Recovered venue \(id): \(last) events in \(ContinuousClock.now - started)")
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

    /// Applies a venue's stored events in order to an empty venue.
    private func replay(_ venueID: String) async throws -> (Venue, UInt64, String) {
        let venue = Venue(id: venueID)
        var last: UInt64 = 0
        var lastHash = JournalEntry.genesisHash
        while true {
            let after = Int64(last)
            let rows = try await database.withConnection { sql in
                try await sql.raw(
                    """
                    SELECT sequence, kind, payload, created_at, prev_hash, hash FROM events
                    WHERE venue_id = \(bind: venueID) AND sequence > \(bind: after)
                    ORDER BY sequence LIMIT 5000
                    """
                ).all()
            }
            if rows.isEmpty { break }
            for row in rows {
                let sequence = UInt64(try row.decode(column: "sequence", as: Int64.self))
                let kind = try row.decode(column: "kind", as: String.self)
                let payload = try row.decode(column: "payload", as: String.self)
                let createdAt = try row.decode(column: "created_at", as: Int64.self)
                let previousHash = try row.decode(column: "prev_hash", as: String.self)
                let hash = try row.decode(column: "hash", as: String.self)
                guard sequence == last + 1, previousHash == lastHash,
                    hash == JournalEntry.hash(
                        venue: venueID, sequence: sequence, kind: kind, payload: payload, createdAt: createdAt,
                        previousHash: previousHash)
                else {
                    throw RecoveryError.brokenJournal(venue: venueID, sequence: sequence)
                }
                venue.apply(
                    Event(
                        sequence: sequence, timestamp: Timestamp(millisecondsSinceEpoch: createdAt),
                        kind: try JSONDecoder().decode(EventKind.self, from: Data(payload.utf8))))
                last = sequence
                lastHash = hash
            }
        }
        return (venue, last, lastHash)
    }
}

/// The stored journal cannot be trusted.
public enum RecoveryError: Error, CustomStringConvertible {
    case brokenJournal(venue: String, sequence: UInt64)

    public var description: String {
        switch self {
        case .brokenJournal(let venue, let sequence):
            "the journal of venue \(venue) is broken at event \(sequence): a gap, or an entry that does not match its hash"
        }
    }
}
