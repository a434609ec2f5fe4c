import MarketCore
import SQLKit

/// Reads and writes the `api_keys` table.
public struct APIKeyStore: Sendable {
    public static let maximumNameLength = 64
    /// `last_used_at` is refreshed at most this often, so that authenticating is not a write per request.
    static let lastUsedResolutionMilliseconds: Int64 = 60_000

    public let database: Database
    private let cache: CredentialCache

    public init(database: Database, cache: CredentialCache = CredentialCache()) {
        self.database = database
        self.cache = cache
    }

    /// Creates a key of `scope` for `userID` and returns it with its secret, which is never retrievable again.
    public func create(
        userID: UserID, name: String, scope: APIKeyScope = .trade
    ) async throws -> (record: APIKeyRecord, secret: APIKeySecret) {
        guard name.unicodeScalars.count <= Self.maximumNameLength else {
            throw APIKeyError.nameTooLong(maximum: Self.maximumNameLength)
        }
        let secret = APIKeySecret.generate()
        let record = APIKeyRecord(
            id: RowID.random(), userID: userID, name: name, scope: scope, prefix: secret.displayPrefix,
            createdAt: WallClock().now(),
            lastUsedAt: nil, revokedAt: nil)
        try await database.withConnection { connection in
            try await connection.raw(
                """
                INSERT INTO api_keys (id, user_id, key_hash, prefix, name, scope, created_at)
                VALUES (\(bind: record.id), \(bind: userID.rawValue), \(bind: secret.hash), \(bind: record.prefix),
                        \(bind: name), \(bind: scope.rawValue), \(bind: record.createdAt.millisecondsSinceEpoch))
                """
            ).run()
        }
        return (record, secret)
    }

    /// The user's keys that are not revoked, oldest first.
    public func activeKeys(of userID: UserID) async throws -> [APIKeyRecord] {
        try await database.withConnection { connection in
            try await connection.raw(
                """
                SELECT \(Self.columns) FROM api_keys
                WHERE user_id = \(bind: userID.rawValue) AND revoked_at IS NULL
                ORDER BY created_at, id
                """
            ).all().map(Self.record(from:))
        }
    }

    /// Revokes key `id` on behalf of `userID`: unknown or already revoked keys are ``APIKeyError/notFound``,
    /// someone else's are ``APIKeyError/belongsToAnotherUser``.
    public func revoke(id: Int64, by userID: UserID) async throws {
        try await database.transaction { connection in
            guard
                let key = try await connection.raw("SELECT \(Self.columns) FROM api_keys WHERE id = \(bind: id)")
                    .first().map(Self.record(from:)),
                key.revokedAt == nil
            else { throw APIKeyError.notFound }
            guard key.userID == userID else { throw APIKeyError.belongsToAnotherUser }
            try await connection.raw(
                """
                UPDATE api_keys SET revoked_at = \(bind: WallClock().now().millisecondsSinceEpoch) WHERE id = \(bind: id)
                """
            ).run()
        }
        cache.forget(key: id)
    }

    /// Revokes every active key of `userID` (an administrator's doing) and returns how many there were.
    public func revokeAll(of userID: UserID) async throws -> Int {
        let revoked = try await database.transaction { connection in
            let active = try await connection.raw(
                "SELECT id FROM api_keys WHERE user_id = \(bind: userID.rawValue) AND revoked_at IS NULL"
            ).all().count
            try await connection.raw(
                """
                UPDATE api_keys SET revoked_at = \(bind: WallClock().now().millisecondsSinceEpoch)
                WHERE user_id = \(bind: userID.rawValue) AND revoked_at IS NULL
                """
            ).run()
            return active
        }
        cache.forget(user: userID)
        return revoked
    }

    /// The active key with this secret and its owner, if any: from the cache, or in one query that also notes
    /// when the key was used (so `last_used_at` is as precise as the cache's lifetime).
    public func resolve(_ secret: APIKeySecret) async throws -> (key: APIKeyRecord, owner: UserRecord)? {
        try await resolve(hash: secret.hash)
    }

    /// The hash of the key with this id, active or not: what a signed request's secret is derived from.
    /// Whether the key is still active is for ``resolve(hash:)`` to say.
    func hash(ofKey id: Int64) async throws -> String? {
        if let known = cache.hash(ofKey: id) { return known }
        let hash = try await database.withConnection { connection in
            try await connection.raw("SELECT key_hash FROM api_keys WHERE id = \(bind: id)").first()
                .map { try $0.decode(column: "key_hash", as: String.self) }
        }
        if let hash { cache.remember(hash: hash, ofKey: id) }
        return hash
    }

    /// The active key with this hash and its owner, as ``resolve(_:)``.
    func resolve(hash: String) async throws -> (key: APIKeyRecord, owner: UserRecord)? {
        if let known = cache.key(hashed: hash) { return known }
        let found = try await database.withConnection { connection -> (key: APIKeyRecord, owner: UserRecord)? in
            guard
                let row = try await connection.raw(
                    """
                    SELECT k.id, k.user_id, k.prefix, k.name, k.scope, k.created_at, k.last_used_at, k.revoked_at,
                           u.id AS owner_id, u.username, u.password_hash, u.role, u.created_at AS owner_created_at,
                           u.suspended, u.password_suits_privileged
                    FROM api_keys k JOIN users u ON u.id = k.user_id
                    WHERE k.key_hash = \(bind: hash) AND k.revoked_at IS NULL
                    """
                ).first()
            else { return nil }
            let key = try Self.record(from: row)
            let owner = try UserStore.record(from: row, idColumn: "owner_id", createdAtColumn: "owner_created_at")
            let now = WallClock().now()
            if (key.lastUsedAt?.millisecondsSinceEpoch ?? 0) + Self.lastUsedResolutionMilliseconds
                <= now.millisecondsSinceEpoch
            {
                try await connection.raw(
                    """
                    UPDATE api_keys SET last_used_at = \(bind: now.millisecondsSinceEpoch) WHERE id = \(bind: key.id)
                    """
                ).run()
            }
            return (key, owner)
        }
        if let found { cache.remember(key: found.key, owner: found.owner, hashed: hash) }
        return found
    }

    static let columns = SQLQueryString("id, user_id, prefix, name, scope, created_at, last_used_at, revoked_at")

    static func record(from row: any SQLRow) throws -> APIKeyRecord {
        APIKeyRecord(
            id: try row.decode(column: "id", as: Int64.self),
            userID: UserID(try row.decode(column: "user_id", as: Int64.self)),
            name: try row.decode(column: "name", as: String.self),
            scope: APIKeyScope(rawValue: try row.decode(column: "scope", as: String.self)) ?? .read,
            prefix: try row.decode(column: "prefix", as: String.self),
            createdAt: Timestamp(millisecondsSinceEpoch: try row.decode(column: "created_at", as: Int64.self)),
            lastUsedAt: try row.decode(column: "last_used_at", as: Int64?.self).map(
                Timestamp.init(millisecondsSinceEpoch:)),
            revokedAt: try row.decode(column: "revoked_at", as: Int64?.self).map(
                Timestamp.init(millisecondsSinceEpoch:))
        )
    }
}
