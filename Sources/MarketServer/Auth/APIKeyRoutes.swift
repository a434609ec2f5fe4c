import Foundation
import Hummingbird
import MarketCore

/// `GET /api/keys`, `POST /api/keys`, `DELETE /api/keys/{id}`: an authenticated user's API keys, each with its
/// scope (``APIKeyScope``). A new key comes with its signing secret (``RequestSigning``).
struct APIKeyRoutes {
    let apiKeys: APIKeyStore
    /// Whether the user administers the server or hosts a venue: only they may hold admin keys.
    let usesControlPlane: @Sendable (AuthenticatedUser) -> Bool
    /// A new key's signing secret.
    let signingSecret: @Sendable (APIKeySecret) -> String?

    struct CreateBody: Decodable {
        var name: String?
        var scope: APIKeyScope?

        enum CodingKeys: String, CodingKey { case name, scope }

        init(name: String? = nil, scope: APIKeyScope? = nil) {
            self.name = name
            self.scope = scope
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            name = try container.decodeIfPresent(String.self, forKey: .name)
            guard container.contains(.scope) else { return }
            guard let text = try? container.decode(String.self, forKey: .scope) else {
                throw RequestError.invalidField("scope", reason: "must be read, trade or admin")
            }
            guard let scope = APIKeyScope(rawValue: text) else {
                throw RequestError.invalidField("scope", reason: "must be read, trade or admin")
            }
            self.scope = scope
        }
    }

    struct KeyAnswer: Encodable {
        var id: String
        var name: String
        var prefix: String
        var scope: APIKeyScope
        var createdAt: String
        var lastUsedAt: String?
        /// Present only in the answer that creates the key.
        var apiKey: String?
        /// The secret that signs requests instead of sending the key; only in the answer that creates it.
        var signingSecret: String?

        enum CodingKeys: String, CodingKey {
            case id, name, prefix, scope, createdAt = "created_at", lastUsedAt = "last_used_at", apiKey = "api_key"
            case signingSecret = "signing_secret"
        }

        init(_ record: APIKeyRecord, secret: APIKeySecret? = nil, signingSecret: String? = nil) {
            self.signingSecret = signingSecret
            id = String(record.id)
            name = record.name
            prefix = record.prefix
            scope = record.scope
            createdAt = record.createdAt.iso8601
            lastUsedAt = record.lastUsedAt?.iso8601
            apiKey = secret?.text
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(id, forKey: .id)
            try container.encode(name, forKey: .name)
            try container.encode(prefix, forKey: .prefix)
            try container.encode(scope, forKey: .scope)
            try container.encode(createdAt, forKey: .createdAt)
            try container.encode(lastUsedAt, forKey: .lastUsedAt)  // null rather than absent: never used yet
            try container.encodeIfPresent(apiKey, forKey: .apiKey)
            try container.encodeIfPresent(signingSecret, forKey: .signingSecret)
        }
    }

    struct KeyList: ResponseEncodable {
        var keys: [KeyAnswer]

        func encode(to encoder: any Encoder) throws {
            try keys.encode(to: encoder)
        }
    }

    struct CreatedKey: ResponseEncodable {
        var key: KeyAnswer

        func encode(to encoder: any Encoder) throws {
            try key.encode(to: encoder)
        }
    }

    struct RevokedKey: ResponseEncodable {
        var id: String
        var status = "revoked"
    }

    func add(to group: RouterGroup<MarketRequestContext>) {
        group.get("keys") { _, context -> KeyList in
            let user = try context.requireUser()
            return KeyList(keys: try await apiKeys.activeKeys(of: user.id).map { KeyAnswer($0) })
        }
        group.post("keys") { request, context -> CreatedKey in
            let user = try context.requireUser()
            let body = try await Self.decodeOptionalBody(request, context: context)
            let name = body.name?.trimmingCharacters(in: .whitespaces) ?? ""
            let scope = body.scope ?? .trade
            // A key never makes a wider one, and only those who use the control plane hold admin keys.
            guard scope <= user.scope else { throw APIKeyError.widerThanCallingKey(scope, caller: user.scope) }
            guard scope < .admin || usesControlPlane(user) else { throw APIKeyError.scopeNotAllowed(scope) }
            let (record, secret) = try await apiKeys.create(
                userID: user.id, name: name.isEmpty ? "key" : name, scope: scope)
            return CreatedKey(key: KeyAnswer(record, secret: secret, signingSecret: signingSecret(secret)))
        }
        group.delete("keys/{id}") { _, context -> RevokedKey in
            let user = try context.requireUser()
            guard let id = context.parameters.get("id", as: Int64.self) else { throw APIKeyError.notFound }
            try await apiKeys.revoke(id: id, by: user.id)
            return RevokedKey(id: String(id))
        }
    }

    /// `POST /api/keys` may be sent without a body at all.
    private static func decodeOptionalBody(_ request: Request, context: MarketRequestContext) async throws
        -> CreateBody
    {
        if request.headers[.contentLength] == "0"
            || (request.headers[.contentLength] == nil
                && request.headers[.transferEncoding] == nil)
        {
            return CreateBody()
        }
        return try await request.decode(as: CreateBody.self, context: context)
    }
}
