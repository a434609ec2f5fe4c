import Foundation
import MarketCore
import SQLKit

/// Rebuilds a venue from its stored journal, checking on the way that the sequence has no gap and that
/// every entry matches its hash and chains to the one before.
struct JournalReplay {
    let venue: Venue
    let lastSequence: UInt64
    let lastHash: String

    static func replay(_ venueID: String, from database: Database) async throws -> JournalReplay {
        let venue = Venue(id: venueID)
        var last: UInt64 = 0
        var lastHash = JournalEntry.genesisHash
        var reader = JournalRecord.Reader()
        while true {
            let after = Int64(last)
            let rows = try await database.withConnection { sql in
                try await sql.raw(
                    """
                    SELECT sequence, kind, payload, format, created_at, prev_hash, hash FROM events
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
                let format = try row.decode(column: "format", as: Int.self)
                let createdAt = try row.decode(column: "created_at", as: Int64.self)
                let previousHash = try row.decode(column: "prev_hash", as: String.self)
                let hash = try row.decode(column: "hash", as: String.self)
                guard sequence == last + 1 else {
                    throw RecoveryError.gap(venue: venueID, after: last, found: sequence)
                }
                guard previousHash == lastHash,
                    hash
                        == JournalEntry.hash(
                            venue: venueID, sequence: sequence, kind: kind, payload: payload, createdAt: createdAt,
                            previousHash: previousHash)
                else { throw RecoveryError.brokenChain(venue: venueID, sequence: sequence) }
                let event: EventKind
                do {
                    event = try reader.event(payload, format: format)
                } catch {
                    throw RecoveryError.unreadable(venue: venueID, sequence: sequence)
                }
                venue.apply(
                    Event(sequence: sequence, timestamp: Timestamp(millisecondsSinceEpoch: createdAt), kind: event))
                last = sequence
                lastHash = hash
            }
        }
        return JournalReplay(venue: venue, lastSequence: last, lastHash: lastHash)
    }
}

/// The stored journal cannot be trusted.
public enum RecoveryError: Error, CustomStringConvertible {
    case gap(venue: String, after: UInt64, found: UInt64)
    case brokenChain(venue: String, sequence: UInt64)
    case unreadable(venue: String, sequence: UInt64)
    case unreadableRow(table: String, venue: String, key: Int64)

    public var description: String {
        switch self {
        case .gap(let venue, let after, let found):
            "the journal of venue \(venue) jumps from event \(after) to \(found)"
        case .brokenChain(let venue, let sequence):
            "the journal of venue \(venue) is broken at event \(sequence): the entry does not match its hash or the hash before it"
        case .unreadable(let venue, let sequence):
            "event \(sequence) of venue \(venue) cannot be read"
        case .unreadableRow(let table, let venue, let key):
            "row \(key) of venue \(venue) in table \(table) cannot be read"
        }
    }
}
