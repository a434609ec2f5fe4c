import Foundation
import MarketCore

/// Changes to a draft tournament (`PATCH /api/admin/tournaments/{id}`): any of `name`, `description`,
/// `starts_at` or `starts_in_seconds`, `ends_at` or `duration_seconds`, `max_participants` and
/// `late_entry_seconds`, with the rules a definition keeps. A new start without a new end keeps the length.
struct TournamentEdit: Decodable, Sendable {
    typealias Keys = TournamentDefinition.CodingKeys

    var name: String?
    var description: String?
    /// The new start, and the seconds after it given for the end, or its absolute end.
    var startsAt: Timestamp?
    var endsAt: Timestamp?
    var durationSeconds: Int64?
    var maxParticipants: Int?
    var lateEntrySeconds: Int64?

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Keys.self)
        guard let now = decoder.userInfo[TournamentDefinition.loadedAt] as? Timestamp else {
            throw RequestError.invalidField("starts_at", reason: "cannot be read without the time of loading")
        }
        name = try container.optionalField(String.self, .name)?.trimmingCharacters(in: .whitespaces)
        if let name, !(1...100).contains(name.unicodeScalars.count) {
            throw RequestError.invalidField("name", reason: "must be 1 to 100 characters")
        }
        description = try container.optionalField(String.self, .description)
        if let description, description.unicodeScalars.count > 2_000 {
            throw RequestError.invalidField("description", reason: "must be at most 2,000 characters")
        }
        let longest = TournamentDefinition.longestDuration / 1_000
        startsAt = try TournamentDefinition.optionalTime(
            container, absolute: .startsAt, relative: .startsInSeconds, after: now, allowed: 0...longest,
            expected: "give either starts_at or starts_in_seconds (0 to a year)")
        let end = try container.optionalField(String.self, .endsAt)
        durationSeconds = try container.optionalField(Int64.self, .durationSeconds)
        switch (end, durationSeconds) {
        case (let text?, nil):
            guard let time = Timestamp(parameter: text) else {
                throw RequestError.invalidField("ends_at", reason: "must be an ISO 8601 time")
            }
            endsAt = time
        case (nil, let seconds?) where (1...longest).contains(seconds): break
        case (nil, nil): break
        default:
            throw RequestError.invalidField(
                "ends_at", reason: "give either ends_at or duration_seconds (1 s to a year)")
        }
        maxParticipants = try container.optionalField(Int.self, .maxParticipants)
        lateEntrySeconds = try container.optionalField(Int64.self, .lateEntrySeconds)
    }

    /// The draft with these changes, checked as a new definition would be at `now`.
    func applied(to draft: TournamentRecord, now: Timestamp) throws -> TournamentRecord {
        var edited = draft
        edited.name = name ?? draft.name
        edited.description = description ?? draft.description
        edited.startsAt = startsAt ?? draft.startsAt
        let length = draft.endsAt.millisecondsSinceEpoch - draft.startsAt.millisecondsSinceEpoch
        let seconds = durationSeconds.map { $0 * 1_000 } ?? length
        edited.endsAt = endsAt ?? Timestamp(millisecondsSinceEpoch: edited.startsAt.millisecondsSinceEpoch + seconds)
        edited.maxParticipants = maxParticipants ?? draft.maxParticipants
        edited.lateEntrySeconds = lateEntrySeconds ?? draft.lateEntrySeconds
        try TournamentDefinition.check(
            startsAt: edited.startsAt, endsAt: edited.endsAt, maxParticipants: edited.maxParticipants,
            lateEntrySeconds: edited.lateEntrySeconds, now: now)
        return edited
    }
}
