import Foundation
import Hummingbird
import MarketCore

/// `GET /api/keys`, `POST /api/keys`, `DELETE /api/keys/{id}`: an authenticated user's API keys.
struct APIKeyRoutes {
    let apiKeys: APIKeyStore

    struct CreateBody: Decodable {
        var name: String?
    }

    struct KeyAnswer: Encodable {
        var id: String
        var name: String
        var prefix: String
        var createdAt: String
        var lastUsedAt: String?
        /// Present only in the answer that creates the key.
        var apiKey: String?

        enum CodingKeys: String, CodingKey {
            case id, name, prefix, createdAt = "created_at", lastUsedAt = "last_used_at", apiKey = "api_key"
        }

        init(_ record: APIKeyRecord, secret: APIKeySecret? = nil) {
            id = String(record.id)
            name = record.name
            prefix = record.prefix
            createdAt = record.createdAt.iso8601
            lastUsedAt = record.lastUsedAt?.iso8601
            apiKey = secret?.text
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(id, forKey: .id)
            try container.encode(name, forKey: .name)
            try container.encode(prefix, forKey: .prefix)
            try container.encode(createdAt, forKey: .createdAt)
            try container.encode(lastUsedAt, forKey: .lastUsedAt)  // null rather than absent: never used yet
            try container.encodeIfPresent(apiKey, forKey: .apiKey)
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
            let (record, secret) = try await apiKeys.create(userID: user.id, name: name.isEmpty ? "key" : name)
            return CreatedKey(key: KeyAnswer(record, secret: secret))
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
            return CreateBody(name: nil)
        }
        return try await request.decode(as: CreateBody.self, context: context)
    }
}
