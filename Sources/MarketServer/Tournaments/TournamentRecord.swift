import MarketCore
import SQLKit

/// A tournament as stored in `tournaments`.
struct TournamentRecord: Sendable, Hashable {
    var id: String
    var name: String
    var description: String
    var status: TournamentStatus
    var startsAt: Timestamp
    var endsAt: Timestamp
    var maxParticipants: Int
    /// How long after its start the tournament still takes entries.
    var lateEntrySeconds: Int64
    var createdBy: UserID
    var createdAt: Timestamp

    init(definition: TournamentDefinition, createdBy: UserID, at time: Timestamp) {
        id = definition.id
        name = definition.name
        description = definition.description
        status = .draft
        startsAt = definition.startsAt
        endsAt = definition.endsAt
        maxParticipants = definition.maxParticipants
        lateEntrySeconds = definition.lateEntrySeconds
        self.createdBy = createdBy
        createdAt = time
    }

    init(row: any SQLRow) throws {
        id = try row.decode(column: "venue_id", as: String.self)
        name = try row.decode(column: "name", as: String.self)
        description = try row.decode(column: "description", as: String.self)
        let statusText = try row.decode(column: "status", as: String.self)
        guard let status = TournamentStatus(rawValue: statusText) else {
            throw DatabaseError.missingRow("status \(statusText)")
        }
        self.status = status
        startsAt = Timestamp(millisecondsSinceEpoch: try row.decode(column: "starts_at", as: Int64.self))
        endsAt = Timestamp(millisecondsSinceEpoch: try row.decode(column: "ends_at", as: Int64.self))
        maxParticipants = try row.decode(column: "max_participants", as: Int.self)
        lateEntrySeconds = try row.decode(column: "late_entry_seconds", as: Int64.self)
        createdBy = UserID(try row.decode(column: "created_by", as: Int64.self))
        createdAt = Timestamp(millisecondsSinceEpoch: try row.decode(column: "created_at", as: Int64.self))
    }
}

extension TournamentRecord {
    /// Whether it takes entries at `now`: while open, and when it allows late entry, for that long after its
    /// start.
    func takesEntries(at now: Timestamp) -> Bool {
        switch status {
        case .open: true
        case .active: now.millisecondsSinceEpoch < startsAt.millisecondsSinceEpoch + lateEntrySeconds * 1_000
        case .draft, .completed, .cancelled: false
        }
    }
}

/// One user's entry in a tournament.
struct TournamentEntry: Sendable, Hashable {
    var user: UserID
    var username: String
    var enteredAt: Timestamp
    var withdrawnAt: Timestamp?
    var disqualifiedAt: Timestamp?

    /// Entered, and neither withdrawn nor disqualified.
    var isCompeting: Bool { withdrawnAt == nil && disqualifiedAt == nil }
}
