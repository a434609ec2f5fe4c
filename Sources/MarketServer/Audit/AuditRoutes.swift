import Foundation
import Hummingbird
import MarketCore
import SQLKit

/// `GET /api/admin/audit?venue&actor&action&since&until&limit&offset`: administrative actions, newest first.
/// Administrators see every venue's and the server's (venue `_server`); a host sees only the venues they host.
struct AuditRoutes: Sendable {
    let directory: VenueDirectory
    let database: Database

    struct EntryAnswer: Encodable, Sendable {
        let venue: String
        let sequence: UInt64
        let time: String
        let actorID: String
        let actor: String
        let action: String
        let target: String
        /// The name of the user a `user N…` target is, so that people read names, not numbers.
        let targetUsername: String?
        let reason: String?
        let before: [String: String]
        let after: [String: String]

        enum CodingKeys: String, CodingKey {
            case venue, sequence, time, actor, action, target, reason, before, after, actorID = "actor_id"
            case targetUsername = "target_username"
        }

        init(_ row: AuditLogRow, names: [Int64: String]) {
            venue = row.venue
            sequence = row.sequence
            time = row.createdAt.iso8601
            actorID = String(row.record.actorID)
            actor = row.record.actorName
            action = row.record.action
            target = row.record.target
            targetUsername = AuditRoutes.targetUser(row.record.target).flatMap { names[$0] }
            reason = row.record.reason
            before = row.record.before
            after = row.record.after
        }
    }

    struct AuditList: ResponseEncodable {
        let entries: [EntryAnswer]
    }

    func add(to group: RouterGroup<MarketRequestContext>) {
        group.get("admin/audit") { request, context -> AuditList in
            let user = try context.requireUser()
            let query = request.uri.queryParameters
            let page = try Page(request)
            let venues = try visibleVenues(to: user, asked: query.get("venue"))
            let since = try query.get("since").map { try time($0, "since") }
            let until = try query.get("until").map { try time($0, "until") }
            let actor = query.get("actor").flatMap { $0.isEmpty ? nil : $0 }
            let action = query.get("action").flatMap { $0.isEmpty ? nil : $0 }
            let rows = try await database.withConnection { sql in
                let select = sql.select().columns(AuditLogRow.columns.map { SQLColumn($0) }).from("audit_log")
                if let venues { select.where("venue_id", .in, venues) }
                if let actor {
                    if let id = Int64(actor) {
                        select.where("actor_id", .equal, id)
                    } else {
                        select.where("actor_username", .equal, actor)
                    }
                }
                if let action { select.where("action", .equal, action) }
                if let since { select.where("created_at", .greaterThanOrEqual, since.millisecondsSinceEpoch) }
                if let until { select.where("created_at", .lessThan, until.millisecondsSinceEpoch) }
                return try await select.orderBy("created_at", .descending).orderBy("venue_id").orderBy(
                    "sequence", .descending
                )
                .limit(page.limit).offset(page.offset).all().map(AuditLogRow.init(row:))
            }
            let names = try await usernames(Set(rows.compactMap { Self.targetUser($0.record.target) }))
            return AuditList(entries: rows.map { EntryAnswer($0, names: names) })
        }
    }

    /// The user id of a target written `user N` (or `user N of venue V`).
    static func targetUser(_ target: String) -> Int64? {
        guard target.hasPrefix("user ") else { return nil }
        return Int64(target.dropFirst(5).prefix { $0.isNumber })
    }

    private func usernames(_ ids: Set<Int64>) async throws -> [Int64: String] {
        guard !ids.isEmpty else { return [:] }
        return try await database.withConnection { sql in
            var names: [Int64: String] = [:]
            for row in try await sql.select().columns("id", "username").from("users").where("id", .in, Array(ids))
                .all()
            {
                names[try row.decode(column: "id", as: Int64.self)] = try row.decode(
                    column: "username", as: String.self)
            }
            return names
        }
    }

    /// The venues whose records the caller may read (`nil`: all): an administrator any, a host those they host.
    private func visibleVenues(to user: AuthenticatedUser, asked: String?) throws -> [String]? {
        let asked = asked.flatMap { $0.isEmpty ? nil : $0 }
        if user.isAdmin { return asked.map { [$0] } }
        let hosted = directory.all.filter { $0.isHost(user.id) }.map(\.id)
        guard !hosted.isEmpty else {
            throw RequestError.forbidden("Only administrators and hosts may read the audit log")
        }
        guard let asked else { return hosted }
        guard hosted.contains(asked) else { throw RequestError.forbidden("You do not host venue \(asked)") }
        return [asked]
    }

    private func time(_ text: String, _ field: String) throws -> Timestamp {
        guard let time = Timestamp(parameter: text) else {
            throw RequestError.invalidField(field, reason: "must be an ISO 8601 time or seconds since 1970")
        }
        return time
    }
}
