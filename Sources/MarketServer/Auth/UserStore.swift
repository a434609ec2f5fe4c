import MarketCore
import SQLKit

/// Reads and writes the `users` table.
public struct UserStore: Sendable {
    public let database: Database
    private let cache: CredentialCache

    public init(database: Database, cache: CredentialCache = CredentialCache()) {
        self.database = database
        self.cache = cache
    }

    /// Inserts a user; throws ``RegistrationError/usernameTaken`` when the name exists (also when another
    /// request inserts it concurrently and the unique index rejects this one).
    public func create(
        username: String, passwordHash: String, role: UserRole, suitsPrivilegedRole: Bool = false
    ) async throws -> UserRecord {
        let user = UserRecord(
            id: UserID(RowID.random()), username: username, passwordHash: passwordHash, role: role,
            createdAt: WallClock().now(), suspended: false, passwordSuitsPrivilegedRole: suitsPrivilegedRole)
        do {
            try await database.transaction { connection in
                guard try await Self.find(username: username, on: connection) == nil else {
                    throw RegistrationError.usernameTaken
                }
                try await connection.raw(
                    """
                    INSERT INTO users (id, username, username_folded, password_hash, role, created_at, suspended,
                                       password_suits_privileged)
                    VALUES (\(bind: user.id.rawValue), \(bind: user.username), \(bind: username.lowercased()),
                            \(bind: user.passwordHash), \(bind: user.role.rawValue),
                            \(bind: user.createdAt.millisecondsSinceEpoch), \(bind: false),
                            \(bind: suitsPrivilegedRole))
                    """
                ).run()
            }
        } catch let error as RegistrationError {
            throw error
        } catch {
            if try await find(username: username) != nil { throw RegistrationError.usernameTaken }
            throw error
        }
        return user
    }

    public func find(username: String) async throws -> UserRecord? {
        try await database.withConnection { try await Self.find(username: username, on: $0) }
    }

    /// The user an administrator names in a path or body: by id when `reference` is a number that is one,
    /// else by username (whatever its case).
    public func find(reference: String) async throws -> UserRecord? {
        if let id = UserID(reference), let user = try await find(id: id) { return user }
        return try await find(username: reference)
    }

    /// The user with this id: from the cache when it was read recently (every bearer-token request asks).
    public func find(id: UserID) async throws -> UserRecord? {
        if let known = cache.user(id) { return known }
        let found = try await database.withConnection { connection in
            try await connection.raw("SELECT \(Self.columns) FROM users WHERE id = \(bind: id.rawValue)")
                .first().map { try Self.record(from: $0) }
        }
        if let found { cache.remember(user: found) }
        return found
    }

    public func setSuspended(_ suspended: Bool, id: UserID) async throws {
        try await database.withConnection { connection in
            try await connection.raw("UPDATE users SET suspended = \(bind: suspended) WHERE id = \(bind: id.rawValue)")
                .run()
        }
        cache.forget(user: id)
    }

    /// Replaces the user's password hash, noting whether the password suits an administrator or host.
    public func setPassword(hash: String, suitsPrivilegedRole: Bool, id: UserID) async throws {
        try await database.withConnection { connection in
            try await connection.raw(
                """
                UPDATE users SET password_hash = \(bind: hash), password_suits_privileged = \(bind: suitsPrivilegedRole)
                WHERE id = \(bind: id.rawValue)
                """
            ).run()
        }
        cache.forget(user: id)
    }

    static let columns = SQLQueryString(
        "id, username, password_hash, role, created_at, suspended, password_suits_privileged")

    /// The user of this name, whatever its case; an exact match first, for names that a database written
    /// before the case rule holds in more than one case.
    static func find(username: String, on connection: any SQLDatabase) async throws -> UserRecord? {
        try await connection.raw(
            """
            SELECT \(columns) FROM users
            WHERE username = \(bind: username) OR username_folded = \(bind: username.lowercased())
            ORDER BY CASE WHEN username = \(bind: username) THEN 0 ELSE 1 END LIMIT 1
            """
        ).first().map { try record(from: $0) }
    }

    static func record(from row: any SQLRow, idColumn: String = "id", createdAtColumn: String = "created_at") throws
        -> UserRecord
    {
        let roleText = try row.decode(column: "role", as: String.self)
        guard let role = UserRole(rawValue: roleText) else { throw DatabaseError.missingRow("role \(roleText)") }
        return UserRecord(
            id: UserID(try row.decode(column: idColumn, as: Int64.self)),
            username: try row.decode(column: "username", as: String.self),
            passwordHash: try row.decode(column: "password_hash", as: String.self),
            role: role,
            createdAt: Timestamp(millisecondsSinceEpoch: try row.decode(column: createdAtColumn, as: Int64.self)),
            suspended: try row.decode(column: "suspended", as: Bool.self),
            passwordSuitsPrivilegedRole: try row.decode(column: "password_suits_privileged", as: Bool.self)
        )
    }
}
