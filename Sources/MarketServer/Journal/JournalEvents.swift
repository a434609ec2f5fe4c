import MarketCore
import SQLKit

/// Reads a venue's committed events back from the journal, for those who follow it from a point on (the
/// webhooks after a restart). Replay, which checks the chain, is ``JournalReplay``.
enum JournalEvents {
    /// Up to `limit` events of `venue` after `sequence`, in order.
    static func read(_ venue: String, after sequence: UInt64, limit: Int, from database: Database) async throws
        -> [Event]
    {
        let rows = try await database.withConnection { sql in
            try await sql.raw(
                """
                SELECT sequence, payload, format, created_at FROM events
                WHERE venue_id = \(bind: venue) AND sequence > \(bind: Int64(sequence))
                ORDER BY sequence LIMIT \(bind: limit)
                """
            ).all()
        }
        var reader = JournalRecord.Reader()
        return try rows.map { row in
            let sequence = UInt64(try row.decode(column: "sequence", as: Int64.self))
            do {
                let kind = try reader.event(
                    try row.decode(column: "payload", as: String.self),
                    format: try row.decode(column: "format", as: Int.self))
                return Event(
                    sequence: sequence,
                    timestamp: Timestamp(millisecondsSinceEpoch: try row.decode(column: "created_at", as: Int64.self)),
                    kind: kind)
            } catch {
                throw RecoveryError.unreadable(venue: venue, sequence: sequence)
            }
        }
    }

    /// The sequence of `venue`'s last committed event; 0 when it has none.
    static func lastSequence(of venue: String, in database: Database) async throws -> UInt64 {
        let last = try await database.withConnection { sql in
            try await sql.raw("SELECT MAX(sequence) AS last FROM events WHERE venue_id = \(bind: venue)").first()?
                .decode(column: "last", as: Int64?.self)
        }
        return UInt64(last ?? 0)
    }
}
