import Foundation
import MarketCore
import SQLKit

/// One row of `audit_log`: an `admin_action` event of a journal, with its values as JSON text.
struct AuditLogRow: Sendable, Equatable {
    let venue: String
    let sequence: UInt64
    let createdAt: Timestamp
    let record: AuditRecord

    static let columns = [
        "venue_id", "sequence", "created_at", "actor_id", "actor_username", "action", "target", "reason",
        "before_values", "after_values",
    ]

    init(_ record: AuditRecord, venue: String, sequence: UInt64, createdAt: Timestamp) {
        self.venue = venue
        self.sequence = sequence
        self.createdAt = createdAt
        self.record = record
    }

    init(row: any SQLRow) throws {
        venue = try row.decode(column: "venue_id", as: String.self)
        sequence = UInt64(try row.decode(column: "sequence", as: Int64.self))
        createdAt = Timestamp(millisecondsSinceEpoch: try row.decode(column: "created_at", as: Int64.self))
        let decoder = JSONDecoder()
        record = AuditRecord(
            actorID: try row.decode(column: "actor_id", as: Int64.self),
            actorName: try row.decode(column: "actor_username", as: String.self),
            action: try row.decode(column: "action", as: String.self),
            target: try row.decode(column: "target", as: String.self),
            reason: try row.decode(column: "reason", as: String?.self),
            before: try decoder.decode(
                [String: String].self, from: Data(try row.decode(column: "before_values", as: String.self).utf8)),
            after: try decoder.decode(
                [String: String].self, from: Data(try row.decode(column: "after_values", as: String.self).utf8)))
    }

    /// The values before and after, as JSON text with sorted keys.
    var beforeText: String { Self.json(record.before) }
    var afterText: String { Self.json(record.after) }

    private static func json(_ values: [String: String]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: (try? encoder.encode(values)) ?? Data("{}".utf8), as: UTF8.self)
    }
}
