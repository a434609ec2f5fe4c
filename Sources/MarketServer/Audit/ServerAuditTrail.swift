import MarketCore

/// The journal of server-wide administrative actions (users, venues, hosts): a hash chain like a venue's,
/// under the reserved journal id `_server`, which no venue id can take. It holds only audit records.
public final class ServerAuditTrail: Sendable {
    /// The journal id of the chain. Venue ids start with a letter or digit.
    public static let journalID = "_server"

    /// Numbers the records; holds no state besides the last sequence.
    private let chain: Venue
    private let journal: Journal

    private init(chain: Venue, journal: Journal) {
        self.chain = chain
        self.journal = journal
    }

    /// Recovers the chain (checking it) and registers it with the journal.
    static func open(database: Database, journal: Journal) async throws -> ServerAuditTrail {
        let replay = try await JournalReplay.replay(journalID, from: database)
        journal.register(venue: journalID, committedThrough: replay.lastSequence, lastHash: replay.lastHash) { _ in }
        return ServerAuditTrail(chain: replay.venue, journal: journal)
    }

    /// Appends `record` and returns once it is durable.
    func record(_ record: AuditRecord) async throws {
        if let stopped = journal.stopped { throw VenueUnavailable(venue: Self.journalID, reason: stopped.reason) }
        let event = chain.record(record, at: WallClock().now())
        journal.enqueue([event], venue: Self.journalID)
        do {
            try await journal.waitUntilDurable(venue: Self.journalID, through: event.sequence)
        } catch let stopped as Journal.Stopped {
            throw VenueUnavailable(venue: Self.journalID, reason: stopped.reason)
        }
    }
}
