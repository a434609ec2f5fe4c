import Foundation
import MarketCore

/// A tournament as its file in `tournaments/` (or `POST /api/admin/tournaments`) describes it:
///
/// ```json
/// {"id": "classroom-sprint", "name": "Classroom sprint", "description": "…",
///  "starts_in_seconds": 600, "duration_seconds": 3600, "max_participants": 40, "late_entry_seconds": 300,
///  "venue": {"name": "…", "starting_cash": 10000, "tickers": […], "market_makers": {…}, "events": […]}}
/// ```
///
/// The start is `starts_at` (ISO 8601) or `starts_in_seconds` from loading, the time the decoder's
/// ``loadedAt`` entry gives; the end is `ends_at` or `duration_seconds` after the start. Entries are taken
/// while the tournament is open and, when `late_entry_seconds` is given, for that long after it starts. `venue` is a ``VenueDefinition`` without an id: the tournament's
/// venue has the tournament's id.
struct TournamentDefinition: Decodable, Sendable {
    var id: String
    var name: String
    var description: String
    var startsAt: Timestamp
    var endsAt: Timestamp
    var maxParticipants: Int
    var lateEntrySeconds: Int64
    var venue: VenueDefinition

    enum CodingKeys: String, CodingKey {
        case id, name, description, venue
        case startsAt = "starts_at", startsInSeconds = "starts_in_seconds", endsAt = "ends_at"
        case durationSeconds = "duration_seconds", maxParticipants = "max_participants"
        case lateEntrySeconds = "late_entry_seconds"
    }

    /// The `userInfo` key of the time the definition is loaded at, by the clock its venue will run on.
    static let loadedAt = CodingUserInfoKey(rawValue: "loadedAt")!

    /// The longest tournament: a season.
    static let longestDuration: Int64 = 366 * 24 * 3_600_000

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.field(String.self, .id)
        guard VenueDefinition.isValidID(id), id != VenueDirectory.mainVenue else {
            throw RequestError.invalidField(
                "id", reason: "must be 1 to 40 lower-case letters, digits or dashes, and not main")
        }
        name = try container.field(String.self, .name).trimmingCharacters(in: .whitespaces)
        guard (1...100).contains(name.unicodeScalars.count) else {
            throw RequestError.invalidField("name", reason: "must be 1 to 100 characters")
        }
        description = try container.optionalField(String.self, .description) ?? ""
        guard description.unicodeScalars.count <= 2_000 else {
            throw RequestError.invalidField("description", reason: "must be at most 2,000 characters")
        }
        guard let now = decoder.userInfo[Self.loadedAt] as? Timestamp else {
            throw RequestError.invalidField("starts_at", reason: "cannot be read without the time of loading")
        }
        startsAt = try Self.time(
            container, absolute: .startsAt, relative: .startsInSeconds, after: now,
            allowed: 0...Self.longestDuration / 1_000,
            expected: "give either starts_at or starts_in_seconds (0 to a year)")
        endsAt = try Self.time(
            container, absolute: .endsAt, relative: .durationSeconds, after: startsAt,
            allowed: 1...Self.longestDuration / 1_000,
            expected: "give either ends_at or duration_seconds (1 s to a year)")
        maxParticipants = try container.field(Int.self, .maxParticipants)
        lateEntrySeconds = try container.optionalField(Int64.self, .lateEntrySeconds) ?? 0
        try Self.check(
            startsAt: startsAt, endsAt: endsAt, maxParticipants: maxParticipants, lateEntrySeconds: lateEntrySeconds,
            now: now)
        guard container.contains(.venue) else { throw RequestError.invalidField("venue", reason: "is required") }
        venue = try VenueDefinition(from: try container.superDecoder(forKey: .venue), tournament: id)
    }

    /// The rules a schedule, a size and a late entry keep, at creation and at every edit.
    static func check(
        startsAt: Timestamp, endsAt: Timestamp, maxParticipants: Int, lateEntrySeconds: Int64, now: Timestamp
    ) throws {
        let length = endsAt.millisecondsSinceEpoch - startsAt.millisecondsSinceEpoch
        guard endsAt > startsAt, length <= Self.longestDuration else {
            throw RequestError.invalidField("ends_at", reason: "must be after the start, and at most a year after it")
        }
        guard endsAt > now else { throw RequestError.invalidField("ends_at", reason: "is in the past") }
        guard (2...100_000).contains(maxParticipants) else {
            throw RequestError.invalidField("max_participants", reason: "must be from 2 to 100,000")
        }
        guard lateEntrySeconds >= 0, lateEntrySeconds <= length / 1_000 else {
            throw RequestError.invalidField(
                "late_entry_seconds", reason: "must be from 0 to the tournament's length in seconds")
        }
    }

    /// A moment given either as an ISO 8601 time (`absolute`) or as seconds after `origin` (`relative`).
    static func time(
        _ container: KeyedDecodingContainer<CodingKeys>, absolute: CodingKeys, relative: CodingKeys,
        after origin: Timestamp, allowed: ClosedRange<Int64>, expected: String
    ) throws -> Timestamp {
        guard
            let time = try optionalTime(
                container, absolute: absolute, relative: relative, after: origin, allowed: allowed,
                expected: expected)
        else { throw RequestError.invalidField(absolute.stringValue, reason: expected) }
        return time
    }

    /// As ``time(_:absolute:relative:after:allowed:expected:)``, `nil` when neither member is given.
    static func optionalTime(
        _ container: KeyedDecodingContainer<CodingKeys>, absolute: CodingKeys, relative: CodingKeys,
        after origin: Timestamp, allowed: ClosedRange<Int64>, expected: String
    ) throws -> Timestamp? {
        switch (try container.optionalField(String.self, absolute), try container.optionalField(Int64.self, relative)) {
        case (nil, nil):
            return nil
        case (let text?, nil):
            guard let time = Timestamp(parameter: text) else {
                throw RequestError.invalidField(absolute.stringValue, reason: "must be an ISO 8601 time")
            }
            return time
        case (nil, let seconds?) where allowed.contains(seconds):
            return Timestamp(millisecondsSinceEpoch: origin.millisecondsSinceEpoch + seconds * 1_000)
        default:
            throw RequestError.invalidField(absolute.stringValue, reason: expected)
        }
    }
}
