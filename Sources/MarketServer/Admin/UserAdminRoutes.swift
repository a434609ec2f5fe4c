import Foundation
import Hummingbird
import MarketCore

/// Administrators suspend and reinstate users and revoke their API keys. A suspended user's credentials
/// stop working at once (tokens and keys alike); each action is recorded in the server's audit chain.
struct UserAdminRoutes: Sendable {
    let directory: VenueDirectory
    let users: UserStore
    let apiKeys: APIKeyStore
    /// Where ended sessions are kept; the server always has one.
    let sessions: SessionCutoffs?
    let sockets: UserSockets

    struct ReasonBody: Decodable, Sendable {
        let reason: String?
        /// On revoking keys: also end the user's sessions (tokens issued until now, and their sockets).
        let endSessions: Bool?

        enum CodingKeys: String, CodingKey {
            case reason, endSessions = "end_sessions"
        }
    }

    struct UserAnswer: ResponseEncodable {
        let userID: String
        let username: String
        let role: String
        let suspended: Bool
        let apiKeysRevoked: Int?

        enum CodingKeys: String, CodingKey {
            case username, role, suspended, userID = "user_id", apiKeysRevoked = "api_keys_revoked"
        }

        init(_ user: UserRecord, apiKeysRevoked: Int? = nil) {
            userID = user.id.description
            username = user.username
            role = user.role.rawValue
            suspended = user.suspended
            self.apiKeysRevoked = apiKeysRevoked
        }
    }

    func add(to group: RouterGroup<MarketRequestContext>) {
        group.get("admin/users/:user") { _, context -> UserAnswer in
            _ = try VenueDirectory.requireAdministrator(context, to: "look users up")
            return UserAnswer(try await user(context))
        }
        for (path, suspended) in [("suspend", true), ("reinstate", false)] {
            group.post("admin/users/:user/\(path)") { request, context -> UserAnswer in
                let admin = try VenueDirectory.requireAdministrator(context, to: "\(path) users")
                let target = try await user(context)
                let body = try await request.decode(as: ReasonBody.self, context: context)
                let reason = try AdminAction.reason(body.reason, required: suspended)
                guard target.id != admin.id else {
                    throw RequestError.badRequest(code: "own_account", detail: "You cannot \(path) yourself")
                }
                try await users.setSuspended(suspended, id: target.id)
                if suspended { sockets.close(of: target.id) }
                let action = AdminAction(
                    actor: admin, action: "\(path)_user", target: "user \(target.id) \(target.username)", reason: reason
                )
                try await directory.trail.record(
                    action.record(
                        before: ["suspended": String(target.suspended)], after: ["suspended": String(suspended)]))
                var changed = target
                changed.suspended = suspended
                return UserAnswer(changed)
            }
        }
        group.post("admin/users/:user/revoke-keys") { request, context -> UserAnswer in
            let admin = try VenueDirectory.requireAdministrator(context, to: "revoke users' API keys")
            let target = try await user(context)
            let body = try await request.decode(as: ReasonBody.self, context: context)
            let reason = try AdminAction.reason(body.reason, required: false)
            let revoked = try await apiKeys.revokeAll(of: target.id)
            let endsSessions = body.endSessions ?? false
            guard !endsSessions || target.id != admin.id else {
                throw RequestError.badRequest(code: "own_account", detail: "You cannot end your own sessions")
            }
            if endsSessions { try await sessions?.end(of: target.id) }
            sockets.close(of: target.id) { method in
                if case .apiKey = method { return true }
                return endsSessions
            }
            let action = AdminAction(
                actor: admin, action: "revoke_api_keys", target: "user \(target.id) \(target.username)", reason: reason)
            try await directory.trail.record(
                action.record(
                    before: ["active_api_keys": String(revoked)],
                    after: ["active_api_keys": "0", "sessions_ended": String(endsSessions)]))
            return UserAnswer(target, apiKeysRevoked: revoked)
        }
    }

    /// The `{user}` of the path; 404 when there is none.
    private func user(_ context: MarketRequestContext) async throws -> UserRecord {
        let text = context.parameters.get("user") ?? ""
        guard let user = try await users.find(reference: text) else {
            throw RequestError.notFound("No user \(text)")
        }
        return user
    }
}
